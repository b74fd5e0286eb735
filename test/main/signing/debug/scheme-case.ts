/**
 * The property harness of diagnose.test.ts, shared by the per-model test files: for one scheme and every mistake that
 * applies to it, many mis-signed requests (fast-check), each diagnosed with the right cause first and the engine's fix
 * verifying with the scheme's own verify; a correctly signed request diagnosed as valid; and the engine's resign
 * (the model's `unsigned` signed again) giving back the very request that was signed.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Cause } from '../../../../src-main/contract/debug';
import { applyFix, diagnose } from '../../../../src-main/signing/debug/diagnose';
import { debugModel } from '../../../../src-main/signing/debug/models';
import { getScheme } from '../../../../src-main/signing/registry';
import type { SchemeCredentials, SignableRequest, SignResult } from '../../../../src-main/signing/types';
import { makeMistake, type Mistake, type MistakeInput, type SchemeMac } from './mistakes';

export const T0 = 1_764_300_000_000;
export const word = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,7}$/);
export const value = fc.stringMatching(/^[A-Za-z0-9]{1,10}$/);
export const alnumSecret = fc.stringMatching(/^[A-Za-z0-9]{64}$/);
export const nonce = fc.stringMatching(/^[a-f0-9]{16}$/);

/** Distinct parameter names, in an order that is not sorted (so "signed sorted" differs from "sent"). */
export const params = fc.uniqueArray(fc.tuple(word, value), { minLength: 2, maxLength: 5, selector: ([k]) => k }).map((pairs) => {
  const sorted = [...pairs].sort(([a], [b]) => (a < b ? -1 : 1));
  return sorted.reverse().map(([k, v]) => `${k}=${v}`);
});
export const jsonBody = fc.dictionary(word, fc.oneof(value, fc.integer({ min: 0, max: 10_000 })), { minKeys: 1, maxKeys: 4 }).map((o) => JSON.stringify(o));

export type MistakeMaker = (input: MistakeInput) => Promise<Mistake | null>;

export interface SchemeCase {
  readonly schemeId: string;
  readonly request: fc.Arbitrary<SignableRequest>;
  /** Requests for a cause that needs a kind the mixed generator makes only sometimes (a POST for a body mistake). */
  readonly requestFor?: Partial<Record<Cause, fc.Arbitrary<SignableRequest>>>;
  readonly credentials: fc.Arbitrary<SchemeCredentials>;
  readonly mac: SchemeMac | null;
  readonly causes: readonly Cause[];
  /** The signed request with one required part taken out. */
  readonly withoutPart?: (request: SignableRequest) => SignableRequest;
  /** Makers for the mistakes this scheme makes its own way (before withoutPart and the generic makers). */
  readonly mistakes?: Partial<Record<Cause, MistakeMaker>>;
}

export const withoutHeader = (name: string) => (r: SignableRequest) => ({ ...r, headers: Object.fromEntries(Object.entries(r.headers).filter(([k]) => k.toLowerCase() !== name.toLowerCase())) });
export const withHeader = (r: SignableRequest, name: string, v: string): SignableRequest => ({ ...withoutHeader(name)(r), headers: { ...withoutHeader(name)(r).headers, [name]: v } });

/** The MAC `mac` describes over `canonical`, keyed with `key`. */
export function macText(mac: SchemeMac, canonical: string, key: Buffer, hash = mac.hash): string {
  const bytes = createHmac(hash, key).update(canonical, 'utf8').digest();
  return mac.output === 'hex' ? bytes.toString('hex') : bytes.toString('base64');
}

/**
 * `request` (default: the input's) signed right, then sent with the MAC over another string to sign instead, and
 * optionally another edit to what is sent (a timestamp header in other units).
 */
export async function signedInstead(
  input: MistakeInput,
  mac: SchemeMac,
  canonical: (right: SignResult) => string | null,
  options: { request?: SignableRequest; key?: Buffer; sent?: (request: SignableRequest) => SignableRequest } = {},
): Promise<Mistake | null> {
  const right = await getScheme(input.schemeId).sign(options.request ?? input.unsigned, input.credentials, input.ctx);
  const text = canonical(right);
  if (text === null) return null;
  const signature = macText(mac, text, options.key ?? mac.key(input.credentials.secret ?? ''));
  if (signature === right.signature && !options.sent) return null;
  const sent = debugModel(input.schemeId).withSignature(right.request, signature);
  return { request: options.sent ? options.sent(sent) : sent };
}

/** A deterministic coin per generated input, to spread one cause over its variants. */
export const pick = (input: MistakeInput, n: number): number => parseInt(input.ctx.nonce.slice(0, 4), 16) % n;

/** The tests for one scheme; call inside its describe. */
export function schemeCaseTests(c: SchemeCase): void {
  it.each([...c.causes])('puts %s first for requests signed with that mistake, and its fix verifies', async (cause) => {
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(c.requestFor?.[cause] ?? c.request, c.credentials, nonce, async (unsigned, credentials, n) => {
        const ctx = { timestamp: T0, nonce: n };
        const input = { schemeId: c.schemeId, unsigned, credentials, ctx };
        const own = c.mistakes?.[cause];
        const mistake = own
          ? await own(input)
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
        });
        expect(report.valid).toBe(false);
        expect(report.diagnosis[0]?.cause, JSON.stringify(report.diagnosis.map((d) => [d.cause, d.explanation]))).toBe(cause);
        expect(report.fixed).not.toBeNull();
        const check = await getScheme(c.schemeId).verify(report.fixed!, credentials, { now, windowMs: 30_000 });
        expect(check.reason).toBeNull();
      }),
      { numRuns: 60 },
    );
    expect(applied).toBeGreaterThan(20);
  });

  it('says a correctly signed, fresh request is valid, with nothing to fix', async () => {
    await fc.assert(
      fc.asyncProperty(c.request, c.credentials, nonce, async (unsigned, credentials, n) => {
        const signed = await getScheme(c.schemeId).sign(unsigned, credentials, { timestamp: T0, nonce: n });
        const report = await diagnose({ schemeId: c.schemeId, request: signed.request, credentials, now: T0 + 1000, freshNonce: 'f'.repeat(16), window: { windowMs: 30_000, source: 'test' } });
        expect(report.diagnosis).toEqual([]);
        expect(report.valid).toBe(true);
        expect(report.fixed).toBeNull();
        expect(report.expected.signature.toLowerCase()).toBe(signed.signature.toLowerCase());
        expect(report.diff.every((d) => d.op === 'equal')).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('signs the very same request again from what the model leaves unsigned', async () => {
    await fc.assert(
      fc.asyncProperty(c.request, c.credentials, nonce, fc.integer({ min: 0, max: 10_000_000 }), async (unsigned, credentials, n, dt) => {
        const signed = await getScheme(c.schemeId).sign(unsigned, credentials, { timestamp: T0 + dt, nonce: n });
        const input = { schemeId: c.schemeId, request: signed.request, credentials, now: T0 + 99_999_999, freshNonce: 'f'.repeat(16) };
        const again = await applyFix({ action: 'resign', timestamp: 'keep', nonce: 'keep' }, input, debugModel(c.schemeId), signed.signature);
        expect(again && 'canonical' in again ? again.request : again).toEqual(signed.request);
      }),
      { numRuns: 30 },
    );
  });
}
