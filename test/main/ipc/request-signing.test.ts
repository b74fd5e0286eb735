/**
 * The Request page's main side, with a real vault on real files and the real router (schemas parse input and
 * output): suggestions, previews signed with the vault key, masking of secret credentials, field-naming errors,
 * and code export.
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createRequestSigning } from '../../../src-main/ipc/request-signing';
import { headersFromRows } from '../../../src-main/request/draft';
import { MASK } from '../../../src-main/request/mask-secrets';
import { signRequest } from '../../../src-main/lib/signing';
import { SCHEMES } from '../../../src-main/signing/registry';
import { signingInputError } from '../../../src-main/signing/signing-error';
import { offlineRouter } from './offline-router';
import { VaultService } from '../../../src-main/vault/vault-service';
import type { Scheme } from '../../../src-main/signing/types';
import type { Channel } from '../../../src-main/contract/channels';
import type { InputOf, OutputOf } from '../../../src-main/contract/schemas';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';

const newHome = useTempHomes();
const PASS = 'correct horse battery staple';
const TS = 1_764_300_000_123;
const NONCE = 'fixed-nonce-1';
const OKX = { apiKey: 'okx-key-7f3a', secret: 'b2t4LXNlY3JldC12YWx1ZQ==', passphrase: 'Trading Pass 9' };

let vault: VaultService | undefined;
afterEach(async () => {
  if (vault?.isUnlocked()) await vault.lock();
  vault = undefined;
});

async function setup() {
  vault = new VaultService({ home: newHome(), osSlot: null, kdf: FAST_KDF });
  await vault.create({ passphrase: PASS, useOsSlot: false });
  const sandbox = vault.list()[0]!;
  const { router } = offlineRouter(vault);
  return { vault, sandbox, router };
}

type Router = Awaited<ReturnType<typeof setup>>['router'];
async function call<C extends Channel>(router: Router, channel: C, input: InputOf<C>): Promise<OutputOf<C>> {
  const r = await router.handle(channel, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
  return r.value as OutputOf<C>;
}
async function failure<C extends Channel>(router: Router, channel: C, input: InputOf<C>) {
  const r = await router.handle(channel, input);
  if (r.ok) throw new Error(`${channel} succeeded`);
  return r.error;
}

/** A scheme that carries the passphrase in a header as is, like OKX's OK-ACCESS-PASSPHRASE. */
const passphraseHeaderScheme: Scheme = {
  id: 'test-passphrase-header',
  title: 'Test passphrase header',
  description: 'Puts the passphrase in a header verbatim and signs method + path with the secret.',
  docs: 'https://example.com/docs',
  hosts: ['api.example.com'],
  credentials: ['apiKey', 'secret', 'passphrase'],
  sign(request, c, ctx) {
    const canonical = `${ctx.timestamp}${request.method}${new URL(request.url).pathname}`;
    const signature = createHmac('sha256', c.secret!).update(canonical).digest('base64');
    return {
      request: { ...request, headers: { ...request.headers, 'X-Key': c.apiKey!, 'X-Sign': signature, 'X-Passphrase': c.passphrase!, 'X-Timestamp': String(ctx.timestamp) } },
      canonical,
      canonicalParts: [{ label: 'timestamp', value: String(ctx.timestamp) }, { label: 'method', value: request.method }, { label: 'path', value: new URL(request.url).pathname }],
      signature,
      // A careless scheme could repeat the passphrase in a step; the masking holds anyway.
      steps: [{ label: 'Passphrase header', value: c.passphrase!, encoding: 'text' }],
    };
  },
  verify: () => ({ valid: false, reason: 'not used', canonical: '', expected: '' }),
};

describe('request signing over IPC', () => {
  it('lists the registry’s schemes with their credential requirements as lists of alternatives', async () => {
    const { router } = await setup();
    const schemes = await call(router, 'signing:schemes', undefined);
    expect(schemes.map((s) => s.id)).toEqual(SCHEMES.map((s) => s.id));
    expect(schemes.find((s) => s.id === 'hmac')).toMatchObject({ credentials: [['apiKey'], ['secret']], hosts: ['127.0.0.1', 'localhost'] });
  });

  it('suggests hmac for the sandbox key, and says why', async () => {
    const { router, sandbox } = await setup();
    const s = await call(router, 'signing:suggest', { entryId: sandbox.id, url: 'http://127.0.0.1:8443/v1/orders' });
    expect(s).toMatchObject({ schemeId: 'hmac', basis: 'provider', warning: null });
    expect(s.reason).toMatch(/sandbox/i);
  });

  it('warns when the URL belongs to another API than the key', async () => {
    const { sandbox } = await setup();
    const signing = createRequestSigning({ vault: vault!, now: () => TS, newNonce: () => NONCE, schemes: [...SCHEMES, passphraseHeaderScheme] });
    const s = await signing.suggest({ entryId: sandbox.id, url: 'https://api.example.com/v1/x' });
    expect(s.schemeId).toBe('hmac');
    expect(s.warning).toMatch(/api\.example\.com is where Test passphrase header requests go, but this Sandbox exchange key signs with Signet HMAC/);
  });

  it('falls back to the host, then to hmac, for a provider that implies no registered scheme', async () => {
    const { router } = await setup();
    const cg = await vault!.add({ label: 'CoinGecko', provider: 'coingecko', environment: 'prod', credentials: { apiKey: 'CG-abcdef123456' } });
    const s = await call(router, 'signing:suggest', { entryId: cg.id, url: 'https://api.coingecko.com/api/v3/ping' });
    expect(s).toMatchObject({ schemeId: null, basis: 'provider' });
    expect(s.reason).toMatch(/not signed/);
    const err = await failure(router, 'request:preview', { entryId: cg.id, method: 'GET', url: 'https://api.coingecko.com/api/v3/ping' });
    expect(err).toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(/^scheme: CoinGecko keys .* Choose a scheme/) });
  });

  it('signs a preview in main: the signature is the library’s for the same timestamp and nonce', async () => {
    const { router, sandbox } = await setup();
    const draft = {
      entryId: sandbox.id,
      method: 'post',
      url: 'http://127.0.0.1:8443/v1/orders?symbol=BTC-USD&side=buy',
      headers: [{ name: 'Content-Type', value: 'application/json' }, { name: '', value: '' }],
      body: '{"qty":"0.5"}',
      timestamp: TS,
      nonce: NONCE,
    };
    // The API key shown whole, on request (by default it shows as ••••3f9a: see below).
    const p = await call(router, 'request:preview', { ...draft, revealKey: true });
    const secret = await vault!.revealField(sandbox.id, 'secret');
    const apiKey = await vault!.revealField(sandbox.id, 'apiKey');
    const expected = await signRequest('hmac', { method: 'post', url: draft.url, headers: { 'Content-Type': 'application/json' }, body: draft.body }, { apiKey, secret }, { timestamp: TS, nonce: NONCE });
    expect(p).toMatchObject({ schemeId: 'hmac', timestamp: TS, nonce: NONCE, signature: expected.signature, canonical: expected.canonical, masked: [] });
    expect(p.canonicalParts.map((x) => x.value).join('')).toBe(p.canonical);
    expect(p.request.headers).toEqual([
      { name: 'Content-Type', value: 'application/json', signed: false, masked: false },
      { name: 'Authorization', value: expected.request.headers.Authorization, signed: true, masked: false },
    ]);
    expect(JSON.stringify(p)).not.toContain(secret);
    expect(p.keyMasked).toBe(false);
    // By default the API key is masked as the vault shows it, in the header, the canonical string and the steps.
    const masked = await call(router, 'request:preview', draft);
    expect(masked.keyMasked).toBe(true);
    expect(masked.signature).toBe(expected.signature);
    expect(JSON.stringify(masked)).not.toContain(apiKey);
    expect(masked.request.headers[1]!.value).toContain(`apiKey="••••${apiKey.slice(-4)}"`);
  });

  it('uses a fresh timestamp and nonce when none is fixed', async () => {
    const { sandbox } = await setup();
    let n = 0;
    const signing = createRequestSigning({ vault: vault!, now: () => TS + n * 1000, newNonce: () => `nonce-${++n}` });
    const a = await signing.preview({ entryId: sandbox.id, method: 'GET', url: 'http://localhost/v1/a', headers: [], body: null });
    const b = await signing.preview({ entryId: sandbox.id, method: 'GET', url: 'http://localhost/v1/a', headers: [], body: null });
    expect([a.nonce, b.nonce]).toEqual(['nonce-1', 'nonce-2']);
    expect(a.signature).not.toBe(b.signature);
  });

  it('masks a passphrase the scheme puts in a header, wherever it appears', async () => {
    const { vault: v } = await setup();
    const okx = await v.add({ label: 'OKX', provider: 'okx', environment: 'test', credentials: OKX });
    const signing = createRequestSigning({ vault: v, now: () => TS, newNonce: () => NONCE, schemes: [...SCHEMES, passphraseHeaderScheme] });
    const p = await signing.preview({ entryId: okx.id, schemeId: 'test-passphrase-header', method: 'GET', url: 'https://api.example.com/v1/account', headers: [], body: null });
    expect(p.request.headers.find((h) => h.name === 'X-Passphrase')).toEqual({ name: 'X-Passphrase', value: MASK, signed: true, masked: true });
    expect(p.request.headers.find((h) => h.name === 'X-Key')).toMatchObject({ value: `••••${OKX.apiKey.slice(-4)}`, masked: false });
    expect(p.steps[0]!.value).toBe(MASK);
    expect(p.masked).toEqual(['passphrase']);
    const json = JSON.stringify(p);
    expect(json).not.toContain(OKX.passphrase);
    expect(json).not.toContain(OKX.secret);
  });

  it.each([
    ['okx-v5', 'okx'],
    ['coinbase-exchange-hmac', 'coinbase'],
    ['kucoin-v2', 'kucoin'],
  ])('never returns the passphrase from %s (when registered)', async (id, provider) => {
    if (!SCHEMES.some((s) => s.id === id)) return; // the scheme lands with its own helper's work
    const { router, vault: v } = await setup();
    // A key of the scheme's own provider: a key is signed only with its provider's schemes.
    const key = await v.add({ label: id, provider, environment: 'test', credentials: OKX });
    const p = await call(router, 'request:preview', { entryId: key.id, schemeId: id, method: 'GET', url: 'https://api.example.com/api/v5/account/balance', headers: [], body: null, timestamp: TS, nonce: NONCE });
    expect(JSON.stringify(p)).not.toContain(OKX.passphrase);
    expect(JSON.stringify(p)).not.toContain(OKX.secret);
  });

  it('masks a secret that a scheme quotes in its error message', async () => {
    const { vault: v } = await setup();
    const okx = await v.add({ label: 'OKX', provider: 'okx', environment: 'test', credentials: OKX });
    const quoting: Scheme = { ...passphraseHeaderScheme, id: 'test-quoting', sign: (_r, c) => { throw signingInputError('credentials.passphrase', `"${c.passphrase}" is not accepted`); } };
    const signing = createRequestSigning({ vault: v, now: () => TS, newNonce: () => NONCE, schemes: [...SCHEMES, quoting] });
    await expect(signing.preview({ entryId: okx.id, schemeId: 'test-quoting', method: 'GET', url: 'https://api.example.com/', headers: [], body: null })).rejects.toMatchObject({
      code: 'ERR_SIGNING_INPUT',
      message: `credentials.passphrase: "${MASK}" is not accepted`,
    });
  });

  it('names the field in signing errors: url, a header row, the scheme', async () => {
    const { router, sandbox } = await setup();
    const base = { entryId: sandbox.id, method: 'GET', url: 'http://localhost/v1', headers: [], body: null };
    expect(await failure(router, 'request:preview', { ...base, url: 'localhost/v1' })).toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(/^url: expected a full URL \(https:\/\/…\) or a path starting with \//) });
    // A path needs somewhere to go: no sandbox runs in this test, and the sandbox key has no base URL.
    expect(await failure(router, 'request:preview', { ...base, url: '/v1/account' })).toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(/^url: No sandbox exchange is running/) });
    expect(await failure(router, 'request:preview', { ...base, method: 'GE T' })).toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(/^method:/) });
    expect(await failure(router, 'request:preview', { ...base, headers: [{ name: 'Accept', value: '*/*' }, { name: 'Bad Name', value: 'x' }] })).toMatchObject({ message: expect.stringMatching(/^headers\[1\]\.name: "Bad Name" is not a header name/) });
    expect(await failure(router, 'request:preview', { ...base, schemeId: 'nope' })).toMatchObject({ code: 'ERR_UNKNOWN_SCHEME' });
    expect(await failure(router, 'request:preview', { ...base, entryId: 'missing' })).toMatchObject({ code: 'ERR_ENTRY_NOT_FOUND' });
    expect(await failure(router, 'request:preview', { ...base, options: { algorithm: 'md5' } })).toMatchObject({ message: expect.stringMatching(/^option algorithm:/) });
  });

  it('resolves a typed path against the key’s base URL, as the egress sends it', async () => {
    const { router, vault } = await setup();
    const key = await vault.add({ label: 'Binance testnet', provider: 'binance', environment: 'test', baseUrl: 'https://testnet.binance.vision', credentials: { apiKey: 'k-1', secret: 's-1' } });
    const p = await call(router, 'request:preview', { entryId: key.id, method: 'GET', url: '/api/v3/account?timestamp=1764300000123', headers: [], body: null });
    expect(p.request.url).toMatch(/^https:\/\/testnet\.binance\.vision\/api\/v3\/account\?timestamp=1764300000123&signature=[0-9a-f]{64}$/);
  });

  it('turns header rows into headers: blank rows skipped, duplicates and line breaks refused', () => {
    expect(headersFromRows([{ name: ' Accept ', value: ' */* ' }, { name: '', value: '' }, { name: 'X-A', value: '' }])).toEqual({ Accept: '*/*', 'X-A': '' });
    expect(() => headersFromRows([{ name: 'Accept', value: 'a' }, { name: 'accept', value: 'b' }])).toThrow(/^headers\[1\]\.name: accept is already set above/);
    expect(() => headersFromRows([{ name: '', value: 'orphan' }])).toThrow(/^headers\[0\]\.name: a header with a value needs a name/);
    expect(() => headersFromRows([{ name: 'X', value: 'a\r\nInjected: 1' }])).toThrow(/^headers\[0\]\.value:/);
  });

  it('exports hmac as code that signs itself, reading the secret from SIGNET_SECRET', async () => {
    const { router, sandbox } = await setup();
    const secret = await vault!.revealField(sandbox.id, 'secret');
    for (const format of ['curl', 'fetch', 'python'] as const) {
      const out = await call(router, 'request:export', { entryId: sandbox.id, method: 'POST', url: 'http://127.0.0.1:8443/v1/orders?b=2&a=1', headers: [], body: '{"qty":1}', format });
      expect(out).toMatchObject({ kind: 'signer', env: ['SIGNET_SECRET'] });
      expect(out.code).toContain('SIGNET_SECRET');
      expect(out.code).not.toContain(secret);
    }
  });

  it('exports a scheme without a code writer as a snapshot that reads the passphrase from the environment', async () => {
    const { vault: v } = await setup();
    const okx = await v.add({ label: 'OKX', provider: 'okx', environment: 'test', credentials: OKX });
    const signing = createRequestSigning({ vault: v, now: () => TS, newNonce: () => NONCE, schemes: [...SCHEMES, passphraseHeaderScheme] });
    const draft = { entryId: okx.id, schemeId: 'test-passphrase-header', method: 'GET', url: 'https://api.example.com/v1/account', headers: [], body: null };
    const curl = await signing.exportCode({ ...draft, format: 'curl' });
    expect(curl).toMatchObject({ kind: 'snapshot', env: ['SIGNET_PASSPHRASE'] });
    expect(curl.code).toContain('-H "X-Passphrase: ${SIGNET_PASSPHRASE}"');
    const py = await signing.exportCode({ ...draft, format: 'python' });
    expect(py.code).toContain('"X-Passphrase": PASSPHRASE,');
    const ts = await signing.exportCode({ ...draft, format: 'fetch' });
    expect(ts.code).toContain('"X-Passphrase": PASSPHRASE,');
    for (const c of [curl, py, ts]) expect(c.code).not.toContain(OKX.passphrase);
  });

  it('refuses to write code that would contain a secret typed into the request', async () => {
    const { router, sandbox } = await setup();
    const secret = await vault!.revealField(sandbox.id, 'secret');
    const err = await failure(router, 'request:export', { entryId: sandbox.id, method: 'POST', url: 'http://localhost/v1', headers: [], body: `{"leak":"${secret}"}`, format: 'python' });
    expect(err).toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(/^request: the code would contain a secret/) });
  });
});
