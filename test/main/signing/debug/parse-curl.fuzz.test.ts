/** parse-curl fuzzed with fast-check (over 10,000 inputs): a well-formed request or one ERR_DEBUG_INPUT line, never another exception; valid generated input round-trips. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineHeaderLines, type HeaderLine } from '../../../../src-main/signing/debug/combine-header-lines';
import { parseCurl } from '../../../../src-main/signing/debug/parse-curl';
import { mutate, mutation, notPunycode, parsesOrRefuses } from './parsed-request-checks';

// The Binance Spot API docs' HMAC examples (rest-api.md, "SIGNED endpoint examples for POST /api/v3/order"), as printed.
const quotings: readonly ((w: string) => string)[] = [
  (w) => `'${w.replace(/'/g, `'\\''`)}'`,
  (w) => `"${w.replace(/[\\$`"]/g, '\\$&')}"`,
  (w) =>
    `$'${[...w]
      .map((c) => {
        const cp = c.codePointAt(0)!;
        if (c === '\\' || c === "'") return `\\${c}`;
        if (c === '\n') return '\\n';
        if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, '0')}`;
        if (cp > 0xffff) return `\\U${cp.toString(16).padStart(8, '0')}`;
        if (cp > 0x7e && cp % 2 === 0) return `\\u${cp.toString(16).padStart(4, '0')}`;
        return c;
      })
      .join('')}'`,
  (w) => (w === '' || w.includes('\n') ? `'${w.replace(/'/g, `'\\''`)}'` : [...w].map((c) => (/[A-Za-z0-9_./:=@%+-]/.test(c) ? c : `\\${c}`)).join('')),
];

const text = (max: number) => fc.string({ unit: 'binary', maxLength: max }).map((s) => s.replace(/\0/g, '')).filter((s) => !/\p{Cs}/u.test(s));
const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/);
const OWN = ['content-type', 'accept', 'user-agent', 'cookie', 'authorization', 'referer'];
const generated = fc.record({
  method: fc.option(token, { nil: null }),
  url: fc.tuple(fc.constantFrom('https', 'http'), fc.stringMatching(/^[a-z][a-z0-9-]{0,10}(\.[a-z]{2,5})?$/).filter(notPunycode), fc.stringMatching(/^(\/[A-Za-z0-9._~%!$'()*+,;=:@-]{0,8}){0,3}$/), fc.option(fc.stringMatching(/^[A-Za-z0-9=&%._~-]{0,20}$/), { nil: null })).map(([s, h, p, q]) => `${s}://${h}${p || '/'}${q === null ? '' : `?${q}`}`),
  headers: fc.array(fc.tuple(token.filter((n) => !OWN.includes(n.toLowerCase())), text(20).map((v) => v.replace(/[\r\n]/g, '').replace(/^[ \t]+|[ \t]+$/g, '')).filter((v) => v !== '')), { maxLength: 6 }),
  data: fc.array(fc.tuple(fc.constantFrom('-d', '--data', '--data-raw', '--data-binary', '--data-ascii'), text(30)), { maxLength: 3 }).map((ds) => ds.map(([f, v]) => [f, f !== '--data-raw' && v.startsWith('@') ? `x${v}` : v] as const)),
  get: fc.boolean(),
  noise: fc.subarray(['-s', '-S', '-k', '-L', '--compressed', '-v', '-i', '--location', '--insecure', '--silent', '-o /dev/null', '--max-time 10']),
  quoting: fc.array(fc.nat(quotings.length - 1), { minLength: 40, maxLength: 40 }),
  separator: fc.constantFrom(' ', ' \\\n  ', '  \t'),
  prompt: fc.constantFrom('', '$ ', 'A=1 '),
});
type Generated = typeof generated extends fc.Arbitrary<infer T> ? T : never;
/** With -G the data goes into the URL, which takes printable ASCII only (and a # would start a fragment). */
const urlSafe = (g: Generated): Generated => (g.get ? { ...g, data: g.data.map(([f, v]) => [f, v.replace(/[^\x21-\x7e]|#/g, '')] as const) } : g);

function render(g: Generated): string {
  let q = 0;
  const quote = (w: string): string => quotings[g.quoting[q++ % g.quoting.length]!]!(w);
  const words = [`${g.prompt}curl`, ...g.noise];
  if (g.method !== null) words.push('-X', quote(g.method));
  words.push(quote(g.url));
  for (const [k, v] of g.headers) words.push('-H', quote(`${k}: ${v}`));
  for (const [f, v] of g.data) words.push(f, quote(v));
  if (g.get) words.push('-G');
  return words.join(g.separator);
}

function expected(g: Generated) {
  const joined = g.data.map(([, v]) => v).join('&');
  const hasData = g.data.length > 0;
  const url = hasData && g.get ? `${g.url}${g.url.includes('?') ? '&' : '?'}${joined}` : g.url;
  const lines: HeaderLine[] = [...(hasData && !g.get ? [['Content-Type', 'application/x-www-form-urlencoded'] as const] : []), ...g.headers];
  return { method: g.method ?? (hasData && !g.get ? 'POST' : 'GET'), url, headers: combineHeaderLines(lines), body: hasData && !g.get && joined !== '' ? joined : null, lines };
}

describe('parseCurl: fuzzed (fast-check)', () => {
  it('returns a well-formed request or refuses with ERR_DEBUG_INPUT on arbitrary text (4,000 inputs)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }).map((s) => `curl ${s}`)), (cmd) => {
        parsesOrRefuses(() => parseCurl(cmd));
      }),
      { numRuns: 4000 },
    );
  });

  it('round-trips generated commands in every bash quoting: method, URL, headers and body as generated (3,000 inputs)', () => {
    fc.assert(
      fc.property(generated.map(urlSafe), (g) => {
        const r = parsesOrRefuses(() => parseCurl(render(g)));
        expect(r, render(g)).not.toBeNull();
        const want = expected(g);
        expect(r!.request).toEqual({ method: want.method, url: want.url, headers: want.headers, body: want.body });
        expect(r!.headerLines).toEqual(want.lines);
      }),
      { numRuns: 3000 },
    );
  });

  it('returns a well-formed request or refuses with ERR_DEBUG_INPUT on mutated valid commands (4,000 inputs)', () => {
    fc.assert(
      fc.property(generated, fc.array(mutation, { minLength: 1, maxLength: 4 }), (g, edits) => {
        parsesOrRefuses(() => parseCurl(mutate(render(g), edits)));
      }),
      { numRuns: 4000 },
    );
  });
});
