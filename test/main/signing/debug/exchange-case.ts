/**
 * The per-scheme property harness (as in diagnose.test.ts), for schemes whose mistakes need more than the generic
 * makers: a case may bring its own makers per cause (a JWT with the query in its uri, an AWS scope for another
 * region), scheme options (recipe), and says how two signings of one request compare (ES256 is randomized).
 * For every cause listed: many mis-signed requests, each diagnosed with that cause first, and the fix verifying;
 * a replay's fix carries another nonce. Besides: a correct request is valid, and unsigned() signs back to the very
 * request it came from.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cause } from '../../../../src-main/contract/debug';
import { diagnose } from '../../../../src-main/signing/debug/diagnose';
import { debugModel } from '../../../../src-main/signing/debug/models';
import { getScheme } from '../../../../src-main/signing/registry';
import type { SchemeCredentials, SignableRequest } from '../../../../src-main/signing/types';
import { makeMistake, type Mistake, type MistakeInput, type SchemeMac } from './mistakes';

export const T0 = 1_764_300_000_000;
export const nonceArb = fc.stringMatching(/^[a-f0-9]{16}$/);

export type Maker = (input: MistakeInput) => Promise<Mistake | null>;

export interface SchemeCase {
  /** Shown in the test names (the scheme id, with a variant when a scheme has several cases). */
  readonly label: string;
  readonly schemeId: string;
  readonly request: fc.Arbitrary<SignableRequest>;
  readonly credentials: fc.Arbitrary<SchemeCredentials>;
  readonly mac: SchemeMac | null;
  readonly causes: readonly Cause[];
  /** Makers for causes the generic ones (mistakes.ts) do not make for this scheme. */
  readonly makers?: Partial<Record<Cause, Maker>>;
  readonly options?: Readonly<Record<string, string>>;
  /** The signed request with one required part taken out. */
  readonly withoutPart?: (request: SignableRequest) => SignableRequest;
  /** Two signings of one request are the same request (default: equal). */
  readonly same?: (a: SignableRequest, b: SignableRequest) => void;
  readonly runs?: number;
}

export const withoutHeader = (name: string) => (r: SignableRequest) => ({ ...r, headers: Object.fromEntries(Object.entries(r.headers).filter(([k]) => k.toLowerCase() !== name.toLowerCase())) });

export function describeSchemeCases(cases: readonly SchemeCase[]): void {
  describe.each(cases)('$label', (c) => {
    const runs = c.runs ?? 60;
    const ctxOf = (n: string) => ({ timestamp: T0, nonce: n, ...(c.options && { options: c.options }) });

    it.each([...c.causes])('puts %s first for requests signed with that mistake, and its fix verifies', async (cause) => {
      let applied = 0;
      await fc.assert(
        fc.asyncProperty(c.request, c.credentials, nonceArb, async (unsigned, credentials, n) => {
          const ctx = ctxOf(n);
          const input = { schemeId: c.schemeId, unsigned, credentials, ctx };
          const maker = c.makers?.[cause];
          const mistake = maker
            ? await maker(input)
            : cause === 'missing-component' && c.withoutPart
              ? { request: c.withoutPart((await getScheme(c.schemeId).sign(unsigned, credentials, ctx)).request) }
              : await makeMistake(cause, input, c.mac);
          if (mistake === null) return;
          applied++;
          const now = mistake.now ?? T0 + 1000;
          const report = await diagnose({
            schemeId: c.schemeId,
            request: mistake.request,
            credentials,
            now,
            freshNonce: 'f'.repeat(16),
            nonceSeenBefore: mistake.nonceSeenBefore ?? 0,
            window: mistake.window ?? { windowMs: 30_000, source: 'test window' },
            ...(c.options && { options: c.options }),
          });
          expect(report.valid).toBe(false);
          expect(report.diagnosis[0]?.cause, JSON.stringify(report.diagnosis.map((d) => [d.cause, d.explanation]))).toBe(cause);
          expect(report.fixed).not.toBeNull();
          const check = await getScheme(c.schemeId).verify(report.fixed!, credentials, { now, windowMs: 30_000, ...(c.options && { options: c.options }) });
          expect(check.reason).toBeNull();
          if (cause === 'replayed-nonce') {
            const model = debugModel(c.schemeId).forOptions?.(c.options) ?? debugModel(c.schemeId);
            const before = model.read(mistake.request, credentials).nonce;
            expect(before).not.toBeNull();
            expect(model.read(report.fixed!, credentials).nonce).not.toBe(before);
          }
        }),
        { numRuns: runs },
      );
      expect(applied).toBeGreaterThan(runs / 3);
    });

    it('says a correctly signed, fresh request is valid, with nothing to fix', async () => {
      await fc.assert(
        fc.asyncProperty(c.request, c.credentials, nonceArb, async (unsigned, credentials, n) => {
          const signed = await getScheme(c.schemeId).sign(unsigned, credentials, ctxOf(n));
          const report = await diagnose({ schemeId: c.schemeId, request: signed.request, credentials, now: T0 + 1000, freshNonce: 'f'.repeat(16), window: { windowMs: 30_000, source: 'test' }, ...(c.options && { options: c.options }) });
          expect(report.diagnosis).toEqual([]);
          expect(report.valid).toBe(true);
          expect(report.diff.every((d) => d.op === 'equal')).toBe(true);
        }),
        { numRuns: 30 },
      );
    });

    it('signs the unsigned request back to the very request it came from (its timestamp and nonce kept)', async () => {
      const model = debugModel(c.schemeId).forOptions?.(c.options) ?? debugModel(c.schemeId);
      await fc.assert(
        fc.asyncProperty(c.request, c.credentials, nonceArb, async (unsigned, credentials, n) => {
          const signed = await getScheme(c.schemeId).sign(unsigned, credentials, ctxOf(n));
          const u = model.unsigned(signed.request);
          const options = u.options ?? c.options;
          // Another clock and nonce than the first signing: only what unsigned() kept can make the same request.
          const again = await getScheme(c.schemeId).sign(u.request, credentials, { timestamp: u.timestamp ?? T0 + 99_000, nonce: u.nonce ?? 'e'.repeat(16), ...(options && { options }) });
          if (c.same) c.same(again.request, signed.request);
          else expect(again.request).toEqual(signed.request);
        }),
        { numRuns: 30 },
      );
    });
  });
}
