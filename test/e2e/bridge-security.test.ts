/**
 * The browser host's bridge is guarded like Electron IPC: no token, another Origin or another Host header never
 * gets a socket; every message goes through the same router (unknown channel, invalid input); the page is served
 * with the app's CSP and nothing outside the renderer build can be fetched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { startBrowserHost, type BrowserHost } from '../../src-main/browser-host/browser-host';
import { CHANNELS, EVENTS } from '../../src-main/contract/channels';
import { buildRenderer, chromiumAvailable, FAST_KDF, launchChromium, openPage } from './e2e-support';
import { connectBridge } from './bridge-connection';

let host: BrowserHost;
let renderer: Awaited<ReturnType<typeof buildRenderer>>;

beforeAll(async () => {
  renderer = await buildRenderer();
  host = await startBrowserHost({ kdf: FAST_KDF, rendererDir: renderer.dir });
});

afterAll(async () => {
  await host?.close();
  await renderer?.cleanup();
});

const connect = (opts: Parameters<typeof connectBridge>[1] = {}) => connectBridge(host, opts);

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(url.port), path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser host bridge', () => {
  it('listens on 127.0.0.1 only and puts a 256-bit token in the URL fragment', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(Buffer.from(host.token, 'base64url')).toHaveLength(32);
  });

  it('rejects a WebSocket without the token', async () => {
    await expect(connect({ token: null })).rejects.toThrow('HTTP 401');
  });

  it('rejects a WebSocket with a wrong token', async () => {
    await expect(connect({ token: 'A'.repeat(43) })).rejects.toThrow('HTTP 401');
  });

  it('rejects a WebSocket from another Origin, even with the token', async () => {
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect({ origin: 'http://localhost:' + new URL(host.origin).port })).rejects.toThrow('HTTP 403');
  });

  it('rejects a WebSocket whose Host header is not 127.0.0.1:PORT (DNS rebinding)', async () => {
    await expect(connect({ host: `attacker.example:${new URL(host.origin).port}` })).rejects.toThrow('HTTP 403');
  });

  it('answers an unknown channel with ERR_UNKNOWN_CHANNEL', async () => {
    const c = await connect();
    const r = await c.call('vault:dumpEverything', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'ERR_UNKNOWN_CHANNEL' } });
    c.ws.close();
  });

  it('answers invalid input with ERR_VALIDATION', async () => {
    const c = await connect();
    const r = await c.call('vault:unlock', { method: 'passphrase', passphrase: 42 });
    expect(r).toMatchObject({ ok: false, error: { code: 'ERR_VALIDATION' } });
    const extra = await c.call('vault:status', { sneaky: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'ERR_VALIDATION' } });
    c.ws.close();
  });

  it('routes real calls and pushes vault:statusChanged to the page', async () => {
    const c = await connect();
    const created = await c.call('vault:create', { passphrase: 'correct horse battery staple', useOsSlot: false, addSandboxKey: true });
    expect(created).toMatchObject({ ok: true, value: { exists: true, locked: false } });
    await host.services.vault.lock();
    await expect.poll(() => c.events.find((e) => e.event === 'vault:statusChanged' && (e.payload as { locked: boolean }).locked)).toBeTruthy();
    c.ws.close();
  });

  it.runIf(chromiumAvailable())('gives the page the same window.signet as the preload: one frozen function per channel and event', async () => {
    const browser = await launchChromium();
    try {
      const { page, pageErrors } = await openPage(browser);
      await page.goto(host.url);
      await page.waitForFunction(() => 'signet' in globalThis);
      const shape = await page.evaluate(() => {
        const api = (globalThis as unknown as { signet: Record<string, Record<string, unknown>> }).signet;
        return {
          frozen: Object.isFrozen(api) && Object.values(api).every((group) => Object.isFrozen(group)),
          leaves: Object.entries(api).flatMap(([ns, group]) => Object.entries(group).map(([k, v]) => `${ns}.${k}:${typeof v}`)),
        };
      });
      const expected = [
        ...CHANNELS.map((c) => c.replace(':', '.')),
        ...EVENTS.map((e) => e.replace(/:(.)/, (_m, first: string) => `.on${first.toUpperCase()}`)),
      ].map((p) => `${p}:function`);
      expect(shape.leaves.sort()).toEqual(expected.sort());
      expect(shape.frozen).toBe(true);
      const status = await page.evaluate(() => (globalThis as unknown as { signet: { vault: { status(): Promise<unknown> } } }).signet.vault.status());
      expect(status).toMatchObject({ ok: true, value: { exists: expect.any(Boolean) } });
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('serves the page with the app CSP, bridge connect-src only, and the bridge script first', async () => {
    const page = await get('/', { Host: new URL(host.origin).host });
    expect(page.status).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${new URL(host.origin).port}`);
    expect(page.body.indexOf('/bridge.js')).toBeGreaterThan(0);
    expect(page.body.indexOf('/bridge.js')).toBeLessThan(page.body.indexOf('./assets/'));
    const script = await get('/bridge.js', { Host: new URL(host.origin).host });
    expect(script.body).toContain('signet-bridge.v1');
    expect(script.body).not.toMatch(/\binterface\b|: string\b/);
  });

  it('refuses path traversal and requests for another Host', async () => {
    const hostHeader = new URL(host.origin).host;
    for (const path of ['/../package.json', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/assets/..%5c..%5cpackage.json', '/%00']) {
      const r = await get(path, { Host: hostHeader });
      expect(r.status, path).toBe(404);
    }
    expect((await get('/', { Host: 'evil.example' })).status).toBe(421);
  });
});
