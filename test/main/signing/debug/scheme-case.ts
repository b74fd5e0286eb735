/**
 * The debugger's property harness, shared by every scheme's tests: for one scheme and every mistake that applies to
 * it, many mis-signed requests (fast-check), each diagnosed with the right cause first and the engine's fix verifying
 * with the scheme's own verify (a replay's fix carries another nonce); a correctly signed request diagnosed as valid;
 * and the engine's resign (the model's `unsigned` signed again) giving back the very request that was signed. A case
 * may bring its own makers per cause, scheme options (recipe), and how two signings of one request compare (ES256 is
 * randomized).
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
  /** Shown in the test names when a scheme has several cases (default: the scheme id). */
  readonly label?: string;
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
  readonly options?: Readonly<Record<string, string>>;
  /** Two signings of one request are the same request (default: equal, and the same signature). */
  readonly same?: (a: SignableRequest, b: SignableRequest) => void;
  readonly runs?: number;
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
  const runs = c.runs ?? 60;
  const ctxOf = (n: string) => ({ timestamp: T0, nonce: n, ...(c.options && { options: c.options }) });
  const withOptions = c.options ? { options: c.options } : {};
  const model = () => debugModel(c.schemeId).forOptions?.(c.options) ?? debugModel(c.schemeId);

  it.each([...c.causes])('puts %s first for requests signed with that mistake, and its fix verifies', async (cause) => {
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(c.requestFor?.[cause] ?? c.request, c.credentials, nonce, async (unsigned, credentials, n) => {
        const ctx = ctxOf(n);
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
          ...withOptions,
        });
        expect(report.valid).toBe(false);
        expect(report.diagnosis[0]?.cause, JSON.stringify(report.diagnosis.map((d) => [d.cause, d.explanation]))).toBe(cause);
        expect(report.fixed).not.toBeNull();
        const check = await getScheme(c.schemeId).verify(report.fixed!, credentials, { now, windowMs: 30_000, ...withOptions });
        expect(check.reason).toBeNull();
        if (cause === 'replayed-nonce') {
          expect(JSON.stringify(report.fixed)).not.toContain(n);
          const before = model().read(mistake.request, credentials).nonce;
          expect(before).not.toBeNull();
          expect(model().read(report.fixed!, credentials).nonce).not.toBe(before);
        }
      }),
      { numRuns: runs },
    );
    expect(applied).toBeGreaterThan(runs / 3);
  });

  it('says a correctly signed, fresh request is valid, with nothing to fix', async () => {
    await fc.assert(
      fc.asyncProperty(c.request, c.credentials, nonce, async (unsigned, credentials, n) => {
        const signed = await getScheme(c.schemeId).sign(unsigned, credentials, ctxOf(n));
        const report = await diagnose({ schemeId: c.schemeId, request: signed.request, credentials, now: T0 + 1000, freshNonce: 'f'.repeat(16), window: { windowMs: 30_000, source: 'test' }, ...withOptions });
        expect(report.diagnosis).toEqual([]);
        expect(report.valid).toBe(true);
        expect(report.fixed).toBeNull();
        // A randomized signature (ES256) is never expected twice alike.
        if (!c.same) expect(report.expected.signature.toLowerCase()).toBe(signed.signature.toLowerCase());
        expect(report.diff.every((d) => d.op === 'equal')).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('signs the very same request again from what the model leaves unsigned (its timestamp and nonce kept)', async () => {
    await fc.assert(
      fc.asyncProperty(c.request, c.credentials, nonce, fc.integer({ min: 0, max: 10_000_000 }), async (unsigned, credentials, n, dt) => {
        const signed = await getScheme(c.schemeId).sign(unsigned, credentials, { ...ctxOf(n), timestamp: T0 + dt });
        // Another clock and nonce than the first signing: only what unsigned() kept can make the same request.
        const input = { schemeId: c.schemeId, request: signed.request, credentials, now: T0 + 99_999_999, freshNonce: 'e'.repeat(16), ...withOptions };
        const again = await applyFix({ action: 'resign', timestamp: 'keep', nonce: 'keep' }, input, model(), signed.signature);
        const request = again && 'canonical' in again ? again.request : again;
        if (c.same) c.same(request!, signed.request);
        else expect(request).toEqual(signed.request);
      }),
      { numRuns: 30 },
    );
  });
}

/** One describe per case, named by its label. */
export function describeSchemeCases(cases: readonly SchemeCase[]): void {
  describe.each(cases.map((c) => ({ ...c, label: c.label ?? c.schemeId })))('$label', (c) => schemeCaseTests(c));
}
