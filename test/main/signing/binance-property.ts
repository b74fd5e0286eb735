/**
 * The round-trip property for the Binance schemes, whose parameters are form-encoded rather than the
 * JSON body the shared property (round-trip-property.ts) sends: random methods, paths and unicode parameters, split
 * between the query string and the body; what is signed verifies, and every single-byte change to the query string,
 * the body or X-MBX-APIKEY fails.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Scheme, SchemeCredentials, SignableRequest } from '../../../src-main/signing/types';
import { singleByteChanges } from './mutations';

const typed = (maxLength: number) => fc.string({ unit: 'grapheme', maxLength }).map((s) => s.replace(/[#\\\p{Cc}]/gu, ''));

export async function assertBinanceRoundTrip(scheme: Scheme, signWith: SchemeCredentials, verifyWith: SchemeCredentials, numRuns: number): Promise<void> {
  const now = 1_764_300_000_000;
  const param = fc.tuple(fc.stringMatching(/^[a-zA-Z_]{1,6}$/), typed(10)).map(([k, v]) => `${k}=${v.replace(/&/g, '%26')}`);
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('GET', 'DELETE', 'POST', 'PUT'),
      fc.array(fc.stringMatching(/^[a-zA-Z0-9]{1,8}$/), { minLength: 1, maxLength: 3 }),
      fc.array(param, { maxLength: 5 }),
      fc.nat(5),
      async (method, segments, params, split) => {
        const inQuery = method === 'GET' ? params : params.slice(0, split);
        const inBody = method === 'GET' ? [] : params.slice(split);
        const request: SignableRequest = {
          method,
          url: `https://api.binance.com/${segments.join('/')}${inQuery.length ? `?${inQuery.join('&')}` : ''}`,
          headers: {},
          body: inBody.length ? inBody.join('&') : null,
        };
        const signed = await scheme.sign(request, signWith, { timestamp: now, nonce: 'n' });
        expect(await scheme.verify(signed.request, verifyWith, { now: now + 100, windowMs: 5000 }), JSON.stringify(signed.request)).toMatchObject({ valid: true, reason: null, canonical: signed.canonical });
        for (const change of singleByteChanges(signed.request, { ...(signed.request.url.includes('?') ? { url: 'query' as const } : {}), body: true, headers: ['X-MBX-APIKEY'] })) {
          const out = await scheme.verify(change.request, verifyWith, { now: now + 100, windowMs: 0 });
          expect(out.valid, `${change.where} in ${JSON.stringify(change.request)}`).toBe(false);
        }
      },
    ),
    { numRuns },
  );
}
