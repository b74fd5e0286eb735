/**
 * Rotation flags and policies as a user sees them in Chromium, against the browser host (the same services, router
 * and scheduler as the app): keys that are expired or due soon are flagged in the Vault list and detail, in the
 * Request page's key picker and in the navigation's count; the key detail edits the key's own policy; Settings edits
 * each environment's default, and the flags follow at once; the scheduler's reminder shows as a toast that opens the
 * key on the Rotation page. Screenshots dark and light.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../src-main/browser-host/browser-host';
import { DEFAULT_ROTATION_DEFAULTS } from '../../src-main/contract/rotation';
import { buildRenderer, chromiumAvailable, FAST_KDF, finishTest, launchChromium, openPage, screenshotPath } from './e2e-support';

const PASSPHRASE = 'correct horse battery staple';
const DAY = 86_400_000;

const run = chromiumAvailable();

describe.skipIf(!run)('rotation flags and policies, in the browser', () => {
  let renderer: Awaited<ReturnType<typeof buildRenderer>>;
  let host: BrowserHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let ids: { expired: string; soon: string; fine: string };

  const shot = async (name: string) => {
    await page.waitForTimeout(200);
    await page.screenshot({ path: await screenshotPath(name) });
  };
  const row = (label: string) => page.locator('[role="option"]', { hasText: label });
  const nav = (name: string) => page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: new RegExp(`^${name}`) });
  const rotationSection = () => page.locator('section[aria-labelledby="detail-rotation"]');

  beforeAll(async () => {
    renderer = await buildRenderer();
    browser = await launchChromium();
  });

  beforeEach(async () => {
    host = await startBrowserHost({ kdf: FAST_KDF, rendererDir: renderer.dir });
    ({ context, page, pageErrors } = await openPage(browser));
    await host.services.vault.create({ passphrase: PASSPHRASE, useOsSlot: false });
    const now = Date.now();
    const add = async (label: string, provider: string, environment: 'dev' | 'test' | 'prod', expiresAt: string | null) =>
      (await host.services.vault.add({ label, provider, environment, expiresAt, credentials: { apiKey: `${label.replace(/\W/g, '')}KEYID0001`, secret: 'not-a-real-secret-0123456789abcdef' } })).id;
    ids = {
      expired: await add('Kraken treasury', 'kraken', 'prod', new Date(now - 2 * DAY).toISOString()),
      soon: await add('Binance market maker', 'binance', 'prod', new Date(now + 5 * DAY + 3_600_000).toISOString()),
      fine: await add('Coinbase research', 'coinbase', 'dev', null),
    };
  });

  afterEach(() => finishTest(pageErrors, context, host));

  afterAll(async () => {
    await browser?.close();
    await renderer?.cleanup();
  });

  it('flags expired and due keys in the Vault list, the detail and the navigation; a key on schedule carries no flag', async () => {
    await page.goto(host.url);
    await row('Binance market maker').getByText('Rotate in 5 d').waitFor();
    // The Expires column already says the Kraken key expired: its row does not say it twice.
    await row('Kraken treasury').getByText(/Expired/).waitFor();
    expect(await row('Kraken treasury').locator('[data-rotation-flag]').count()).toBe(0);
    expect(await row('Coinbase research').locator('[data-rotation-flag]').count()).toBe(0);
    // Two keys need attention; one has expired, so the count is red.
    const count = nav('Rotation').locator('.nav-count');
    await expect.poll(() => count.textContent()).toBe(', 2 keys need rotating');
    expect(await count.getAttribute('class')).toContain('nav-count-danger');

    await row('Kraken treasury').click();
    const section = rotationSection();
    await section.locator('[data-rotation-flag="expired"]').waitFor();
    await section.getByText(/Expired on \d{4}-\d{2}-\d{2}: replace the key\./).waitFor();
    await section.getByText('Every 90 days · warn 14 days before').waitFor();
    await section.getByText('(production default, from Settings)').waitFor();
    // The header's expiry badge already says it: the rotation flag does not repeat it there.
    await page.locator('.detail-actions').getByText('Expired 2 days ago').waitFor();
    expect(await page.locator('.detail-actions [data-rotation-flag]').count()).toBe(0);
    await shot('rotation-flags-vault-dark-1280x800');

    await row('Coinbase research').click();
    await rotationSection().locator('.badge', { hasText: /^Next rotation / }).waitFor();
    await rotationSection().getByText('Every 365 days · warn 30 days before').waitFor();
    expect(await page.locator('.detail-actions [data-rotation-flag]').count()).toBe(0);
  });

  it('edits a key’s own policy with errors per field, then goes back to the environment default', async () => {
    await page.goto(host.url);
    await row('Binance market maker').click();
    const section = rotationSection();
    await section.getByRole('button', { name: 'Edit policy' }).click();
    const form = section.getByRole('form', { name: 'Rotation policy for Binance market maker' });
    await form.getByLabel('Rotate every').fill('0');
    await form.getByLabel('Warn before').fill('400');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Enter a whole number of days from 1 to 3650.').waitFor();
    await form.getByText('Enter a whole number of days from 0 to 365.').waitFor();
    await shot('rotation-policy-errors-dark-1280x800');
    // Nothing was saved.
    expect(host.services.vault.get(ids.soon).rotationPolicy).toBeUndefined();

    // A 30-day policy warning 3 days before: the key's expiry in 5 days is outside the warning, so the flag goes.
    await form.getByLabel('Rotate every').fill('30');
    await form.getByLabel('Warn before').fill('3');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Rotation policy saved').waitFor();
    await page.locator('.detail-actions').getByText('Expires in 5 days').waitFor();
    await section.getByText('Every 30 days · warn 3 days before').waitFor();
    await section.getByText('(this key’s own)').waitFor();
    expect(host.services.vault.get(ids.soon).rotationPolicy).toEqual({ everyDays: 30, warnDays: 3 });
    await expect.poll(() => row('Binance market maker').locator('[data-rotation-flag]').count()).toBe(0);
    await expect.poll(() => nav('Rotation').locator('.nav-count').textContent()).toBe(', 1 key needs rotating');

    await section.getByRole('button', { name: 'Edit policy' }).click();
    await section.getByRole('button', { name: 'Use the production default' }).click();
    await page.getByText('Uses the production default again').waitFor();
    await section.getByText('(production default, from Settings)').waitFor();
    expect(host.services.vault.get(ids.soon).rotationPolicy).toBeUndefined();
    await row('Binance market maker').getByText('Rotate in 5 d').waitFor();
  });

  it('changes an environment’s default in Settings and every flag follows; Reset restores the built-in default', async () => {
    await page.goto(host.url);
    await row('Binance market maker').getByText('Rotate in 5 d').waitFor();
    await nav('Settings').click();
    const prod = page.locator('.setting-row[data-env="prod"]');
    await prod.getByText('Every 90 days · warn 14 days before').waitFor();
    await prod.getByRole('button', { name: 'Edit', exact: true }).click();
    const form = prod.getByRole('form', { name: 'Rotation default for production keys' });
    expect(await form.getByLabel('Hard expiry').count()).toBe(0);
    await form.getByLabel('Rotate every').fill('60');
    await form.getByLabel('Warn before').fill('60');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Warn fewer days before than the rotation period (60 d).').waitFor();
    await form.getByLabel('Warn before').fill('2');
    await shot('rotation-settings-edit-dark-1280x800');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Production keys: rotation every 60 days').waitFor();
    expect(host.services.settings.get().rotationDefaults.prod).toEqual({ everyDays: 60, warnDays: 2 });
    await prod.getByText('Every 60 days · warn 2 days before').waitFor();
    await shot('rotation-settings-dark-1280x800');

    // Warned only 2 days before now, the Binance key (expiring in 5) is no longer flagged.
    await nav('Vault').click();
    await row('Binance market maker').waitFor();
    await expect.poll(() => row('Binance market maker').locator('[data-rotation-flag]').count()).toBe(0);

    await nav('Settings').click();
    await prod.getByRole('button', { name: 'Reset' }).click();
    await prod.getByText('Every 90 days · warn 14 days before').waitFor();
    expect(host.services.settings.get().rotationDefaults).toEqual(DEFAULT_ROTATION_DEFAULTS);
    expect(await prod.getByRole('button', { name: 'Reset' }).count()).toBe(0);
    await nav('Vault').click();
    await row('Binance market maker').getByText('Rotate in 5 d').waitFor();
  });

  it('flags keys in the Request page’s key picker, with the way to rotate them', async () => {
    await page.goto(host.url);
    await row('Kraken treasury').waitFor();
    await nav('Request').click();
    const picker = page.getByLabel('Key', { exact: true });
    const options = await picker.locator('option').allTextContents();
    expect(options).toContain('Kraken treasury — Kraken · PROD · expired');
    expect(options).toContain('Binance market maker — Binance · PROD · rotate in 5 d');
    expect(options).toContain('Coinbase research — Coinbase · dev');
    await picker.selectOption(ids.expired);
    const line = page.locator('.picker-rotation');
    await line.getByText(/Expired on .*replace the key/).waitFor();
    await shot('rotation-flags-request-dark-1280x800');
    await line.getByRole('button', { name: 'Rotate…' }).click();
    await expect.poll(() => nav('Rotation').getAttribute('aria-current')).toBe('page');
  });

  it('flags the key the Markets feed signs with, and opens it on the Rotation page', async () => {
    await host.services.vault.add({ label: 'Token Metrics signals', provider: 'token-metrics', environment: 'prod', expiresAt: new Date(Date.now() - DAY).toISOString(), credentials: { apiKey: 'tm-not-a-real-key-0123456789' } });
    await page.goto(host.url);
    await row('Token Metrics signals').waitFor();
    await nav('Markets').click();
    await page.getByRole('combobox', { name: 'Market data provider' }).selectOption('token-metrics');
    // No internet here: the feed fails, but the key it signs with is named and flagged, with its reason.
    const flag = page.locator('.mkt-key-flag');
    await flag.locator('[data-rotation-flag="expired"]').waitFor();
    // Nothing has arrived: the table says so rather than that a filter hides every symbol.
    await page.getByText('No prices yet').waitFor();
    expect(await page.getByText('No symbol matches').count()).toBe(0);
    expect(await flag.getAttribute('title')).toMatch(/^Token Metrics signals: Expired on .*replace the key\./);
    await shot('rotation-flags-markets-dark-1280x800');
    await flag.click();
    await expect.poll(() => nav('Rotation').getAttribute('aria-current')).toBe('page');
  });

  it('shows the scheduler’s reminders as toasts that open the key on the Rotation page (light)', async () => {
    await host.services.router.handle('settings:set', { theme: 'light' });
    await page.goto(host.url);
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('light');
    await row('Kraken treasury').waitFor();
    // The keys were added after the host's start-up pass: the next pass (a timer, an unlock, or this) reminds.
    await host.services.rotationRuntime.catchUp();
    const toast = page.locator('.toast', { hasText: 'Kraken treasury has expired' });
    await toast.waitFor();
    await page.locator('.toast', { hasText: 'Binance market maker is due for rotation' }).waitFor();
    await row('Binance market maker').click();
    await shot('rotation-flags-vault-light-1280x800');
    await toast.getByRole('button', { name: 'Open in Rotation' }).click();
    await expect.poll(() => nav('Rotation').getAttribute('aria-current')).toBe('page');
    await toast.waitFor({ state: 'detached' });
    // A second pass sends nothing new: each key is reminded once per level.
    await host.services.rotationRuntime.catchUp();
    await page.waitForTimeout(300);
    expect(await page.locator('.toast', { hasText: 'Kraken treasury has expired' }).count()).toBe(0);
  });
});
