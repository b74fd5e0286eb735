/** bash-words fuzzed with fast-check (10,000 inputs): every input is split into words or refused with one ERR_DEBUG_INPUT line, never another exception. */
import fc from 'fast-check';
// parse.js alone: shell-quote's index.d.ts also augments Array#join globally, which this repo does not want.

import { describe, expect, it } from 'vitest';
import { bashWords } from '../../../../src-main/signing/debug/bash-words';
import { parsesOrRefuses } from './parsed-request-checks';

describe('bashWords: fuzzed', () => {
  it('returns tokens or refuses with ERR_DEBUG_INPUT on arbitrary text (10,000 inputs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (text) => {
        let tokens: ReturnType<typeof bashWords> | null = null;
        parsesOrRefuses(() => {
          tokens = bashWords(text);
          return { request: { method: 'GET', url: 'https://h/', headers: {}, body: null }, headerLines: [], notes: [] };
        });
        if (tokens) for (const t of tokens as ReturnType<typeof bashWords>) expect(t.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 10_000 },
    );
  });
});
