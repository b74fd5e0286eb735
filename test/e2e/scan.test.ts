/**
 * The Scan page as a user drives it in Chromium, against the browser host (the same scan service and router as the
 * app): pick a folder (the host's dialog answers the folders it was started with — the page never names a path),
 * scan it, see the vault key's secret found in several encodings grouped under the key with "Rotate this key", a
 * known key format under its rule, ignored and binary files skipped, then a clean folder. The secret itself must
 * never reach the page. Screenshots dark and light.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../src-main/browser-host/browser-host';
import { buildRenderer, chromiumAvailable, FAST_KDF, finishTest, launchChromium, openPage, screenshotPath } from './e2e-support';

const PASSPHRASE = 'correct horse battery staple';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
// An AWS access key id (a known format) that is not in the vault. (AWS's documented …EXAMPLE id is ignored.)
const AWS_KEY_ID = 'AKIAZ7QX4TTH2KLMN5PB';

const run = chromiumAvailable();

describe.skipIf(!run)('the secrets scan, in the browser', () => {
  let renderer: Awaited<ReturnType<typeof buildRenderer>>;
  let host: BrowserHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let framesToPage: string[];
  let pageErrors: string[];
  let root: string;
  let leaky: string;
  let clean: string;

  const shot = async (name: string) => {
    await page.waitForTimeout(200);
    await page.screenshot({ path: await screenshotPath(name), fullPage: true });
  };
  const scanButton = () => page.locator('.scan-controls').getByRole('button', { name: 'Scan', exact: true });
  const nav = (name: string) => page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: new RegExp(`^${name}`) });

  beforeAll(async () => {
    renderer = await buildRenderer();
    browser = await launchChromium();
  });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'signet-e2e-scan-'));
    leaky = join(root, 'trading-bot');
    clean = join(root, 'docs-site');
    await mkdir(join(leaky, 'config'), { recursive: true });
    await mkdir(join(leaky, 'dist'), { recursive: true });
    await mkdir(clean, { recursive: true });
    await writeFile(join(leaky, '.env'), `BINANCE_API_KEY=${API_KEY}\nBINANCE_SECRET=${SECRET}\n`);
    await writeFile(join(leaky, 'config', 'deploy.yaml'), `secret_b64: ${Buffer.from(SECRET).toString('base64')}\n`);
    await writeFile(join(leaky, 'config', 'aws.ini'), `[default]\naws_access_key_id = ${AWS_KEY_ID}\n`);
    await writeFile(join(leaky, '.gitignore'), 'dist/\n');
    await writeFile(join(leaky, 'dist', 'bundle.js'), `const s = "${SECRET}";\n`);
    await writeFile(join(leaky, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0]));
    await writeFile(join(clean, 'index.md'), '# Docs\n\nNothing secret here: a commit 3f9a1c2e4b5d6a7f8e9d0c1b2a3f4e5d6c7b8a9f and a UUID 123e4567-e89b-12d3-a456-426614174000.\n');
    host = await startBrowserHost({ kdf: FAST_KDF, rendererDir: renderer.dir, scanFolders: [leaky, clean] });
    ({ context, page, framesToPage, pageErrors } = await openPage(browser));
    await host.services.vault.create({ passphrase: PASSPHRASE, useOsSlot: false });
    await host.services.vault.add({ label: 'Binance market maker', provider: 'binance', environment: 'prod', credentials: { apiKey: API_KEY, secret: SECRET } });
  });

  afterEach(async () => {
    await finishTest(pageErrors, context, host);
    await rm(root, { recursive: true, force: true });
  });

  afterAll(async () => {
    await browser?.close();
    await renderer?.cleanup();
  });

  it('finds the vault key’s secret in every form under its key, a known format under its rule, and skips what it should; never shows the secret', async () => {
    await page.goto(host.url);
    await nav('Scan').click();
    await page.getByRole('heading', { name: 'Secrets scan' }).waitFor();
    expect(await scanButton().isDisabled()).toBe(true);
    await shot('scan-empty-dark-1280x800');

    await page.getByRole('button', { name: 'Pick folders…' }).click();
    const folders = page.getByRole('list', { name: 'Folders to scan' });
    await folders.getByText('trading-bot', { exact: true }).waitFor();
    await folders.getByText('docs-site', { exact: true }).waitFor();
    // Picking again lists each folder once.
    await page.getByRole('button', { name: 'Add folders…' }).click();
    await page.waitForTimeout(200);
    expect(await folders.getByRole('listitem').count()).toBe(2);

    await scanButton().click();
    const summary = page.locator('.scan-summary');
    await summary.waitFor();
    const key = page.getByRole('region', { name: 'Key Binance market maker' });
    await key.waitFor();
    // The .env has both credentials as is; deploy.yaml has the secret in base64; dist/ is ignored by .gitignore.
    await key.getByText('trading-bot/.env', { exact: false }).first().waitFor();
    await key.getByText('Secret · base64').waitFor();
    await key.getByText('Secret · as is').waitFor();
    await key.getByText('API key · as is').waitFor();
    expect(await key.getByText('dist/bundle.js').count()).toBe(0);
    const rule = page.locator('.scan-group').filter({ hasText: 'aws-access-key-id' });
    await rule.waitFor();
    await rule.getByText(/config\/aws\.ini/).waitFor();
    expect(await summary.textContent()).toMatch(/^4 findings in 3 files — /);
    await page.locator('.scan-skipped summary', { hasText: /binary/ }).waitFor();
    await shot('scan-found-dark-1280x800');

    // Nothing of the secrets in the page or in any frame it received.
    const html = await page.content();
    const frames = framesToPage.join('\n');
    for (const text of [html, frames]) {
      for (const s of [SECRET, API_KEY, Buffer.from(SECRET).toString('base64'), SECRET.slice(0, 16), API_KEY.slice(0, 16), AWS_KEY_ID]) expect(text).not.toContain(s);
    }

    // Rotate this key opens the key on the Rotation page.
    await key.getByRole('button', { name: 'Rotate this key' }).click();
    await expect.poll(() => nav('Rotation').getAttribute('aria-current')).toBe('page');
    await page.getByRole('heading', { name: 'Binance market maker' }).first().waitFor();

    // Back on the Scan page the result is still there; without .gitignore the ignored bundle is found too.
    await nav('Scan').click();
    await key.waitFor();
    await page.getByText('Skip what .gitignore excludes').click();
    expect(await page.getByLabel('Skip what .gitignore excludes').isChecked()).toBe(false);
    await scanButton().click();
    await key.getByText(/dist\/bundle\.js/).waitFor();

    // Locking forgets what the scan showed.
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: /^Unlock/ }).click();
    await nav('Scan').click();
    await page.getByRole('heading', { name: 'Secrets scan' }).waitFor();
    expect(await page.locator('.scan-summary').count()).toBe(0);
  });

  it('says a folder is clean, and refuses a path the page makes up (light)', async () => {
    await host.services.router.handle('settings:set', { theme: 'light' });
    await page.goto(host.url);
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('light');
    await nav('Scan').click();
    await page.getByRole('button', { name: 'Pick folders…' }).click();
    await page.getByRole('button', { name: 'Remove trading-bot' }).click();
    await scanButton().click();
    await page.getByText('No secrets found').waitFor();
    expect(await page.locator('.scan-summary').textContent()).toMatch(/^Nothing found — 1 file, /);
    await shot('scan-clean-light-1280x800');

    // A compromised page naming a folder itself is refused by main: only picked folders' ids are scanned.
    const refused = await page.evaluate(async (path) => {
      const api = (globalThis as unknown as { signet: { scan: { run(i: unknown): Promise<{ ok: boolean; error?: { message: string } }> } } }).signet;
      return api.scan.run({ folderIds: [path] });
    }, root);
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/picked with scan:pickFolders, not a path/) } });
  });
});
