/**
 * The sandbox's hmac scheme and Binance's HMAC keys through the shared property harness (scheme-case.ts): every
 * mistake that applies, diagnosed first and fixed; then the cases no generator makes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../src-main/signing/debug/diagnose';
import { getScheme } from '../../../../src-main/signing/registry';
import type { SignableRequest } from '../../../../src-main/signing/types';
import { alnumSecret, describeSchemeCases, jsonBody, params, T0, type SchemeCase } from './scheme-case';

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

describeSchemeCases(CASES);

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
