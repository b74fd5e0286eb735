/**
 * The property every scheme must hold: over random methods, paths, unicode parameters and bodies, what a
 * scheme signs it verifies, and every single-byte change to a part it signs makes verification fail (a refusal with
 * ERR_SIGNING_INPUT counts as failing). Each scheme says which methods carry a body or a query and which parts it signs.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Scheme, SchemeCredentials, SignableRequest } from '../../../src-main/signing/types';
import { singleByteChanges, type SignedParts } from './mutations';

export interface RoundTripSpec {
  readonly scheme: Scheme;
  readonly credentials: SchemeCredentials;
  readonly origin: string;
  readonly methods: readonly string[];
  /** Whether a request with this method carries a query string and a body. */
  readonly shape: (method: string) => { readonly query: boolean; readonly body: boolean };
  /** What the scheme signs, for the single-byte changes. */
  readonly signedParts: (signed: SignableRequest) => SignedParts;
  readonly now: number;
  readonly numRuns?: number;
  /** Extra changes a scheme signs beyond URL, body and headers (host, method…). */
  readonly extraChanges?: (signed: SignableRequest) => { where: string; request: SignableRequest }[];
}

/** Text a person might type, unicode included; no '#' (a fragment is never sent) and no control characters. */
const typed = (maxLength: number) => fc.string({ unit: 'grapheme', maxLength }).map((s) => s.replace(/[#\\\p{Cc}]/gu, ''));

export async function assertRoundTripAndTamper(spec: RoundTripSpec): Promise<void> {
  const segment = typed(8).filter((s) => s !== '' && s !== '.' && s !== '..');
  const params = fc.array(fc.tuple(fc.stringMatching(/^[a-zA-Z_]{1,6}$/), typed(8)), { minLength: 1, maxLength: 4 });
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...spec.methods), fc.array(segment, { minLength: 1, maxLength: 3 }), params, typed(40), async (method, segments, query, body) => {
      const shape = spec.shape(method);
      // Path segments percent-encoded, query values typed raw: both spellings reach the signers.
      const path = `/${segments.map(encodeURIComponent).join('/')}`;
      const search = shape.query ? `?${query.map(([k, v]) => `${k}=${v.replace(/&/g, '%26')}`).join('&')}` : '';
      const request: SignableRequest = { method, url: `${spec.origin}${path}${search}`, headers: { Accept: 'application/json' }, body: shape.body ? `{"v":${JSON.stringify(body)}}` : null };
      const signed = await spec.scheme.sign(request, spec.credentials, { timestamp: spec.now, nonce: `n-${segments.length}-${body.length}` });
      const ok = await spec.scheme.verify(signed.request, spec.credentials, { now: spec.now + 100, windowMs: 5000 });
      expect(ok, JSON.stringify(signed.request)).toMatchObject({ valid: true, reason: null, canonical: signed.canonical });
      const changes = [...singleByteChanges(signed.request, spec.signedParts(signed.request)), ...(spec.extraChanges?.(signed.request) ?? [])];
      for (const change of changes) {
        const out = await (async () => spec.scheme.verify(change.request, spec.credentials, { now: spec.now + 100, windowMs: 0 }))().catch((e: { code?: string }) => {
          expect(e.code, change.where).toBe('ERR_SIGNING_INPUT');
          return { valid: false, reason: 'refused' };
        });
        expect(out.valid, `${change.where} in ${JSON.stringify(change.request)}`).toBe(false);
        expect(out.reason, change.where).toBeTruthy();
      }
    }),
    { numRuns: spec.numRuns ?? 30 },
  );
}
