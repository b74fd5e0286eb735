/**
 * Kraken, Gemini, Bitfinex, AWS SigV4, Coinbase CDP JWTs and recipes through the diagnosis engine: per scheme, every
 * client mistake that applies to it (scheme-case.ts), made the way clients make them.
 */
import { createHash, createHmac, generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../../src-main/signing/debug/diagnose';
import type { Cause } from '../../../../src-main/contract/debug';
import { cdpSigningKey } from '../../../../src-main/signing/schemes/coinbase-advanced-cdp-jwt';
import type { SchemeCredentials, SignableRequest } from '../../../../src-main/signing/types';
import { getScheme } from '../../../../src-main/signing/registry';
import { debugModel } from '../../../../src-main/signing/debug/models';
import { describeSchemeCases, T0, withoutHeader, type MistakeMaker as Maker, type SchemeCase } from './scheme-case';
import { otherSecret, type MistakeInput } from './mistakes';

const word = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,7}$/);
const value = fc.stringMatching(/^[A-Za-z0-9]{1,10}$/);
const alnum = (n: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9]{${n}}$`));
const base64Secret = fc.uint8Array({ minLength: 64, maxLength: 64 }).map((b) => Buffer.from(b).toString('base64'));
const jsonBody = fc.dictionary(word, fc.oneof(value, fc.integer({ min: 0, max: 10_000 })), { minKeys: 1, maxKeys: 4 }).map((o) => JSON.stringify(o));
const formBody = fc.uniqueArray(fc.tuple(word, value), { minLength: 1, maxLength: 4, selector: ([k]) => k }).map((pairs) => pairs.filter(([k]) => k !== 'nonce').map(([k, v]) => `${k}=${v}`).join('&'));

const sign = (input: MistakeInput, request: SignableRequest = input.unsigned, credentials: SchemeCredentials = input.credentials) => Promise.resolve(getScheme(input.schemeId).sign(request, credentials, input.ctx));

/** The request as signed for `sent`, carrying the signature made for `variant`. */
async function signedFor(input: MistakeInput, variant: SignableRequest) {
  const [right, wrong] = await Promise.all([sign(input), sign(input, variant)]);
  if (right.signature === wrong.signature) return null;
  return { request: (debugModel(input.schemeId).forOptions?.(input.ctx.options) ?? debugModel(input.schemeId)).withSignature(right.request, wrong.signature) };
}

const withPath = (url: string, path: string) => url.replace(/^(https?:\/\/[^/]+)[^?#]*/, `$1${path}`);

// ───────────── Kraken ─────────────
const krakenUrl = fc.constantFrom('AddOrder', 'Balance', 'CancelOrder', 'OpenOrders').map((e) => `https://api.kraken.com/0/private/${e}`);
const krakenMac = {
  hash: 'sha512' as const,
  key: (s: string) => Buffer.from(s, 'base64'),
  output: 'base64' as const,
  message: (canonical: string, r: { request: SignableRequest }) => Buffer.concat([Buffer.from(new URL(r.request.url).pathname), createHash('sha256').update(canonical).digest()]),
};
const krakenPathForm: Maker = (input) => signedFor(input, { ...input.unsigned, url: input.unsigned.url.replace('/0/private', '') });
/** A client that builds {nonce, …params}, signs it pretty-printed and sends it compact. */
const krakenJsonPretty: Maker = (input) => {
  const params = JSON.parse(input.unsigned.body ?? '{}') as Record<string, unknown>;
  return signedFor(input, { ...input.unsigned, body: JSON.stringify({ nonce: String(input.ctx.timestamp), ...params }, null, 2) });
};
const krakenCauses = ['path-form', 'body-mismatch', 'signature-encoding', 'wrong-algorithm', 'secret-encoding', 'replayed-nonce', 'wrong-secret', 'missing-component'] as const;
const krakenCredentials = fc.record({ apiKey: alnum(56), secret: base64Secret });

// ───────────── Gemini ─────────────
const geminiUrl = fc.constantFrom('/v1/order/new', '/v1/mytrades', '/v1/balances', '/v1/order/status').map((p) => `https://api.gemini.com${p}`);
const geminiPathForm: Maker = async (input) => {
  const path = new URL(input.unsigned.url).pathname;
  const other = path === '/v1/order/status' ? '/v1/order/new' : '/v1/order/status';
  const r = await sign(input, { ...input.unsigned, url: withPath(input.unsigned.url, other) });
  return { request: { ...r.request, url: input.unsigned.url } };
};
const geminiBody: Maker = async (input) => {
  if (!input.unsigned.body) return null;
  const r = await sign(input);
  return { request: { ...r.request, body: input.unsigned.body } };
};

// ───────────── Bitfinex ─────────────
const bitfinexUrl = fc.constantFrom('v2/auth/r/wallets', 'v2/auth/w/order/submit', 'v2/auth/r/orders').map((p) => `https://api.bitfinex.com/${p}`);

// ───────────── AWS SigV4 ─────────────
const AMZ_DATE = new Date(T0).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const hmacOf = (hash: string, key: Buffer | string, data: string) => createHmac(hash, key).update(data).digest();
/** kSigning, straight from the AWS pseudo-code, with `hash` where SigV4 has SHA-256. */
const kSigning = (secret: string, region: string, service: string, hash = 'sha256') => hmacOf(hash, hmacOf(hash, hmacOf(hash, hmacOf(hash, `AWS4${secret}`, AMZ_DATE.slice(0, 8)), region), service), 'aws4_request');
const stsOf = (canonical: string, region: string, service: string) => `AWS4-HMAC-SHA256\n${AMZ_DATE}\n${AMZ_DATE.slice(0, 8)}/${region}/${service}/aws4_request\n${createHash('sha256').update(canonical).digest('hex')}`;
const awsCredentials = (region: string, service: string) =>
  fc.record({ accessKeyId: fc.stringMatching(/^AKIA[A-Z0-9]{16}$/), secretAccessKey: fc.stringMatching(/^[A-Za-z0-9+/]{40}$/) }).map((c) => ({ ...c, secret: c.secretAccessKey, region, service }));
const awsMac = (region: string, service: string) => ({ hash: 'sha256' as const, key: (s: string) => kSigning(s, region, service), output: 'hex' as const, message: (canonical: string) => Buffer.from(stsOf(canonical, region, service)) });
const lines = (canonical: string) => canonical.split('\n');
const editLine = (canonical: string, i: number, f: (line: string) => string) => lines(canonical).map((l, j) => (j === i ? f(l) : l)).join('\n');
const queryOf = (url: string) => (url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
const awsWrongAlgorithm: Maker = async (input) => {
  const r = await sign(input);
  const c = input.credentials;
  const signature = hmacOf('sha512', kSigning(c.secretAccessKey!, c.region!, c.service!, 'sha512'), stsOf(r.canonical, c.region!, c.service!)).toString('hex');
  return { request: debugModel('aws-sigv4').withSignature(r.request, signature) };
};
const awsWrongSecret: Maker = async (input) => ({ request: (await sign(input, input.unsigned, { ...input.credentials, secretAccessKey: otherSecret(input.credentials.secretAccessKey!) })).request });
const awsOtherRegion: Maker = async (input) => ({ request: (await sign(input, input.unsigned, { ...input.credentials, region: 'us-east-1' })).request });
const segment = fc.stringMatching(/^[a-z0-9 $é]{1,6}$/).map(encodeURIComponent);
const awsQuery = fc.uniqueArray(fc.tuple(word, fc.stringMatching(/^[A-Za-z0-9 /é]{1,8}$/)), { minLength: 2, maxLength: 4, selector: ([k]) => k }).map((pairs) =>
  [...pairs].sort(([a], [b]) => (a < b ? 1 : -1)).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'),
);

// ───────────── Coinbase CDP JWT ─────────────
function ecKey(): string {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }) as string;
}
function edKey(): string {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ type: 'pkcs8', format: 'der' }).subarray(-32);
  return Buffer.concat([seed, publicKey.export({ type: 'spki', format: 'der' }).subarray(-32)]).toString('base64');
}
const keyName = fc.tuple(fc.uuid(), fc.uuid()).map(([o, k]) => `organizations/${o}/apiKeys/${k}`);
const EC_KEYS = [ecKey(), ecKey(), ecKey()];
const ED_KEYS = [edKey(), edKey(), edKey()];
const cdpRequest = fc
  .record({ method: fc.constantFrom('GET', 'POST', 'DELETE'), path: fc.constantFrom('/api/v3/brokerage/orders', '/api/v3/brokerage/accounts', '/api/v3/brokerage/orders/historical/batch'), q: fc.option(awsQuery, { nil: null }) })
  .map(({ method, path, q }) => ({ method, url: `https://api.coinbase.com${path}${q ? `?${q}` : ''}`, headers: {}, body: method === 'POST' ? '{"product_id":"BTC-USD"}' : null }));
interface JwtEdit {
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  /** Writes the signature bytes (default: base64url of the JOSE form). */
  encode?: (der: Buffer, jose: Buffer) => string;
}
/** A JWT made by hand, the way a client without a JWT library makes one, with `edit` applied. */
function cdpJwt(input: MistakeInput, edit: (url: URL, method: string) => JwtEdit | null) {
  const c = input.credentials;
  const url = new URL(input.unsigned.url);
  const method = input.unsigned.method.toUpperCase();
  const e = edit(url, method);
  if (e === null) return Promise.resolve(null);
  const key = cdpSigningKey(c);
  const nbf = Math.floor(input.ctx.timestamp / 1000);
  const header = { alg: key.alg, kid: c.apiKey, nonce: input.ctx.nonce, typ: 'JWT', ...e.header };
  const claims = { sub: c.apiKey, iss: 'cdp', nbf, exp: nbf + 120, uri: `${method} ${url.host}${url.pathname}`, ...e.claims };
  const signingInput = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const es = key.alg === 'ES256';
  const jose = cryptoSign(es ? 'sha256' : null, Buffer.from(signingInput), es ? { key: key.privateKey, dsaEncoding: 'ieee-p1363' } : key.privateKey);
  const der = es ? cryptoSign('sha256', Buffer.from(signingInput), key.privateKey) : jose;
  const signature = e.encode ? e.encode(der, jose) : jose.toString('base64url');
  return Promise.resolve({ request: { ...input.unsigned, method, headers: { ...input.unsigned.headers, Authorization: `Bearer ${signingInput}.${signature}` } } });
}
const cdpMakers: Partial<Record<Cause, Maker>> = {
  'method-case': (input) => cdpJwt(input, (url, method) => ({ claims: { uri: `${method.toLowerCase()} ${url.host}${url.pathname}` } })),
  'path-form': (input) => cdpJwt(input, (url, method) => ({ claims: { uri: url.search ? `${method} ${url.host}${url.pathname}${url.search}` : `${method} api.exchange.coinbase.com${url.pathname}` } })),
  'timestamp-units': (input) => cdpJwt(input, () => ({ claims: { nbf: input.ctx.timestamp, exp: input.ctx.timestamp + 120_000 } })),
  'missing-component': (input) => cdpJwt(input, () => ({ header: { kid: 'organizations/other/apiKeys/other' }, claims: { sub: 'organizations/other/apiKeys/other' } })),
  'wrong-secret': async (input) => {
    const other = /BEGIN/.test(input.credentials.secret!) ? EC_KEYS : ED_KEYS;
    const secret = other.find((k) => k !== input.credentials.secret)!;
    return { request: (await sign(input, input.unsigned, { ...input.credentials, secret })).request };
  },
};
/** ES256 signatures are randomized: two signings of a request are the same request when their tokens' parts are. */
const sameToken = (a: SignableRequest, b: SignableRequest) => {
  const parts = (r: SignableRequest) => (r.headers.Authorization ?? '').split('.').slice(0, 2);
  expect(parts(a)).toEqual(parts(b));
  expect({ ...a, headers: { ...a.headers, Authorization: '' } }).toEqual({ ...b, headers: { ...b.headers, Authorization: '' } });
};

// ───────────── recipes ─────────────
const RECIPE_QUERY = JSON.stringify({
  components: [{ type: 'query' }, { type: 'body' }],
  algorithm: 'hmac-sha256',
  output: 'hex',
  signature: { in: 'query', name: 'signature' },
  timestamp: { format: 'ms', in: 'query', name: 'timestamp' },
  apiKey: { in: 'header', name: 'X-API-KEY' },
});
const RECIPE_LINES = JSON.stringify({
  components: [{ type: 'method' }, { type: 'path' }, { type: 'query', format: 'sorted' }, { type: 'bodyHash' }, { type: 'timestamp' }, { type: 'nonce' }],
  separator: '\n',
  algorithm: 'hmac-sha512',
  key: { decoding: 'base64' },
  output: 'base64',
  signature: { in: 'header', name: 'Authorization', prefix: 'Signature ' },
  timestamp: { format: 's', in: 'header', name: 'X-Timestamp' },
  nonce: { in: 'header', name: 'X-Nonce' },
  apiKey: { in: 'header', name: 'X-Api-Key' },
});

const CASES: SchemeCase[] = [
  {
    label: 'kraken-spot (form body)',
    schemeId: 'kraken-spot',
    request: fc.record({ url: krakenUrl, body: fc.option(formBody, { nil: null, freq: 5 }) }).map(({ url, body }) => ({ method: 'POST', url, headers: {}, body })),
    credentials: krakenCredentials,
    mac: { ...krakenMac, edits: { 'body-mismatch': (r) => `${r.canonicalParts[0]!.value}${(r.request.body ?? '').split('&').filter((p) => !p.startsWith('nonce=')).join('&')}` } },
    causes: krakenCauses,
    mistakes: { 'path-form': krakenPathForm },
    withoutPart: withoutHeader('API-Key'),
  },
  {
    label: 'kraken-spot (JSON body)',
    schemeId: 'kraken-spot',
    request: fc.record({ url: krakenUrl, body: jsonBody }).map(({ url, body }) => ({ method: 'POST', url, headers: { 'Content-Type': 'application/json' }, body })),
    credentials: krakenCredentials,
    mac: krakenMac,
    causes: krakenCauses,
    mistakes: { 'path-form': krakenPathForm, 'body-mismatch': krakenJsonPretty },
    withoutPart: (r) => ({ ...r, body: (r.body ?? '').replace(/"nonce":"\d+",?/, '') }),
  },
  {
    label: 'gemini',
    schemeId: 'gemini',
    request: fc.record({ url: geminiUrl, body: fc.option(jsonBody, { nil: null, freq: 5 }) }).map(({ url, body }) => ({ method: 'POST', url, headers: {}, body })),
    credentials: fc.record({ apiKey: fc.stringMatching(/^account-[A-Za-z0-9]{20}$/), secret: alnum(28) }),
    mac: { hash: 'sha384', key: (s) => Buffer.from(s, 'utf8'), output: 'hex' },
    causes: ['path-form', 'body-mismatch', 'signature-encoding', 'wrong-algorithm', 'secret-encoding', 'timestamp-skew', 'replayed-nonce', 'wrong-secret', 'missing-component'],
    mistakes: { 'path-form': geminiPathForm, 'body-mismatch': geminiBody },
    withoutPart: withoutHeader('X-GEMINI-APIKEY'),
  },
  {
    label: 'bitfinex-v2',
    schemeId: 'bitfinex-v2',
    request: fc.record({ url: bitfinexUrl, body: fc.option(jsonBody, { nil: null, freq: 5 }) }).map(({ url, body }) => ({ method: 'POST', url, headers: {}, body })),
    credentials: fc.record({ apiKey: alnum(43), secret: alnum(44) }),
    mac: { hash: 'sha384', key: (s) => Buffer.from(s, 'utf8'), output: 'hex', edits: { 'path-form': (r) => r.canonical.slice('/api/'.length) } },
    causes: ['path-form', 'body-mismatch', 'signature-encoding', 'wrong-algorithm', 'secret-encoding', 'replayed-nonce', 'wrong-secret', 'missing-component'],
    withoutPart: withoutHeader('bfx-apikey'),
  },
  {
    label: 'aws-sigv4 (execute-api)',
    schemeId: 'aws-sigv4',
    request: fc.record({ method: fc.constantFrom('GET', 'POST', 'PUT'), path: fc.array(segment, { minLength: 1, maxLength: 3 }), q: awsQuery, body: jsonBody }).map(({ method, path, q, body }) => ({
      method,
      url: `https://abc123.execute-api.eu-west-1.amazonaws.com/prod/${path.join('/')}?${q}`,
      headers: method === 'GET' ? ({} as Record<string, string>) : { 'Content-Type': 'application/json' },
      body: method === 'GET' ? null : body,
    })),
    credentials: awsCredentials('eu-west-1', 'execute-api'),
    mac: {
      ...awsMac('eu-west-1', 'execute-api'),
      edits: {
        'method-case': (r) => editLine(r.canonical, 0, (m) => m.toLowerCase()),
        'query-order': (r, u) => editLine(r.canonical, 2, () => queryOf(u.url)),
        'url-encoding': (r) => editLine(r.canonical, 2, (q) => q.split('&').map((p) => p.split('=').map(decodeURIComponent).join('=')).join('&')),
        'path-form': (r) => lines(r.canonical).map((l, j, all) => (j === 1 ? `${l}?${all[2]}` : j === 2 ? '' : l)).join('\n'),
      },
    },
    causes: ['missing-component', 'signature-encoding', 'method-case', 'path-form', 'query-order', 'url-encoding', 'body-mismatch', 'wrong-algorithm', 'timestamp-skew', 'wrong-secret'],
    mistakes: { 'wrong-algorithm': awsWrongAlgorithm, 'wrong-secret': awsWrongSecret, 'missing-component': awsOtherRegion },
  },
  {
    label: 'aws-sigv4 (s3)',
    schemeId: 'aws-sigv4',
    request: fc.record({ method: fc.constantFrom('GET', 'PUT', 'DELETE'), path: fc.array(segment, { minLength: 1, maxLength: 3 }), q: awsQuery }).map(({ method, path, q }) => ({
      method,
      url: `https://examplebucket.s3.amazonaws.com/${path.join('/')}?${q}`,
      headers: {},
      body: null,
    })),
    credentials: awsCredentials('us-east-1', 's3'),
    mac: {
      ...awsMac('us-east-1', 's3'),
      edits: {
        'method-case': (r) => editLine(r.canonical, 0, (m) => m.toLowerCase()),
        'query-order': (r, u) => editLine(r.canonical, 2, () => queryOf(u.url)),
        'url-encoding': (r) => editLine(r.canonical, 1, (p) => p.split('/').map((x) => encodeURIComponent(x)).join('/')),
        'missing-component': (r) => {
          const all = lines(r.canonical).filter((l) => !l.startsWith('x-amz-content-sha256:'));
          return all.map((l, j) => (j === all.length - 2 ? l.split(';').filter((h) => h !== 'x-amz-content-sha256').join(';') : l)).join('\n');
        },
      },
    },
    causes: ['missing-component', 'signature-encoding', 'method-case', 'query-order', 'url-encoding', 'wrong-algorithm', 'timestamp-skew', 'wrong-secret'],
    mistakes: { 'wrong-algorithm': awsWrongAlgorithm, 'wrong-secret': awsWrongSecret },
  },
  {
    label: 'coinbase-advanced-cdp-jwt (ES256)',
    schemeId: 'coinbase-advanced-cdp-jwt',
    request: cdpRequest,
    credentials: fc.record({ apiKey: keyName, secret: fc.constantFrom(...EC_KEYS) }),
    mac: null,
    causes: ['missing-component', 'signature-encoding', 'method-case', 'path-form', 'timestamp-units', 'timestamp-skew', 'replayed-nonce', 'wrong-secret'],
    mistakes: { ...cdpMakers, 'signature-encoding': (input) => cdpJwt(input, () => ({ encode: (der) => der.toString('base64url') })) },
    same: sameToken,
    runs: 40,
  },
  {
    label: 'coinbase-advanced-cdp-jwt (Ed25519)',
    schemeId: 'coinbase-advanced-cdp-jwt',
    request: cdpRequest,
    credentials: fc.record({ apiKey: keyName, secret: fc.constantFrom(...ED_KEYS) }),
    mac: null,
    causes: ['missing-component', 'signature-encoding', 'method-case', 'path-form', 'wrong-algorithm', 'timestamp-units', 'timestamp-skew', 'replayed-nonce', 'wrong-secret'],
    mistakes: {
      ...cdpMakers,
      'signature-encoding': (input) => cdpJwt(input, () => ({ encode: (_der, jose) => jose.toString('base64') })),
      'wrong-algorithm': (input) => cdpJwt(input, () => ({ header: { alg: 'Ed25519' } })),
      'missing-component': async (input) => ({ request: withoutHeader('Authorization')((await sign(input)).request) }),
    },
    runs: 40,
  },
  {
    label: 'recipe (Binance-like: query + body, timestamp in the query)',
    schemeId: 'recipe',
    options: { recipe: RECIPE_QUERY },
    request: fc.record({ q: awsQuery, body: fc.option(jsonBody, { nil: null }) }).map(({ q, body }) => ({ method: body ? 'POST' : 'GET', url: `https://api.example.com/v1/order?${q}`, headers: {}, body })),
    credentials: fc.record({ apiKey: alnum(32), secret: alnum(64) }),
    mac: { hash: 'sha256', key: (s) => Buffer.from(s, 'utf8'), output: 'hex' },
    causes: ['missing-component', 'signature-encoding', 'query-order', 'url-encoding', 'body-mismatch', 'secret-encoding', 'wrong-algorithm', 'timestamp-units', 'timestamp-skew', 'wrong-secret'],
    mistakes: {
      // A client library that wrote the escapes in lower case when it signed, and in upper case on the wire.
      'url-encoding': (input) => {
        const lower = input.unsigned.url.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
        return lower === input.unsigned.url ? Promise.resolve(null) : signedFor(input, { ...input.unsigned, url: lower });
      },
      'timestamp-units': async (input) => {
        const seconds = String(Math.floor(input.ctx.timestamp / 1000));
        return { request: (await sign(input, { ...input.unsigned, url: `${input.unsigned.url}&timestamp=${seconds}` })).request };
      },
    },
    withoutPart: withoutHeader('X-API-KEY'),
  },
  {
    label: 'recipe (lines: method, path, sorted query, body hash, timestamp, nonce; signature header with a prefix)',
    schemeId: 'recipe',
    options: { recipe: RECIPE_LINES },
    request: fc.record({ method: fc.constantFrom('GET', 'POST', 'PUT'), q: awsQuery, body: jsonBody }).map(({ method, q, body }) => ({ method, url: `https://api.example.com/v2/orders?${q}`, headers: {}, body: method === 'GET' ? null : body })),
    credentials: fc.record({ apiKey: alnum(32), secret: base64Secret }),
    mac: {
      hash: 'sha512',
      key: (s) => Buffer.from(s, 'base64'),
      output: 'base64',
      edits: {
        'method-case': (r) => editLine(r.canonical, 0, (m) => m.toLowerCase()),
        'query-order': (r, u) => editLine(r.canonical, 2, () => queryOf(u.url)),
        'path-form': (r, u) => editLine(r.canonical, 1, (p) => `${p}?${queryOf(u.url)}`),
        'timestamp-units': (r) => editLine(r.canonical, 4, (t) => `${t}000`),
      },
    },
    causes: ['missing-component', 'signature-encoding', 'method-case', 'path-form', 'query-order', 'body-mismatch', 'secret-encoding', 'wrong-algorithm', 'timestamp-units', 'timestamp-skew', 'replayed-nonce', 'wrong-secret'],
    withoutPart: withoutHeader('X-Nonce'),
  },
];

describeSchemeCases(CASES);

describe('aws-sigv4: the AWS SigV4 test suite diagnoses as valid', () => {
  interface Suite {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly region: string;
    readonly service: string;
    readonly cases: { name: string; req: string; authz: string; extraHeadersAfterSigning?: Record<string, string> }[];
  }
  const file = process.env.SIGNET_AWS_VECTORS ?? fileURLToPath(new URL('../../../fixtures/vectors/aws-sig-v4-cases.json', import.meta.url));
  const suite = JSON.parse(readFileSync(file, 'utf8')) as Suite;
  const credentials = { accessKeyId: suite.accessKeyId, secretAccessKey: suite.secretAccessKey, region: suite.region, service: suite.service };
  const at = Date.UTC(2015, 7, 30, 12, 36, 0);

  /** A raw suite request as typed: request line, headers (repeated names joined with ","), blank line, body. */
  function fromRaw(raw: string): SignableRequest {
    const [head, ...bodyParts] = raw.split('\n\n');
    const [requestLine, ...headerLines] = (head as string).split('\n');
    const [method, target] = (requestLine as string).split(' ') as [string, string];
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const i = line.indexOf(':');
      const name = line.slice(0, i);
      const v = line.slice(i + 1).trim();
      headers[name] = name in headers ? `${headers[name]},${v}` : v;
    }
    return { method, url: `https://${headers.Host}${target}`, headers, body: bodyParts.length ? bodyParts.join('\n\n') : null };
  }

  it.each(suite.cases.map((c) => [c.name, c] as const))('%s, with the suite’s own Authorization, is valid', async (_name, c) => {
    const request = fromRaw(c.req);
    const sent = { ...request, headers: { ...request.headers, Authorization: c.authz, ...(c.extraHeadersAfterSigning ?? {}) } };
    const report = await diagnose({ schemeId: 'aws-sigv4', request: sent, credentials, now: at + 10_000, freshNonce: 'f'.repeat(16), window: { windowMs: 300_000, source: 'AWS: 5 minutes' } });
    expect(report.diagnosis).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.timing.units).toBe('iso');
    expect(report.timing.localSkewMs).toBe(-10_000);
  });
});

describe('explanations name the exchange’s own header or field', () => {
  const ctx = { timestamp: T0, nonce: '0123456789abcdef' };
  const cases: [string, SignableRequest, SchemeCredentials, string, RegExp][] = [
    ['kraken-spot', { method: 'POST', url: 'https://api.kraken.com/0/private/Balance', headers: {}, body: null }, { apiKey: 'k', secret: Buffer.alloc(64, 1).toString('base64') }, 'API-Key', /API-Key header is missing: Kraken/],
    ['gemini', { method: 'POST', url: 'https://api.gemini.com/v1/balances', headers: {}, body: null }, { apiKey: 'account-k', secret: 's'.repeat(28) }, 'X-GEMINI-APIKEY', /X-GEMINI-APIKEY header is missing: Gemini/],
    ['bitfinex-v2', { method: 'POST', url: 'https://api.bitfinex.com/v2/auth/r/wallets', headers: {}, body: null }, { apiKey: 'k', secret: 's'.repeat(43) }, 'bfx-nonce', /bfx-nonce header is missing: Bitfinex/],
    ['aws-sigv4', { method: 'GET', url: 'https://h.execute-api.us-east-1.amazonaws.com/x', headers: {}, body: null }, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x'.repeat(40), region: 'us-east-1', service: 'execute-api' }, 'X-Amz-Date', /X-Amz-Date header is missing: the string to sign starts with it/],
  ];
  it.each(cases)('%s without %s', async (schemeId, unsigned, credentials, header, words) => {
    const signed = await getScheme(schemeId).sign(unsigned, credentials, ctx);
    const request = withoutHeader(header)(signed.request);
    const report = await diagnose({ schemeId, request, credentials, now: T0 + 1000, freshNonce: 'f'.repeat(16) });
    expect(report.diagnosis).toHaveLength(1);
    expect(report.diagnosis[0]).toMatchObject({ cause: 'missing-component', fix: { action: 'add-component', component: header, where: 'header' } });
    expect(report.diagnosis[0]?.explanation).toMatch(words);
    expect((await getScheme(schemeId).verify(report.fixed!, credentials, { now: T0 + 1000, windowMs: 30_000 })).valid).toBe(true);
  });

  it('a Coinbase JWT made for another method is a uri mistake, not another secret', async () => {
    const credentials = { apiKey: 'organizations/o/apiKeys/k', secret: EC_KEYS[0]! };
    const signed = await getScheme('coinbase-advanced-cdp-jwt').sign({ method: 'GET', url: 'https://api.coinbase.com/api/v3/brokerage/orders', headers: {}, body: null }, credentials, ctx);
    const report = await diagnose({ schemeId: 'coinbase-advanced-cdp-jwt', request: { ...signed.request, method: 'POST' }, credentials, now: T0 + 1000, freshNonce: 'f'.repeat(16) });
    expect(report.diagnosis.map((d) => d.cause)).toEqual(['path-form']);
    expect(report.diagnosis[0]?.explanation).toContain('made for a GET request, but this request is "POST api.coinbase.com/api/v3/brokerage/orders"');
  });

  it('a recipe request is diagnosed with the model of its recipe, and without one the recipe scheme says what it needs', async () => {
    const credentials = { apiKey: 'k', secret: 's'.repeat(32) };
    const signed = await getScheme('recipe').sign({ method: 'GET', url: 'https://api.example.com/v1/order?b=1&a=2', headers: {}, body: null }, credentials, { ...ctx, options: { recipe: RECIPE_QUERY } });
    const report = await diagnose({ schemeId: 'recipe', request: signed.request, credentials, now: T0 + 1000, freshNonce: 'f'.repeat(16), options: { recipe: RECIPE_QUERY } });
    expect(report.valid).toBe(true);
    expect(report.timing).toMatchObject({ raw: String(T0), units: 'ms' });
    await expect(diagnose({ schemeId: 'recipe', request: signed.request, credentials, now: T0 + 1000, freshNonce: 'f'.repeat(16) })).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT' });
  });
});
