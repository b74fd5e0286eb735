/**
 * readServerAnswer: each exchange's signature and authentication errors as its docs (or its real answers) show them,
 * the sandbox's own answers from a running sandbox, and garbled or unknown bodies (null, never a throw).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CAUSES } from '../../../../src-main/contract/debug';
import { readServerAnswer, SERVER_ERROR_SCHEMES, serverErrorTable } from '../../../../src-main/signing/debug/server-errors';
import { SCHEMES } from '../../../../src-main/signing/registry';
import { startSandbox, type RunningSandbox } from '../../../../src-main/sandbox/sandbox';
import { SANDBOX_ERROR_STATUS, type SandboxErrorCode } from '../../../../src-main/sandbox/sandbox-error';
import { send, signedFetch, type Creds } from '../../sandbox/sandbox-client';

const read = (scheme: string, body: string, status: number | null = 401) => readServerAnswer(scheme, { status, body });
const code = (scheme: string, body: string, status: number | null = 401) => read(scheme, body, status)?.code ?? null;
const causes = (scheme: string, body: string, status: number | null = 401) => read(scheme, body, status)?.causes ?? null;

describe('readServerAnswer: Binance (errors.md)', () => {
  const ids = ['binance-hmac-sha256', 'binance-ed25519', 'binance-rsa'];

  it('reads -1021 as timestamp skew first, then units', () => {
    for (const id of ids) {
      expect(read(id, '{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}', 400)).toMatchObject({ code: '-1021', causes: ['timestamp-skew', 'timestamp-units'] });
      expect(code(id, '{"code":-1021,"msg":"Timestamp for this request was 1000ms ahead of the server\'s time."}', 400)).toBe('-1021');
    }
  });

  it('reads -1022 as a signature mismatch, with the secret last', () => {
    const r = read('binance-hmac-sha256', '{"code":-1022,"msg":"Signature for this request is not valid."}', 400)!;
    expect(r.code).toBe('-1022');
    expect(r.causes).toContain('query-order');
    expect(r.causes).toContain('signature-encoding');
    expect(r.causes.at(-1)).toBe('wrong-secret');
    expect(r.causes).not.toContain('timestamp-skew');
  });

  it('reads -2014 and -2015 as key problems, naming format, IP and permissions', () => {
    expect(read('binance-rsa', '{"code":-2014,"msg":"API-key format invalid."}')).toMatchObject({ causes: ['missing-component', 'wrong-secret'], meaning: expect.stringMatching(/X-MBX-APIKEY/) });
    const r = read('binance-ed25519', '{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}')!;
    expect(r.causes).toEqual(['missing-component', 'wrong-secret']);
    expect(r.meaning).toMatch(/key/);
    expect(r.meaning).toMatch(/IP/);
    expect(r.meaning).toMatch(/permission/);
  });

  it('reads -1102 (a mandatory parameter missing) as a missing component', () => {
    expect(causes('binance-hmac-sha256', '{"code":-1102,"msg":"Mandatory parameter \'timestamp\' was not sent, was empty/null, or malformed."}', 400)).toEqual(['missing-component']);
  });

  it('is null for Binance errors that are not about signing', () => {
    expect(read('binance-hmac-sha256', '{"code":-1121,"msg":"Invalid symbol."}', 400)).toBeNull();
    expect(read('binance-hmac-sha256', '{"code":-1003,"msg":"Too many requests queued."}', 429)).toBeNull();
  });
});

describe('readServerAnswer: OKX (docs-v5 error codes 501xx)', () => {
  it('reads 50102, 50103, 50113 and the other gateway codes', () => {
    expect(read('okx-v5', '{"code":"50102","msg":"Timestamp request expired","data":[]}')).toMatchObject({ code: '50102', causes: ['timestamp-skew', 'timestamp-units'] });
    expect(causes('okx-v5', '{"code":"50103","msg":"Request header \\"OK-ACCESS-KEY\\" cannot be empty","data":[]}')).toEqual(['missing-component']);
    expect(causes('okx-v5', '{"code":"50104","msg":"Request header \\"OK-ACCESS-PASSPHRASE\\" cannot be empty","data":[]}')).toEqual(['missing-component']);
    expect(causes('okx-v5', '{"code":"50105","msg":"Request header \\"OK-ACCESS-PASSPHRASE\\" incorrect","data":[]}')).toEqual(['wrong-secret']);
    expect(causes('okx-v5', '{"msg":"Invalid OK-ACCESS-KEY","code":"50111"}')).toEqual(['wrong-secret']);
    expect(causes('okx-v5', '{"code":"50112","msg":"Invalid OK-ACCESS-TIMESTAMP","data":[]}')).toEqual(['timestamp-units', 'timestamp-skew']);
    const sign = read('okx-v5', '{"code":"50113","msg":"Invalid Sign","data":[]}')!;
    expect(sign.causes[0]).toBe('signature-encoding');
    expect(sign.causes).toContain('method-case');
    expect(sign.causes.at(-1)).toBe('wrong-secret');
  });

  it('is null for success and for trading errors', () => {
    expect(read('okx-v5', '{"code":"0","msg":"","data":[]}', 200)).toBeNull();
    expect(read('okx-v5', '{"code":"51008","msg":"Order failed. Insufficient USDT balance in account","data":[]}', 200)).toBeNull();
  });
});

describe('readServerAnswer: Bybit (docs/v5/error)', () => {
  it('reads 10002, 10003 and 10004', () => {
    expect(read('bybit-v5', '{"retCode":10002,"retMsg":"invalid request, please check your server timestamp or recv_window param. req_timestamp[1688639403423],server_timestamp[1688639413423],recv_window[5000]","result":{},"retExtInfo":{},"time":1688639413423}', 200)).toMatchObject({ code: '10002', causes: ['timestamp-skew', 'timestamp-units'] });
    expect(read('bybit-v5', '{"retCode":10003,"retMsg":"API key is invalid.","result":{}}', 200)).toMatchObject({ code: '10003', meaning: expect.stringMatching(/testnet/) });
    expect(read('bybit-v5', '{"retCode":10004,"retMsg":"Error sign, please check your signature generation algorithm.","result":{},"retExtInfo":{},"time":1672738134824}', 200)?.causes).toContain('body-mismatch');
  });

  it('reads the older ret_code field too, and is null for an order error', () => {
    expect(code('bybit-v5', '{"ret_code":10002,"ret_msg":"invalid request, please check your timestamp and recv_window param"}', 200)).toBe('10002');
    expect(read('bybit-v5', '{"retCode":110007,"retMsg":"Insufficient available balance","result":{}}', 200)).toBeNull();
  });
});

describe('readServerAnswer: Kraken (guides/general/errors)', () => {
  it('reads EAPI:Invalid key, EAPI:Invalid signature and EAPI:Invalid nonce', () => {
    expect(read('kraken-spot', '{"error":["EAPI:Invalid key"],"result":{}}', 200)).toMatchObject({ code: 'EAPI:Invalid key', causes: ['missing-component', 'wrong-secret'] });
    expect(causes('kraken-spot', '{"error":["EAPI:Invalid signature"]}', 200)?.[0]).toBe('secret-encoding');
    expect(causes('kraken-spot', '{"error":["EAPI:Invalid nonce"]}', 200)).toEqual(['replayed-nonce', 'timestamp-units']);
  });

  it('finds the documented error among several, and is null for an empty error list', () => {
    expect(code('kraken-spot', '{"error":["EGeneral:Unknown thing","EAPI:Invalid nonce"]}', 200)).toBe('EAPI:Invalid nonce');
    expect(read('kraken-spot', '{"error":[],"result":{"XXBT":"1.0"}}', 200)).toBeNull();
  });
});

describe('readServerAnswer: Coinbase Exchange and Coinbase Advanced (CDP JWT)', () => {
  it('reads Coinbase Exchange\'s invalid signature and expired timestamp messages, in JSON or as text', () => {
    expect(read('coinbase-exchange-hmac', '{"message":"invalid signature"}')).toMatchObject({ code: 'invalid signature', causes: expect.arrayContaining(['secret-encoding', 'wrong-secret']) });
    expect(read('coinbase-exchange-hmac', '{"message":"request timestamp expired"}')).toMatchObject({ code: 'request timestamp expired', causes: ['timestamp-skew', 'timestamp-units'] });
    expect(code('coinbase-exchange-hmac', 'Invalid Signature')).toBe('invalid signature');
    expect(read('coinbase-exchange-hmac', '{"message":"NotFound"}', 404)).toBeNull();
  });

  it('reads a 401 "Unauthorized" for a CDP JWT as expiry first', () => {
    expect(read('coinbase-advanced-cdp-jwt', 'Unauthorized\n')).toMatchObject({ code: 'Unauthorized', causes: expect.arrayContaining(['timestamp-skew', 'path-form', 'wrong-secret']) });
    expect(causes('coinbase-advanced-cdp-jwt', 'Unauthorized')?.[0]).toBe('timestamp-skew');
    expect(read('coinbase-advanced-cdp-jwt', '{"error":"NOT_FOUND","message":"product not found"}', 404)).toBeNull();
  });
});

describe('readServerAnswer: KuCoin (docs-new error codes)', () => {
  it('reads 400001 to 400005', () => {
    expect(causes('kucoin-v2', '{"code":"400001","msg":"Please check the header of your request for KC-API-KEY, KC-API-SIGN, KC-API-TIMESTAMP, KC-API-PASSPHRASE"}')).toEqual(['missing-component']);
    expect(read('kucoin-v2', '{"code":"400002","msg":"Invalid KC-API-TIMESTAMP"}', 400)).toMatchObject({ code: '400002', causes: ['timestamp-skew', 'timestamp-units'] });
    expect(causes('kucoin-v2', '{"code":"400003","msg":"KC-API-KEY does not exist"}')).toEqual(['wrong-secret']);
    expect(read('kucoin-v2', '{"code":"400004","msg":"Invalid KC-API-PASSPHRASE"}')).toMatchObject({ causes: ['secret-encoding', 'wrong-secret'], meaning: expect.stringMatching(/passphrase/) });
    expect(causes('kucoin-v2', '{"code":"400005","msg":"Invalid KC-API-SIGN"}')).toContain('path-form');
  });

  it('is null for KuCoin\'s success code', () => {
    expect(read('kucoin-v2', '{"code":"200000","data":[]}', 200)).toBeNull();
  });
});

describe('readServerAnswer: Bitfinex, Gemini, AWS', () => {
  it('Bitfinex: ["error", 10114, "nonce: small"] and ["error", 10100, "apikey: invalid"]', () => {
    expect(read('bitfinex-v2', '["error",10114,"nonce: small"]', 500)).toMatchObject({ code: '10114', causes: ['replayed-nonce', 'timestamp-units'] });
    expect(read('bitfinex-v2', '["error", 10100, "apikey: invalid"]', 500)).toMatchObject({ code: '10100', causes: ['missing-component', 'wrong-secret'] });
    expect(causes('bitfinex-v2', '["error",10100,"apikey: digest invalid"]', 500)).toContain('body-mismatch');
    expect(read('bitfinex-v2', '["error",10020,"symbol: invalid"]', 500)).toBeNull();
    expect(read('bitfinex-v2', '[["exchange","USD",100,0,100]]', 200)).toBeNull();
  });

  it('Gemini: {"result":"error","reason":…} for the signature, nonce and missing-header reasons', () => {
    const gemini = (reason: string) => read('gemini', JSON.stringify({ result: 'error', reason, message: `${reason}: see https://developer.gemini.com/error-codes` }), 400);
    expect(gemini('InvalidSignature')?.causes).toContain('signature-encoding');
    expect(gemini('InvalidNonce')?.causes[0]).toBe('replayed-nonce');
    for (const r of ['MissingApikeyHeader', 'MissingPayloadHeader', 'MissingSignatureHeader']) expect(gemini(r)?.causes).toEqual(['missing-component']);
    expect(gemini('InsufficientFunds')).toBeNull();
    expect(read('gemini', '{"reason":"InvalidSignature"}', 400)).toBeNull();
  });

  it('AWS: S3\'s XML, the query APIs\' XML, JSON __type and API Gateway\'s message', () => {
    const s3 = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><RequestId>8BCC59E0D6968505</RequestId></Error>';
    expect(read('aws-sigv4', s3, 403)).toMatchObject({ code: 'SignatureDoesNotMatch', causes: expect.arrayContaining(['path-form', 'query-order', 'wrong-secret']) });
    const skewed = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message><RequestTime>Mon, 18 Jan 2016 14:51:35 GMT</RequestTime><ServerTime>2016-01-18T14:36:05Z</ServerTime><MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds></Error>';
    expect(causes('aws-sigv4', skewed, 403)).toEqual(['timestamp-skew', 'timestamp-units']);
    const query = '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>IncompleteSignature</Code><Message>Request must contain a signature that conforms to AWS standards</Message></Error><RequestId>x</RequestId></ErrorResponse>';
    expect(causes('aws-sigv4', query, 400)).toEqual(['missing-component']);
    const json = '{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"The request signature we calculated does not match the signature you provided."}';
    expect(read('aws-sigv4', json, 400)).toMatchObject({ code: 'InvalidSignatureException', causes: expect.arrayContaining(['timestamp-skew', 'wrong-secret']) });
    expect(code('aws-sigv4', '{"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}', 403)).toBe('MissingAuthenticationToken');
    expect(code('aws-sigv4', '{"message":"Missing Authentication Token"}', 403)).toBe('MissingAuthenticationToken');
    expect(code('aws-sigv4', '{"__type":"com.amazonaws.dynamodb.v20120810#ExpiredTokenException","message":"The security token included in the request is expired"}', 400)).toBe('ExpiredTokenException');
    expect(read('aws-sigv4', '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>', 404)).toBeNull();
  });
});

describe('readServerAnswer: the sandbox, answering for real', () => {
  const ALL: Creds = { apiKey: 'all-scopes', secret: 'secret-all-0123456789' };
  const READER: Creds = { apiKey: 'reader', secret: 'secret-reader-0123456789' };
  let running: RunningSandbox | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });
  const sandbox = async (): Promise<RunningSandbox> => {
    running = await startSandbox({ symbols: 2, seed: 'errors', keys: [{ ...ALL, scopes: ['read', 'trade'] }, { ...READER, scopes: ['read'] }] });
    return running;
  };

  it('reads a wrong secret, a stale timestamp, a replayed nonce and a missing header from the sandbox\'s own answers', async () => {
    const s = await sandbox();
    const answer = async (p: Promise<{ status: number; text: string }>) => {
      const r = await p;
      return { hmac: readServerAnswer('hmac', { status: r.status, body: r.text }), recipe: readServerAnswer('recipe', { status: r.status, body: r.text }) };
    };
    const wrong = await answer(signedFetch(s.url, { ...ALL, secret: 'not-the-secret' }, 'GET', '/v1/account'));
    expect(wrong.hmac).toMatchObject({ code: 'invalid_signature', causes: expect.arrayContaining(['query-order', 'body-mismatch', 'wrong-secret']) });
    expect(wrong.recipe?.code).toBe('invalid_signature');
    const tampered = await answer(signedFetch(s.url, ALL, 'GET', '/v1/orders?status=open', { tamper: (r) => void (r.url = r.url.replace('open', 'filled')) }));
    expect(tampered.hmac?.code).toBe('invalid_signature');
    const stale = await answer(signedFetch(s.url, ALL, 'GET', '/v1/account', { timestamp: Date.now() - 95_000 }));
    expect(stale.hmac).toMatchObject({ code: 'timestamp_skew', causes: ['timestamp-skew', 'timestamp-units'] });
    await signedFetch(s.url, ALL, 'GET', '/v1/account', { nonce: 'once-only' });
    expect((await answer(signedFetch(s.url, ALL, 'GET', '/v1/account', { nonce: 'once-only' }))).hmac).toMatchObject({ code: 'replayed_nonce', causes: ['replayed-nonce'] });
    expect((await answer(send(`${s.url}/v1/account`, 'GET', {}, null))).hmac).toMatchObject({ code: 'malformed_authorization', causes: ['missing-component', 'scheme-mismatch'] });
    expect((await answer(signedFetch(s.url, { apiKey: 'nobody', secret: 'x' }, 'GET', '/v1/account'))).hmac?.code).toBe('unknown_key');
  });

  it('reads a scope refusal as accepted signing (no causes), and is null for answers that are not refusals', async () => {
    const s = await sandbox();
    const scope = await signedFetch(s.url, READER, 'POST', '/v1/orders', { body: { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: 0.01 } });
    expect(readServerAnswer('hmac', { status: scope.status, body: scope.text })).toMatchObject({ code: 'insufficient_scope', causes: [] });
    const ok = await signedFetch(s.url, ALL, 'GET', '/v1/account');
    expect(ok.status).toBe(200);
    expect(readServerAnswer('hmac', { status: ok.status, body: ok.text })).toBeNull();
    const notFound = await send(`${s.url}/v1/nothing-here`, 'GET', {}, null);
    expect(readServerAnswer('hmac', { status: notFound.status, body: notFound.text })).toBeNull();
  });

  it('knows every refusal the sandbox can give before a route runs (its 401s, 403 and 429), and no other code', () => {
    for (const [sandboxCode, status] of Object.entries(SANDBOX_ERROR_STATUS) as [SandboxErrorCode, number][]) {
      const r = readServerAnswer('hmac', { status, body: JSON.stringify({ code: sandboxCode, message: 'x' }) });
      if (status === 401 || status === 403 || status === 429) expect(r?.code, sandboxCode).toBe(sandboxCode);
      else expect(r, sandboxCode).toBeNull();
    }
  });
});

describe('readServerAnswer: recipe\'s generic 401 and 403', () => {
  it('reads a bare 401 and 403 without a known code, and nothing for other statuses', () => {
    expect(read('recipe', '{"error":"bad auth"}', 401)).toMatchObject({ code: '401', causes: ['missing-component', 'timestamp-skew', 'wrong-secret'] });
    expect(read('recipe', '', 403)).toMatchObject({ code: '403', causes: ['wrong-secret'] });
    expect(read('recipe', '{"error":"bad auth"}', 400)).toBeNull();
    expect(read('recipe', '{"error":"bad auth"}', null)).toBeNull();
  });

  it('only the recipe falls back on the status alone', () => {
    for (const id of SERVER_ERROR_SCHEMES.filter((s) => s !== 'recipe')) expect(read(id, 'nope', 401), id).toBeNull();
  });
});

describe('readServerAnswer: unknown schemes and garbled bodies', () => {
  it('knows every scheme in the registry', () => {
    expect([...SERVER_ERROR_SCHEMES].sort()).toEqual(SCHEMES.map((s) => s.id).sort());
    expect(read('nope', '{"code":-1022}')).toBeNull();
    expect(read('__proto__', '{"code":"invalid_signature"}')).toBeNull();
    expect(read('toString', '{"code":"invalid_signature"}')).toBeNull();
  });

  it('is null for any text, never throwing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SERVER_ERROR_SCHEMES), fc.string({ maxLength: 300 }), (id, body) => {
        expect(readServerAnswer(id, { status: null, body })).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on any JSON, truncated real answers or any status, and only answers with known causes', () => {
    const real = ['{"code":-1022,"msg":"Signature for this request is not valid."}', '{"error":["EAPI:Invalid nonce"]}', '["error",10114,"nonce: small"]', '<Error><Code>SignatureDoesNotMatch</Code></Error>', '{"code":"invalid_signature","message":"x"}'];
    const body = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.tuple(fc.constantFrom(...real), fc.nat()).map(([b, n]) => b.slice(0, n % (b.length + 1))),
      fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '<', '>', '/', 'Code', 'error', '1', '-', ' ') }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...SERVER_ERROR_SCHEMES), body, fc.option(fc.integer({ min: 100, max: 599 })), (id, b, status) => {
        const r = readServerAnswer(id, { status, body: b });
        if (r !== null) {
          expect(typeof r.code).toBe('string');
          expect(r.meaning.length).toBeGreaterThan(20);
          for (const c of r.causes) expect(CAUSES).toContain(c);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('every table entry is one plain sentence, with causes from CAUSES and no duplicates', () => {
    for (const id of SERVER_ERROR_SCHEMES) {
      const table = serverErrorTable(id);
      expect(table.length, id).toBeGreaterThan(0);
      for (const e of table) {
        expect(e.meaning, `${id} ${e.code}`).toMatch(/^[A-Za-z0-9"'-].*\.$/s);
        expect(e.meaning, `${id} ${e.code}`).not.toMatch(/[.!?] [A-Z]/);
        for (const c of e.causes) expect(CAUSES).toContain(c);
        expect(new Set(e.causes).size).toBe(e.causes.length);
      }
    }
    expect(serverErrorTable('nope')).toEqual([]);
  });
});
