/**
 * The egress against real loopback servers, with a real vault on real files and the real signing engine:
 * allowlist, URL resolution, retries (Retry-After, capped backoff, re-signing, POST rules), timeouts, refused
 * connections, token buckets, timings, and redaction of secrets and signatures in records, the file and the logs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/base/logger';
import type { EntryInput } from '../../../src-main/contract/schemas';
import { Egress, type EgressDeps } from '../../../src-main/http/egress';
import { createEgressAgent } from '../../../src-main/http/transport';
import { baseUrlProblem, needsConfirmation, refusal } from '../../../src-main/http/host-allowlist';
import { isReadRequest } from '../../../src-main/http/request-kind';
import type { Confirmation } from '../../../src-main/base/confirm';
import { InspectorStore } from '../../../src-main/http/inspector-store';
import { backoffMs, retryAfterMs } from '../../../src-main/http/retry-policy';
import { parseHmacAuthorization } from '../../../src-main/signing/schemes/hmac';
import { getScheme } from '../../../src-main/signing/registry';
import { VaultService } from '../../../src-main/vault/vault-service';
import { useCleanups } from '../../helpers/cleanups';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';
import { loopbacks, ok } from './loopback-server';
import { testCertificate } from '../../helpers/test-certificate';

const newHome = useTempHomes();
const PASS = 'correct horse battery staple';
const SANDBOX = { apiKey: 'sbx-key-1234', secret: 'sandbox-secret-value-9f8e7d' };
const OKX = { apiKey: 'okx-key-7f3a', secret: 'b2t4LXNlY3JldC12YWx1ZQ==', passphrase: 'Trading Pass 9' };

const defer = useCleanups();
const loopback = loopbacks(defer);

interface Setup {
  vault: VaultService;
  egress: Egress;
  store: InspectorStore;
  logs: string[];
  home: string;
  add(input: Partial<EntryInput> & Pick<EntryInput, 'provider' | 'credentials'>): Promise<string>;
}

async function setup(deps: Partial<EgressDeps> = {}): Promise<Setup> {
  const home = newHome();
  const vault = new VaultService({ home, osSlot: null, kdf: FAST_KDF });
  await vault.create({ passphrase: PASS, useOsSlot: false, addSandboxKey: false });
  const logs: string[] = [];
  const store = new InspectorStore({ file: join(home, 'inspector.jsonl') });
  await store.load();
  // The test certificate is trusted, for https loopback servers (an exchange's key never goes over plain http).
  const agent = createEgressAgent({ timeoutMs: deps.timeoutMs ?? 5_000, ca: [testCertificate().cert] });
  const egress = new Egress({
    vault,
    inspector: store,
    logger: createLogger((l) => logs.push(l), 'debug'),
    sandboxUrl: () => null,
    dispatcher: agent,
    retry: { maxAttempts: 3, baseMs: 20, capMs: 2_000 },
    ...deps,
  });
  defer(async () => {
    await egress.close();
    await agent.close();
    await store.flush();
    if (vault.isUnlocked()) await vault.lock();
  });
  let n = 0;
  return {
    vault,
    egress,
    store,
    logs,
    home,
    add: async (input) => (await vault.add({ label: `key ${++n}`, environment: 'dev', ...input })).id,
  };
}

const draft = (entryId: string, over: Partial<Parameters<Egress['send']>[0]> = {}): Parameters<Egress['send']>[0] => ({
  entryId,
  method: 'GET',
  url: '/v1/account',
  headers: [],
  body: null,
  ...over,
});

/** The hmac Authorization of a request the server saw, checked against the sandbox secret. */
async function verifiedHmac(s: { method: string; url: string; headers: Record<string, unknown>; body: string }, base: string) {
  const auth = parseHmacAuthorization(s.headers.authorization as string);
  if ('error' in auth) throw new Error(auth.error);
  const v = await getScheme('hmac').verify(
    { method: s.method, url: base + s.url, headers: { Authorization: s.headers.authorization as string }, body: s.body === '' ? null : s.body },
    SANDBOX,
    { now: Date.now(), windowMs: 60_000 },
  );
  expect(v.reason).toBeNull();
  return auth;
}

describe('allowlist and URL resolution', () => {
  it('refuses a host the key is not for: nothing reaches it, the key is not opened', async () => {
    const target = await loopback();
    const { egress, vault, add, store } = await setup();
    const allowed = await loopback();
    const id = await add({ provider: 'sandbox', baseUrl: allowed.url, credentials: SANDBOX });
    const r = await egress.send(draft(id, { url: `${target.url}/v1/account` }));
    expect(r).toMatchObject({ outcome: 'failed', status: null, attempts: 0, error: { code: 'ERR_HOST_NOT_ALLOWED' } });
    expect(r.error!.message).toContain(`127.0.0.1:${target.port}`);
    expect(r.error!.message).toContain('sandbox');
    expect(r.error!.message).toMatch(/base URL/);
    expect(target.seen).toHaveLength(0);
    await vault.flush();
    expect(vault.get(id).lastUsedAt).toBeNull();
    expect(store.list().records[0]!.id).toBe(r.id);
  });

  it('keeps no secret from a refused request: one pasted into the URL, a header or the body is masked in the record and the file', async () => {
    const target = await loopback();
    const { egress, add, store, home, vault } = await setup();
    const id = await add({ provider: 'sandbox', baseUrl: (await loopback()).url, credentials: SANDBOX });
    const r = await egress.send(draft(id, { method: 'POST', url: `${target.url}/v1/orders?s=${SANDBOX.secret}`, headers: [{ name: 'X-Debug', value: `secret=${SANDBOX.secret}` }], body: `{"note":"${SANDBOX.secret}"}` }));
    expect(r.error?.code).toBe('ERR_HOST_NOT_ALLOWED');
    expect(JSON.stringify(r)).not.toContain(SANDBOX.secret);
    expect(r.draft.headers[0]!.value).toBe('secret=••••');
    await store.flush();
    expect(readFileSync(join(home, 'inspector.jsonl'), 'utf8')).not.toContain(SANDBOX.secret);
    await vault.flush();
    expect(vault.get(id).lastUsedAt).toBeNull();
  });

  it('refuses plain http beyond loopback and hosts of other providers', async () => {
    const { egress, add } = await setup();
    const id = await add({ provider: 'binance', credentials: { apiKey: 'k', secret: 's' } });
    const http = await egress.send(draft(id, { url: 'http://api.binance.com/api/v3/account' }));
    expect(http.error).toMatchObject({ code: 'ERR_HOST_NOT_ALLOWED', message: expect.stringMatching(/https:\/\/api\.binance\.com/) });
    const other = await egress.send(draft(id, { url: 'https://api.kraken.com/0/private/Balance' }));
    expect(other.error).toMatchObject({ code: 'ERR_HOST_NOT_ALLOWED', message: expect.stringContaining('api.binance.com') });
  });

  it('resolves a path against the key\'s base URL (its path kept) and signs it with the provider\'s scheme', async () => {
    const server = await loopback();
    const { egress, vault, add } = await setup();
    const id = await add({ provider: 'sandbox', baseUrl: `${server.url}/api/v3/`, credentials: SANDBOX });
    const r = await egress.send(draft(id, { url: '/v1/account?b=2&a=1' }));
    expect(r).toMatchObject({ status: 200, outcome: 'ok', attempts: 1, schemeId: 'hmac', error: null, responseBody: '{"ok":true}' });
    expect(server.seen[0]!.url).toBe('/api/v3/v1/account?b=2&a=1');
    await verifiedHmac(server.seen[0]!, server.url);
    await vault.flush();
    expect(vault.get(id).lastUsedAt).not.toBeNull();
  });

  it('a scheme named in the draft does not widen where the key may go: a Kraken key signed as Bybit is refused at api.bybit.com', async () => {
    const { egress, add, vault } = await setup();
    const id = await add({ provider: 'kraken', credentials: { apiKey: 'kraken-api-key', secret: 'a3Jha2VuLXNlY3JldC12YWx1ZQ==' } });
    for (const [schemeId, url] of [
      ['bybit-v5', 'https://api.bybit.com/v5/account/wallet-balance'],
      ['aws-sigv4', 'https://attacker-bucket.s3.amazonaws.com/x'],
    ] as const) {
      // A Kraken key is signed only with Kraken's scheme: refused before the key is opened, nothing is sent.
      await expect(egress.send(draft(id, { schemeId, url }))).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringContaining('Kraken keys sign only with kraken-spot') });
    }
    await vault.flush();
    expect(vault.get(id).lastUsedAt).toBeNull();
    // A provider's own scheme, named explicitly, still reaches that provider's hosts (checked without the network).
    const ctx = (provider: string, schemeId: string | null) => ({ provider, schemeId, entryBaseUrl: null, sandboxUrl: null });
    expect(refusal(new URL('https://api.kraken.com/0/private/Balance'), ctx('kraken', 'kraken-spot'))).toBeNull();
    expect(refusal(new URL('https://api.exchange.coinbase.com/accounts'), ctx('coinbase', 'coinbase-exchange-hmac'))).toBeNull();
    expect(refusal(new URL('https://api.binance.com/api/v3/account'), ctx('binance', 'binance-ed25519'))).toBeNull();
    expect(refusal(new URL('https://x.s3.amazonaws.com/'), { ...ctx('aws', 'aws-sigv4'), aws: { region: 'us-east-1', service: 's3' } })).toBeNull();
    expect(refusal(new URL('https://x.s3.amazonaws.com/'), ctx('custom', 'aws-sigv4'))).not.toBeNull();
  });

  it('refuses a typed Host header naming another host (the allowed address would be asked for that host\'s site)', async () => {
    const server = await loopback((req, res) => res.end(String(req.headers.host)));
    const { egress, add, vault } = await setup();
    const id = await add({ provider: 'sandbox', baseUrl: server.url, credentials: SANDBOX });
    await expect(egress.send(draft(id, { headers: [{ name: 'Host', value: 'api.evil.example' }] }))).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(/^headers\[0\]\.name: .*api\.evil\.example/) });
    expect(server.seen).toHaveLength(0);
    await vault.flush();
    expect(vault.get(id).lastUsedAt).toBeNull();
    // The URL's own host, typed out, is what would be sent anyway.
    const same = await egress.send(draft(id, { headers: [{ name: 'host', value: new URL(server.url).host }] }));
    expect(same.responseBody).toBe(new URL(server.url).host);
  });

  it('sends sandbox keys to the running sandbox, and says what to do when none runs', async () => {
    const server = await loopback();
    let sandboxUrl: string | null = null;
    const { egress, add } = await setup({ sandboxUrl: () => sandboxUrl });
    const id = await add({ provider: 'sandbox', credentials: SANDBOX });
    const none = await egress.send(draft(id));
    expect(none).toMatchObject({ outcome: 'failed', error: { code: 'ERR_SANDBOX_UNAVAILABLE', message: expect.stringMatching(/signet sandbox/) } });
    sandboxUrl = server.url;
    expect((await egress.send(draft(id))).status).toBe(200);
    expect((await egress.send(draft(id, { url: `${server.url}/v1/x` }))).status).toBe(200);
    // Another local port is not the sandbox.
    const other = await loopback();
    expect((await egress.send(draft(id, { url: `${other.url}/v1/x` }))).error?.code).toBe('ERR_HOST_NOT_ALLOWED');
    expect(other.seen).toHaveLength(0);
  });

  it('throws input errors before anything is sent', async () => {
    const server = await loopback();
    const { egress, vault, add } = await setup();
    const id = await add({ provider: 'sandbox', baseUrl: server.url, credentials: SANDBOX });
    await expect(egress.send(draft(id, { schemeId: 'nope' }))).rejects.toMatchObject({ code: 'ERR_UNKNOWN_SCHEME' });
    await expect(egress.send(draft(id, { url: 'ftp://x/y' }))).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(/^url:/) });
    await expect(egress.send(draft(id, { method: 'GE T' }))).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT' });
    await expect(egress.send(draft(id, { headers: [{ name: 'Bad Name', value: 'x' }] }))).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT' });
    await expect(egress.send(draft('no-such-entry'))).rejects.toMatchObject({ code: 'ERR_ENTRY_NOT_FOUND' });
    const noBase = await add({ provider: 'aws', credentials: { accessKeyId: 'AKID', secretAccessKey: 'x'.repeat(40), region: 'us-east-1', service: 's3' } });
    await expect(egress.send(draft(noBase))).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(/no base URL/) });
    await vault.lock();
    await expect(egress.send(draft(id))).rejects.toMatchObject({ code: 'ERR_VAULT_LOCKED' });
    expect(server.seen).toHaveLength(0);
  });
});

describe('retries', () => {
  it('honours 429 Retry-After (seconds) and re-signs with a fresh timestamp and nonce', async () => {
    const server = await loopback((_req, res, i) => {
      if (i === 0) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
        res.end('{"code":"rate_limited","message":"slow down"}');
      } else ok(_req, res, i);
    });
    const { egress, add } = await setup();
    const id = await add({ provider: 'sandbox', baseUrl: server.url, credentials: SANDBOX });
    const r = await egress.send(draft(id, { method: 'POST', url: '/v1/orders', body: '{"qty":1}', headers: [{ name: 'Content-Type', value: 'application/json' }] }));
    expect(r).toMatchObject({ status: 200, attempts: 2 });
    const gap = server.seen[1]!.at - server.seen[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(gap).toBeLessThan(2500);
    const [a, b] = [await verifiedHmac(server.seen[0]!, server.url), await verifiedHmac(server.seen[1]!, server.url)];
    expect(a.nonce).not.toBe(b.nonce);
    expect(Number(b.timestamp)).toBeGreaterThan(Number(a.timestamp));
    expect(a.signature).not.toBe(b.signature);
  });

  it('reads Retry-After as an HTTP date, and caps full-jitter backoff', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeNull();
    const opts = { maxAttempts: 10, baseMs: 100, capMs: 1000 };
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, opts, () => 0.9999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffMs(3, opts, () => 0)).toBe(0);
  });

  it('backs off between 503s without Retry-After, capped', async () => {
    const server = await loopback((_req, res) => {
      res.writeHead(503);
      res.end('busy');
    });
    const { egress, add } = await setup({ retry: { maxAttempts: 3, baseMs: 200, capMs: 300 }, random: () => 0.9999 });
    const id = await add({ provider: 'sandbox', baseUrl: server.url, credentials: SANDBOX });
    const r = await egress.send(draft(id));
    expect(r).toMatchObject({ status: 503, outcome: 'server-error', attempts: 3, error: { code: 'HTTP_503' } });
    const gaps = [server.seen[1]!.at - server.seen[0]!.at, server.seen[2]!.at - server.seen[1]!.at];
    // 200·2^0 = 200, then 200·2^1 = 400 capped at 300.
    expect(gaps[0]).toBeGreaterThanOrEqual(190);
    expect(gaps[1]).toBeGreaterThanOrEqual(290);
    expect(gaps[1]).toBeLessThan(390);
  });

  it('does not wait for a Retry-After longer than the cap: the 429 is the answer', async () => {
    const server = await loopback((_req, res) => {
      res.writeHead(429, { 'retry-after': '3600' });
      res.end();
    });
    const { egress, add } = await setup();
    const id = await add({ provider: 'sandbox', baseUrl: server.url, credentials: SANDBOX });
    const r = await egress.send(draft(id));
    expect(r).toMatchObject({ status: 429, attempts: 1, outcome: 'client-error' });
  });

  it('retries a GET on 500 but never a POST', async () => {
    const server = await loopback((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"code":"internal","message":"boom"}');
    });
    const { egress, add } = await setup();
    const id = await add({ provider: 'sandbox', baseUrl: server.url, credentials: SANDBOX });
    const post = await egress.send(draft(id, { method: 'POST', url: '/v1/orders', body: '{}' }));
    expect(post).toMatchObject({ status: 500, attempts: 1, error: { code: 'internal', message: 'boom' } });
    expect(server.seen).toHaveLength(1);
    const get = await egress.send(draft(id));
    expect(get.attempts).toBe(3);
    expect(server.seen).toHaveLength(4);
  });

  it('re-sends a recorded request re-signed', async () => {
    const server = await loopback();
    const { egress, add } = await setup();
    const id = await add({ provider: 'sandbox', baseUrl: server.url, credentials: SANDBOX });
    const first = await egress.send(draft(id, { url: '/v1/orders?limit=5', nonce: 'fixed-nonce', timestamp: Date.now() }));
    const again = await egress.resend(first.id);
    expect(again.id).not.toBe(first.id);
    expect(again.draft).toEqual(first.draft);
    const [a, b] = [await verifiedHmac(server.seen[0]!, server.url), await verifiedHmac(server.seen[1]!, server.url)];
    expect(a.nonce).toBe('fixed-nonce');
    expect(b.nonce).not.toBe('fixed-nonce');
    await expect(egress.resend('missing')).rejects.toMatchObject({ code: 'ERR_RECORD_NOT_FOUND' });
  });
});

describe('failures without a response', () => {
  it('times out a server that never answers', async () => {
    const server = await loopback(() => {});
    const { egress, add } = await setup({ timeoutMs: 300 });
    const id = await add({ provider: 'sandbox', baseUrl: server.url, credentials: SANDBOX });
    const t0 = performance.now();
    const r = await egress.send(draft(id, { method: 'POST', url: '/v1/orders', body: '{}' }));
    expect(r).toMatchObject({ outcome: 'failed', status: null, attempts: 1, error: { code: 'ERR_TIMEOUT', message: expect.stringMatching(/did not answer within 0\.3 s.*may or may not/) } });
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('records a refused connection (after retrying: nothing was processed)', async () => {
    const server = await loopback();
    const { egress, add } = await setup();
    const id = await add({ provider: 'sandbox', baseUrl: server.url, credentials: SANDBOX });
    await server.close();
    const r = await egress.send(draft(id, { method: 'POST', url: '/v1/orders', body: '{}' }));
    expect(r).toMatchObject({ outcome: 'failed', status: null, attempts: 3, error: { code: 'ERR_NETWORK', message: expect.stringMatching(/connection refused/) } });
  });
});

describe('rate limits', () => {
  it('waits for a token, per key and per provider', async () => {
    const server = await loopback();
    const { egress, add } = await setup({ limits: () => ({ capacity: 1, refillPerSec: 5 }) });
    const a = await add({ provider: 'sandbox', baseUrl: server.url, credentials: SANDBOX });
    const b = await add({ provider: 'sandbox', baseUrl: server.url, credentials: SANDBOX });
    const t0 = performance.now();
    // Two keys of one provider share the provider's bucket.
    const rs = await Promise.all([egress.send(draft(a)), egress.send(draft(b)), egress.send(draft(a))]);
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(380);
    const gaps = server.seen.slice(1).map((s, i) => s.at - server.seen[i]!.at);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(180);
  });

  it('refuses with ERR_RATE_LIMITED when the wait would be too long', async () => {
    const server = await loopback();
    const { egress, add } = await setup({ limits: () => ({ capacity: 1, refillPerSec: 0.5 }), rateLimitWaitMs: 100 });
    const id = await add({ provider: 'sandbox', baseUrl: server.url, credentials: SANDBOX });
    expect((await egress.send(draft(id))).status).toBe(200);
    const r = await egress.send(draft(id));
    expect(r).toMatchObject({ outcome: 'failed', attempts: 0, error: { code: 'ERR_RATE_LIMITED' } });
    expect(server.seen).toHaveLength(1);
  });
});

describe('timings', () => {
  it('measures DNS, connect and first byte on a new connection; a reused one has none', async () => {
    const server = await loopback((req, res, i) => setTimeout(() => ok(req, res, i), 60), 'localhost');
    const { egress, add } = await setup();
    const id = await add({ provider: 'sandbox', baseUrl: server.url, credentials: SANDBOX });
    const first = await egress.send(draft(id));
    expect(first.status).toBe(200);
    expect(first.timings.dnsMs).not.toBeNull();
    expect(first.timings.connectMs).not.toBeNull();
    expect(first.timings.tlsMs).toBeNull();
    expect(first.timings.firstByteMs!).toBeGreaterThanOrEqual(55);
    expect(first.timings.totalMs).toBeGreaterThanOrEqual(first.timings.firstByteMs!);
    // undici hands the socket back to its pool a moment after the body ends.
    await new Promise((r) => setTimeout(r, 20));
    const second = await egress.send(draft(id));
    expect(server.connections).toBe(1);
    expect(second.timings).toMatchObject({ dnsMs: null, connectMs: null, tlsMs: null });
    expect(second.timings.firstByteMs!).toBeGreaterThanOrEqual(55);
  });
});

describe('redaction', () => {
  it('keeps secrets and full signatures out of records, the persisted file and the logs; reveal gives the signature', async () => {
    const server = await loopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // Echoes a new key's secret, as a key-creation endpoint does once.
      res.end(`{"apiKey":"new-key","secret":"brand-new-secret-123","note":"${OKX.passphrase}"}`);
    }, '127.0.0.1', { tls: true });
    const { egress, add, store, logs, home } = await setup();
    const id = await add({ provider: 'okx', baseUrl: server.url, credentials: OKX });
    const r = await egress.send(draft(id, { url: '/api/v5/account/balance?ccy=BTC' }));
    expect(r.status).toBe(200);
    const seen = server.seen[0]!;
    const sign = seen.headers['ok-access-sign'] as string;
    expect(seen.headers['ok-access-passphrase']).toBe(OKX.passphrase);
    const header = (n: string) => r.requestHeaders.find((h) => h.name.toLowerCase() === n)!;
    expect(header('ok-access-passphrase')).toMatchObject({ value: '••••', masking: 'secret', signed: true });
    expect(header('ok-access-sign')).toMatchObject({ value: `${sign.slice(0, 4)}…${sign.slice(-2)} (${sign.length} chars)`, masking: 'signature' });
    // The API key is shown as the vault shows it, whole on reveal only.
    expect(header('ok-access-key')).toMatchObject({ value: `••••${OKX.apiKey.slice(-4)}`, masking: 'key' });
    expect(store.reveal(r.id).headers).toEqual([
      { name: expect.stringMatching(/^ok-access-key$/i), value: OKX.apiKey },
      { name: expect.stringMatching(/^ok-access-sign$/i), value: sign },
    ]);
    expect(r.responseBody).toContain('"secret":"••••"');

    await store.flush();
    const everywhere = [JSON.stringify(r), JSON.stringify(store.get(r.id)), readFileSync(join(home, 'inspector.jsonl'), 'utf8'), logs.join('\n')];
    for (const text of everywhere) {
      expect(text).not.toContain(OKX.secret);
      expect(text).not.toContain(OKX.passphrase);
      expect(text).not.toContain(sign);
      expect(text).not.toContain('brand-new-secret-123');
    }
    expect(logs.join('\n')).toContain('egress: request');
  });

  it('masks the hmac Authorization signature and a Binance signature parameter', async () => {
    const server = await loopback(ok, '127.0.0.1', { tls: true });
    const { egress, add, store } = await setup();
    const sbx = await add({ provider: 'sandbox', baseUrl: server.url, credentials: SANDBOX });
    const r = await egress.send(draft(sbx));
    const auth = r.requestHeaders.find((h) => h.name === 'Authorization')!;
    const sig = (await verifiedHmac(server.seen[0]!, server.url)).signature;
    expect(auth.masking).toBe('signature');
    expect(auth.value).toContain(`signature="${sig.slice(0, 4)}…${sig.slice(-2)} (64 chars)"`);
    expect(auth.value).toContain(`apiKey="••••${SANDBOX.apiKey.slice(-4)}"`);
    expect(JSON.stringify(r)).not.toContain(sig);
    expect(JSON.stringify(store.reveal(r.id))).toContain(sig);

    const bin = await add({ provider: 'binance', baseUrl: server.url, credentials: { apiKey: 'binance-api-key', secret: 'binance-secret-0123456789' } });
    const b = await egress.send(draft(bin, { url: '/api/v3/account?recvWindow=5000' }));
    const sent = new URL(server.url + server.seen[1]!.url).searchParams.get('signature')!;
    expect(sent).toMatch(/^[0-9a-f]{64}$/);
    expect(b.url).toContain(`signature=${sent.slice(0, 4)}…${sent.slice(-2)} (64 chars)`);
    expect(JSON.stringify(b)).not.toContain(sent);
    expect(store.reveal(b.id).url).toContain(`signature=${sent}`);
  });

  it('masks a recipe\'s signature wherever the recipe puts it (any header name, query or body field), in the record, the file and the logs', async () => {
    const server = await loopback();
    const { egress, add, store, logs, home } = await setup();
    const id = await add({ provider: 'custom', baseUrl: server.url, credentials: { apiKey: 'custom-key-1', secret: 'custom-secret-0123456789' } });
    const inHeader = JSON.stringify({ components: [{ type: 'method' }, { type: 'path' }], algorithm: 'sha256', signature: { in: 'header', name: 'X-Sig', prefix: 'Sig ' } });
    const inQuery = JSON.stringify({ components: [{ type: 'method' }, { type: 'path' }], algorithm: 'sha256', signature: { in: 'query', name: 'mac' } });
    const h = await egress.send(draft(id, { url: '/v1/ping', schemeId: 'recipe', options: { recipe: inHeader } }));
    const q = await egress.send(draft(id, { url: '/v1/ping?a=1', schemeId: 'recipe', options: { recipe: inQuery } }));
    expect([h.status, q.status]).toEqual([200, 200]);
    const headerSig = (server.seen[0]!.headers['x-sig'] as string).replace(/^Sig /, '');
    const querySig = new URL(server.url + server.seen[1]!.url).searchParams.get('mac')!;
    expect(headerSig.length).toBeGreaterThanOrEqual(32);
    expect(querySig.length).toBeGreaterThanOrEqual(32);
    expect(h.requestHeaders.find((x) => x.name.toLowerCase() === 'x-sig')).toMatchObject({ masking: 'signature', signed: true });
    expect(store.reveal(h.id).headers).toEqual([{ name: expect.stringMatching(/^x-sig$/i), value: `Sig ${headerSig}` }]);
    expect(store.reveal(q.id).url).toContain(encodeURIComponent(querySig));
    await store.flush();
    const everywhere = [JSON.stringify(h), JSON.stringify(q), readFileSync(join(home, 'inspector.jsonl'), 'utf8'), logs.join('\n')];
    for (const text of everywhere) {
      expect(text).not.toContain(headerSig);
      expect(text).not.toContain(querySig);
      expect(text).not.toContain(encodeURIComponent(querySig));
    }
  });

  it('sends an unsigned provider\'s key as its header, masked as a secret', async () => {
    const server = await loopback(ok, '127.0.0.1', { tls: true });
    const { egress, add } = await setup();
    const id = await add({ provider: 'coingecko', baseUrl: `${server.url}/api/v3`, credentials: { apiKey: 'CG-demo-key-abcdef' } });
    const r = await egress.send(draft(id, { url: '/simple/price?ids=bitcoin' }));
    expect(server.seen[0]!.headers['x-cg-demo-api-key']).toBe('CG-demo-key-abcdef');
    expect(server.seen[0]!.url).toBe('/api/v3/simple/price?ids=bitcoin');
    expect(r.requestHeaders).toContainEqual({ name: 'x-cg-demo-api-key', value: '••••', signed: true, masking: 'secret' });
    expect(r.schemeId).toBeNull();
    expect(JSON.stringify(r)).not.toContain('CG-demo-key-abcdef');
  });
});

describe('where a key may go (issue 9, item 1)', () => {
  it('never sends an exchange key over plain http, not even to loopback, even when its base URL says so', async () => {
    const listener = await loopback();
    const { egress, add, vault } = await setup();
    // A compromised renderer set this base URL before the fix; the egress holds the line on its own.
    const okx = await add({ provider: 'okx', baseUrl: listener.url, credentials: OKX });
    const r = await egress.send(draft(okx, { url: '/api/v5/account/balance' }));
    expect(r).toMatchObject({ outcome: 'failed', attempts: 0, error: { code: 'ERR_HOST_NOT_ALLOWED', message: expect.stringContaining('travels over https only') } });
    const cg = await add({ provider: 'coingecko', baseUrl: `${listener.url}/api/v3`, credentials: { apiKey: 'CG-demo-key-abcdef' } });
    expect((await egress.send(draft(cg, { url: '/simple/price?ids=bitcoin' }))).error?.code).toBe('ERR_HOST_NOT_ALLOWED');
    expect(listener.seen).toHaveLength(0);
    await vault.flush();
    expect(vault.get(okx).lastUsedAt).toBeNull();
    // Sandbox and custom keys may use plain http to this machine (the sandbox, your own API).
    const custom = await add({ provider: 'custom', baseUrl: listener.url, credentials: { apiKey: 'c-1', secret: 'custom-secret-0123' } });
    expect((await egress.send(draft(custom, { url: '/v1/ping', schemeId: 'hmac' }))).status).toBe(200);
  });

  it('reaches documented hosts on 443 only; another port needs the key to name it', () => {
    const ctx = { provider: 'binance', schemeId: null, entryBaseUrl: null, sandboxUrl: null };
    expect(refusal(new URL('https://api.binance.com/api/v3/account'), ctx)).toBeNull();
    expect(refusal(new URL('https://api.binance.com:443/api/v3/account'), ctx)).toBeNull();
    expect(refusal(new URL('https://api.binance.com:8443/api/v3/account'), ctx)).toMatch(/api\.binance\.com:8443 is not an allowed host/);
    expect(refusal(new URL('https://api.binance.com:8443/api/v3/account'), { ...ctx, entryBaseUrl: 'https://api.binance.com:8443' })).toBeNull();
  });

  it('narrows an AWS key from *.amazonaws.com to its own service and region', () => {
    const ctx = { provider: 'aws', schemeId: null, entryBaseUrl: null, sandboxUrl: null, aws: { region: 'eu-west-1', service: 's3' } };
    for (const ok of ['https://s3.eu-west-1.amazonaws.com/', 'https://my-bucket.s3.eu-west-1.amazonaws.com/k', 'https://s3-fips.eu-west-1.amazonaws.com/', 'https://b.s3.dualstack.eu-west-1.amazonaws.com/', 'https://s3-eu-west-1.amazonaws.com/']) {
      expect(refusal(new URL(ok), ctx), ok).toBeNull();
    }
    for (const bad of ['https://attacker.s3.amazonaws.com/', 'https://s3.us-east-1.amazonaws.com/', 'https://sqs.eu-west-1.amazonaws.com/', 'https://abc.execute-api.eu-west-1.amazonaws.com/', 'https://evil-s3.eu-west-1.amazonaws.com.attacker.net/']) {
      expect(refusal(new URL(bad), ctx), bad).not.toBeNull();
    }
    // Global endpoints sign in us-east-1.
    expect(refusal(new URL('https://iam.amazonaws.com/'), { ...ctx, aws: { region: 'us-east-1', service: 'iam' } })).toBeNull();
    expect(refusal(new URL('https://abc.execute-api.eu-west-1.amazonaws.com/prod'), { ...ctx, aws: { region: 'eu-west-1', service: 'execute-api' } })).toBeNull();
    // No region or service on the key: no AWS host at all (fails closed).
    expect(refusal(new URL('https://s3.eu-west-1.amazonaws.com/'), { ...ctx, aws: { region: null, service: null } })).not.toBeNull();
  });

  it('decides which base URLs need the person’s confirmation, and which no key of the provider may have', () => {
    expect(needsConfirmation('binance', 'https://api1.binance.com')).toBe(false);
    expect(needsConfirmation('binance', 'https://testnet.binance.vision')).toBe(false);
    expect(needsConfirmation('binance', 'https://api.binance.com:8443')).toBe(true);
    expect(needsConfirmation('okx', 'https://okx.attacker.example')).toBe(true);
    expect(needsConfirmation('custom', 'https://api.example.com')).toBe(true);
    expect(needsConfirmation('aws', 'https://s3.eu-west-1.amazonaws.com', { region: 'eu-west-1', service: 's3' })).toBe(false);
    expect(needsConfirmation('aws', 'https://attacker.s3.amazonaws.com', { region: 'eu-west-1', service: 's3' })).toBe(true);
    expect(baseUrlProblem('okx', 'http://127.0.0.1:47002')).toMatch(/travels over https only/);
    expect(baseUrlProblem('binance', 'http://api.binance.com')).toMatch(/only to this machine/);
    expect(baseUrlProblem('sandbox', 'http://127.0.0.1:7420')).toBeNull();
    expect(baseUrlProblem('custom', 'http://localhost:3000')).toBeNull();
  });
});

describe('a refused request masks every key value (issue 9, item 4)', () => {
  it('masks a CoinGecko or Token Metrics key, its whole secret, in a refused request’s record and file', async () => {
    const { egress, add, store, home } = await setup();
    for (const [provider, apiKey] of [['coingecko', 'CG-demo-key-abcdef'], ['token-metrics', 'tm-key-0123456789']] as const) {
      const id = await add({ provider, credentials: { apiKey } });
      const r = await egress.send(draft(id, { url: `https://elsewhere.example/x?key=${apiKey}`, headers: [{ name: 'X-Echo', value: apiKey }], body: `{"k":"${apiKey}"}`, method: 'POST' }));
      expect(r.error?.code).toBe('ERR_HOST_NOT_ALLOWED');
      expect(JSON.stringify(r)).not.toContain(apiKey);
      expect(r.draft.headers[0]!.value).toBe('••••');
      await store.flush();
      expect(readFileSync(join(home, 'inspector.jsonl'), 'utf8')).not.toContain(apiKey);
    }
  });

  it('masks the passphrase a server reflects JSON-escaped or base64-encoded, in the record and the file', async () => {
    const phrase = 'Trading "Pass" 9/ok';
    const server = await loopback((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json', 'x-echo': Buffer.from(phrase).toString('base64') });
      res.end(JSON.stringify({ code: '50113', msg: `Invalid passphrase ${phrase}`, token: Buffer.from(`x${phrase}`).toString('base64url') }));
    }, '127.0.0.1', { tls: true });
    const { egress, add, store, home } = await setup();
    const id = await add({ provider: 'okx', baseUrl: server.url, credentials: { ...OKX, passphrase: phrase } });
    const r = await egress.send(draft(id, { url: '/api/v5/account/balance' }));
    expect(r.status).toBe(401);
    const text = JSON.stringify(r);
    for (const form of [JSON.stringify(phrase).slice(1, -1), Buffer.from(phrase).toString('base64'), phrase]) expect(text).not.toContain(form);
    expect(r.error?.message).toBe('Invalid passphrase ••••');
    await store.flush();
    const file = readFileSync(join(home, 'inspector.jsonl'), 'utf8');
    expect(file).not.toContain(JSON.stringify(phrase).slice(1, -1));
    expect(file).not.toContain(Buffer.from(phrase).toString('base64').slice(2, 14));
  });
});

describe('a production key’s writes are confirmed (issue 9, item 12)', () => {
  const PROD = { provider: 'sandbox', environment: 'prod' } as const;

  it('asks before a POST with a prod key, showing method, host, path, key and body; a no sends nothing', async () => {
    const server = await loopback();
    const asked: Confirmation[] = [];
    let answer = false;
    const { egress, add, vault } = await setup({ confirm: async (q) => (asked.push(q), answer) });
    const id = await add({ ...PROD, label: 'Main trading', baseUrl: server.url, credentials: SANDBOX });
    const order = draft(id, { method: 'POST', url: '/v1/orders?symbol=BTC-USD', body: '{"side":"buy","qty":"1"}' });
    await expect(egress.send(order)).rejects.toMatchObject({ code: 'ERR_CANCELLED', message: expect.stringContaining('was not sent: you did not confirm it') });
    expect(server.seen).toHaveLength(0);
    await vault.flush();
    expect(vault.get(id).lastUsedAt).toBeNull();
    expect(asked).toHaveLength(1);
    const host = new URL(server.url).host;
    expect(asked[0]).toMatchObject({ confirmLabel: 'Send', message: `POST ${host}/v1/orders with the production key “Main trading”` });
    for (const line of ['Method: POST', `Host: ${host}`, 'Path: /v1/orders?symbol=BTC-USD', 'Key: Main trading (Sandbox exchange, prod)', 'Body: {"side":"buy","qty":"1"}']) expect(asked[0]!.detail).toContain(line);

    answer = true;
    const sent = await egress.send(order);
    expect(sent.status).toBe(200);
    expect(server.seen).toHaveLength(1);
    // A re-send is asked again.
    await egress.resend(sent.id);
    expect(asked).toHaveLength(3);
  });

  it('does not ask for reads, for Kraken’s POST reads, or for keys that are not prod; asks for a withdrawal even as GET', async () => {
    const server = await loopback();
    const asked: string[] = [];
    const { egress, add } = await setup({ confirm: async (q) => (asked.push(q.message), true) });
    const prod = await add({ ...PROD, baseUrl: server.url, credentials: SANDBOX });
    const dev = await add({ provider: 'sandbox', environment: 'dev', baseUrl: server.url, credentials: SANDBOX });
    await egress.send(draft(prod, { method: 'GET', url: '/v1/account' }));
    await egress.send(draft(dev, { method: 'POST', url: '/v1/orders', body: '{}' }));
    expect(asked).toEqual([]);
    await egress.send(draft(prod, { method: 'GET', url: '/v1/withdraw' }));
    expect(asked).toHaveLength(1);
    expect(isReadRequest('kraken', 'POST', new URL('https://api.kraken.com/0/private/Balance'))).toBe(true);
    expect(isReadRequest('kraken', 'POST', new URL('https://api.kraken.com/0/private/AddOrder'))).toBe(false);
    expect(isReadRequest('kraken', 'POST', new URL('https://api.kraken.com/0/private/Withdraw'))).toBe(false);
    expect(isReadRequest('bitfinex', 'POST', new URL('https://api.bitfinex.com/v2/auth/r/wallets'))).toBe(true);
    expect(isReadRequest('bitfinex', 'POST', new URL('https://api.bitfinex.com/v2/auth/w/order/submit'))).toBe(false);
    expect(isReadRequest('binance', 'GET', new URL('https://api.binance.com/sapi/v1/capital/withdraw/history'))).toBe(true);
    expect(isReadRequest('binance', 'DELETE', new URL('https://api.binance.com/api/v3/order'))).toBe(false);
  });

  it('refuses a prod write when the host has nobody to ask', async () => {
    const server = await loopback();
    const { egress, add } = await setup();
    const id = await add({ ...PROD, baseUrl: server.url, credentials: SANDBOX });
    await expect(egress.send(draft(id, { method: 'POST', url: '/v1/orders', body: '{}' }))).rejects.toMatchObject({ code: 'ERR_CANCELLED', message: expect.stringContaining('needs your confirmation') });
    expect(server.seen).toHaveLength(0);
  });
});
