/**
 * serverTimeEndpoint / apiWindowMs / timestampUnits: each exchange's time answer as its docs show it, the sandbox's
 * real Date header, garbled answers (never a throw), the windows each API documents, and the units checked against
 * what each scheme file actually writes into a signed request.
 */
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { apiWindowMs, dateHeaderMs, serverTimeEndpoint, timestampUnits, type TimestampUnits } from '../../../../src-main/signing/debug/server-time';
import { SCHEMES, getScheme } from '../../../../src-main/signing/registry';
import type { SchemeCredentials, SignableRequest } from '../../../../src-main/signing/types';
import { startSandbox, type RunningSandbox } from '../../../../src-main/sandbox/sandbox';

const endpoint = (id: string, requestUrl?: string) => {
  const e = serverTimeEndpoint(id, requestUrl);
  if (!e) throw new Error(`no endpoint for ${id}`);
  return e;
};

describe('serverTimeEndpoint: each exchange\'s time answer as its docs show it', () => {
  const cases: [id: string, url: string, body: string, ms: number][] = [
    ['binance-hmac-sha256', 'https://api.binance.com/api/v3/time', '{"serverTime": 1499827319559}', 1499827319559],
    ['okx-v5', 'https://www.okx.com/api/v5/public/time', '{"code":"0","msg":"","data":[{"ts":"1597026383085"}]}', 1597026383085],
    ['bybit-v5', 'https://api.bybit.com/v5/market/time', '{"retCode":0,"retMsg":"OK","result":{"timeSecond":"1688639403","timeNano":"1688639403423213947"},"retExtInfo":{},"time":1688639403423}', 1688639403423],
    ['kraken-spot', 'https://api.kraken.com/0/public/Time', '{"error":[],"result":{"unixtime":1688669448,"rfc1123":"Thu, 06 Jul 23 18:50:48 +0000"}}', 1688669448000],
    ['kucoin-v2', 'https://api.kucoin.com/api/v1/timestamp', '{"code":"200000","data":1546837113087}', 1546837113087],
    ['coinbase-exchange-hmac', 'https://api.exchange.coinbase.com/time', '{"iso":"2015-01-07T23:47:25.201Z","epoch":1420674445.201}', 1420674445201],
    ['coinbase-advanced-cdp-jwt', 'https://api.coinbase.com/api/v3/brokerage/time', '{"iso":"2024-11-07T12:00:00.123Z","epochSeconds":"1730980800","epochMillis":"1730980800123"}', 1730980800123],
  ];
  for (const [id, url, body, ms] of cases) {
    it(`${id}: GET ${url} and reads ${ms} ms from its body`, () => {
      const e = endpoint(id);
      expect([e.url, e.from]).toEqual([url, 'body']);
      expect(e.read(body, {})).toBe(ms);
    });
  }

  it('all three Binance key types ask the same endpoint', () => {
    expect(endpoint('binance-ed25519')).toBe(endpoint('binance-hmac-sha256'));
    expect(endpoint('binance-rsa')).toBe(endpoint('binance-hmac-sha256'));
  });

  it('falls back to Bybit\'s timeSecond, and Coinbase\'s iso, when the finer field is absent', () => {
    expect(endpoint('bybit-v5').read('{"retCode":0,"result":{"timeSecond":"1688639403"}}', {})).toBe(1688639403000);
    expect(endpoint('coinbase-exchange-hmac').read('{"iso":"2015-01-07T23:47:25.201Z"}', {})).toBe(Date.parse('2015-01-07T23:47:25.201Z'));
  });

  it('reads Bitfinex and Gemini from the Date header of a public answer, whatever the header\'s case', () => {
    for (const id of ['bitfinex-v2', 'gemini']) {
      const e = endpoint(id);
      expect(e.from).toBe('date-header');
      expect(e.read('[1]', { Date: 'Sun, 06 Nov 1994 08:49:37 GMT' })).toBe(784111777000);
      expect(e.read('', { date: 'Sun, 06 Nov 1994 08:49:37 GMT' })).toBe(784111777000);
      expect(e.read('', {})).toBeNull();
    }
    expect(endpoint('bitfinex-v2').url).toBe('https://api-pub.bitfinex.com/v2/platform/status');
  });

  it('asks AWS, the sandbox and a recipe\'s API at the request\'s own origin, and has nothing to ask without it', () => {
    expect(endpoint('aws-sigv4', 'https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity').url).toBe('https://sts.us-east-1.amazonaws.com/');
    expect(endpoint('hmac', 'http://127.0.0.1:4567/v1/account').url).toBe('http://127.0.0.1:4567/healthz');
    expect(endpoint('recipe', 'https://api.example.com/v2/x?y=1').url).toBe('https://api.example.com/');
    for (const id of ['aws-sigv4', 'hmac', 'recipe']) {
      expect(serverTimeEndpoint(id)).toBeNull();
      expect(serverTimeEndpoint(id, 'not a url')).toBeNull();
      expect(serverTimeEndpoint(id, 'ftp://example.com/')).toBeNull();
    }
  });

  it('knows every scheme in the registry, and nothing else', () => {
    for (const s of SCHEMES) expect(serverTimeEndpoint(s.id, 'https://example.com/x'), s.id).not.toBeNull();
    expect(serverTimeEndpoint('nope')).toBeNull();
    expect(serverTimeEndpoint('__proto__')).toBeNull();
  });

  it('accepts only an IMF-fixdate Date header', () => {
    expect(dateHeaderMs({ date: 'Sunday, 06-Nov-94 08:49:37 GMT' })).toBeNull();
    expect(dateHeaderMs({ date: '1994-11-06T08:49:37Z' })).toBeNull();
    expect(dateHeaderMs({ date: 'Sun, 06 Nov 1994 08:49:37 GMT ' })).toBe(784111777000);
  });
});

describe('serverTimeEndpoint: answers that hold no time', () => {
  const ids = [...SCHEMES.map((s) => s.id)];

  it('reads null, and never throws, for any text in the body and the Date header', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.string({ maxLength: 200 }), fc.string({ maxLength: 60 }), (id, body, date) => {
        const e = endpoint(id, 'https://example.com/');
        const ms = e.read(body, { date });
        expect(ms === null || (Number.isFinite(ms) && ms > 0)).toBe(true);
        if (e.from === 'body') expect(e.read(body, {})).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('reads null from JSON of the wrong shape', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.json({ maxDepth: 3 }), (id, body) => {
        const ms = endpoint(id, 'https://example.com/').read(body, {});
        expect(ms === null || Number.isFinite(ms)).toBe(true);
      }),
      { numRuns: 300 },
    );
    for (const body of ['{"serverTime":"soon"}', '{"serverTime":-5}', '{"serverTime":1e300}', 'null', '[]']) expect(endpoint('binance-rsa').read(body, {})).toBeNull();
    expect(endpoint('okx-v5').read('{"code":"0","data":[]}', {})).toBeNull();
    expect(endpoint('kraken-spot').read('{"error":["EGeneral:Internal error"]}', {})).toBeNull();
  });
});

describe('serverTimeEndpoint: the sandbox\'s real Date header', () => {
  let running: RunningSandbox | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  it('reads the sandbox clock from the Date header of GET /healthz, within two seconds of ours', async () => {
    running = await startSandbox({ symbols: 2, seed: 'time', keys: [] });
    const e = endpoint('hmac', `${running.url}/v1/account`);
    const res = await fetch(e.url);
    const headers = Object.fromEntries(res.headers.entries());
    const ms = e.read(await res.text(), headers);
    expect(ms).not.toBeNull();
    expect(Math.abs(Date.now() - ms!)).toBeLessThan(2000);
  });
});

describe('apiWindowMs: each API\'s documented window', () => {
  const req = (url: string, headers: Record<string, string> = {}, body: string | null = null, method = 'GET'): SignableRequest => ({ method, url, headers, body });

  it('Binance: the request\'s recvWindow (query or body), else 5000 ms, at most 60000', () => {
    for (const id of ['binance-hmac-sha256', 'binance-ed25519', 'binance-rsa']) {
      expect(apiWindowMs(id, req('https://api.binance.com/api/v3/account?recvWindow=10000&timestamp=1'))?.windowMs).toBe(10_000);
      expect(apiWindowMs(id, req('https://api.binance.com/api/v3/order', {}, 'symbol=BTCUSDT&recvWindow=2500.5&timestamp=1', 'POST'))?.windowMs).toBe(2500.5);
      expect(apiWindowMs(id, req('https://api.binance.com/api/v3/account?timestamp=1'))).toMatchObject({ windowMs: 5000, source: expect.stringMatching(/default recvWindow, 5000 ms/) });
      expect(apiWindowMs(id, req('https://api.binance.com/api/v3/account?recvWindow=90000'))).toMatchObject({ windowMs: 60_000, source: expect.stringMatching(/maximum, 60000/) });
      expect(apiWindowMs(id, req('https://api.binance.com/api/v3/account?recvWindow=soon'))?.windowMs).toBe(5000);
    }
  });

  it('Bybit: X-BAPI-RECV-WINDOW, else 5000 ms', () => {
    expect(apiWindowMs('bybit-v5', req('https://api.bybit.com/v5/order/realtime', { 'x-bapi-recv-window': '20000' }))).toMatchObject({ windowMs: 20_000, source: expect.stringContaining('X-BAPI-RECV-WINDOW: 20000') });
    expect(apiWindowMs('bybit-v5', req('https://api.bybit.com/v5/order/realtime'))?.windowMs).toBe(5000);
    expect(apiWindowMs('bybit-v5', req('https://api.bybit.com/v5/order/realtime', { 'X-BAPI-RECV-WINDOW': '-1' }))?.windowMs).toBe(5000);
  });

  it('fixed windows: OKX 30 s, KuCoin 5 s, Coinbase Exchange 30 s, a CDP JWT\'s 2 minutes, AWS 15 min, the sandbox 30 s', () => {
    const r = req('https://example.com/x');
    expect(apiWindowMs('okx-v5', r)?.windowMs).toBe(30_000);
    expect(apiWindowMs('kucoin-v2', r)?.windowMs).toBe(5000);
    expect(apiWindowMs('coinbase-exchange-hmac', r)?.windowMs).toBe(30_000);
    expect(apiWindowMs('coinbase-advanced-cdp-jwt', r)?.windowMs).toBe(120_000);
    expect(apiWindowMs('aws-sigv4', r)?.windowMs).toBe(900_000);
    expect(apiWindowMs('hmac', r)?.windowMs).toBe(30_000);
  });

  it('no window where the API checks no clock: Kraken, Bitfinex, a recipe, an unknown scheme', () => {
    const r = req('https://example.com/x');
    for (const id of ['kraken-spot', 'bitfinex-v2', 'recipe', 'nope']) expect(apiWindowMs(id, r), id).toBeNull();
  });

  it('Gemini: ±30 s only when the payload nonce is Unix seconds (a time-based-nonce key)', () => {
    const payload = (nonce: number) => ({ 'X-GEMINI-PAYLOAD': Buffer.from(JSON.stringify({ request: '/v1/balances', nonce })).toString('base64') });
    expect(apiWindowMs('gemini', req('https://api.gemini.com/v1/balances', payload(1764300000), null, 'POST'))?.windowMs).toBe(30_000);
    expect(apiWindowMs('gemini', req('https://api.gemini.com/v1/balances', payload(1764300000123), null, 'POST'))).toBeNull();
    expect(apiWindowMs('gemini', req('https://api.gemini.com/v1/balances', { 'X-GEMINI-PAYLOAD': '!!not base64 json' }, null, 'POST'))).toBeNull();
    expect(apiWindowMs('gemini', req('https://api.gemini.com/v1/balances'))).toBeNull();
  });

  it('never throws on a malformed request', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCHEMES.map((s) => s.id)), fc.string(), fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 40 })), fc.option(fc.string()), (id, url, headers, body) => {
        const w = apiWindowMs(id, { method: 'GET', url, headers, body });
        expect(w === null || w.windowMs > 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('timestampUnits: what each scheme file writes into the request', () => {
  const T = 1_764_300_000_123;
  const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'pem', type: 'sec1' }).toString();
  const base64Secret = Buffer.from('a secret of thirty-two bytes!!!!').toString('base64');
  const creds: Record<string, SchemeCredentials> = {
    hmac: { apiKey: 'k', secret: 's3cret' },
    'binance-hmac-sha256': { apiKey: 'k', secret: 's3cret' },
    'bybit-v5': { apiKey: 'k', secret: 's3cret' },
    'kucoin-v2': { apiKey: 'k', secret: 's3cret', passphrase: 'p' },
    'okx-v5': { apiKey: 'k', secret: 's3cret', passphrase: 'p' },
    'coinbase-exchange-hmac': { apiKey: 'k', secret: base64Secret, passphrase: 'p' },
    'coinbase-advanced-cdp-jwt': { apiKey: 'organizations/o/apiKeys/k', secret: ec },
    'aws-sigv4': { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 'sts' },
  };
  const url: Record<string, string> = {
    hmac: 'http://127.0.0.1:1/v1/account',
    'binance-hmac-sha256': 'https://api.binance.com/api/v3/account',
    'bybit-v5': 'https://api.bybit.com/v5/account/wallet-balance?accountType=UNIFIED',
    'kucoin-v2': 'https://api.kucoin.com/api/v1/accounts',
    'okx-v5': 'https://www.okx.com/api/v5/account/balance',
    'coinbase-exchange-hmac': 'https://api.exchange.coinbase.com/accounts',
    'coinbase-advanced-cdp-jwt': 'https://api.coinbase.com/api/v3/brokerage/accounts',
    'aws-sigv4': 'https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15',
  };
  /** The timestamp as the signed request carries it. */
  const sent: Record<string, (r: SignableRequest) => string> = {
    hmac: (r) => /timestamp="(\d+)"/.exec(r.headers.Authorization!)![1]!,
    'binance-hmac-sha256': (r) => new URL(r.url).searchParams.get('timestamp')!,
    'bybit-v5': (r) => r.headers['X-BAPI-TIMESTAMP']!,
    'kucoin-v2': (r) => r.headers['KC-API-TIMESTAMP']!,
    'okx-v5': (r) => r.headers['OK-ACCESS-TIMESTAMP']!,
    'coinbase-exchange-hmac': (r) => r.headers['CB-ACCESS-TIMESTAMP']!,
    'coinbase-advanced-cdp-jwt': (r) => String((JSON.parse(Buffer.from(r.headers.Authorization!.split('.')[1]!, 'base64url').toString()) as { nbf: number }).nbf),
    'aws-sigv4': (r) => Object.entries(r.headers).find(([k]) => k.toLowerCase() === 'x-amz-date')![1],
  };
  const asMs = (units: TimestampUnits, raw: string): number => {
    if (units === 's') return Number(raw) * 1000;
    if (units === 'ms') return Number(raw);
    if (units === 'iso') return Date.parse(raw.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
    throw new Error(units);
  };

  for (const id of Object.keys(sent)) {
    it(`${id}: the signed request's timestamp reads back in ${timestampUnits(id)}`, async () => {
      const r = await getScheme(id).sign({ method: 'GET', url: url[id]!, headers: {}, body: null }, creds[id]!, { timestamp: T, nonce: 'n-1' });
      const ms = asMs(timestampUnits(id), sent[id]!(r.request));
      // Seconds and AWS's basic ISO format drop the milliseconds.
      expect(T - ms).toBeGreaterThanOrEqual(0);
      expect(T - ms).toBeLessThan(1000);
      if (timestampUnits(id) === 'ms') expect(ms).toBe(T);
    });
  }

  it('the Binance key types, and the nonce-only APIs (Kraken, Bitfinex, Gemini: none)', () => {
    expect(['binance-ed25519', 'binance-rsa'].map((id) => timestampUnits(id))).toEqual(['ms', 'ms']);
    expect(['kraken-spot', 'bitfinex-v2', 'gemini'].map((id) => timestampUnits(id))).toEqual(['none', 'none', 'none']);
    expect(timestampUnits('nope')).toBe('none');
  });

  it('recipe: its template\'s timestamp.format, else none', () => {
    const recipe = (format?: string) => ({ recipe: JSON.stringify({ components: [{ type: 'path' }], algorithm: 'hmac-sha256', signature: { in: 'header', name: 'X-Sig' }, ...(format && { timestamp: { format, in: 'header', name: 'X-Ts' } }) }) });
    expect(timestampUnits('recipe', recipe('ms'))).toBe('ms');
    expect(timestampUnits('recipe', recipe('iso'))).toBe('iso');
    expect(timestampUnits('recipe', recipe('s'))).toBe('s');
    expect(timestampUnits('recipe', recipe())).toBe('none');
    expect(timestampUnits('recipe', { recipe: '{not json' })).toBe('none');
    expect(timestampUnits('recipe')).toBe('none');
  });

  it('covers every scheme in the registry', () => {
    for (const s of SCHEMES) expect(['s', 'ms', 'us', 'iso', 'none']).toContain(timestampUnits(s.id));
  });
});
