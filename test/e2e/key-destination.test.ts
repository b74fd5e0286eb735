/**
 * Where a key sends, as a user sees it: a base URL outside the provider's documented hosts is
 * asked in main (here the browser host's Confirm, standing in for the app's native dialog; never the page), a no
 * keeps the key as it was and says so in the form, and a key with its own address shows it in the Vault list, its
 * detail and the Request page. The Request page masks the API key until "Show API key".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Confirmation } from '../../src-main/base/confirm';
import { startBrowserHost, type BrowserHost } from '../../src-main/browser-host/browser-host';
import { buildRenderer, chromiumAvailable, FAST_KDF, launchChromium, openPage, screenshotPath } from './e2e-support';

const OKX = { apiKey: 'okx-api-key-7f3a', secret: 'b2t4LXNlY3JldC12YWx1ZQ==', passphrase: 'Trading Pass 9' };
const run = chromiumAvailable();

describe.skipIf(!run)('a key’s destination in the browser', () => {
  let renderer: Awaited<ReturnType<typeof buildRenderer>>;
  let host: BrowserHost;
  let browser: Browser;
  let page: Page;
  let framesToPage: string[];
  const asked: Confirmation[] = [];
  let answer = false;

  const shot = async (name: string) => {
    await page.waitForTimeout(200);
    await page.screenshot({ path: await screenshotPath(name) });
  };
  const row = (label: string) => page.locator('[role="option"]', { hasText: label });
  const details = () => page.getByRole('complementary', { name: 'Key details' });

  beforeAll(async () => {
    renderer = await buildRenderer();
    host = await startBrowserHost({ kdf: FAST_KDF, rendererDir: renderer.dir, confirm: async (q) => (asked.push(q), answer) });
    expect(await host.services.router.handle('vault:create', { passphrase: 'correct horse battery staple', useOsSlot: false, addSandboxKey: true })).toMatchObject({ ok: true });
    expect(await host.services.router.handle('vault:add', { label: 'OKX main', provider: 'okx', environment: 'prod', credentials: OKX })).toMatchObject({ ok: true });
    browser = await launchChromium();
    ({ page, framesToPage } = await openPage(browser));
    await page.goto(host.url);
    await row('OKX main').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await renderer?.cleanup();
  });

  it('asks outside the page before a key may send to a new host; a no keeps the key as it was', async () => {
    await row('OKX main').click();
    await details().getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit “OKX main”' });
    await dialog.getByText('Signet asks you, in its own dialog').waitFor();
    await dialog.getByLabel('Base URL', { exact: true }).fill('https://okx-proxy.example.net');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByText(/Nothing was changed: sending the key “OKX main” to https:\/\/okx-proxy\.example\.net was not allowed/).waitFor();
    expect(asked.map((q) => q.message)).toEqual(['Let the OKX key “OKX main” send to https://okx-proxy.example.net']);
    await shot('key-destination-declined-dark-1280x800');
    expect(host.services.vault.get(host.services.vault.list({ search: 'OKX main' })[0]!.id).baseUrl).toBeNull();

    answer = true;
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(asked).toHaveLength(2);
  });

  it('shows the key’s own address in the list, the detail and the Request page', async () => {
    await row('OKX main').getByText('→ okx-proxy.example.net').waitFor();
    await details().getByText('Sends to its own address').waitFor();
    await shot('key-destination-vault-dark-1280x800');

    await page.getByRole('button', { name: 'Request', exact: true }).click();
    const okx = host.services.vault.list({ search: 'OKX main' })[0]!;
    await page.getByLabel('Key', { exact: true }).selectOption(okx.id);
    expect(await page.getByLabel('Key', { exact: true }).locator('option:checked').textContent()).toBe('OKX main — OKX · PROD');
    expect(await page.locator('.picker-destination').textContent()).toBe('→ okx-proxy.example.netits own base URL, not OKX’s default API');
    await page.getByLabel('URL', { exact: true }).fill('/api/v5/account/balance');
    const preview = page.getByRole('region', { name: 'Signed request' });
    await preview.getByText('••••7f3a').first().waitFor();
    expect(framesToPage.some((f) => f.includes(OKX.apiKey))).toBe(false);
    await shot('request-key-masked-dark-1280x800');
    await preview.getByRole('button', { name: 'Show API key' }).click();
    await preview.getByText(OKX.apiKey).first().waitFor();
    await preview.getByRole('button', { name: 'Hide API key' }).click();
    await preview.getByText('••••7f3a').first().waitFor();
    expect(framesToPage.some((f) => f.includes(OKX.passphrase))).toBe(false);
  });

  it('asks outside the page before a production key’s order is sent, and says so when it is not', async () => {
    answer = false;
    const before = asked.length;
    await page.getByLabel('Method', { exact: true }).selectOption('POST');
    await page.getByLabel('URL', { exact: true }).fill('/api/v5/trade/order');
    await page.getByRole('textbox', { name: 'Body' }).fill('{"instId":"BTC-USDT","side":"buy","sz":"1"}');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText(/POST okx-proxy\.example\.net\/api\/v5\/trade\/order with the production key “OKX main” was not sent: you did not confirm it/).waitFor();
    expect(asked.length).toBe(before + 1);
    expect(asked.at(-1)!.detail).toContain('Body: {"instId":"BTC-USDT","side":"buy","sz":"1"}');
    expect(host.services.inspector.list({}).total).toBe(0);
    await shot('request-prod-declined-dark-1280x800');
  });

  it('lists a backup’s keys that send to their own address, and imports them only when allowed', async () => {
    expect(await host.services.router.handle('vault:export', { backupPassphrase: 'another long backup passphrase' })).toMatchObject({ ok: true });
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Import backup…' }).click();
    const imp = page.getByRole('dialog', { name: 'Import a backup' });
    await imp.getByLabel('Backup passphrase', { exact: true }).fill('another long backup passphrase');
    await imp.getByRole('button', { name: 'Choose file and preview' }).click();
    await imp.getByText('Send to their own address').waitFor();
    await imp.locator('.import-list li', { hasText: 'OKX main' }).getByText('→ okx-proxy.example.net').waitFor();
    await page.waitForTimeout(200);
    await page.screenshot({ path: await screenshotPath('import-destinations-dark-1280x800') });
    answer = false;
    await imp.getByRole('group', { name: 'When a key already exists' }).getByText('Keep both').click();
    await imp.getByRole('button', { name: /^Import/ }).click();
    await imp.getByText(/Nothing was imported: the key “OKX main” sends to an address you did not allow/).waitFor();
    expect(asked.at(-1)).toMatchObject({ title: 'Import keys that send to their own addresses?' });
    expect(host.services.vault.list({}).length).toBe(2);
    await page.keyboard.press('Escape');
    await imp.waitFor({ state: 'detached' });
  });
});
