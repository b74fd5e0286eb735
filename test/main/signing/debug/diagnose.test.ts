/**
 * For every scheme and every mistake that applies to it: many mis-signed requests (fast-check), each diagnosed with
 * the right cause first, and the engine's fix verifying with the scheme's own verify.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cause } from '../../../../src-main/contract/debug';
import { diagnose } from '../../../../src-main/signing/debug/diagnose';
import { getScheme } from '../../../../src-main/signing/registry';
import type { SchemeCredentials, SignableRequest } from '../../../../src-main/signing/types';
import { makeMistake, type SchemeMac } from './mistakes';

const T0 = 1_764_300_000_000;
const word = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,7}$/);
const value = fc.stringMatching(/^[A-Za-z0-9]{1,10}$/);
const alnumSecret = fc.stringMatching(/^[A-Za-z0-9]{64}$/);
const nonce = fc.stringMatching(/^[a-f0-9]{16}$/);

/** Distinct parameter names, in an order that is not sorted (so "signed sorted" differs from "sent"). */
const params = fc.uniqueArray(fc.tuple(word, value), { minLength: 2, maxLength: 5, selector: ([k]) => k }).map((pairs) => {
  const sorted = [...pairs].sort(([a], [b]) => (a < b ? -1 : 1));
  return sorted.reverse().map(([k, v]) => `${k}=${v}`);
});
const jsonBody = fc.dictionary(word, fc.oneof(value, fc.integer({ min: 0, max: 10_000 })), { minKeys: 1, maxKeys: 4 }).map((o) => JSON.stringify(o));

interface SchemeCase {
  readonly schemeId: string;
  readonly request: fc.Arbitrary<SignableRequest>;
  readonly credentials: fc.Arbitrary<SchemeCredentials>;
  readonly mac: SchemeMac | null;
  readonly causes: readonly Cause[];
  /** The signed request with one required part taken out. */
  readonly withoutPart?: (request: SignableRequest) => SignableRequest;
}

const lines = (canonical: string) => canonical.split('\n');
const editLine = (canonical: string, i: number, f: (line: string) => string) => lines(canonical).map((l, j) => (j === i ? f(l) : l)).join('\n');
const queryOf = (url: string) => (url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
const withoutHeader = (name: string) => (r: SignableRequest) => ({ ...r, headers: Object.fromEntries(Object.entries(r.headers).filter(([k]) => k.toLowerCase() !== name.toLowerCase())) });

const CASES: readonly SchemeCase[] = [
  {
    schemeId: 'hmac',
    request: fc.record({ method: fc.constantFrom('GET', 'POST', 'DELETE'), q: params, body: fc.option(jsonBody, { nil: null }) }).map(({ method, q, body }) => ({
      method,
      url: `http://127.0.0.1:8080/api/v1/orders?${q.join('&')}`,
      headers: {},
      body: method === 'GET' ? null : body,
    })),
    credentials: fc.record({ apiKey: fc.constant('sandbox-key'), secret: alnumSecret }),
    mac: {
      hash: 'sha256',
      key: (s) => Buffer.from(s, 'utf8'),
      output: 'hex',
      edits: {
        'method-case': (r) => editLine(r.canonical, 0, (m) => m.toLowerCase()),
        'query-order': (r, u) => editLine(r.canonical, 2, () => queryOf(u.url)),
        'timestamp-units': (r) => editLine(r.canonical, 4, (s) => `${s}000`),
        'path-form': (r, u) => editLine(r.canonical, 1, (p) => `${p}?${queryOf(u.url)}`),
      },
    },
    causes: ['method-case', 'query-order', 'body-mismatch', 'signature-encoding', 'wrong-algorithm', 'secret-encoding', 'timestamp-units', 'path-form', 'timestamp-skew', 'replayed-nonce', 'wrong-secret', 'missing-component'],
    withoutPart: withoutHeader('Authorization'),
  },
  {
    schemeId: 'binance-hmac-sha256',
    request: fc.record({ q: params }).map(({ q }) => ({ method: 'GET', url: `https://api.binance.com/api/v3/order?${q.join('&')}&timestamp=${T0}`, headers: {}, body: null })),
    credentials: fc.record({ apiKey: fc.stringMatching(/^[A-Za-z0-9]{64}$/), secret: alnumSecret }),
    mac: { hash: 'sha256', key: (s) => Buffer.from(s, 'utf8'), output: 'hex' },
    causes: ['query-order', 'signature-encoding', 'wrong-algorithm', 'secret-encoding', 'timestamp-skew', 'wrong-secret', 'missing-component'],
    withoutPart: withoutHeader('X-MBX-APIKEY'),
  },
];

describe.each(CASES)('$schemeId', (c) => {
  it.each([...c.causes])('puts %s first for requests signed with that mistake, and its fix verifies', async (cause) => {
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(c.request, c.credentials, nonce, async (unsigned, credentials, n) => {
        const ctx = { timestamp: T0, nonce: n };
        const mistake =
          cause === 'missing-component' && c.withoutPart
            ? { request: c.withoutPart((await getScheme(c.schemeId).sign(unsigned, credentials, ctx)).request) }
            : await makeMistake(cause, { schemeId: c.schemeId, unsigned, credentials, ctx }, c.mac);
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
        expect(report.diagnosis[0]?.cause, JSON.stringify(report.diagnosis.map((d) => d.cause))).toBe(cause);
        expect(report.fixed).not.toBeNull();
        const check = await getScheme(c.schemeId).verify(report.fixed!, credentials, { now, windowMs: 30_000 });
        expect(check.reason).toBeNull();
        if (cause === 'replayed-nonce') expect(JSON.stringify(report.fixed)).not.toContain(n);
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
        expect(report.expected.signature.toLowerCase()).toBe(signed.signature.toLowerCase());
        expect(report.diff.every((d) => d.op === 'equal')).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});

describe('diagnose, beyond the generated mistakes', () => {
  const KEY = { apiKey: 'sandbox-key', secret: 'secret-0123456789abcdef' };
  const sign = (url: string) => getScheme('hmac').sign({ method: 'GET', url, headers: {}, body: null }, KEY, { timestamp: T0, nonce: 'n0' });

  it('finds a trailing "/" signed but not sent', async () => {
    const [right, slash] = await Promise.all([sign('http://127.0.0.1:1/v1/orders?a=1'), sign('http://127.0.0.1:1/v1/orders/?a=1')]);
    const sent = { ...right.request, headers: { Authorization: right.request.headers.Authorization!.replace(right.signature, slash.signature) } };
    const report = await diagnose({ schemeId: 'hmac', request: sent, credentials: KEY, now: T0, freshNonce: 'f' });
    expect(report.diagnosis[0]).toMatchObject({ cause: 'path-form', reproduced: true });
  });

  it('says the server holds another secret when the request is signed right with this key and the server refuses it', async () => {
    const right = await sign('http://127.0.0.1:1/v1/orders?a=1');
    const report = await diagnose({ schemeId: 'hmac', request: right.request, credentials: KEY, now: T0, freshNonce: 'f', server: { code: 'invalid_signature', meaning: 'The signature does not match.', causes: ['method-case', 'wrong-secret'] } });
    expect(report.valid).toBe(false);
    expect(report.diagnosis).toHaveLength(1);
    expect(report.diagnosis[0]).toMatchObject({ cause: 'wrong-secret', fix: { action: 'check-secret' } });
    expect(report.diagnosis[0]!.explanation).toMatch(/server holds another secret/);
  });
});
