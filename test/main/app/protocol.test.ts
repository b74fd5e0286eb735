/**
 * The app:// protocol: what the renderer is served, with which headers, and that no URL — however encoded — reads
 * a file outside the renderer root. Real files in a temp dir, with a secret file beside the root.
 */
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, resetFakeElectron } from './fake-electron';
import { createAppProtocolHandler } from '../../../src-main/app/app-protocol-handler';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/base/content-security-policy';
import { contentTypeFor } from '../../../src-main/app/content-type';
import { isInside, resolveAppPath } from '../../../src-main/app/resolve-app-path';
import { registerAppProtocol, registerAppScheme } from '../../../src-main/app/protocol';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule());

const SECRET = 'TOP-SECRET-do-not-serve';
const EXPECTED_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

let base: string;
let root: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'signet-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Signet</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log("hi")');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(root, 'assets', 'inter.woff2'), Buffer.from([1, 2, 3]));
  writeFileSync(join(root, 'assets', 'blob.xyz'), 'x');
  // Things that must never be served: a secret beside the root, one in a sibling whose name starts like the root's,
  // and a symlink inside the root pointing at the secret.
  writeFileSync(join(base, 'secret.txt'), SECRET);
  mkdirSync(join(base, 'renderer-evil'));
  writeFileSync(join(base, 'renderer-evil', 'x.txt'), SECRET);
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
  handler = createAppProtocolHandler(root);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));
beforeEach(() => resetFakeElectron());

const get = (url: string, init?: RequestInit) => handler(new Request(url, init));

describe('app:// responses', () => {
  it('carries the exact strict CSP and nosniff', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(EXPECTED_CSP);
  });

  it('serves index.html for the root and for /index.html, with the CSP header', async () => {
    for (const url of ['app://signet/', 'app://signet/index.html']) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toContain('<title>Signet</title>');
    }
  });

  it('serves assets with their content types', async () => {
    const cases: [string, string][] = [
      ['assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['assets/index-abc.css', 'text/css; charset=utf-8'],
      ['assets/logo.png', 'image/png'],
      ['assets/inter.woff2', 'font/woff2'],
      ['assets/blob.xyz', 'application/octet-stream'],
    ];
    for (const [path, type] of cases) {
      const res = await get(`app://signet/${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe(type);
      expect(res.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    }
    expect(contentTypeFor('/x/A.HTML')).toBe('text/html; charset=utf-8');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://signet/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('app://signet/index.html', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
  });

  it('returns 404, still with the CSP, for missing files, directories and other hosts', async () => {
    for (const url of ['app://signet/nope.js', 'app://signet/assets', 'app://signet/assets/', 'app://evil/index.html', 'app://signet:8080/index.html']) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-security-policy'), url).toBe(EXPECTED_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('path traversal', () => {
  const attempts = (): string[] => [
    'app://signet/../secret.txt',
    'app://signet/assets/../../secret.txt',
    'app://signet/%2e%2e/secret.txt',
    'app://signet/%2E%2E%2Fsecret.txt',
    'app://signet/assets/..%2f..%2fsecret.txt',
    'app://signet/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://signet/..%5csecret.txt',
    'app://signet/assets%5c..%5c..%5csecret.txt',
    'app://signet/%252e%252e/secret.txt',
    'app://signet/..%2frenderer-evil%2fx.txt',
    `app://signet/${encodeURIComponent(join(base, 'secret.txt'))}`,
    `app://signet/${join(base, 'secret.txt')}`,
    `app://signet//${join(base, 'secret.txt')}`,
    'app://signet/index.html%00.png',
    'app://signet/%00',
    'app://signet/C:%5cWindows%5cwin.ini',
    'app://signet/assets/link.txt',
    'app://signet/%E0%A4%A',
  ];

  it('answers every attempt with 404 and never the secret', async () => {
    for (const url of attempts()) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text(), url).not.toContain(SECRET);
      expect(res.headers.get('content-security-policy'), url).toBe(EXPECTED_CSP);
    }
  });

  it('never resolves an attempt to a path outside the root', () => {
    for (const url of attempts()) {
      const resolved = resolveAppPath(root, url);
      if (resolved !== null) expect(isInside(root, resolved), `${url} → ${resolved}`).toBe(true);
    }
    expect(resolveAppPath(root, 'app://signet/%2e%2e/secret.txt')).not.toBe(join(base, 'secret.txt'));
    expect(resolveAppPath(root, 'app://signet/..%2fsecret.txt')).toBeNull();
    expect(resolveAppPath(root, 'app://signet/a%00b')).toBeNull();
    expect(resolveAppPath(root, 'app://user:pw@signet/index.html')).toBeNull();
    expect(resolveAppPath(root, 'file:///etc/passwd')).toBeNull();
  });

  it('does not mistake a sibling directory sharing the root name prefix for the root', () => {
    expect(isInside(root, join(base, 'renderer-evil', 'x.txt'))).toBe(false);
    expect(isInside(root, join(root, 'assets', 'x'))).toBe(true);
    expect(isInside(root, base)).toBe(false);
  });
});

describe('registration with Electron', () => {
  it('registers app:// as standard and secure, without fetch, CORS, CSP bypass or service workers', () => {
    registerAppScheme();
    expect(fake.protocol.privileged).toEqual([
      {
        scheme: 'app',
        privileges: expect.objectContaining({
          standard: true,
          secure: true,
          supportFetchAPI: false,
          corsEnabled: false,
          bypassCSP: false,
          allowServiceWorkers: false,
        }),
      },
    ]);
  });

  it('handles app:// with the root it was given', async () => {
    registerAppProtocol(root);
    const handle = fake.protocol.handlers.get('app');
    expect(handle).toBeTypeOf('function');
    const ok = await handle!(new Request('app://signet/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(EXPECTED_CSP);
    const bad = await handle!(new Request('app://signet/..%2fsecret.txt'));
    expect(bad.status).toBe(404);
  });
});
