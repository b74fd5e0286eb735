/**
 * The `recipe` scheme: a JSON template reproduces published vectors of real APIs (Binance's documentation
 * examples, RFC 4231), round-trips through verify, and names the recipe field when the template is wrong.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RecipeInput } from '../../../src-main/contract/recipe';
import { signRequest, verifyRequest } from '../../../src-main/lib/signing';
import { parseRecipe, recipeScheme } from '../../../src-main/signing/schemes/recipe';
import { SCHEMES } from '../../../src-main/signing/registry';
import type { SignableRequest } from '../../../src-main/signing/types';

interface VectorCase {
  name: string;
  credentials: Record<string, string>;
  timestamp?: number;
  request: SignableRequest & { bodyHex?: string };
  expected: { url: string; headers: Record<string, string>; body: string | null; canonical: string; signature?: string; hmacSha256Hex?: string; hmacSha512Hex?: string };
}
const VECTORS = JSON.parse(readFileSync(new URL('../../fixtures/vectors/signing-public.json', import.meta.url), 'utf8')) as { schemes: Record<string, { cases: VectorCase[] }> };

const json = (r: RecipeInput): { recipe: string } => ({ recipe: JSON.stringify(r) });

/** Binance's SIGNED endpoints as a recipe: the query as sent, then the body; signature appended where the timestamp is. */
const binance = (where: 'query' | 'body'): RecipeInput => ({
  name: `Binance HMAC (${where})`,
  components: [{ type: 'query' }, { type: 'body' }],
  algorithm: 'hmac-sha256',
  output: 'hex',
  signature: { in: where, name: 'signature' },
  timestamp: { format: 'ms', in: where, name: 'timestamp' },
  apiKey: { in: 'header', name: 'X-MBX-APIKEY' },
});

const creds = { apiKey: 'key-1', secret: 's3cret' };
const ctx = { timestamp: 1_764_300_000_123, nonce: 'n-1' };
const get = (url: string, headers: Record<string, string> = {}, body: string | null = null, method = 'GET'): SignableRequest => ({ method, url, headers, body });

describe('recipe scheme: real schemes written as recipes', () => {
  it('is registered with the other schemes', () => {
    expect(SCHEMES).toContain(recipeScheme);
  });

  it.each(VECTORS.schemes['binance-hmac-sha256']!.cases.map((c) => [c.name, c] as const))('reproduces Binance documentation vector %s', async (_name, c) => {
    const options = json(binance(c.request.body ? 'body' : 'query'));
    const signed = await signRequest('recipe', c.request, c.credentials, { timestamp: 1, nonce: 'unused', options });
    expect(signed.canonical).toBe(c.expected.canonical);
    expect(signed.signature).toBe(c.expected.signature);
    expect(signed.request.url).toBe(c.expected.url);
    expect(signed.request.body).toBe(c.expected.body);
    expect(signed.request.headers).toEqual(c.expected.headers);
    // The timestamp was already in the request: signed as given, and said so.
    expect(signed.steps[0]!.label).toMatch(/already in .*timestamp: signed as given/);
    const check = await verifyRequest('recipe', signed.request, c.credentials, { now: c.timestamp!, windowMs: 5000, options });
    expect(check).toEqual({ valid: true, reason: null, canonical: c.expected.canonical, expected: c.expected.signature });
  });

  it.each(VECTORS.schemes['rfc4231-hmac-sha2']!.cases.filter((c) => c.request.body !== null).map((c) => [c.name, c] as const))(
    'reproduces RFC 4231 %s (hex key, HMAC-SHA256 and -SHA512)',
    async (_name, c) => {
      for (const [algorithm, hex] of [['hmac-sha256', c.expected.hmacSha256Hex], ['hmac-sha512', c.expected.hmacSha512Hex]] as const) {
        const options = json({ components: [{ type: 'body' }], algorithm, key: { decoding: 'hex' }, signature: { in: 'header', name: 'X-Sig' } });
        const signed = await signRequest('recipe', get('https://h/', {}, c.request.body, 'POST'), { secret: c.credentials.keyHex! }, { ...ctx, options });
        expect(signed.signature).toBe(hex);
      }
    },
  );

  it('expresses an OKX-style string: ISO timestamp + method + path with ?query + body, base64 output', async () => {
    const options = json({
      components: [{ type: 'timestamp' }, { type: 'method' }, { type: 'path' }, { type: 'query', prefix: '?' }, { type: 'body' }],
      algorithm: 'hmac-sha256',
      output: 'base64',
      signature: { in: 'header', name: 'OK-ACCESS-SIGN' },
      timestamp: { format: 'iso', in: 'header', name: 'OK-ACCESS-TIMESTAMP' },
      apiKey: { in: 'header', name: 'OK-ACCESS-KEY' },
    });
    const body = '{"instId":"BTC-USDT","sz":"1"}';
    const signed = await signRequest('recipe', get('https://www.okx.com/api/v5/trade/order', {}, body, 'post'), creds, { ...ctx, options });
    const canonical = `2025-11-28T03:20:00.123ZPOST/api/v5/trade/order${body}`;
    expect(signed.canonical).toBe(canonical);
    expect(signed.signature).toBe(createHmac('sha256', 's3cret').update(canonical).digest('base64'));
    expect(signed.request.headers).toMatchObject({ 'OK-ACCESS-SIGN': signed.signature, 'OK-ACCESS-TIMESTAMP': '2025-11-28T03:20:00.123Z', 'OK-ACCESS-KEY': 'key-1' });
    const withQuery = await signRequest('recipe', get('https://www.okx.com/api/v5/account/balance?ccy=BTC'), creds, { ...ctx, options });
    expect(withQuery.canonical).toBe('2025-11-28T03:20:00.123ZGET/api/v5/account/balance?ccy=BTC');
  });
});

describe('recipe scheme: the same bytes as built-in schemes', () => {
  const bybit: RecipeInput = {
    name: 'Bybit v5',
    components: [{ type: 'timestamp' }, { type: 'apiKey' }, { type: 'header', name: 'X-BAPI-RECV-WINDOW' }, { type: 'query' }, { type: 'body' }],
    algorithm: 'hmac-sha256',
    output: 'hex',
    signature: { in: 'header', name: 'X-BAPI-SIGN' },
    timestamp: { format: 'ms', in: 'header', name: 'X-BAPI-TIMESTAMP' },
    apiKey: { in: 'header', name: 'X-BAPI-API-KEY' },
  };
  it.each([
    ['GET', 'https://api.bybit.com/v5/order/realtime?category=option&symbol=BTC-29JUL22-25000-C', null],
    ['POST', 'https://api.bybit.com/v5/order/create', '{"category":"spot","symbol":"BTCUSDT","side":"Buy","qty":"0.1"}'],
  ] as const)('Bybit v5 %s: same canonical string, signature and headers as bybit-v5', async (method, url, body) => {
    const headers = { 'X-BAPI-RECV-WINDOW': '5000', 'X-BAPI-SIGN-TYPE': '2' };
    const builtIn = await signRequest('bybit-v5', get(url, {}, body, method), creds, ctx);
    const viaRecipe = await signRequest('recipe', get(url, headers, body, method), creds, { ...ctx, options: json(bybit) });
    expect(viaRecipe.canonical).toBe(builtIn.canonical);
    expect(viaRecipe.signature).toBe(builtIn.signature);
    expect(Object.fromEntries(Object.entries(viaRecipe.request.headers).sort())).toEqual(Object.fromEntries(Object.entries(builtIn.request.headers).sort()));
    // And each verifies the other's request.
    expect((await verifyRequest('bybit-v5', viaRecipe.request, creds, { now: ctx.timestamp })).valid).toBe(true);
    expect((await verifyRequest('recipe', builtIn.request, creds, { now: ctx.timestamp, options: json(bybit) })).valid).toBe(true);
  });

  it('OKX v5 and Coinbase Exchange: same signature as okx-v5 and coinbase-exchange-hmac', async () => {
    const prehash = (sig: string, ts: { format: 'iso' | 's'; name: string }, decoding: 'utf8' | 'base64'): { recipe: string } =>
      json({ components: [{ type: 'timestamp' }, { type: 'method' }, { type: 'path' }, { type: 'query', prefix: '?' }, { type: 'body' }], algorithm: 'hmac-sha256', key: { decoding }, output: 'base64', signature: { in: 'header', name: sig }, timestamp: { ...ts, in: 'header' } });
    const full = { apiKey: 'k', secret: Buffer.from('coinbase secret bytes').toString('base64'), passphrase: 'pp' };
    for (const [method, url, body] of [['GET', 'https://h/api/v5/account/balance?ccy=BTC,ETH', null], ['POST', 'https://h/api/v5/trade/order', '{"instId":"BTC-USDT","sz":"2"}']] as const) {
      const okx = await signRequest('okx-v5', get(url, {}, body, method), full, ctx);
      const okxRecipe = await signRequest('recipe', get(url, {}, body, method), full, { ...ctx, options: prehash('OK-ACCESS-SIGN', { format: 'iso', name: 'OK-ACCESS-TIMESTAMP' }, 'utf8') });
      expect([okxRecipe.canonical, okxRecipe.signature]).toEqual([okx.canonical, okx.signature]);
      const cb = await signRequest('coinbase-exchange-hmac', get(url, {}, body, method), full, ctx);
      const cbRecipe = await signRequest('recipe', get(url, {}, body, method), full, { ...ctx, options: prehash('CB-ACCESS-SIGN', { format: 's', name: 'CB-ACCESS-TIMESTAMP' }, 'base64') });
      expect([cbRecipe.canonical, cbRecipe.signature]).toEqual([cb.canonical, cb.signature]);
    }
  });
});

describe('recipe scheme: components, keys and outputs', () => {
  it('joins labelled parts with the separator: method, host, path, sorted query, body hash, seconds, nonce, header, literal', async () => {
    const options = json({
      components: [
        { type: 'method' },
        { type: 'host' },
        { type: 'path' },
        { type: 'query', format: 'sorted' },
        { type: 'bodyHash', algorithm: 'sha512', encoding: 'base64', label: 'body digest' },
        { type: 'timestamp' },
        { type: 'nonce' },
        { type: 'header', name: 'x-account' },
        { type: 'literal', value: 'v2' },
        { type: 'apiKey' },
      ],
      separator: '\n',
      algorithm: 'hmac-sha512',
      output: 'hex-upper',
      signature: { in: 'header', name: 'Authorization', prefix: 'Sig ' },
      timestamp: { format: 's', in: 'header', name: 'X-Ts' },
      nonce: { in: 'query', name: 'nonce' },
    });
    const body = 'qty=1&note=é';
    const signed = await signRequest('recipe', get('https://api.example.com:8443/v1/orders?b=2&a=x y&a=%2A', { 'X-Account': 'acc 7' }, body, 'POST'), creds, { ...ctx, options });
    const parts = ['POST', 'api.example.com:8443', '/v1/orders', 'a=%2A&a=x%20y&b=2&nonce=n-1', createHash('sha512').update(body).digest('base64'), '1764300000', 'n-1', 'acc 7', 'v2', 'key-1'];
    // Each part carries the separator that follows it: concatenated, the parts are the string.
    expect(signed.canonicalParts.map((p) => p.value)).toEqual(parts.map((p, i) => (i < parts.length - 1 ? `${p}\n` : p)));
    expect(signed.canonicalParts.map((p) => p.value).join('')).toBe(signed.canonical);
    expect(signed.canonicalParts[4]!.label).toBe('body digest');
    expect(signed.canonical).toBe(parts.join('\n'));
    expect(signed.signature).toBe(createHmac('sha512', 's3cret').update(parts.join('\n')).digest('hex').toUpperCase());
    expect(signed.request.headers.Authorization).toBe(`Sig ${signed.signature}`);
    expect(signed.request.url).toBe('https://api.example.com:8443/v1/orders?b=2&a=x%20y&a=%2A&nonce=n-1');
    expect((await verifyRequest('recipe', signed.request, creds, { now: ctx.timestamp, options })).valid).toBe(true);
    // Nothing secret in the steps.
    expect(JSON.stringify(signed.steps)).not.toContain('s3cret');
  });

  it('plain hash over key + string, or string + key, with base64- and hex-decoded keys', async () => {
    const secretBytes = Buffer.from('k€y bytes');
    for (const [decoding, secret] of [['base64', secretBytes.toString('base64')], ['hex', secretBytes.toString('hex')], ['utf8', 'k€y bytes']] as const) {
      for (const keyPosition of ['prefix', 'suffix'] as const) {
        const options = json({ components: [{ type: 'method' }, { type: 'path' }], separator: ' ', algorithm: 'sha384', keyPosition, key: { decoding }, output: 'base64url', signature: { in: 'query', name: 'sig' } });
        const signed = await signRequest('recipe', get('https://h/p'), { secret }, { ...ctx, options });
        const h = createHash('sha384');
        if (keyPosition === 'prefix') h.update(secretBytes).update('GET /p');
        else h.update('GET /p').update(secretBytes);
        expect(signed.signature, `${decoding} ${keyPosition}`).toBe(h.digest('base64url'));
        expect(signed.request.url).toBe(`https://h/p?sig=${signed.signature}`);
      }
    }
  });

  // Was 'keys with the passphrase when the recipe says so', which asserted an attack's opening: a passphrase is
  // guessable, and a signature keyed with it lets guesses be tested offline.
  it('refuses to key with the passphrase, and keys with the secret', async () => {
    const options = { recipe: JSON.stringify({ components: [{ type: 'path' }], algorithm: 'hmac-sha256', key: { field: 'passphrase' }, signature: { in: 'header', name: 'X-Sig' } }) };
    await expect(signRequest('recipe', get('https://h/p'), { secret: 'x', passphrase: 'pp' }, { ...ctx, options })).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(/^recipe\.key\.field: expected secret/) });
    const signed = await signRequest('recipe', get('https://h/p'), { secret: 'x', passphrase: 'pp' }, { ...ctx, options: json({ components: [{ type: 'path' }], algorithm: 'hmac-sha256', key: { field: 'secret' }, signature: { in: 'header', name: 'X-Sig' } }) });
    expect(signed.signature).toBe(createHmac('sha256', 'x').update('/p').digest('hex'));
  });

  it('puts timestamp, nonce and signature into a JSON body as its last members, and verifies byte for byte', async () => {
    const options = json({
      components: [{ type: 'method' }, { type: 'path' }, { type: 'body' }],
      separator: '|',
      algorithm: 'hmac-sha256',
      signature: { in: 'body', name: 'sign' },
      timestamp: { format: 'ms', in: 'body', name: 'ts' },
      nonce: { in: 'body', name: 'nonce' },
    });
    const body = '{ "symbol": "ÉTH-€", "qty": 1 }\n';
    const signed = await signRequest('recipe', get('https://h/v1/o', {}, body, 'POST'), creds, { ...ctx, options });
    expect(signed.canonical).toBe('POST|/v1/o|{ "symbol": "ÉTH-€", "qty": 1,"ts":"1764300000123","nonce":"n-1"}');
    expect(signed.request.body).toBe(`{ "symbol": "ÉTH-€", "qty": 1,"ts":"1764300000123","nonce":"n-1","sign":"${signed.signature}"}`);
    expect(JSON.parse(signed.request.body!)).toMatchObject({ qty: 1, sign: signed.signature });
    const now = ctx.timestamp;
    expect((await verifyRequest('recipe', signed.request, creds, { now, options })).valid).toBe(true);
    const moved = signed.request.body!.replace(`,"sign":"${signed.signature}"}`, '}').replace('{ ', `{ "sign":"${signed.signature}",`);
    expect((await verifyRequest('recipe', { ...signed.request, body: moved }, creds, { now, options })).reason).toMatch(/not the last member/);
    expect((await verifyRequest('recipe', { ...signed.request, body: signed.request.body!.replace('"qty": 1', '"qty": 2') }, creds, { now, options })).reason).toMatch(/does not match/);
    // An empty object gets members without a leading comma.
    const empty = await signRequest('recipe', get('https://h/v1/o', {}, '{}', 'POST'), creds, { ...ctx, options });
    expect(empty.request.body).toBe(`{"ts":"1764300000123","nonce":"n-1","sign":"${empty.signature}"}`);
    expect((await verifyRequest('recipe', empty.request, creds, { now, options })).valid).toBe(true);
  });

  it('adds form fields to a form body and creates one when there is none', async () => {
    const options = json({ components: [{ type: 'body' }], algorithm: 'hmac-sha256', signature: { in: 'body', name: 'sig' }, nonce: { in: 'body', name: 'nonce' } });
    const signed = await signRequest('recipe', get('https://h/p', {}, null, 'POST'), creds, { ...ctx, nonce: 'a b&c', options });
    expect(signed.canonical).toBe('nonce=a%20b%26c');
    expect(signed.request.body).toBe(`nonce=a%20b%26c&sig=${signed.signature}`);
    expect((await verifyRequest('recipe', signed.request, creds, { now: 0, windowMs: 0, options })).valid).toBe(true);
  });

  it('timestamps in seconds, milliseconds and ISO 8601; a stale one fails the window', async () => {
    for (const [format, text] of [['s', '1764300000'], ['ms', '1764300000123'], ['iso', '2025-11-28T03:20:00.123Z']] as const) {
      const options = json({ components: [{ type: 'timestamp' }, { type: 'path' }], algorithm: 'hmac-sha256', signature: { in: 'header', name: 'X-Sig' }, timestamp: { format, in: 'header', name: 'X-Ts' } });
      const signed = await signRequest('recipe', get('https://h/p'), creds, { ...ctx, options });
      expect(signed.request.headers['X-Ts']).toBe(text);
      expect((await verifyRequest('recipe', signed.request, creds, { now: ctx.timestamp + 10_000, windowMs: 30_000, options })).valid).toBe(true);
      expect((await verifyRequest('recipe', signed.request, creds, { now: ctx.timestamp + 120_000, windowMs: 30_000, options })).reason).toMatch(/away from now; the window is ±30 s/);
      const given = await signRequest('recipe', get('https://h/p', { 'x-ts': text }), creds, { timestamp: 1, nonce: 'n', options });
      expect(given.signature).toBe(signed.signature);
      await expect(signRequest('recipe', get('https://h/p', { 'x-ts': 'soon' }), creds, { ...ctx, options })).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(/^header X-Ts: .*expected/) });
    }
  });
});

describe('recipe scheme: verify', () => {
  const options = json({
    components: [{ type: 'method' }, { type: 'path' }, { type: 'query' }, { type: 'header', name: 'X-Account' }, { type: 'timestamp' }, { type: 'body' }],
    separator: '\n',
    algorithm: 'hmac-sha256',
    output: 'base64',
    signature: { in: 'header', name: 'X-Sign' },
    timestamp: { format: 'ms', in: 'header', name: 'X-Ts' },
    apiKey: { in: 'header', name: 'X-Key' },
  });
  const sign = () => signRequest('recipe', get('https://h/v1/o?x=1', { 'X-Account': 'a1' }, 'qty=1', 'POST'), creds, { ...ctx, options });
  const check = (request: SignableRequest, c: Record<string, string> = creds) => verifyRequest('recipe', request, c, { now: ctx.timestamp, options });

  it('accepts what it signed and explains each kind of rejection', async () => {
    const signed = await sign();
    expect(await check(signed.request)).toMatchObject({ valid: true, reason: null, canonical: signed.canonical, expected: signed.signature });
    const h = signed.request.headers;
    expect((await check({ ...signed.request, headers: { ...h, 'X-Sign': `${signed.signature.slice(1)}A` } })).reason).toMatch(/does not match/);
    const { 'X-Sign': _s, ...noSig } = h;
    expect((await check({ ...signed.request, headers: noSig })).reason).toMatch(/carries no signature: the recipe puts it in header X-Sign/);
    const { 'X-Ts': _t, ...noTs } = h;
    expect((await check({ ...signed.request, headers: noTs })).reason).toMatch(/carries no timestamp/);
    const { 'X-Account': _a, ...noAccount } = h;
    expect((await check({ ...signed.request, headers: noAccount })).reason).toMatch(/no X-Account header, which the recipe signs/);
    expect((await check({ ...signed.request, headers: { ...h, 'X-Account': 'a2' } })).reason).toMatch(/does not match/);
    expect((await check({ ...signed.request, method: 'PUT' })).valid).toBe(false);
    expect((await check({ ...signed.request, url: 'https://h/v1/o?x=2' })).valid).toBe(false);
    expect((await check(signed.request, { ...creds, secret: 'other' })).reason).toMatch(/does not match/);
    expect((await check(signed.request, { ...creds, apiKey: 'key-2' })).reason).toMatch(/names API key "key-1", not this key/);
    expect((await check({ ...signed.request, headers: { ...h, 'X-Ts': 'yesterday' } })).reason).toMatch(/not Unix milliseconds/);
  });

  it('finds a query signature wherever it is, but only once', async () => {
    const q = json({ components: [{ type: 'query' }], algorithm: 'hmac-sha256', signature: { in: 'query', name: 'sig' } });
    const signed = await signRequest('recipe', get('https://h/p?a=1&b=2'), creds, { ...ctx, options: q });
    expect((await verifyRequest('recipe', signed.request, creds, { now: 0, options: q })).valid).toBe(true);
    expect((await verifyRequest('recipe', { ...signed.request, url: `${signed.request.url}&sig=x` }, creds, { now: 0, options: q })).reason).toMatch(/appears 2 times/);
    await expect(signRequest('recipe', signed.request, creds, { ...ctx, options: q })).rejects.toMatchObject({ message: expect.stringMatching(/^url: already carries the signature/) });
  });
});

describe('recipe scheme: bad recipes and bad input name the field', () => {
  const base: RecipeInput = { components: [{ type: 'path' }], algorithm: 'hmac-sha256', signature: { in: 'header', name: 'X-Sig' } };
  const bad: [string, string | undefined, RegExp][] = [
    ['missing', undefined, /^option recipe: the recipe scheme needs its template/],
    ['not JSON', '{components:', /^recipe: expected a JSON object \(/],
    ['an array', '[]', /^recipe: expected a JSON object$/],
    ['unknown component', JSON.stringify({ ...base, components: [{ type: 'path' }, { type: 'cookie' }] }), /^recipe\.components\.1\.type: expected a component type: method, host, path/],
    ['unknown field', JSON.stringify({ ...base, colour: 'red' }), /^recipe\.colour: not a recipe field/],
    ['unknown component field', JSON.stringify({ ...base, components: [{ type: 'path', encoding: 'x' }] }), /^recipe\.components\.0\.encoding: not a recipe field/],
    ['bad algorithm', JSON.stringify({ ...base, algorithm: 'md5' }), /^recipe\.algorithm: expected one of hmac-sha256/],
    ['bad key decoding', JSON.stringify({ ...base, key: { decoding: 'rot13' } }), /^recipe\.key\.decoding: expected utf8, base64 or hex/],
    ['bad output', JSON.stringify({ ...base, output: 'octal' }), /^recipe\.output: expected one of hex, hex-upper, base64, base64url/],
    ['bad location', JSON.stringify({ ...base, signature: { in: 'cookie', name: 's' } }), /^recipe\.signature\.in: expected header, query or body/],
    ['bad header name', JSON.stringify({ ...base, signature: { in: 'header', name: 'X Sig' } }), /^recipe\.signature\.name: expected a header name/],
    ['bad param name', JSON.stringify({ ...base, nonce: { in: 'query', name: 'a&b' } }), /^recipe\.nonce\.name: must not contain/],
    ['two in one place', JSON.stringify({ ...base, nonce: { in: 'header', name: 'x-sig' } }), /^recipe\.nonce\.name: signature already goes in header "x-sig"/],
    ['unsent timestamp', JSON.stringify({ ...base, components: [{ type: 'timestamp' }] }), /^recipe\.components\.0: the timestamp is signed, so say where it is sent/],
    ['unsent nonce', JSON.stringify({ ...base, components: [{ type: 'nonce' }] }), /^recipe\.components\.0: the nonce is signed/],
    ['prefix off a header', JSON.stringify({ ...base, signature: { in: 'query', name: 's', prefix: 'x' } }), /^recipe\.signature\.prefix: a prefix is only for signatures in a header/],
    ['key position with HMAC', JSON.stringify({ ...base, keyPosition: 'suffix' }), /^recipe\.keyPosition: only plain hashes/],
    ['signing the signature', JSON.stringify({ ...base, components: [{ type: 'header', name: 'x-SIG' }] }), /^recipe\.components\.0\.name: the signature header cannot be part of what is signed/],
    ['no components', JSON.stringify({ ...base, components: [] }), /^recipe\.components: expected at least one component/],
    ['a timestamp format', JSON.stringify({ ...base, timestamp: { format: 'days', in: 'header', name: 'X-Ts' } }), /^recipe\.timestamp\.format: expected s \(Unix seconds\), ms/],
  ];
  it.each(bad)('refuses a recipe: %s', async (_what, recipe, message) => {
    const options: Record<string, string> = recipe === undefined ? {} : { recipe };
    await expect(signRequest('recipe', get('https://h/p'), creds, { ...ctx, options })).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(message) });
    await expect(verifyRequest('recipe', get('https://h/p', { 'X-Sig': 'x' }), creds, { options })).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(message) });
  });

  it('parseRecipe fills the defaults', () => {
    expect(parseRecipe(JSON.stringify(base))).toMatchObject({ version: 1, separator: '', key: { field: 'secret', decoding: 'utf8' }, output: 'hex', components: [{ type: 'path' }] });
  });

  it('refuses other options, bad keys, a missing signed header and a nonce that cannot go in a header', async () => {
    const options = json(base);
    await expect(signRequest('recipe', get('https://h/p'), creds, { ...ctx, options: { ...options, algorithm: 'x' } })).rejects.toMatchObject({ message: expect.stringMatching(/^option algorithm: the recipe scheme takes only recipe=/) });
    await expect(signRequest('recipe', get('https://h/p'), { secret: 'not base64!' }, { ...ctx, options: json({ ...base, key: { decoding: 'base64' } }) })).rejects.toMatchObject({ message: expect.stringMatching(/^credentials\.secret: expected base64/) });
    await expect(signRequest('recipe', get('https://h/p'), { secret: 'abc' }, { ...ctx, options: json({ ...base, key: { decoding: 'hex' } }) })).rejects.toMatchObject({ message: expect.stringMatching(/^credentials\.secret: expected hex/) });
    await expect(signRequest('recipe', get('https://h/p'), {}, { ...ctx, options })).rejects.toMatchObject({ message: expect.stringMatching(/^credentials\.secret:/) });
    await expect(signRequest('recipe', get('https://h/p'), { secret: 's' }, { ...ctx, options: json({ ...base, apiKey: { in: 'header', name: 'X-Key' } }) })).rejects.toMatchObject({ message: expect.stringMatching(/^credentials\.apiKey:/) });
    await expect(signRequest('recipe', get('https://h/p'), creds, { ...ctx, options: json({ ...base, components: [{ type: 'header', name: 'X-Account' }] }) })).rejects.toMatchObject({ message: expect.stringMatching(/^headers\.X-Account: the recipe signs this header/) });
    await expect(signRequest('recipe', get('https://h/p'), creds, { ...ctx, nonce: 'a\r\nb', options: json({ ...base, nonce: { in: 'header', name: 'X-Nonce' } }) })).rejects.toMatchObject({ message: expect.stringMatching(/^nonce: goes in header X-Nonce/) });
    await expect(signRequest('recipe', get('https://h/p', {}, '{"a":', 'POST'), creds, { ...ctx, options: json({ ...base, signature: { in: 'body', name: 's' } }) })).rejects.toMatchObject({ message: expect.stringMatching(/^body: expected a JSON object/) });
    await expect(signRequest('recipe', get('not a url'), creds, { ...ctx, options })).rejects.toMatchObject({ message: expect.stringMatching(/^url:/) });
  });
});
