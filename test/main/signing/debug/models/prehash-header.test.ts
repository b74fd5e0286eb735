/**
 * The prehash-and-headers models (OKX v5, KuCoin v2, Coinbase Exchange) through the diagnosis engine: every cause
 * that applies to each, made the way clients make it, diagnosed first and fixed (../scheme-case.ts); and the cases
 * the harness does not draw (a v3 KuCoin key, Coinbase's fractional seconds, a plain-text KuCoin passphrase).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cause } from '../../../../../src-main/contract/debug';
import { applyFix, diagnose } from '../../../../../src-main/signing/debug/diagnose';
import { debugModel } from '../../../../../src-main/signing/debug/models';
import { getScheme } from '../../../../../src-main/signing/registry';
import type { SchemeCredentials, SignableRequest, SignResult } from '../../../../../src-main/signing/types';
import type { MistakeInput, SchemeMac } from '../mistakes';
import { alnumSecret, jsonBody, params, pick, schemeCaseTests, signedInstead, T0, withHeader, withoutHeader, word, type MistakeMaker, type SchemeCase } from '../scheme-case';

/** The prehash's parts as signed: timestamp, method, path?query, body. */
const parts = (r: SignResult) => r.canonicalParts.map((p) => p.value) as [string, string, string, string];
const join = (p: readonly string[]) => p.join('');

const uuid = fc.uuid();
const passphrase = fc.stringMatching(/^[A-Za-z0-9!#]{8,16}$/);
/** A query value that needs percent-encoding, sent encoded. */
const MEMO = `memo=${encodeURIComponent('a:b@c,d')}`;

function requests(host: string, getPath: string, postPath: string) {
  const get = params.map((q): SignableRequest => ({ method: 'GET', url: `https://${host}${getPath}?${q.join('&')}`, headers: {}, body: null }));
  const post = jsonBody.map((body): SignableRequest => ({ method: 'POST', url: `https://${host}${postPath}`, headers: { 'Content-Type': 'application/json' }, body }));
  const encoded = params.map((q): SignableRequest => ({ method: 'GET', url: `https://${host}${getPath}?${[...q, MEMO].join('&')}`, headers: {}, body: null }));
  return { mixed: fc.oneof(get, post), get, post, encoded };
}

/** One required header taken out, which one spread over the requests. */
const withoutOneOf = (names: readonly string[]) => (r: SignableRequest) => withoutHeader(names[r.url.length % names.length] as string)(r);

/** Path-form mistakes: the query left out of the path, the version prefix left out, the full URL signed. */
function pathForm(mac: SchemeMac, prefix: string): MistakeMaker {
  return (input) =>
    signedInstead(input, mac, (r) => {
      const [ts, method, path, body] = parts(r);
      const way = pick(input, 3);
      if (way === 0 && path.includes('?')) return join([ts, method, path.slice(0, path.indexOf('?')), body]);
      if (way === 1 && path.startsWith(`${prefix}/`)) return join([ts, method, path.slice(prefix.length), body]);
      return join([ts, method, new URL(r.request.url).origin + path, body]);
    });
}

/** Timestamp-units mistakes: sent and signed in `wrong` units, or sent right and signed in `wrong` units. */
function timestampUnits(mac: SchemeMac, header: string, wrong: (ms: number) => string): MistakeMaker {
  return (input) => {
    const w = wrong(input.ctx.timestamp);
    const sentToo = pick(input, 2) === 0;
    return signedInstead(input, mac, (r) => join([w, ...parts(r).slice(1)]), { ...(sentToo && { sent: (s: SignableRequest) => withHeader(s, header, w) }) });
  };
}

/** The query signed with the other percent-encoding: decoded where the exchange signs it as sent, and the reverse. */
function urlEncoding(mac: SchemeMac, exchangeDecodes: boolean): MistakeMaker {
  return (input) =>
    signedInstead(input, mac, (r) => {
      const [ts, method, path, body] = parts(r);
      const u = new URL(r.request.url);
      return join([ts, method, exchangeDecodes ? u.pathname + u.search : decodeURIComponent(path), body]);
    });
}

function secretEncoding(mac: SchemeMac, keys: readonly ((secret: string) => Buffer | null)[]): MistakeMaker {
  return async (input) => {
    const key = keys[pick(input, keys.length)]?.(input.credentials.secret ?? '');
    return key ? signedInstead(input, mac, (r) => r.canonical, { key }) : null;
  };
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const hexKey = (s: string) => (/^([0-9a-fA-F]{2})+$/.test(s) ? Buffer.from(s, 'hex') : null);
const base64Key = (s: string) => (/^[A-Za-z0-9+/]+={0,2}$/.test(s) && s.length % 4 === 0 ? Buffer.from(s, 'base64') : null);

const EVERY: readonly Cause[] = ['method-case', 'query-order', 'path-form', 'url-encoding', 'body-mismatch', 'signature-encoding', 'wrong-algorithm', 'secret-encoding', 'timestamp-units', 'timestamp-skew', 'wrong-secret', 'missing-component'];

const okxMac: SchemeMac = {
  hash: 'sha256',
  key: utf8,
  output: 'base64',
  edits: { 'method-case': (r) => join(parts(r).map((p, i) => (i === 1 ? p.toLowerCase() : p))) },
};
const okx = requests('www.okx.com', '/api/v5/trade/orders-pending', '/api/v5/trade/order');

const kucoinMac: SchemeMac = { ...okxMac };
const kucoin = requests('api.kucoin.com', '/api/v1/orders', '/api/v1/orders');

const coinbaseMac: SchemeMac = { ...okxMac, key: (s) => Buffer.from(s, 'base64') };
const coinbase = requests('api.exchange.coinbase.com', '/orders', '/orders');

/** KuCoin's plain-text passphrase, or the secret decoded: both secret-encoding. */
const kucoinSecretEncoding: MistakeMaker = async (input: MistakeInput) => {
  if (pick(input, 2) === 0) return secretEncoding(kucoinMac, [base64Key])(input);
  const right = await getScheme(input.schemeId).sign(input.unsigned, input.credentials, input.ctx);
  return { request: withHeader(right.request, 'KC-API-PASSPHRASE', input.credentials.passphrase ?? '') };
};

const CASES: readonly SchemeCase[] = [
  {
    schemeId: 'okx-v5',
    request: okx.mixed,
    requestFor: { 'query-order': okx.get, 'url-encoding': okx.encoded, 'body-mismatch': okx.post },
    // OKX SecretKeys are 32 hex digits, used as text.
    credentials: fc.record({ apiKey: uuid, secret: fc.stringMatching(/^[0-9A-F]{32}$/), passphrase }),
    mac: okxMac,
    causes: EVERY,
    withoutPart: withoutOneOf(['OK-ACCESS-PASSPHRASE', 'OK-ACCESS-KEY', 'OK-ACCESS-TIMESTAMP', 'OK-ACCESS-SIGN']),
    mistakes: {
      'path-form': pathForm(okxMac, '/api/v5'),
      'url-encoding': urlEncoding(okxMac, false),
      'timestamp-units': timestampUnits(okxMac, 'OK-ACCESS-TIMESTAMP', String),
      'secret-encoding': secretEncoding(okxMac, [hexKey, base64Key]),
    },
  },
  {
    schemeId: 'kucoin-v2',
    request: kucoin.mixed,
    requestFor: { 'query-order': kucoin.get, 'url-encoding': kucoin.encoded, 'body-mismatch': kucoin.post },
    credentials: fc.record({ apiKey: fc.stringMatching(/^[0-9a-f]{24}$/), secret: alnumSecret, passphrase }),
    mac: kucoinMac,
    causes: EVERY,
    withoutPart: withoutOneOf(['KC-API-PASSPHRASE', 'KC-API-KEY-VERSION', 'KC-API-KEY', 'KC-API-TIMESTAMP', 'KC-API-SIGN']),
    mistakes: {
      'path-form': pathForm(kucoinMac, '/api/v1'),
      'url-encoding': urlEncoding(kucoinMac, true),
      'timestamp-units': timestampUnits(kucoinMac, 'KC-API-TIMESTAMP', (ms) => String(Math.floor(ms / 1000))),
      'secret-encoding': kucoinSecretEncoding,
    },
  },
  {
    schemeId: 'coinbase-exchange-hmac',
    request: coinbase.mixed,
    requestFor: { 'query-order': coinbase.get, 'url-encoding': coinbase.encoded, 'body-mismatch': coinbase.post },
    credentials: fc.record({ apiKey: fc.stringMatching(/^[0-9a-f]{32}$/), secret: fc.uint8Array({ minLength: 64, maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')), passphrase: word }),
    mac: coinbaseMac,
    causes: EVERY,
    withoutPart: withoutOneOf(['CB-ACCESS-PASSPHRASE', 'CB-ACCESS-KEY', 'CB-ACCESS-TIMESTAMP', 'CB-ACCESS-SIGN']),
    mistakes: {
      'path-form': pathForm(coinbaseMac, '/api'),
      'url-encoding': urlEncoding(coinbaseMac, false),
      'timestamp-units': timestampUnits(coinbaseMac, 'CB-ACCESS-TIMESTAMP', String),
      'secret-encoding': secretEncoding(coinbaseMac, [utf8]),
    },
  },
];

describe.each(CASES)('$schemeId', (c) => schemeCaseTests(c));

const kucoinCredentials: SchemeCredentials = { apiKey: '67a1b2c3d4e5f60718293a4b', secret: 'f03a5284-5c39-4aaa-9b20-dea10bdcf8e3', passphrase: 'my passphrase!' };
const getOrders: SignableRequest = { method: 'GET', url: 'https://api.kucoin.com/api/v1/orders?status=active&symbol=BTC-USDT', headers: {}, body: null };

describe('prehash-header models, one request at a time', () => {
  it('signs a v3 KuCoin key’s request again with its key version', async () => {
    const signed = await getScheme('kucoin-v2').sign(getOrders, kucoinCredentials, { timestamp: T0, nonce: '', options: { keyVersion: '3' } });
    const input = { schemeId: 'kucoin-v2', request: signed.request, credentials: kucoinCredentials, now: T0, freshNonce: 'f' };
    const again = await applyFix({ action: 'resign', timestamp: 'keep', nonce: 'keep' }, input, debugModel('kucoin-v2'), signed.signature);
    expect(again && 'canonical' in again ? again.request : again).toEqual(signed.request);
  });

  it('signs a Coinbase request with fractional seconds again to the same timestamp', async () => {
    const credentials = { apiKey: 'k', secret: Buffer.alloc(64, 7).toString('base64'), passphrase: 'p' };
    const unsigned = { method: 'GET', url: 'https://api.exchange.coinbase.com/orders?status=open', headers: { 'CB-ACCESS-TIMESTAMP': '1764300000.25' }, body: null };
    const signed = await getScheme('coinbase-exchange-hmac').sign(unsigned, credentials, { timestamp: T0, nonce: '' });
    const again = await applyFix({ action: 'resign', timestamp: 'keep', nonce: 'keep' }, { schemeId: 'coinbase-exchange-hmac', request: signed.request, credentials, now: T0, freshNonce: 'f' }, debugModel('coinbase-exchange-hmac'), signed.signature);
    expect(again && 'canonical' in again ? again.request : again).toEqual(signed.request);
  });

  it('says a plain-text KuCoin passphrase must be sent signed, and signs it', async () => {
    const signed = await getScheme('kucoin-v2').sign(getOrders, kucoinCredentials, { timestamp: T0, nonce: '' });
    const sent = withHeader(signed.request, 'KC-API-PASSPHRASE', 'my passphrase!');
    const report = await diagnose({ schemeId: 'kucoin-v2', request: sent, credentials: kucoinCredentials, now: T0, freshNonce: 'f', window: { windowMs: 5000, source: 'test' } });
    expect(report.diagnosis.map((d) => d.cause)).toEqual(['secret-encoding']);
    expect(report.diagnosis[0]?.explanation).toMatch(/^KC-API-PASSPHRASE carries the passphrase in plain text; v2 keys send base64\(HMAC-SHA256\(secret, passphrase\)\)\. The signature itself is right/);
    expect(report.fixed?.headers['KC-API-PASSPHRASE']).toBe(signed.request.headers['KC-API-PASSPHRASE']);
  });

  it('says a KuCoin client signed the endpoint percent-encoded, as sent', async () => {
    const unsigned = { ...getOrders, url: `${getOrders.url}&${MEMO}` };
    const sent = await signedInstead({ schemeId: 'kucoin-v2', unsigned, credentials: kucoinCredentials, ctx: { timestamp: T0, nonce: '' } }, kucoinMac, (r) => {
      const u = new URL(r.request.url);
      return join([parts(r)[0], 'GET', u.pathname + u.search, '']);
    });
    const report = await diagnose({ schemeId: 'kucoin-v2', request: sent!.request, credentials: kucoinCredentials, now: T0, freshNonce: 'f' });
    expect(report.diagnosis.map((d) => d.cause)).toEqual(['url-encoding']);
    expect(report.diagnosis[0]?.explanation).toBe(
      'The client signed the endpoint percent-encoded, as sent (/api/v1/orders?status=active&symbol=BTC-USDT&memo=a%3Ab%40c%2Cd); KuCoin signs it URL-decoded (/api/v1/orders?status=active&symbol=BTC-USDT&memo=a:b@c,d).',
    );
  });

  it('reads an OKX timestamp sent as epoch milliseconds as a units mistake, once', async () => {
    const credentials = { apiKey: 'k', secret: '22582BD0CFF14C41EDBF1AB98506286D', passphrase: 'p' };
    const unsigned = { method: 'GET', url: 'https://www.okx.com/api/v5/account/balance?ccy=BTC', headers: {}, body: null };
    const sent = await signedInstead({ schemeId: 'okx-v5', unsigned, credentials, ctx: { timestamp: T0, nonce: '' } }, okxMac, (r) => join([String(T0), ...parts(r).slice(1)]), {
      sent: (s) => withHeader(s, 'OK-ACCESS-TIMESTAMP', String(T0)),
    });
    const report = await diagnose({ schemeId: 'okx-v5', request: sent!.request, credentials, now: T0 + 500, freshNonce: 'f', window: { windowMs: 30_000, source: 'test' } });
    expect(report.diagnosis.map((d) => d.cause)).toEqual(['timestamp-units']);
    expect(report.fixed?.headers['OK-ACCESS-TIMESTAMP']).toBe(new Date(T0).toISOString());
  });
});
