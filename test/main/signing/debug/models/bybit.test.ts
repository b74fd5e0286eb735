/**
 * The bybit-v5 model through the diagnosis engine: every cause that applies to Bybit, made the way clients make it,
 * diagnosed first and fixed (../scheme-case.ts). Bybit signs neither the method nor the path, so method-case does not
 * apply; it carries no nonce, so replayed-nonce does not either.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFix, diagnose } from '../../../../../src-main/signing/debug/diagnose';
import { debugModel } from '../../../../../src-main/signing/debug/models';
import { getScheme } from '../../../../../src-main/signing/registry';
import type { SignableRequest, SignResult } from '../../../../../src-main/signing/types';
import type { SchemeMac } from '../mistakes';
import { jsonBody, params, pick, schemeCaseTests, signedInstead, T0, withHeader, withoutHeader, type MistakeMaker, type SchemeCase } from '../scheme-case';

/** The payload's parts as signed: timestamp, API key, recv window, query or body. */
const parts = (r: SignResult) => r.canonicalParts.map((p) => p.value) as [string, string, string, string];
const join = (p: readonly string[]) => p.join('');

const mac: SchemeMac = { hash: 'sha256', key: (s) => Buffer.from(s, 'utf8'), output: 'hex' };
const MEMO = `memo=${encodeURIComponent('a:b@c,d')}`;
const get = params.map((q): SignableRequest => ({ method: 'GET', url: `https://api.bybit.com/v5/order/realtime?${q.join('&')}`, headers: {}, body: null }));
const post = jsonBody.map((body): SignableRequest => ({ method: 'POST', url: 'https://api.bybit.com/v5/order/create', headers: { 'Content-Type': 'application/json' }, body }));
const encoded = params.map((q): SignableRequest => ({ method: 'GET', url: `https://api.bybit.com/v5/order/realtime?${[...q, MEMO].join('&')}`, headers: {}, body: null }));

/** GET: the query signed with its "?", or with the path; POST: the JSON body's parameters signed as a query string. */
const pathForm: MistakeMaker = (input) =>
  signedInstead(input, mac, (r) => {
    const [ts, key, rw, payload] = parts(r);
    if (input.unsigned.method === 'GET') return join([ts, key, rw, pick(input, 2) === 0 ? `?${payload}` : `${new URL(r.request.url).pathname}?${payload}`]);
    const form = Object.entries(JSON.parse(payload) as Record<string, unknown>).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    return join([ts, key, rw, form.join('&')]);
  });

/** Seconds sent and signed, or milliseconds sent and seconds signed. */
const timestampUnits: MistakeMaker = (input) => {
  const seconds = String(Math.floor(input.ctx.timestamp / 1000));
  const sentToo = pick(input, 2) === 0;
  return signedInstead(input, mac, (r) => join([seconds, ...parts(r).slice(1)]), { ...(sentToo && { sent: (s: SignableRequest) => withHeader(s, 'X-BAPI-TIMESTAMP', seconds) }) });
};

/** A header left out, or the recv window left out of the payload. */
const missing: MistakeMaker = async (input) => {
  const way = pick(input, 4);
  if (way === 3) return signedInstead(input, mac, (r) => join(parts(r).map((p, i) => (i === 2 ? '' : p))));
  const right = await getScheme(input.schemeId).sign(input.unsigned, input.credentials, input.ctx);
  return { request: withoutHeader(['X-BAPI-API-KEY', 'X-BAPI-SIGN', 'X-BAPI-TIMESTAMP'][way] as string)(right.request) };
};

/** Base64 for hex, or upper-case hex. */
const signatureEncoding: MistakeMaker = async (input) => {
  const right = await getScheme(input.schemeId).sign(input.unsigned, input.credentials, input.ctx);
  const wrong = pick(input, 2) === 0 ? Buffer.from(right.signature, 'hex').toString('base64') : right.signature.toUpperCase();
  return { request: debugModel(input.schemeId).withSignature(right.request, wrong) };
};

const BYBIT: SchemeCase = {
  schemeId: 'bybit-v5',
  request: fc.oneof(get, post),
  requestFor: { 'query-order': get, 'url-encoding': encoded, 'body-mismatch': post },
  credentials: fc.record({ apiKey: fc.stringMatching(/^[A-Za-z0-9]{18}$/), secret: fc.stringMatching(/^[A-Za-z0-9]{36}$/) }),
  mac,
  causes: ['query-order', 'path-form', 'url-encoding', 'body-mismatch', 'signature-encoding', 'wrong-algorithm', 'secret-encoding', 'timestamp-units', 'timestamp-skew', 'wrong-secret', 'missing-component'],
  mistakes: {
    'path-form': pathForm,
    'url-encoding': (input) => signedInstead(input, mac, (r) => join([...parts(r).slice(0, 3), decodeURIComponent(parts(r)[3])])),
    'timestamp-units': timestampUnits,
    'missing-component': missing,
    'signature-encoding': signatureEncoding,
  },
};

describe('bybit-v5', () => schemeCaseTests(BYBIT));

describe('bybit-v5 model, one request at a time', () => {
  const credentials = { apiKey: 'XXXXXXXXXXXXXXXXXX', secret: 'YYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY' };

  it('signs a request with its own recv window again to the same request', async () => {
    const unsigned = { method: 'GET', url: 'https://api.bybit.com/v5/order/realtime?category=spot&symbol=BTCUSDT', headers: { 'X-BAPI-RECV-WINDOW': '20000' }, body: null };
    const signed = await getScheme('bybit-v5').sign(unsigned, credentials, { timestamp: T0, nonce: '' });
    const again = await applyFix({ action: 'resign', timestamp: 'keep', nonce: 'keep' }, { schemeId: 'bybit-v5', request: signed.request, credentials, now: T0, freshNonce: 'f' }, debugModel('bybit-v5'), signed.signature);
    expect(again && 'canonical' in again ? again.request : again).toEqual(signed.request);
  });

  it('says a POST whose body was left out of the payload signed the wrong body', async () => {
    const unsigned = { method: 'POST', url: 'https://api.bybit.com/v5/order/create', headers: {}, body: '{"category":"spot","symbol":"BTCUSDT"}' };
    const sent = await signedInstead({ schemeId: 'bybit-v5', unsigned, credentials, ctx: { timestamp: T0, nonce: '' } }, mac, (r) => join(parts(r).slice(0, 3)));
    const report = await diagnose({ schemeId: 'bybit-v5', request: sent!.request, credentials, now: T0, freshNonce: 'f' });
    expect(report.diagnosis.map((d) => d.cause)).toEqual(['body-mismatch']);
    expect(report.diagnosis[0]?.explanation).toContain('Bybit signs the raw JSON body');
  });
});
