/**
 * "Copy as" output pinned byte for byte: every scheme's writer (and the snapshot writer) in curl, fetch and Python
 * for a varied set of requests, credentials and options, plus the recipe writer for hand-written recipes, the recipe
 * editor's templates and a few hundred seeded random recipes. The snapshot file holds the SHA-256 of each output (or
 * the error it throws), so a change to the writers that changes a single byte of any output fails here with the
 * cases it changed. The export-*.test.ts files prove the code works; this one proves a restructuring changed nothing.
 * With SIGNET_EXPORT_DUMP=<dir> set, every output is also written there, one file per case, to diff by hand.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Recipe, type RecipeInput } from '../../../../src-main/contract/recipe';
import type { CodeFormat, SignerInput, SnapshotInput } from '../../../../src-main/signing/export/code-writer';
import { exportRequest } from '../../../../src-main/signing/export/export-request';
import { writeSnapshotCode } from '../../../../src-main/signing/export/snapshot';
import { SCHEMES, getScheme } from '../../../../src-main/signing/registry';
import type { SignableRequest } from '../../../../src-main/signing/types';

const FORMATS: readonly CodeFormat[] = ['curl', 'fetch', 'python'];
const O = 'http://127.0.0.1:8443';
const UNICODE_JSON = `{"memo":"naïve ✓ 'quoted' $HOME \\"x\\"","qty":"0.5"}\n`;
/** 2026-01-02T03:04:05.678Z: timestamps a request may carry, fixed so the outputs are too. */
const T = 1767323045678;

const req = (method: string, path: string, headers: Record<string, string> = {}, body: string | null = null): SignableRequest => ({ method, url: new URL(`${O}${path}`).href, headers, body });

/** Requests every scheme is asked to write (a scheme that refuses one records its error). */
const COMMON: Readonly<Record<string, SignableRequest>> = {
  'get-query': req('GET', '/v1/account?b=2&a=caf%C3%A9&a=*(1)&empty'),
  'get-plain': req('GET', '/v1/account', { Accept: 'application/json' }),
  'post-json': req('post', '/v1/orders', { 'Content-Type': 'application/json', 'X-Client': "it's me" }, UNICODE_JSON),
  'post-form': req('POST', '/v1/orders', { 'Content-Type': 'application/x-www-form-urlencoded' }, 'symbol=BTC&note=caf%C3%A9+au+lait&x=1'),
  'post-form-untyped': req('POST', '/api/v3/order', {}, 'symbol=BTCUSDT&side=SELL&quantity=1&note=café ✓'),
  'post-query-no-body': req('POST', '/api/v3/order?symbol=BTCUSDT&side=BUY&quantity=0.01'),
  'special-chars': req('GET', '/v1/x%41y|z?f=a|b{c}^d`e&g=%7e%41%2F&q=a+b', { 'X-Quote': `"q" $HOME \`x\` \\ 'a'` }),
  'leading-question': req('GET', '/v1/q??x=1&q=a+b&n=%ff%C3%A9'),
  unicode: req('GET', '/v1/café/✓?note=naïve ✓&e=€'),
  'brackets': req('GET', '/api/v3/openOrders?symbols=[BTC|ETH]&x={a}&y=%41'),
  'empty-body': req('POST', '/v1/empty', { 'Content-Type': 'application/json' }, ''),
  'null-body-post': req('POST', '/v1/balance'),
  'json-object-empty': req('POST', '/v1/empty', {}, '{ }\n'),
  'delete-lower': req('delete', '/v1/orders/42?all=true'),
  'put-text': req('PUT', '/bucket/key%20with%20spaces.txt', { 'Content-Type': 'text/plain', 'Content-Length': '17' }, "it's $HOME \"q\"\n  "),
  'typed-auth': req('GET', '/v1/x', { authorization: 'Bearer old', 'x-mbx-apikey': 'old' }),
};

/** Requests that carry a scheme's own timestamp, nonce or payload. */
const OWN: Readonly<Record<string, readonly [string, SignableRequest][]>> = {
  'okx-v5': [['own-ts', req('GET', '/api/v5/account/balance', { 'ok-access-timestamp': new Date(T).toISOString() })]],
  'bybit-v5': [
    ['own-ts', req('GET', '/v5/account/wallet-balance?accountType=UNIFIED', { 'X-BAPI-TIMESTAMP': String(T) })],
    ['own-recv', req('POST', '/v5/order/create', { 'x-bapi-recv-window': '7000', 'Content-Type': 'application/json' }, UNICODE_JSON)],
  ],
  'kucoin-v2': [
    ['own-ts', req('GET', '/api/v1/accounts?currency=BTC&passphrase=abc%21%40%2311&note=caf%C3%A9', { 'KC-API-TIMESTAMP': String(T) })],
  ],
  'coinbase-exchange-hmac': [['own-ts', req('GET', '/accounts', { 'CB-ACCESS-TIMESTAMP': String(Math.floor(T / 1000)) })]],
  'kraken-spot': [
    ['own-nonce-form', req('POST', '/0/private/Balance', {}, `nonce=${T}&asset=XBT`)],
    ['own-nonce-json', req('POST', '/0/private/Balance', { 'content-type': 'application/json' }, `{"nonce": ${T}, "asset": "XBT"}`)],
    ['json-untyped', req('POST', '/0/private/AddOrder', {}, '{"pair": "XBTUSD", "memo": "naïve \'q\' $HOME"}')],
  ],
  'bitfinex-v2': [['own-nonce', req('POST', '/v2/auth/r/wallets', { 'bfx-nonce': `${T}000` }, '{}')]],
  gemini: [
    ['payload-params', req('POST', '/v1/order/status', {}, '{ "order_id": 18834, "memo": "naïve \'q\' $HOME" }')],
    ['payload-own', req('POST', '/v1/mytrades', {}, `{\n  "request": "/v1/mytrades",\n\n  "nonce": ${T},\n  "symbol": "btcusd"\n}`)],
    ['payload-request-only', req('POST', '/v1/mytrades', {}, '{"request": "/v1/other"}')],
    ['payload-empty-object', req('POST', '/v1/balances', {}, '{}')],
  ],
  'binance-hmac-sha256': [
    ['own-ts', req('GET', `/api/v3/account?recvWindow=60000&timestamp=${T}`)],
    ['own-ts-body', req('POST', '/api/v3/order', {}, `symbol=BTC&timestamp=${T}`)],
  ],
  'aws-sigv4': [
    ['own-date', req('GET', '/prod/items', { 'X-Amz-Date': '20260102T030405Z' })],
    ['spaced-header', req('GET', '/prod/items?b=2&a=caf%C3%A9&a=*(1)&empty', { 'X-Custom': 'spaced   value' })],
    ['encoded-path', req('GET', '/prod/a%20b/c')],
  ],
};

/** The key's public fields, the secret fields it has and the options, per variant of a scheme. */
interface Variant {
  readonly name: string;
  readonly publicCredentials: SignerInput['publicCredentials'];
  readonly secretFields: SignerInput['secretFields'];
  readonly options?: Record<string, string>;
}
const API_KEY = 'key-0123 "q" $x';
const plain = (secretFields: SignerInput['secretFields'], options?: Record<string, string>, name = 'default'): Variant => ({ name, publicCredentials: { apiKey: API_KEY }, secretFields, ...(options ? { options } : {}) });
const AWS_PUBLIC = { accessKeyId: 'AKIDEXAMPLE', region: 'eu-west-3', service: 'execute-api' };
const VARIANTS: Readonly<Record<string, readonly Variant[]>> = {
  hmac: [plain(['secret']), plain(['secret'], { algorithm: 'hmac-sha512' }, 'sha512'), plain(['secret'], { algorithm: 'hmac-sha256' }, 'sha256-explicit'), { name: 'no-key', publicCredentials: {}, secretFields: ['secret'] }],
  'binance-hmac-sha256': [plain(['secret'])],
  'binance-ed25519': [plain(['privateKeyPem']), plain(['privateKeyPem', 'passphrase'], undefined, 'encrypted')],
  'binance-rsa': [plain(['privateKeyPem']), plain(['privateKeyPem', 'passphrase'], undefined, 'encrypted')],
  'kraken-spot': [plain(['secret'])],
  gemini: [plain(['secret'])],
  'bitfinex-v2': [plain(['secret'])],
  'coinbase-exchange-hmac': [plain(['secret', 'passphrase'])],
  'coinbase-advanced-cdp-jwt': [{ name: 'default', publicCredentials: { apiKey: 'organizations/0e7a/apiKeys/1f2e "q"\\' }, secretFields: ['privateKeyPem'] }],
  'okx-v5': [plain(['secret', 'passphrase'])],
  'bybit-v5': [plain(['secret']), plain(['secret'], { recvWindow: '20000' }, 'recv-window')],
  'kucoin-v2': [plain(['secret', 'passphrase']), plain(['secret', 'passphrase'], { keyVersion: '3' }, 'key-version-3')],
  'aws-sigv4': [
    { name: 'default', publicCredentials: AWS_PUBLIC, secretFields: ['secretAccessKey'] },
    { name: 'token', publicCredentials: AWS_PUBLIC, secretFields: ['secretAccessKey', 'sessionToken'] },
    { name: 's3', publicCredentials: { ...AWS_PUBLIC, service: 's3' }, secretFields: ['secretAccessKey'] },
  ],
};

// ───────────────────────────── recipes ─────────────────────────────

/** Hand-written recipes that together use every option of the schema, and the recipe editor's templates. */
const RECIPES: Readonly<Record<string, RecipeInput>> = {
  'binance-like': { components: [{ type: 'query' }, { type: 'body' }], algorithm: 'hmac-sha256', output: 'hex', signature: { in: 'query', name: 'signature' }, timestamp: { format: 'ms', in: 'query', name: 'timestamp' }, apiKey: { in: 'header', name: 'X-MBX-APIKEY' } },
  'header-signed': {
    name: 'Header\nsigned',
    components: [{ type: 'method' }, { type: 'host' }, { type: 'path' }, { type: 'query', format: 'sorted', prefix: '?' }, { type: 'bodyHash', algorithm: 'sha384', encoding: 'base64', label: 'body */ hash\nline' }, { type: 'timestamp' }, { type: 'nonce' }, { type: 'apiKey' }],
    separator: '\n',
    algorithm: 'hmac-sha512',
    output: 'base64url',
    signature: { in: 'header', name: 'Authorization', prefix: 'Sig "v1" ' },
    timestamp: { format: 'iso', in: 'query', name: 'ts' },
    nonce: { in: 'header', name: 'X-Nonce' },
    apiKey: { in: 'query', name: 'api_key' },
  },
  'json-members': { components: [{ type: 'timestamp' }, { type: 'method' }, { type: 'path' }, { type: 'body' }, { type: 'nonce' }], separator: '|', algorithm: 'sha384', output: 'hex', signature: { in: 'body', name: 'sign' }, timestamp: { format: 's', in: 'body', name: 'ts' }, nonce: { in: 'body', name: 'nonce' }, apiKey: { in: 'body', name: 'apiKey' } },
  'json-signature-only': { components: [{ type: 'body' }, { type: 'timestamp' }], algorithm: 'hmac-sha256', output: 'base64', signature: { in: 'body', name: 'sig' }, timestamp: { format: 'ms', in: 'header', name: 'X-Ts' } },
  'form-fields': { components: [{ type: 'body' }, { type: 'bodyHash' }, { type: 'nonce' }], separator: '\n', algorithm: 'hmac-sha384', output: 'base64', signature: { in: 'body', name: 'signature' }, timestamp: { format: 'ms', in: 'body', name: 'timestamp' }, nonce: { in: 'body', name: 'nonce' }, apiKey: { in: 'header', name: 'X-Key' } },
  'hex-key-suffix': { components: [{ type: 'method' }, { type: 'path' }, { type: 'query', prefix: '?' }, { type: 'timestamp' }], separator: '&&', algorithm: 'sha512', keyPosition: 'suffix', key: { decoding: 'hex' }, output: 'hex-upper', signature: { in: 'header', name: 'X-Signature' }, timestamp: { format: 's', in: 'header', name: 'X-Timestamp' }, nonce: { in: 'query', name: 'nonce' } },
  'base64-key-prefix': { components: [{ type: 'path' }, { type: 'query', prefix: '?' }, { type: 'literal', value: 'v1 "$x"' }, { type: 'apiKey' }], separator: '\n', algorithm: 'sha256', keyPosition: 'prefix', key: { field: 'secret', decoding: 'base64' }, output: 'base64', signature: { in: 'query', name: 'sig' }, apiKey: { in: 'header', name: 'X-Api-Key' } },
  'headers-literal': { components: [{ type: 'literal', value: 'v1' }, { type: 'header', name: 'x-client' }, { type: 'header', name: 'Content-Type' }, { type: 'body' }], separator: ' ', algorithm: 'hmac-sha256', key: { decoding: 'hex' }, output: 'base64', signature: { in: 'header', name: 'X-Signature' }, apiKey: { in: 'body', name: 'key' } },
  'sorted-plain': { components: [{ type: 'method' }, { type: 'query', format: 'sorted', prefix: '?' }, { type: 'timestamp' }], separator: '\n', algorithm: 'hmac-sha256', output: 'hex', signature: { in: 'header', name: 'X-Sig' }, timestamp: { format: 'ms', in: 'query', name: 'ts' } },
  'given-ts-nonce': { components: [{ type: 'timestamp' }, { type: 'nonce' }, { type: 'query' }], separator: ':', algorithm: 'hmac-sha256', output: 'hex', signature: { in: 'query', name: 'signature' }, timestamp: { format: 'ms', in: 'query', name: 'timestamp' }, nonce: { in: 'header', name: 'X-Nonce' } },
  'template-binance-hmac': { name: 'Binance HMAC-SHA256', components: [{ type: 'query' }, { type: 'body' }], algorithm: 'hmac-sha256', output: 'hex', signature: { in: 'query', name: 'signature' }, timestamp: { format: 'ms', in: 'query', name: 'timestamp' }, apiKey: { in: 'header', name: 'X-MBX-APIKEY' } },
  'template-bybit-v5': { name: 'Bybit v5', components: [{ type: 'timestamp' }, { type: 'apiKey' }, { type: 'header', name: 'X-BAPI-RECV-WINDOW' }, { type: 'query' }, { type: 'body' }], algorithm: 'hmac-sha256', output: 'hex', signature: { in: 'header', name: 'X-BAPI-SIGN' }, timestamp: { format: 'ms', in: 'header', name: 'X-BAPI-TIMESTAMP' }, apiKey: { in: 'header', name: 'X-BAPI-API-KEY' } },
  'template-coinbase-exchange': { name: 'Coinbase Exchange', components: [{ type: 'timestamp' }, { type: 'method' }, { type: 'path' }, { type: 'query', prefix: '?' }, { type: 'body' }], algorithm: 'hmac-sha256', key: { field: 'secret', decoding: 'base64' }, output: 'base64', signature: { in: 'header', name: 'CB-ACCESS-SIGN' }, timestamp: { format: 's', in: 'header', name: 'CB-ACCESS-TIMESTAMP' }, apiKey: { in: 'header', name: 'CB-ACCESS-KEY' } },
};

/** Requests for the hand-written recipes (beside COMMON). */
const RECIPE_REQUESTS: Readonly<Record<string, SignableRequest>> = {
  'given-ts-nonce': req('GET', `/v1/given?timestamp=${T}`, { 'X-Nonce': 'typed-nonce-1' }),
  'given-iso': req('GET', '/v1/given?ts=2026-01-02T03:04:05.678Z', { 'X-Nonce': 'n' }),
  'given-s-body': req('POST', '/v1/given', { 'Content-Type': 'application/json' }, `{"ts": ${Math.floor(T / 1000)}, "nonce": "n1", "a": 1}`),
  'headers-for-literal': req('PUT', '/v1/profile', { 'X-Client': `it's "me" $HOME`, 'Content-Type': 'application/x-www-form-urlencoded', 'X-BAPI-RECV-WINDOW': '5000' }, 'name=caf%C3%A9'),
};

// The property of export-recipe.test.ts, sampled with a fixed seed: a few hundred recipes that reach most branches.
const locationArb = (names: readonly string[]) => fc.record({ in: fc.constantFrom('header' as const, 'query' as const, 'body' as const), name: fc.constantFrom(...names) });
const componentArb = fc.oneof(
  fc.constant({ type: 'method' as const }),
  fc.constant({ type: 'host' as const }),
  fc.constant({ type: 'path' as const }),
  fc.record({ type: fc.constant('query' as const), format: fc.constantFrom('raw' as const, 'sorted' as const), prefix: fc.constantFrom('', '?') }),
  fc.constant({ type: 'body' as const }),
  fc.record({ type: fc.constant('bodyHash' as const), algorithm: fc.constantFrom('sha256' as const, 'sha384' as const, 'sha512' as const), encoding: fc.constantFrom('hex' as const, 'base64' as const) }),
  fc.constant({ type: 'timestamp' as const }),
  fc.constant({ type: 'nonce' as const }),
  fc.constant({ type: 'apiKey' as const }),
  fc.constant({ type: 'header' as const, name: 'X-Client' }),
  fc.record({ type: fc.constant('literal' as const), value: fc.constantFrom('v1', '', ' "$`\\ ', 'naïve\n') }),
);
const recipeArb = fc
  .record({
    components: fc.array(componentArb, { minLength: 1, maxLength: 7 }),
    separator: fc.constantFrom('', '\n', '|', '&', ' "$`\\ ', '\t'),
    algorithm: fc.constantFrom('hmac-sha256' as const, 'hmac-sha384' as const, 'hmac-sha512' as const, 'sha256' as const, 'sha384' as const, 'sha512' as const),
    keyPosition: fc.constantFrom('prefix' as const, 'suffix' as const),
    decoding: fc.constantFrom('utf8' as const, 'base64' as const, 'hex' as const),
    output: fc.constantFrom('hex' as const, 'hex-upper' as const, 'base64' as const, 'base64url' as const),
    signature: fc.record({ in: fc.constantFrom('header' as const, 'query' as const, 'body' as const), name: fc.constantFrom('Signature', 'sig', 'X-Sig') }),
    prefix: fc.constantFrom(undefined, 'Sig ', '"q" $x '),
    timestamp: fc.option(fc.record({ format: fc.constantFrom('s' as const, 'ms' as const, 'iso' as const), loc: locationArb(['ts', 'Time']) })),
    nonce: fc.option(locationArb(['nonce', 'n'])),
    apiKey: fc.option(locationArb(['key', 'api_key'])),
  })
  .map((r): RecipeInput => {
    const needsTs = r.components.some((c) => c.type === 'timestamp');
    const needsNonce = r.components.some((c) => c.type === 'nonce');
    return {
      components: r.components,
      separator: r.separator,
      algorithm: r.algorithm,
      ...(r.algorithm.startsWith('hmac-') ? {} : { keyPosition: r.keyPosition }),
      key: { decoding: r.decoding },
      output: r.output,
      signature: { ...r.signature, ...(r.signature.in === 'header' && r.prefix !== undefined ? { prefix: r.prefix } : {}) },
      ...(r.timestamp || needsTs ? { timestamp: { format: r.timestamp?.format ?? 'ms', ...(r.timestamp?.loc ?? { in: 'header' as const, name: 'X-Ts' }) } } : {}),
      ...(r.nonce || needsNonce ? { nonce: r.nonce ?? { in: 'query' as const, name: 'n' } } : {}),
      ...(r.apiKey ? { apiKey: r.apiKey } : {}),
    };
  })
  .filter((r) => Recipe.safeParse(r).success);
const requestArb = fc.record({
  method: fc.constantFrom('POST', 'PUT', 'GET'),
  query: fc.constantFrom('', 'b=2&a=1', 'a=%2A&a=x%20y&c', 'q=caf%C3%A9+au&z=', '?x=1&n=%ff'),
  body: fc.constantFrom(null, '', '{}', '{ "a": 1, "memo": "naïve \'q\' $HOME" }\n', 'a=1&b=caf%C3%A9', '[1]'),
});
const RANDOM_RECIPES = fc.sample(fc.tuple(recipeArb, requestArb), { seed: 20261203, numRuns: 300 });

// ───────────────────────────── the outputs ─────────────────────────────

const noSnapshot = { scheme: getScheme('hmac'), timestamp: 0, nonce: '', request: { method: 'GET', url: [], headers: [], body: null } };

/** Every case: its name and how to write it in a format. */
function cases(): [string, (format: CodeFormat) => { code: string; kind: string; env: readonly string[] }][] {
  const out: [string, (format: CodeFormat) => { code: string; kind: string; env: readonly string[] }][] = [];
  for (const scheme of SCHEMES) {
    if (scheme.id === 'recipe') continue;
    const requests = [...Object.entries(COMMON), ...(OWN[scheme.id] ?? [])];
    for (const v of VARIANTS[scheme.id] ?? []) {
      for (const [name, request] of requests) {
        const input: SignerInput = { scheme, request, publicCredentials: v.publicCredentials, secretFields: v.secretFields, options: v.options ?? {} };
        out.push([`${scheme.id}/${v.name}/${name}`, (f) => exportRequest(f, input, noSnapshot)]);
      }
    }
  }
  const recipe = getScheme('recipe');
  const recipeInput = (r: RecipeInput, request: SignableRequest, apiKey: string | undefined): SignerInput => ({
    scheme: recipe,
    request,
    publicCredentials: apiKey === undefined ? {} : { apiKey },
    secretFields: ['secret'],
    options: { recipe: JSON.stringify(r) },
  });
  for (const [rname, r] of Object.entries(RECIPES)) {
    for (const [name, request] of [...Object.entries(COMMON), ...Object.entries(RECIPE_REQUESTS)]) {
      out.push([`recipe/${rname}/${name}`, (f) => exportRequest(f, recipeInput(r, request, 'key+/= 0123'), noSnapshot)]);
    }
    out.push([`recipe/${rname}/no-api-key`, (f) => exportRequest(f, recipeInput(r, COMMON['post-json']!, undefined), noSnapshot)]);
  }
  RANDOM_RECIPES.forEach(([r, q], i) => {
    const request = req(q.method, `/p/a%20th${q.query ? `?${q.query}` : ''}`, { 'X-Client': 'c "1"' }, q.body);
    out.push([`recipe/random-${i}`, (f) => exportRequest(f, recipeInput(r, request, 'key+/= 0123'), noSnapshot)]);
  });
  const snapshot = (name: string, s: SnapshotInput['request']): void => {
    out.push([`snapshot/${name}`, (f) => writeSnapshotCode(f, { scheme: { id: 'x', title: 'Example', docs: 'https://example.com/docs' }, timestamp: T, nonce: 'n-1', request: s })]);
  };
  snapshot('get', { method: 'GET', url: [{ text: `${O}/v1/a?b=c%20d&e='$x'` }], headers: [['Accept', [{ text: 'application/json' }]]], body: null });
  snapshot('secret-header', {
    method: 'POST',
    url: [{ text: `${O}/v1/orders` }],
    headers: [['X-Pass', [{ text: 'pre ' }, { secret: 'passphrase' }, { text: ' "post" $y' }]], ['X-Key', [{ secret: 'secret' }]]],
    body: [{ text: UNICODE_JSON }],
  });
  snapshot('secret-url-body', { method: 'PUT', url: [{ text: `${O}/v1/x?k=` }, { secret: 'secret' }], headers: [], body: [{ text: 'a=' }, { secret: 'passphrase' }] });
  snapshot('empty-body', { method: 'POST', url: [{ text: `${O}/v1/x` }], headers: [], body: [] });
  return out;
}

function outputs(): Record<string, string> {
  const dump = process.env.SIGNET_EXPORT_DUMP;
  if (dump) mkdirSync(dump, { recursive: true });
  const result: Record<string, string> = {};
  for (const [name, write] of cases()) {
    for (const format of FORMATS) {
      const key = `${name}/${format}`;
      let text: string;
      try {
        const w = write(format);
        text = `kind: ${w.kind}\nenv: ${w.env.join(' ')}\n${w.code}`;
      } catch (e) {
        text = `error: ${e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e)}`;
      }
      if (dump) writeFileSync(join(dump, key.replace(/\//g, '__')), text);
      result[key] = createHash('sha256').update(text, 'utf8').digest('hex');
    }
  }
  return result;
}

describe('"Copy as" output', () => {
  it('is byte for byte what the snapshot pins, for every scheme, format and case', async () => {
    const written = outputs();
    // Most cases are signer code, not errors: the pin is not vacuous.
    expect(Object.keys(written).length).toBeGreaterThan(1500);
    await expect(`${JSON.stringify(written, null, 1)}\n`).toMatchFileSnapshot('./differential.snapshot.json');
  });
});
