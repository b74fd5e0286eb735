/** parse-http fuzzed with fast-check (over 10,000 inputs): a well-formed request or one ERR_DEBUG_INPUT line, never another exception; valid generated input round-trips. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineHeaderLines, type HeaderLine } from '../../../../src-main/signing/debug/combine-header-lines';
import { parseHttp } from '../../../../src-main/signing/debug/parse-http';
import { mutation, mutate, notPunycode, parsesOrRefuses } from './parsed-request-checks';

const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/);
const headerName = token.filter((n) => !['host', 'content-length', 'transfer-encoding'].includes(n.toLowerCase()));
/** A header value as a parser gives it back: no surrounding whitespace, no CR/LF/NUL. */
const headerValue = fc.string({ unit: 'binary', maxLength: 20 }).map((v) => v.replace(/[\r\n\0]/g, '').replace(/^[ \t]+|[ \t]+$/g, '')).filter((v) => !/\p{Cs}/u.test(v));
const pathChar = fc.constantFrom(...'abcXYZ019-._~!$&\'()*+,;=:@/%'.split(''), 'é', '€');
const path = fc.array(pathChar, { maxLength: 20 }).map((cs) => `/${cs.join('')}`);
const query = fc.option(fc.array(fc.constantFrom(...'ab=&%20XY?/'.split('')), { maxLength: 12 }).map((cs) => `?${cs.join('')}`), { nil: '' });
const host = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/).filter(notPunycode), fc.constantFrom('.com', '.example', '.amazonaws.com', ''), fc.constantFrom('', ':8443')).map(([a, b, c]) => `${a}${b}${c}`);
const body = fc.string({ unit: 'binary', maxLength: 60 }).filter((b) => !/\p{Cs}/u.test(b));

const generated = fc.record({
  method: token,
  host,
  target: fc.tuple(path, query).map(([p, q]) => p + q),
  headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 }),
  repeat: fc.boolean(),
  body,
  eol: fc.constantFrom('\r\n', '\n'),
  version: fc.constantFrom(' HTTP/1.1', ' HTTP/1.0', ''),
  contentLength: fc.boolean(),
  editorNewline: fc.boolean(),
});
type Generated = typeof generated extends fc.Arbitrary<infer T> ? T : never;

function render(g: Generated): { text: string; lines: HeaderLine[]; body: string | null } {
  const lines: HeaderLine[] = [['Host', g.host], ...g.headers];
  if (g.repeat && g.headers.length) lines.push(g.headers[0]!);
  if (g.contentLength) lines.push(['Content-Length', String(Buffer.byteLength(g.body))]);
  const head = [`${g.method} ${g.target}${g.version}`, ...lines.map(([k, v]) => `${k}: ${v}`)].join(g.eol);
  // Without Content-Length an appended newline is part of the body; with it, the parser drops it.
  const tail = g.contentLength && g.editorNewline ? g.eol : '';
  return { text: `${head}${g.eol}${g.eol}${g.body}${tail}`, lines, body: g.body === '' ? null : g.body };
}

describe('parseHttp: fuzzed (fast-check)', () => {
  it('returns a well-formed request or refuses with ERR_DEBUG_INPUT on arbitrary text (4,000 inputs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        parsesOrRefuses(() => parseHttp(text));
      }),
      { numRuns: 4000 },
    );
  });

  it('round-trips generated requests: method, URL, headers and body as generated (3,000 inputs)', () => {
    fc.assert(
      fc.property(generated, (g) => {
        const { text, lines, body: expected } = render(g);
        const r = parsesOrRefuses(() => parseHttp(text));
        expect(r).not.toBeNull();
        expect(r!.request).toEqual({ method: g.method, url: `https://${g.host}${g.target}`, headers: combineHeaderLines(lines), body: expected });
        expect(r!.headerLines).toEqual(lines);
      }),
      { numRuns: 3000 },
    );
  });

  it('returns a well-formed request or refuses with ERR_DEBUG_INPUT on mutated valid requests (4,000 inputs)', () => {
    fc.assert(
      fc.property(generated, fc.array(mutation, { minLength: 1, maxLength: 4 }), (g, edits) => {
        parsesOrRefuses(() => parseHttp(mutate(render(g).text, edits)));
      }),
      { numRuns: 4000 },
    );
  });
});
