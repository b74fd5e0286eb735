/** parse-har fuzzed with fast-check (over 10,000 inputs): a well-formed request or one ERR_DEBUG_INPUT line, never another exception; valid generated input round-trips. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineHeaderLines } from '../../../../src-main/signing/debug/combine-header-lines';
import { parseHar } from '../../../../src-main/signing/debug/parse-har';
import { mutate, mutation, notPunycode, parsesOrRefuses } from './parsed-request-checks';

const token = fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/);
const value = fc.string({ unit: 'binary', maxLength: 20 }).map((v) => v.replace(/[\r\n\0]/g, '').replace(/^[ \t]+|[ \t]+$/g, '')).filter((v) => !/\p{Cs}/u.test(v));
const generatedEntry = fc.record({
  method: token,
  url: fc.tuple(fc.constantFrom('https', 'http'), fc.stringMatching(/^[a-z][a-z0-9-]{0,10}\.[a-z]{2,4}$/).filter(notPunycode), fc.stringMatching(/^(\/[A-Za-z0-9._~%-]{0,8}){0,3}(\?[A-Za-z0-9=&%]{0,12})?$/)).map(([s, h, p]) => `${s}://${h}${p}`),
  headers: fc.array(fc.record({ name: token, value }), { maxLength: 6 }),
  pseudo: fc.subarray([':authority', ':method', ':path', ':scheme']),
  body: fc.option(fc.string({ unit: 'binary', maxLength: 40 }).filter((b) => !/\p{Cs}/u.test(b)), { nil: null }),
  status: fc.option(fc.integer({ min: 100, max: 599 }), { nil: null }),
  answer: fc.string({ maxLength: 30 }),
});
type GeneratedEntry = typeof generatedEntry extends fc.Arbitrary<infer T> ? T : never;
const harOf = (es: readonly GeneratedEntry[]) =>
  JSON.stringify({
    log: {
      version: '1.2',
      entries: es.map((e) => ({
        request: { method: e.method, url: e.url, headers: [...e.pseudo.map((p) => ({ name: p, value: 'x' })), ...e.headers], ...(e.body === null ? {} : { postData: { mimeType: 'text/plain', text: e.body } }) },
        ...(e.status === null ? {} : { response: { status: e.status, content: { text: e.answer } } }),
      })),
    },
  });

describe('parseHar: fuzzed (fast-check)', () => {
  it('returns a well-formed request or refuses with ERR_DEBUG_INPUT on arbitrary text and JSON (4,000 inputs)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.json({ maxDepth: 4 }), fc.json().map((j) => `{"log":{"entries":[${j}]}}`)), fc.option(fc.integer({ min: -2, max: 4 }), { nil: undefined }), (text, entry) => {
        parsesOrRefuses(() => parseHar(text, entry));
      }),
      { numRuns: 4000 },
    );
  });

  it('round-trips generated entries: method, URL, headers, body and answer as generated (3,000 inputs)', () => {
    fc.assert(
      fc.property(fc.array(generatedEntry, { minLength: 1, maxLength: 4 }), fc.nat(), (es, pick) => {
        const index = pick % es.length;
        const e = es[index]!;
        const r = parsesOrRefuses(() => parseHar(harOf(es), index));
        expect(r).not.toBeNull();
        expect(r!.request).toEqual({ method: e.method, url: e.url, headers: combineHeaderLines(e.headers.map((h) => [h.name, h.value])), body: e.body === '' ? null : e.body });
        expect(r!.response).toEqual(e.status === null ? null : { status: e.status, body: e.answer });
      }),
      { numRuns: 3000 },
    );
  });

  it('returns a well-formed request or refuses with ERR_DEBUG_INPUT on mutated valid files (4,000 inputs)', () => {
    fc.assert(
      fc.property(fc.array(generatedEntry, { minLength: 1, maxLength: 3 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (es, edits) => {
        parsesOrRefuses(() => parseHar(mutate(harOf(es), edits)));
      }),
      { numRuns: 4000 },
    );
  });
});
