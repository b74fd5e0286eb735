/**
 * Properties every scheme in SCHEMES must have, over random methods, paths, unicode query parameters
 * and bodies, within what each scheme's API can carry:
 *   1. sign → verify round-trips;
 *   2. any single-character change to a signed part of the signed request (method, URL, body, a signed header) fails
 *      verification: verify answers invalid, or refuses the request as bad input — never "valid".
 *
 * Each scheme needs a fixture below (credentials, what it carries, what it signs). A scheme without one fails the
 * suite, so a new scheme cannot slip through untested. Runs are bounded (RUNS per scheme) to stay fast on 2 cores.
 */
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecipeInput } from '../../../src-main/contract/recipe';
import { isAppError } from '../../../src-main/base/errors';
import { SCHEMES } from '../../../src-main/signing/registry';
import type { Scheme, SchemeCredentials, SignableRequest, SignResult } from '../../../src-main/signing/types';

const RUNS = 100;
const WINDOW_MS = 30_000;

type BodyKind = 'text' | 'form' | 'json';

interface Fixture {
  readonly credentials: SchemeCredentials;
  readonly options?: Readonly<Record<string, string>>;
  readonly host: string;
  readonly pathPrefix: string;
  readonly methods: readonly string[];
  /** What a request with this method can carry, as the API documents it. */
  readonly carries: (method: string) => { readonly query: boolean; readonly body: BodyKind | null };
  /** Headers the API wants on every request (e.g. a JSON Content-Type). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Parameter names the scheme itself uses (timestamp, nonce, signature): random parameters avoid them. */
  readonly reserved?: readonly string[];
  /** What the signature covers: only these parts are changed in property 2. */
  readonly signs: {
    readonly method: boolean;
    /** `after-origin`: path and query; `path`: the path only (the query is not signed); `query`: the query only. */
    readonly url: 'after-origin' | 'path' | 'query';
    readonly body: boolean;
    readonly headers: readonly string[];
  };
}

const pem = (key: { export(o: { type: 'pkcs8'; format: 'pem' }): string | Buffer }) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
const ED25519 = pem(generateKeyPairSync('ed25519').privateKey);
const RSA = pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
const EC_P256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();

const ALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
const anything = (body: BodyKind) => () => ({ query: true, body });
const allParts = (headers: readonly string[], body = true) => ({ method: true, url: 'after-origin' as const, body, headers });

const binance = (credentials: SchemeCredentials): Fixture => ({
  credentials,
  host: 'api.binance.com',
  pathPrefix: '/api/v3/',
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  carries: (m) => ({ query: true, body: m === 'GET' ? null : 'form' }),
  headers: {},
  reserved: ['timestamp', 'signature', 'recvWindow'],
  // Binance signs the parameters, not the method or the path (the same parameters sign alike on any endpoint).
  signs: { method: false, url: 'query', body: true, headers: ['X-MBX-APIKEY'] },
});

const RECIPE: RecipeInput = {
  name: 'property-test recipe',
  components: [
    { type: 'method' },
    { type: 'path' },
    { type: 'query', format: 'sorted' },
    { type: 'bodyHash', algorithm: 'sha256', encoding: 'hex' },
    { type: 'timestamp' },
    { type: 'nonce' },
    { type: 'apiKey' },
  ],
  separator: '\n',
  algorithm: 'hmac-sha512',
  key: { decoding: 'base64' },
  output: 'base64url',
  signature: { in: 'header', name: 'X-Signature', prefix: 'v1=' },
  timestamp: { format: 'ms', in: 'header', name: 'X-Timestamp' },
  nonce: { in: 'query', name: 'nonce' },
  apiKey: { in: 'header', name: 'X-Api-Key' },
};

/** One fixture per scheme id. A scheme added to SCHEMES needs one here. */
const FIXTURES: Readonly<Record<string, Fixture>> = {
  hmac: {
    credentials: { apiKey: 'sbx_prop_key', secret: 'sandbox secret ✓' },
    host: '127.0.0.1:8443',
    pathPrefix: '/v1/',
    methods: ALL_METHODS,
    carries: anything('text'),
    signs: allParts(['Authorization']),
  },
  'binance-hmac-sha256': binance({ apiKey: 'bn-hmac-key', secret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j' }),
  'binance-ed25519': binance({ apiKey: 'bn-ed-key', privateKeyPem: ED25519 }),
  'binance-rsa': binance({ apiKey: 'bn-rsa-key', privateKeyPem: RSA }),
  'kraken-spot': {
    credentials: { apiKey: 'kr-key', secret: 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==' },
    host: 'api.kraken.com',
    pathPrefix: '/0/private/',
    methods: ['POST'],
    carries: () => ({ query: false, body: 'form' }),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    reserved: ['nonce'],
    signs: allParts(['API-Sign']),
  },
  gemini: {
    credentials: { apiKey: 'gm-key', secret: '1234abcd' },
    host: 'api.gemini.com',
    pathPrefix: '/v1/',
    methods: ['POST'],
    // The body is the JSON payload; Gemini sends it base64 in X-GEMINI-PAYLOAD, with an empty body.
    carries: () => ({ query: false, body: 'json' }),
    reserved: ['request', 'nonce'],
    signs: { method: true, url: 'after-origin', body: false, headers: ['X-GEMINI-PAYLOAD', 'X-GEMINI-SIGNATURE'] },
  },
  'bitfinex-v2': {
    credentials: { apiKey: 'bfx-key', secret: 'bfx-secret' },
    host: 'api.bitfinex.com',
    pathPrefix: '/v2/auth/r/',
    methods: ['POST'],
    carries: () => ({ query: false, body: 'json' }),
    headers: { 'Content-Type': 'application/json' },
    signs: allParts(['bfx-nonce', 'bfx-signature']),
  },
  'coinbase-exchange-hmac': {
    credentials: { apiKey: 'cb-key', secret: Buffer.from('coinbase exchange secret bytes, 64 of them, more or less......').toString('base64'), passphrase: 'cb pass' },
    host: 'api.exchange.coinbase.com',
    pathPrefix: '/',
    methods: ALL_METHODS,
    carries: anything('json'),
    signs: allParts(['CB-ACCESS-SIGN', 'CB-ACCESS-TIMESTAMP']),
  },
  'coinbase-advanced-cdp-jwt': {
    credentials: { apiKey: 'organizations/org-1/apiKeys/key-1', privateKeyPem: EC_P256 },
    host: 'api.coinbase.com',
    pathPrefix: '/api/v3/brokerage/',
    methods: ALL_METHODS,
    carries: anything('json'),
    // The JWT's uri claim is "METHOD host path": Coinbase signs neither the query nor the body.
    signs: { method: true, url: 'path', body: false, headers: ['Authorization'] },
  },
  'okx-v5': {
    credentials: { apiKey: 'okx-key', secret: '22582BD0CFF14C41EDBF1AB98506286D', passphrase: 'okx pass' },
    host: 'www.okx.com',
    pathPrefix: '/api/v5/',
    methods: ALL_METHODS,
    carries: anything('json'),
    signs: allParts(['OK-ACCESS-SIGN', 'OK-ACCESS-TIMESTAMP']),
  },
  'bybit-v5': {
    credentials: { apiKey: 'bybit-key', secret: 'bybit-secret' },
    host: 'api.bybit.com',
    pathPrefix: '/v5/',
    methods: ['GET', 'POST'],
    carries: (m) => (m === 'GET' ? { query: true, body: null } : { query: false, body: 'json' }),
    // Bybit signs timestamp + key + recv window + (query | body): not the method, not the path.
    signs: { method: false, url: 'query', body: true, headers: ['X-BAPI-SIGN', 'X-BAPI-TIMESTAMP', 'X-BAPI-RECV-WINDOW', 'X-BAPI-API-KEY'] },
  },
  'kucoin-v2': {
    credentials: { apiKey: 'kc-key', secret: 'kc-secret', passphrase: 'kc pass' },
    host: 'api.kucoin.com',
    pathPrefix: '/api/v1/',
    methods: ALL_METHODS,
    carries: anything('json'),
    signs: allParts(['KC-API-SIGN', 'KC-API-TIMESTAMP', 'KC-API-PASSPHRASE']),
  },
  'aws-sigv4': {
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token-xyz', region: 'eu-west-1', service: 'execute-api' },
    host: 'abc123.execute-api.eu-west-1.amazonaws.com',
    pathPrefix: '/prod/',
    methods: ALL_METHODS,
    carries: anything('text'),
    headers: { 'X-Custom-Header': 'custom value' },
    signs: allParts(['Authorization', 'X-Amz-Date', 'X-Amz-Security-Token', 'X-Custom-Header']),
  },
  recipe: {
    credentials: { apiKey: 'recipe-key', secret: Buffer.from('recipe key bytes').toString('base64') },
    options: { recipe: JSON.stringify(RECIPE) },
    host: 'api.example.com',
    pathPrefix: '/v2/',
    methods: ALL_METHODS,
    carries: anything('text'),
    reserved: ['nonce'],
    signs: allParts(['X-Signature', 'X-Timestamp', 'X-Api-Key']),
  },
};

// ───────────────────────────── random requests ─────────────────────────────

/** Unicode text: printable graphemes (multi-code-point, non-Latin, emoji) and ASCII with its reserved characters. */
const text = (maxLength: number, minLength = 0) =>
  fc.oneof(fc.string({ unit: 'grapheme', minLength, maxLength }), fc.string({ unit: 'grapheme-ascii', minLength, maxLength }));

const params = (reserved: readonly string[]) =>
  fc.uniqueArray(fc.tuple(text(8, 1), text(12)), { maxLength: 4, selector: ([k]) => k }).map((ps) => ps.filter(([k]) => !reserved.includes(k)));

const form = (ps: readonly (readonly [string, string])[]) => ps.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
const jsonObject = (ps: readonly (readonly [string, string])[]) => `{${ps.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;

function requestArb(f: Fixture): fc.Arbitrary<SignableRequest> {
  return fc
    .record({
      method: fc.constantFrom(...f.methods),
      segments: fc.array(text(10, 1).filter((s) => s !== '.' && s !== '..'), { minLength: 1, maxLength: 3 }),
      query: params(f.reserved ?? []),
      bodyParams: params(f.reserved ?? []),
      rawBody: fc.string({ unit: 'binary', maxLength: 60 }),
      methodCase: fc.boolean(),
    })
    .map(({ method, segments, query, bodyParams, rawBody, methodCase }) => {
      const can = f.carries(method);
      const q = can.query ? form(query) : '';
      const url = `https://${f.host}${f.pathPrefix}${segments.map(encodeURIComponent).join('/')}${q ? `?${q}` : ''}`;
      const body = can.body === null ? null : can.body === 'text' ? rawBody : can.body === 'form' ? form(bodyParams) : jsonObject(bodyParams);
      return { method: methodCase ? method.toLowerCase() : method, url, headers: { ...f.headers }, body: body === '' ? null : body };
    });
}

// ───────────────────────────── single-character changes ─────────────────────────────

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Replaces the character at a position picked by `pick` with another from `alphabet` that is not the same letter
 * in another case (hex and methods are compared case-insensitively by some schemes, and that is no change).
 */
function change(value: string, from: number, to: number, pick: number, alphabet: string): string | null {
  const chars = [...value];
  let offset = 0;
  const positions: number[] = [];
  chars.forEach((c, i) => {
    if (offset >= from && offset < to) positions.push(i);
    offset += c.length;
  });
  if (positions.length === 0) return null;
  const at = positions[pick % positions.length]!;
  const old = chars[at]!;
  const options = [...alphabet].filter((c) => c.toLowerCase() !== old.toLowerCase());
  chars[at] = options[pick % options.length]!;
  return chars.join('');
}

interface Variant {
  readonly where: string;
  readonly request: SignableRequest;
}

function singleCharacterChanges(f: Fixture, signed: SignableRequest, pick: number): Variant[] {
  const out: Variant[] = [];
  if (f.signs.method) {
    const m = change(signed.method, 0, signed.method.length, pick, LETTERS);
    if (m) out.push({ where: 'method', request: { ...signed, method: m } });
  }
  // Positions in the URL as written: after the origin's "/" (changing that slash would change the host).
  const u = new URL(signed.url);
  const pathStart = u.origin.length + 1;
  const queryStart = signed.url.indexOf('?') + 1;
  const [start, end] =
    f.signs.url === 'path' ? [pathStart, u.origin.length + u.pathname.length] : f.signs.url === 'query' ? (queryStart > 0 ? [queryStart, signed.url.length] : [0, 0]) : [pathStart, signed.url.length];
  const url = change(signed.url, start, end, pick, ALNUM);
  if (url) out.push({ where: 'url', request: { ...signed, url } });
  if (f.signs.body && signed.body) {
    const body = change(signed.body, 0, signed.body.length, pick, ALNUM);
    if (body) out.push({ where: 'body', request: { ...signed, body } });
  }
  for (const name of f.signs.headers) {
    const key = Object.keys(signed.headers).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key === undefined) throw new Error(`the signed request has no ${name} header; fix the fixture's signs.headers`);
    const value = change(signed.headers[key]!, 0, signed.headers[key]!.length, pick, ALNUM);
    if (value) out.push({ where: `header ${key}`, request: { ...signed, headers: { ...signed.headers, [key]: value } } });
  }
  return out;
}

async function rejected(scheme: Scheme, request: SignableRequest, f: Fixture, now: number): Promise<true | string> {
  try {
    const r = await scheme.verify(request, f.credentials, { now, windowMs: WINDOW_MS, ...(f.options && { options: f.options }) });
    return r.valid ? 'verified as valid' : true;
  } catch (e) {
    // Refusing a tampered request as bad input (a method the API does not take, a malformed header) also fails it.
    return isAppError(e) && e.code === 'ERR_SIGNING_INPUT' ? true : `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  }
}

/** The fixture of a scheme, or a failure telling whoever added the scheme what to do. */
function fixtureFor(id: string): Fixture {
  const f = FIXTURES[id];
  if (!f) throw new Error(`Scheme "${id}" has no property-test fixture: add one to FIXTURES in test/main/signing/properties.test.ts (credentials, what it carries, what it signs).`);
  return f;
}

/** Properties 1 and 2 for one scheme. */
function checkScheme(scheme: Scheme, f: Fixture, numRuns: number): Promise<void> {
  const withOptions = f.options ? { options: f.options } : {};
  return fc.assert(
    fc.asyncProperty(requestArb(f), fc.integer({ min: 1_577_836_800_000, max: 1_893_456_000_000 }), fc.nat(), fc.stringMatching(/^[0-9a-f]{8,32}$/), async (request, timestamp, pick, nonce) => {
      let signed: SignResult;
      try {
        signed = await scheme.sign(request, f.credentials, { timestamp, nonce, ...withOptions });
      } catch (e) {
        throw new Error(`signing ${JSON.stringify(request)} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      // The display contract: concatenated, the labelled parts are exactly the canonical string.
      expect(signed.canonicalParts.map((p) => p.value).join('')).toBe(signed.canonical);
      const check = await scheme.verify(signed.request, f.credentials, { now: timestamp, windowMs: WINDOW_MS, ...withOptions });
      expect(check.reason, JSON.stringify(signed.request)).toBeNull();
      expect(check.valid).toBe(true);
      expect(check.expected).not.toBe('');
      const variants = singleCharacterChanges(f, signed.request, pick);
      // Every listed header always has a character to change.
      expect(variants.length).toBeGreaterThanOrEqual(f.signs.headers.length);
      for (const v of variants) {
        expect(await rejected(scheme, v.request, f, timestamp), `${v.where} changed: ${JSON.stringify(v.request)}`).toBe(true);
      }
    }),
    { numRuns },
  );
}

describe('the property check itself', () => {
  it('has no fixture without a scheme', () => {
    const ids = new Set(SCHEMES.map((s) => s.id));
    expect(Object.keys(FIXTURES).filter((id) => !ids.has(id)), 'fixtures for schemes that no longer exist').toEqual([]);
  });

  it('fails a scheme that has no fixture, saying to add one', () => {
    expect(() => fixtureFor('brand-new-scheme')).toThrow(/Scheme "brand-new-scheme" has no property-test fixture: add one to FIXTURES/);
  });

  it('catches a verifier that ignores a signed part', async () => {
    const hmac = SCHEMES.find((s) => s.id === 'hmac')!;
    // Verifies against the signed body whatever the request now carries: a body change goes unnoticed.
    let lastBody: string | null = null;
    const bodyBlind: Scheme = {
      ...hmac,
      async sign(r, c, ctx) {
        lastBody = r.body;
        return hmac.sign(r, c, ctx);
      },
      async verify(r, c, o) {
        return hmac.verify({ ...r, body: lastBody }, c, o);
      },
    };
    const failure = await checkScheme(bodyBlind, fixtureFor('hmac'), 50).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(failure).not.toBeNull();
    expect(`${failure!.message}\n${String((failure!.cause as Error | undefined)?.message)}`).toMatch(/body changed: .*verified as valid/s);
  });
});

describe.each(SCHEMES.map((s) => [s.id, s] as const))('%s', (id, scheme) => {
  it(`sign → verify round-trips, and any single-character change to a signed part fails (${RUNS} runs)`, async () => {
    await checkScheme(scheme, fixtureFor(id), RUNS);
  }, 60_000);
});
