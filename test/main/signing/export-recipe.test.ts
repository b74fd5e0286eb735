/**
 * The `recipe` scheme's exported code is run, not just read: each format (bash + openssl + curl, tsx, python3 +
 * requests) runs twice against a loopback server that checks every request with recipeScheme.verify, for recipes
 * that together use every option of the schema. Each request the code sends is also compared with what
 * recipeScheme.sign makes of the typed request with that run's timestamp and nonce: the code does what sign does.
 * A property runs random valid recipes the same way. A tool that is missing here skips its format with a loud
 * warning (with CI=true it fails), as in export-exchanges.test.ts.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRun, startVerifyingServer, type VerifyingServer } from '../../helpers/exported-code';
import { Recipe, type RecipeInput } from '../../../src-main/contract/recipe';
import { exportRequest, hasSignerWriter } from '../../../src-main/signing/export/export-request';
import type { CodeFormat, SignerInput } from '../../../src-main/signing/export/code-writer';
import { sendableUrl } from '../../../src-main/signing/export/keyed-hash-code';
import { recipeScheme } from '../../../src-main/signing/schemes/recipe';
import type { SchemeCredentials, SignableRequest } from '../../../src-main/signing/types';

const TEXT_SECRET = `s3cr3t "with" $pecial 'chars' \`and\` spaces`;
const HEX_SECRET = randomBytes(40).toString('hex').toUpperCase();
/** Unpadded, as some APIs issue them: the code must pad before decoding. */
const BASE64_SECRET = randomBytes(32).toString('base64').replace(/=+$/, '');
const API_KEY = 'key+/= 0123';

interface Case {
  readonly what: string;
  readonly recipe: RecipeInput;
  readonly credentials: SchemeCredentials;
  /** The request as typed (the path is made unique per case by the test). */
  readonly request: (origin: string) => SignableRequest;
}

const UNICODE_JSON = `{ "symbol": "BTCUSDT", "memo": "naïve ✓ 'q' $HOME \\"x\\"" }  \n`;

const CASES: Case[] = [
  {
    what: 'Binance-like: query then body, ms timestamp and signature in the query, API key header',
    recipe: {
      components: [{ type: 'query' }, { type: 'body' }],
      algorithm: 'hmac-sha256',
      output: 'hex',
      signature: { in: 'query', name: 'signature' },
      timestamp: { format: 'ms', in: 'query', name: 'timestamp' },
      apiKey: { in: 'header', name: 'X-MBX-APIKEY' },
    },
    credentials: { apiKey: API_KEY, secret: TEXT_SECRET },
    request: (o) => ({ method: 'GET', url: `${o}/api/v3/openOrders?symbol=BTCUSDT&note=café&x=%41|{}`, headers: {}, body: null }),
  },
  {
    what: 'header-signed: ISO timestamp in the query, nonce header, sorted query, base64 SHA-384 body hash, base64url HMAC-SHA512',
    recipe: {
      name: 'Header\nsigned',
      components: [
        { type: 'method' },
        { type: 'host' },
        { type: 'path' },
        { type: 'query', format: 'sorted', prefix: '?' },
        { type: 'bodyHash', algorithm: 'sha384', encoding: 'base64', label: 'body */ hash\nline' },
        { type: 'timestamp' },
        { type: 'nonce' },
        { type: 'apiKey' },
      ],
      separator: '\n',
      algorithm: 'hmac-sha512',
      output: 'base64url',
      signature: { in: 'header', name: 'Authorization', prefix: 'Sig "v1" ' },
      timestamp: { format: 'iso', in: 'query', name: 'ts' },
      nonce: { in: 'header', name: 'X-Nonce' },
      apiKey: { in: 'query', name: 'api_key' },
    },
    credentials: { apiKey: API_KEY, secret: TEXT_SECRET },
    request: (o) => ({ method: 'post', url: `${o}/v1/orders?b=2&a=%2A&a=x%20y&c&z=caf%C3%A9`, headers: { 'Content-Type': 'application/json' }, body: UNICODE_JSON }),
  },
  {
    what: 'JSON body: timestamp (s), nonce, API key and signature as members; plain SHA-384 of key + string',
    recipe: {
      components: [{ type: 'timestamp' }, { type: 'method' }, { type: 'path' }, { type: 'body' }, { type: 'nonce' }],
      separator: '|',
      algorithm: 'sha384',
      output: 'hex',
      signature: { in: 'body', name: 'sign' },
      timestamp: { format: 's', in: 'body', name: 'ts' },
      nonce: { in: 'body', name: 'nonce' },
      apiKey: { in: 'body', name: 'apiKey' },
    },
    credentials: { apiKey: API_KEY, secret: TEXT_SECRET },
    request: (o) => ({ method: 'POST', url: `${o}/v2/order`, headers: { 'Content-Type': 'application/json' }, body: UNICODE_JSON }),
  },
  {
    what: 'empty JSON object body: the signature is its first member',
    recipe: {
      components: [{ type: 'body' }, { type: 'timestamp' }],
      algorithm: 'hmac-sha256',
      output: 'base64',
      signature: { in: 'body', name: 'sig' },
      timestamp: { format: 'ms', in: 'header', name: 'X-Ts' },
    },
    credentials: { secret: TEXT_SECRET },
    request: (o) => ({ method: 'POST', url: `${o}/v1/empty`, headers: {}, body: '{ }\n' }),
  },
  {
    what: 'form body: timestamp (ms), nonce and signature as form fields, HMAC-SHA384 base64, SHA-256 body hash',
    recipe: {
      components: [{ type: 'body' }, { type: 'bodyHash' }, { type: 'nonce' }],
      separator: '\n',
      algorithm: 'hmac-sha384',
      output: 'base64',
      signature: { in: 'body', name: 'signature' },
      timestamp: { format: 'ms', in: 'body', name: 'timestamp' },
      nonce: { in: 'body', name: 'nonce' },
      apiKey: { in: 'header', name: 'X-Key' },
    },
    credentials: { apiKey: API_KEY, secret: TEXT_SECRET },
    request: (o) => ({ method: 'POST', url: `${o}/v1/form`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'symbol=BTC&note=caf%C3%A9+au+lait' }),
  },
  {
    what: 'plain SHA-512 of string + key (hex key), hex-upper, timestamp (s) header, nonce in the query',
    recipe: {
      components: [{ type: 'method' }, { type: 'path' }, { type: 'query', prefix: '?' }, { type: 'timestamp' }],
      separator: '&&',
      algorithm: 'sha512',
      keyPosition: 'suffix',
      key: { decoding: 'hex' },
      output: 'hex-upper',
      signature: { in: 'header', name: 'X-Signature' },
      timestamp: { format: 's', in: 'header', name: 'X-Timestamp' },
      nonce: { in: 'query', name: 'nonce' },
    },
    credentials: { secret: HEX_SECRET },
    request: (o) => ({ method: 'DELETE', url: `${o}/v1/orders/42?all=true`, headers: {}, body: null }),
  },
  {
    // Was keyed with the passphrase (key.field "passphrase"), now refused: a passphrase is guessable, and one
    // signature keyed with it lets anyone test guesses offline.
    what: 'base64 key: plain SHA-256 of the base64-decoded secret + string, base64, signature in the query',
    recipe: {
      components: [{ type: 'path' }, { type: 'query', prefix: '?' }, { type: 'literal', value: 'v1 "$x"' }, { type: 'apiKey' }],
      separator: '\n',
      algorithm: 'sha256',
      keyPosition: 'prefix',
      key: { field: 'secret', decoding: 'base64' },
      output: 'base64',
      signature: { in: 'query', name: 'sig' },
      apiKey: { in: 'header', name: 'X-Api-Key' },
    },
    credentials: { apiKey: API_KEY, secret: BASE64_SECRET, passphrase: 'not the key' },
    request: (o) => ({ method: 'GET', url: `${o}/v1/account`, headers: {}, body: null }),
  },
  {
    what: 'signs request headers and a literal (no timestamp, no nonce), API key as a form field',
    recipe: {
      components: [{ type: 'literal', value: 'v1' }, { type: 'header', name: 'x-client' }, { type: 'header', name: 'Content-Type' }, { type: 'body' }],
      separator: ' ',
      algorithm: 'hmac-sha256',
      key: { decoding: 'hex' },
      output: 'base64',
      signature: { in: 'header', name: 'X-Signature' },
      apiKey: { in: 'body', name: 'key' },
    },
    credentials: { apiKey: API_KEY, secret: HEX_SECRET },
    request: (o) => ({ method: 'PUT', url: `${o}/v1/profile`, headers: { 'X-Client': `it's "me" $HOME`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'name=caf%C3%A9' }),
  },
  {
    what: 'sorted query of a raw query with a leading literal "?", a "+" and a non-UTF-8 escape (security review, issue 9)',
    recipe: {
      components: [{ type: 'method' }, { type: 'query', format: 'sorted', prefix: '?' }, { type: 'timestamp' }],
      separator: '\n',
      algorithm: 'hmac-sha256',
      output: 'hex',
      signature: { in: 'header', name: 'X-Sig' },
      timestamp: { format: 'ms', in: 'query', name: 'ts' },
    },
    credentials: { secret: TEXT_SECRET },
    request: (o) => ({ method: 'GET', url: `${o}/v1/q??x=1&q=a+b&n=%FF%C3%A9`, headers: {}, body: null }),
  },
  {
    what: 'a request that carries its own timestamp and nonce (signed as given)',
    recipe: {
      components: [{ type: 'timestamp' }, { type: 'nonce' }, { type: 'query' }],
      separator: ':',
      algorithm: 'hmac-sha256',
      output: 'hex',
      signature: { in: 'query', name: 'signature' },
      timestamp: { format: 'ms', in: 'query', name: 'timestamp' },
      nonce: { in: 'header', name: 'X-Nonce' },
    },
    credentials: { secret: TEXT_SECRET },
    request: (o) => ({ method: 'GET', url: `${o}/v1/given?timestamp=${Date.now()}`, headers: { 'X-Nonce': 'typed-nonce-1' }, body: null }),
  },
];

const tools: Record<CodeFormat, boolean> = {
  curl: await canRun('bash', ['-c', 'command -v curl && command -v openssl && command -v od && command -v sed']),
  fetch: true,
  python: await canRun('python3', ['-c', 'import requests']),
};

/** Recipes the server knows, by the first path segment of the request (`/r<n>/…`). */
const known = new Map<string, { recipe: string; credentials: SchemeCredentials }>();
let host: VerifyingServer;
beforeAll(async () => {
  host = await startVerifyingServer((request, path) => {
    const entry = known.get(path.split('/')[1] ?? '');
    if (!entry) throw new Error(`no recipe for ${path}`);
    return recipeScheme.verify(request, entry.credentials, { now: Date.now(), windowMs: 60_000, options: { recipe: entry.recipe } });
  });
});
afterAll(() => host.close());

const noSnapshot = { scheme: recipeScheme, timestamp: 0, nonce: '', request: { method: 'GET', url: [], headers: [], body: null } };

let nextId = 0;
/** Registers the recipe with the server under a fresh path prefix; returns the typed request and the writer's input. */
function prepare(recipe: RecipeInput, credentials: SchemeCredentials, make: (origin: string) => SignableRequest): { request: SignableRequest; input: SignerInput; recipeText: string } {
  const id = `r${nextId++}`;
  const recipeText = JSON.stringify(recipe);
  known.set(id, { recipe: recipeText, credentials });
  const request = make(`${host.origin}/${id}`);
  const input: SignerInput = {
    scheme: recipeScheme,
    request: { ...request, url: new URL(request.url).href },
    publicCredentials: credentials.apiKey === undefined ? {} : { apiKey: credentials.apiKey },
    secretFields: ['secret', ...(credentials.passphrase ? (['passphrase'] as const) : [])],
    options: { recipe: recipeText },
  };
  return { request: input.request, input, recipeText };
}

type Loc = { in: 'header' | 'query' | 'body'; name: string };

/** A value as the server received it, where the recipe puts it. */
function receivedAt(seen: SignableRequest, loc: Loc): string | undefined {
  if (loc.in === 'header') return Object.entries(seen.headers).find(([k]) => k.toLowerCase() === loc.name.toLowerCase())?.[1];
  if (loc.in === 'query') return new URL(seen.url).searchParams.get(loc.name) ?? undefined;
  if ((seen.body ?? '').trimStart().startsWith('{')) {
    const v = (JSON.parse(seen.body!) as Record<string, unknown>)[loc.name];
    return v === undefined ? undefined : String(v);
  }
  return new URLSearchParams(seen.body ?? '').get(loc.name) ?? undefined;
}

const epochMs = (format: 's' | 'ms' | 'iso', text: string): number => (format === 's' ? Number(text) * 1000 : format === 'ms' ? Number(text) : Date.parse(text));

/**
 * What recipeScheme.sign makes of the typed request (in the spelling the code sends) with the timestamp and nonce
 * the server received must be exactly what the code sent: URL, body and every header the scheme sets.
 */
async function expectSameAsSign(seen: SignableRequest, request: SignableRequest, input: SignerInput, credentials: SchemeCredentials): Promise<void> {
  const recipe = Recipe.parse(JSON.parse(input.options.recipe!));
  const ts = recipe.timestamp ? receivedAt(seen, recipe.timestamp) : undefined;
  const nonce = recipe.nonce ? receivedAt(seen, recipe.nonce) : undefined;
  const signed = await recipeScheme.sign({ ...request, url: sendableUrl(request.url).href }, credentials, {
    timestamp: recipe.timestamp && ts !== undefined ? epochMs(recipe.timestamp.format, ts) : 0,
    nonce: nonce ?? 'unused',
    options: input.options,
  });
  expect(seen.url).toBe(signed.request.url);
  expect(seen.body ?? '').toBe(signed.request.body ?? '');
  for (const [k, v] of Object.entries(signed.request.headers)) expect(seen.headers[k.toLowerCase()], k).toBe(v);
}

describe.each(['curl', 'fetch', 'python'] as const)('exported %s for recipe', (format) => {
  it.skipIf(!tools[format]).each(CASES.map((c) => [c.what, c] as const))('%s: verified on two runs, each as sign would send it', async (_what, c) => {
    const { request, input } = prepare(c.recipe, c.credentials, c.request);
    const recipe = Recipe.parse(c.recipe);
    const { code, kind, env } = exportRequest(format, input, noSnapshot);
    expect(kind).toBe('signer');
    const field = recipe.key.field;
    expect(env).toEqual([field === 'secret' ? 'SIGNET_SECRET' : 'SIGNET_PASSPHRASE']);
    expect(code).not.toContain(c.credentials[field]!);
    host.seen.length = 0;
    for (let i = 0; i < 2; i++) {
      const out = await host.run(format, code, { [env[0]!]: c.credentials[field]! });
      expect(out).toBe(format === 'curl' ? 'verified' : '200 verified');
    }
    expect(host.seen).toHaveLength(2);
    for (const seen of host.seen) await expectSameAsSign(seen, request, input, c.credentials);
    const typedNonce = recipe.nonce && receivedAt(request, recipe.nonce) !== undefined;
    if (recipe.nonce && !typedNonce) {
      const [a, b] = host.seen.map((s) => receivedAt(s, recipe.nonce!));
      expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(a).not.toBe(b);
    }
  });

  it.skipIf(!tools[format])('is rejected by the verifier when run with the wrong secret', async () => {
    const c = CASES[0]!;
    const { input } = prepare(c.recipe, c.credentials, c.request);
    const { code } = exportRequest(format, input, noSnapshot);
    expect(await host.run(format, code, { SIGNET_SECRET: 'not the secret' })).toMatch(/rejected: The signature does not match/);
  });

  it.skipIf(!tools[format])('stops with a message naming the variable when it is not set', async () => {
    // Was the passphrase-keyed case, run with SIGNET_SECRET only and expected to name SIGNET_PASSPHRASE; a recipe is
    // now always keyed with the secret (a passphrase-keyed signature lets guesses be tested offline).
    const c = CASES.find((x) => x.what.startsWith('base64 key'))!;
    const { input } = prepare(c.recipe, c.credentials, c.request);
    const { code } = exportRequest(format, input, noSnapshot);
    host.seen.length = 0;
    await expect(host.run(format, code, { SIGNET_PASSPHRASE: 'not the key' })).rejects.toThrow(/SIGNET_SECRET/);
    expect(host.seen).toHaveLength(0);
  });
});

describe('recipe writer', () => {
  it('is the signer for the recipe scheme (no snapshot any more)', () => {
    expect(hasSignerWriter('recipe')).toBe(true);
  });

  it('refuses an invalid recipe with the error the scheme gives', async () => {
    const c = CASES[0]!;
    const { input, request } = prepare(c.recipe, c.credentials, c.request);
    for (const recipe of [undefined, '{', JSON.stringify({ ...c.recipe, components: [{ type: 'nope' }] })]) {
      const bad: SignerInput = { ...input, options: recipe === undefined ? {} : { recipe } };
      let fromScheme: unknown;
      try {
        await recipeScheme.sign(request, c.credentials, { timestamp: Date.now(), nonce: 'n', options: bad.options });
      } catch (e) {
        fromScheme = e;
      }
      expect(fromScheme).toMatchObject({ code: 'ERR_SIGNING_INPUT' });
      expect(() => exportRequest('fetch', bad, noSnapshot)).toThrow((fromScheme as Error).message);
    }
  });
});

// ───────────────────────────── random valid recipes ─────────────────────────────

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
  method: fc.constantFrom('POST', 'PUT'),
  query: fc.constantFrom('', 'b=2&a=1', 'a=%2A&a=x%20y&c', 'q=caf%C3%A9+au&z='),
  body: fc.constantFrom(null, '', '{}', '{ "a": 1, "memo": "naïve \'q\' $HOME" }\n', 'a=1&b=caf%C3%A9', '[1]'),
});

describe.each(['fetch', 'curl', 'python'] as const)('exported %s for random valid recipes', (format) => {
  it.skipIf(!tools[format])('is verified and sends what sign would send', { timeout: 120_000 }, async () => {
    const secrets = { utf8: TEXT_SECRET, base64: randomBytes(24).toString('base64'), hex: HEX_SECRET };
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(recipeArb, requestArb, async (recipe, r) => {
        const parsed = Recipe.parse(recipe);
        const credentials: SchemeCredentials = { apiKey: API_KEY, secret: secrets[parsed.key.decoding] };
        const { request, input } = prepare(recipe, credentials, (o) => ({ method: r.method, url: `${o}/p/a%20th${r.query ? `?${r.query}` : ''}`, headers: { 'X-Client': 'c "1"' }, body: r.body }));
        // A recipe the scheme refuses for this request is refused by "Copy as" before any writer runs.
        try {
          await recipeScheme.sign(request, credentials, { timestamp: Date.now(), nonce: 'n-1', options: input.options });
        } catch {
          return;
        }
        const { code } = exportRequest(format, input, noSnapshot);
        host.seen.length = 0;
        expect(await host.run(format, code, { SIGNET_SECRET: credentials.secret! })).toMatch(/ verified$|^verified$/);
        await expectSameAsSign(host.seen[0]!, request, input, credentials);
        ran++;
      }),
      { numRuns: format === 'fetch' ? 25 : 15 },
    );
    // Most random pairs are signable: the property is not vacuous.
    expect(ran).toBeGreaterThan(format === 'fetch' ? 12 : 7);
  });
});
