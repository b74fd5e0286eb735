/**
 * Key pairs made in the vault, as a user drives them in Chromium against the browser host (the same services and
 * router as the app): Add key → Generate key pair → the public key to register → Later → the key detail shows the
 * public key and "Awaiting API key" → paste the API key → it can sign. The private key, read from the vault in the
 * test, must never appear in the page or in anything the bridge sent it. Screenshots dark and light.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../src-main/browser-host/browser-host';
import { buildRenderer, chromiumAvailable, FAST_KDF, finishTest, launchChromium, openPage, screenshotPath } from './e2e-support';

const PASSPHRASE = 'correct horse battery staple';
const BINANCE_API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';

const run = chromiumAvailable();

describe.skipIf(!run)('key pairs generated in the vault, in the browser', () => {
  let renderer: Awaited<ReturnType<typeof buildRenderer>>;
  let host: BrowserHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let framesToPage: string[];
  let pageErrors: string[];

  const shot = async (name: string) => {
    if ((await page.locator('dialog[open]').count()) === 0) {
      const close = page.getByRole('button', { name: 'Dismiss notification' });
      while ((await close.count()) > 0) await close.first().click();
    }
    await page.waitForTimeout(200);
    await page.screenshot({ path: await screenshotPath(name) });
  };
  const row = (label: string) => page.locator('[role="option"]', { hasText: label });

  /** The private key as the vault holds it: its PEM, its base64 body, and each line of the body. */
  const privateKeyOf = async (id: string) => {
    const pem = await host.services.vault.useSecret(id, (c) => c.privateKeyPem!, { record: false });
    const lines = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
    return { pem, body: lines.join(''), lines };
  };

  /** Nothing of the private key in the DOM or in any frame the page received. */
  const expectNoPrivateKey = async (id: string) => {
    const { pem, body, lines } = await privateKeyOf(id);
    const html = await page.content();
    const frames = framesToPage.join('\n');
    for (const text of [html, frames]) {
      expect(text).not.toContain(pem);
      expect(text).not.toContain(body);
      for (const line of lines) expect(text).not.toContain(line);
      expect(text).not.toContain('PRIVATE KEY-----');
    }
  };

  beforeAll(async () => {
    renderer = await buildRenderer();
    browser = await launchChromium();
  });

  beforeEach(async () => {
    host = await startBrowserHost({ kdf: FAST_KDF, rendererDir: renderer.dir });
    ({ context, page, framesToPage, pageErrors } = await openPage(browser));
    await host.services.vault.create({ passphrase: PASSPHRASE, useOsSlot: false });
  });

  afterEach(() => finishTest(pageErrors, context, host));

  afterAll(async () => {
    await browser?.close();
    await renderer?.cleanup();
  });

  it('generates a Binance Ed25519 pair from the Add key dialog, shows only its public key, and takes the API key later', async () => {
    await page.goto(host.url);
    await row('Sandbox').waitFor();
    await page.locator('.vault-toolbar').getByRole('button', { name: 'Add key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a key' });
    await dialog.getByLabel('Label', { exact: true }).fill('Binance bot');
    await dialog.getByLabel('Provider', { exact: true }).selectOption('binance');
    await dialog.locator('label', { hasText: 'Prod' }).click();
    await dialog.getByText('Generate key pair', { exact: true }).click();
    // Ed25519 is Binance's recommendation and the default; no credential input is left to fill.
    expect(await dialog.getByLabel('Ed25519 (recommended)').isChecked()).toBe(true);
    expect(await dialog.getByLabel('API key', { exact: true }).count()).toBe(0);
    expect(await dialog.getByLabel('Private key (PEM)', { exact: true }).count()).toBe(0);
    await dialog.getByLabel('read', { exact: true }).check();
    await shot('keygen-add-dialog-dark-1280x800');
    await dialog.getByRole('button', { name: 'Generate key pair' }).click();

    const result = page.getByRole('dialog', { name: 'Key pair generated for “Binance bot”' });
    await result.waitFor();
    const [entry] = host.services.vault.list({ search: 'Binance bot' });
    expect(entry).toMatchObject({ awaitingApiKey: true, environment: 'prod', keyPair: { type: 'ed25519' } });
    const view = (await host.services.router.handle('vault:publicKey', { id: entry!.id })) as { ok: true; value: { pem: string; fingerprint: string } };
    expect((await result.getByLabel('Public key', { exact: true }).textContent())?.trim()).toBe(view.value.pem.trim());
    await result.getByText(view.value.fingerprint).waitFor();
    await result.getByText(/Create API → Self-generated/).waitFor();
    await shot('keygen-generated-dark-1280x800');
    await expectNoPrivateKey(entry!.id);

    // The other forms of the same public key.
    await result.getByText('Base64 DER', { exact: true }).click();
    await result.getByText('Base64 DER, no armour. Binance’s key page takes the PEM.').waitFor();
    expect(await result.getByLabel('Public key', { exact: true }).getAttribute('data-form')).toBe('der-base64');

    await result.getByRole('button', { name: 'Later' }).click();
    await result.waitFor({ state: 'detached' });
    await row('Binance bot').getByText('Awaiting API key').waitFor();
    const detail = page.locator('.detail');
    await detail.getByRole('heading', { name: 'Public key' }).waitFor();
    await detail.getByText('Never leaves the vault').waitFor();
    expect(await detail.getByRole('button', { name: 'Copy Private key (PEM)' }).count()).toBe(0);
    await detail.getByText('Awaiting API key').first().waitFor();
    await shot('keygen-detail-awaiting-dark-1280x800');
    await expectNoPrivateKey(entry!.id);

    // A request cannot be signed yet: main says what to do.
    const refused = await host.services.router.handle('request:preview', { entryId: entry!.id, method: 'GET', url: 'https://api.binance.com/api/v3/account', headers: [], body: null });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ERR_CREDENTIALS_INVALID', message: expect.stringMatching(/Register the public key on Binance’s API management page/) } });

    // Saving with nothing typed says what is missing; then the API key.
    await detail.getByRole('button', { name: 'Save API key' }).click();
    await detail.getByText('Paste the API key Binance gave you.').waitFor();
    await detail.getByLabel('API key', { exact: true }).fill(BINANCE_API_KEY);
    await detail.getByRole('button', { name: 'Save API key' }).click();
    await expect.poll(() => host.services.vault.get(entry!.id).awaitingApiKey ?? false).toBe(false);
    await expect.poll(() => row('Binance bot').getByText('Awaiting API key').count()).toBe(0);
    await detail.getByRole('heading', { name: 'Public key' }).waitFor();
    expect(await detail.getByRole('button', { name: 'Save API key' }).count()).toBe(0);
    expect(await detail.getByText('Next, on Binance').count()).toBe(0);
    await shot('keygen-detail-registered-dark-1280x800');
    await expectNoPrivateKey(entry!.id);
  });

  it('light: a Coinbase ES256 pair awaiting its key name, and the generate choice for Coinbase', async () => {
    await host.services.router.handle('settings:set', { theme: 'light' });
    const { entry } = await host.services.vault.addKeyPair({ label: 'Coinbase CDP', provider: 'coinbase', environment: 'dev', type: 'p256', scopes: ['view'], tags: ['cdp'], notes: '' });
    await page.goto(host.url);
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('light');
    await row('Coinbase CDP').click();
    const detail = page.locator('.detail');
    await detail.getByRole('heading', { name: 'Public key' }).waitFor();
    await detail.getByText(/creates its Secret API keys itself/).waitFor();
    await shot('keygen-detail-awaiting-light-1280x800');
    await expectNoPrivateKey(entry.id);

    await page.locator('.vault-toolbar').getByRole('button', { name: 'Add key' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a key' });
    await dialog.getByLabel('Label', { exact: true }).fill('Coinbase second');
    await dialog.getByLabel('Provider', { exact: true }).selectOption('coinbase');
    await dialog.getByText('Generate key pair', { exact: true }).click();
    expect(await dialog.getByLabel('ES256 (ECDSA P-256) (recommended)').isChecked()).toBe(true);
    await dialog.getByText('Ed25519', { exact: true }).click();
    await shot('keygen-add-dialog-light-1280x800');
    await dialog.getByRole('button', { name: 'Generate key pair' }).click();
    const result = page.getByRole('dialog', { name: 'Key pair generated for “Coinbase second”' });
    await result.waitFor();
    await result.getByText('Raw key', { exact: true }).waitFor();
    await shot('keygen-generated-light-1280x800');
    const [second] = host.services.vault.list({ search: 'Coinbase second' });
    expect(second).toMatchObject({ keyPair: { type: 'ed25519' }, awaitingApiKey: true });
    await expectNoPrivateKey(second!.id);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot('keygen-generated-light-1920x1080');
  });
});
