/**
 * The vault as a user drives it, in Chromium against the browser host (the same services and router as the app):
 * create the vault → the sandbox key is there → add a Binance prod key through the dialog → search and filters →
 * copy its secret (main's clipboard has it, the page never received it) → lock → wrong passphrase → unlock.
 * Screenshots of every screen go to test-results/screenshots/, dark and light, 1280×800 and 1920×1080.
 * Each step is its own test and starts from the state the journey has reached by then, built through main's services
 * (seedVault) in a host and a page of its own, so any one of them runs alone or in any order.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../src-main/browser-host/browser-host';
import type { EntryInput } from '../../src-main/contract/schemas';
import { buildRenderer, chromiumAvailable, FAST_KDF, finishTest, launchChromium, openPage, screenshotPath } from './e2e-support';

const PASSPHRASE = 'correct horse battery staple';
const BINANCE = {
  label: 'Binance prod bot',
  apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A',
  secret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j',
};
const DAY = 86_400_000;
const NOTES = 'Rotates monthly. Owner: market-making desk.';

/** Five keys of every kind, as "lists keys added in main" adds them. */
function mainKeys(now: number): EntryInput[] {
  return [
    { label: 'Kraken treasury', provider: 'kraken', environment: 'prod', scopes: ['query', 'withdraw'], tags: ['treasury'], expiresAt: new Date(now - 3 * DAY).toISOString(), credentials: { apiKey: 'KRAKENKEY1234567890abcd', secret: 'a3Jha2VuLXNlY3JldA==' } },
    { label: 'Coinbase research', provider: 'coinbase', environment: 'dev', scopes: ['view'], tags: ['research'], expiresAt: new Date(now + 9 * DAY).toISOString(), credentials: { apiKey: 'organizations/abc/apiKeys/def9', secret: 'cbsecretvalue' } },
    { label: 'OKX testnet bot', provider: 'okx', environment: 'test', scopes: ['read', 'trade'], tags: ['bot'], expiresAt: new Date(now + 120 * DAY).toISOString(), credentials: { apiKey: 'okx-key-7f3a', secret: 'okxsecret', passphrase: 'okx pass' } },
    { label: 'CoinGecko Pro', provider: 'coingecko', environment: 'prod', scopes: ['read'], tags: ['market-data'], credentials: { apiKey: 'CG-abcdef123456' } },
    { label: 'AWS signing lab', provider: 'aws', environment: 'dev', scopes: ['read'], tags: [], credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 's3' } },
  ];
}

const run = chromiumAvailable();

describe.skipIf(!run)('vault in the browser', () => {
  let renderer: Awaited<ReturnType<typeof buildRenderer>>;
  let host: BrowserHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Every frame the page received over the bridge. */
  let framesToPage: string[];
  let pageErrors: string[];

  /** Toasts from earlier steps are closed first (as a user would), unless the shot is about one. */
  const shot = async (name: string, { keepToasts = false } = {}) => {
    // With a modal open the toasts are inert (behind the top layer): they cannot be clicked, and stay in the shot.
    if (!keepToasts && (await page.locator('dialog[open]').count()) === 0) {
      const close = page.getByRole('button', { name: 'Dismiss notification' });
      while ((await close.count()) > 0) await close.first().click();
    }
    await page.waitForTimeout(200); // let transitions settle
    await page.screenshot({ path: await screenshotPath(name) });
  };
  const rows = () => page.locator('[role="option"]');
  const row = (label: string) => page.locator('[role="option"]', { hasText: label });
  const addKeyButton = () => page.locator('.vault-toolbar').getByRole('button', { name: 'Add key' });

  /**
   * Setup: the vault as the journey leaves it after a step, built in main while the app is open on it (so the page,
   * like the journey's, has lived through those changes: entriesChanged, the list again).
   * 'created': the first run's vault (the sandbox key); 'listed': + the five keys added in main; 'binance': + the
   * Binance prod key added through the dialog; 'deleted': CoinGecko Pro deleted again; 'edited': + the Binance
   * key's notes. 'copied' (with any of them): the Binance secret copied to main's clipboard.
   */
  const seedVault = async (step: 'created' | 'listed' | 'binance' | 'deleted' | 'edited', { copied = false } = {}) => {
    const steps = ['created', 'listed', 'binance', 'deleted', 'edited'];
    const reached = (s: string) => steps.indexOf(step) >= steps.indexOf(s);
    const vault = host.services.vault;
    const shown = async (count: number) => {
      await rows().nth(count - 1).waitFor();
      await rows().nth(count).waitFor({ state: 'detached' });
    };
    await vault.create({ passphrase: PASSPHRASE, useOsSlot: false });
    await page.goto(host.url);
    await row('Sandbox').waitFor();
    if (reached('listed')) {
      // One by one, as "lists keys added in main" adds them.
      for (const entry of mainKeys(Date.now())) await vault.add(entry);
      await shown(6);
    }
    if (reached('binance')) {
      await vault.add({ label: BINANCE.label, provider: 'binance', environment: 'prod', scopes: ['read', 'trade'], tags: ['bot'], credentials: { apiKey: BINANCE.apiKey, secret: BINANCE.secret } });
      await shown(7);
    }
    if (reached('deleted')) {
      await vault.remove(vault.list({ search: 'CoinGecko Pro' })[0]!.id);
      await shown(6);
    }
    const binanceId = () => vault.list({ search: 'binance' })[0]!.id;
    // The scopes and tags go along: a meta patch without them clears them (the schema's defaults apply inside .partial()).
    if (reached('edited')) await vault.update({ id: binanceId(), meta: { notes: NOTES, scopes: ['read', 'trade'], tags: ['bot'] } });
    if (copied) {
      await host.services.router.handle('vault:copySecret', { id: binanceId(), field: 'secret' });
      if (host.services.clipboardStore.readText() !== BINANCE.secret) throw new Error('setup: the Binance secret is not on the clipboard');
    }
  };

  beforeAll(async () => {
    renderer = await buildRenderer();
    browser = await launchChromium();
  });

  // Each test: a host of its own (a new home, no vault yet, default settings) and a page of its own.
  beforeEach(async () => {
    host = await startBrowserHost({ kdf: FAST_KDF, rendererDir: renderer.dir });
    ({ context, page, framesToPage, pageErrors } = await openPage(browser));
  });

  afterEach(() => finishTest(pageErrors, context, host));

  afterAll(async () => {
    await browser?.close();
    await renderer?.cleanup();
  });

  it('creates the vault with a passphrase on first run (no OS keychain in the browser host)', async () => {
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    expect(page.url()).not.toContain('token=');
    await expect.poll(() => page.getByText('A passphrase is required on this computer').count()).toBe(1);
    const create = page.getByRole('button', { name: 'Create vault' });
    expect(await create.isDisabled()).toBe(true);

    await page.getByLabel('Passphrase', { exact: true }).fill('password1');
    await page.getByLabel('Confirm passphrase').fill('password1');
    await page.getByText(/Too short|common|guess/i).first().waitFor();
    expect(await create.isDisabled()).toBe(true);

    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Confirm passphrase').fill(PASSPHRASE);
    await page.getByText('to crack offline').waitFor();
    await expect.poll(() => create.isEnabled()).toBe(true);
    await shot('first-run-dark-1280x800');

    await create.click();
    await row('Sandbox').waitFor();
    expect(await rows().count()).toBe(1);
    expect((await host.services.vault.status()).exists).toBe(true);
  });

  it('lists keys added in main at once (entriesChanged)', async () => {
    await seedVault('created');
    const seed = mainKeys(Date.now());
    for (const entry of seed) expect(await host.services.router.handle('vault:add', entry)).toMatchObject({ ok: true });
    await expect.poll(() => rows().count()).toBe(6);
    await shot('vault-list-dark-1280x800');
  });

  it('adds a Binance prod key through the dialog, with inline validation first', async () => {
    await seedVault('listed');
    await addKeyButton().click();
    const dialog = page.getByRole('dialog', { name: 'Add a key' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Add key' }).click();
    await dialog.getByText('Give the key a label.').waitFor();
    await dialog.getByText('Choose the provider that issued this key.').waitFor();

    await dialog.getByLabel('Label', { exact: true }).fill(BINANCE.label);
    await dialog.getByLabel('Provider', { exact: true }).selectOption('binance');
    // Binance takes an HMAC secret or a private key: exactly those fields, nothing else.
    await dialog.getByText('API key + Private key (PEM)').waitFor();
    expect(await dialog.getByLabel('API passphrase', { exact: true }).count()).toBe(0);
    await dialog.locator('label', { hasText: 'Prod' }).click();
    await dialog.getByLabel('API key', { exact: true }).fill(BINANCE.apiKey);
    await dialog.getByLabel('Secret', { exact: true }).fill(BINANCE.secret);
    expect(await dialog.getByLabel('Secret', { exact: true }).getAttribute('type')).toBe('password');
    await dialog.getByLabel('read', { exact: true }).check();
    await dialog.getByLabel('trade', { exact: true }).check();
    await dialog.getByLabel('Tags', { exact: true }).fill('bot');
    await dialog.getByLabel('Tags', { exact: true }).press('Enter');
    expect(await dialog.getByPlaceholder('https://api.binance.com').count()).toBe(1);
    await shot('add-dialog-dark-1280x800');

    await dialog.getByRole('button', { name: 'Add key' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row(BINANCE.label).waitFor();
    expect(await row(BINANCE.label).getByText('PROD', { exact: true }).count()).toBe(1);
    expect(await rows().count()).toBe(7);
  });

  it('shows the server’s message when main rejects the input', async () => {
    await seedVault('binance');
    await addKeyButton().click();
    const dialog = page.getByRole('dialog', { name: 'Add a key' });
    await dialog.getByLabel('Label', { exact: true }).fill(BINANCE.label);
    await dialog.getByLabel('Provider', { exact: true }).selectOption('kraken');
    await dialog.getByLabel('API key', { exact: true }).fill('k');
    await dialog.getByLabel('Secret', { exact: true }).fill('s');
    await dialog.getByRole('button', { name: 'Add key' }).click();
    // Same label as an existing key: main refuses, the dialog says why and keeps the input.
    await expect.poll(() => dialog.locator('.field-error, .callout').first().textContent()).toMatch(/label|already|exists/i);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('search finds it and filters hide the others', async () => {
    await seedVault('binance');
    const search = page.getByRole('searchbox', { name: 'Search keys' });
    await page.locator('body').press('/');
    expect(await page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Search keys');
    await search.fill('binance');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().textContent()).toContain(BINANCE.label);

    await search.fill('no-such-key');
    await page.getByText('No keys match “no-such-key”').waitFor();
    await shot('vault-no-match-dark-1280x800');
    await page.getByRole('button', { name: 'Clear search and filters' }).click();
    await expect.poll(() => rows().count()).toBe(7);

    await page.getByRole('group', { name: 'Filter by environment' }).getByText('Prod').click();
    await expect.poll(() => rows().count()).toBe(3);
    expect(await row('Sandbox').count()).toBe(0);
    await page.getByLabel('Filter by provider').selectOption('binance');
    await expect.poll(() => rows().count()).toBe(1);
    await page.getByLabel('Filter by provider').selectOption('');
    await page.getByRole('group', { name: 'Filter by environment' }).getByText('All').click();
    await page.getByLabel('Filter by tag').selectOption('bot');
    await expect.poll(() => rows().count()).toBe(2);
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await expect.poll(() => rows().count()).toBe(7);
  });

  it('copies the secret in main: the clipboard holds it, the page never received it', async () => {
    await seedVault('binance');
    await row(BINANCE.label).click();
    const detail = page.getByRole('complementary', { name: 'Key details' });
    await detail.getByRole('heading', { name: BINANCE.label }).waitFor();
    await detail.getByText('Production key').waitFor();
    await shot('detail-dark-1280x800');

    await detail.getByRole('button', { name: 'Copy Secret' }).click();
    await page.getByText(/Secret copied — clipboard clears in \d+ s/).waitFor();
    expect(host.services.clipboardStore.readText()).toBe(BINANCE.secret);
    await shot('copied-toast-dark-1280x800', { keepToasts: true });

    const html = await page.content();
    const text = await page.locator('body').innerText();
    for (const secret of [BINANCE.secret, BINANCE.apiKey]) {
      expect(html).not.toContain(secret);
      expect(text).not.toContain(secret);
      expect(framesToPage.some((f) => f.includes(secret))).toBe(false);
    }
    expect(framesToPage.length).toBeGreaterThan(10);
    // The masked preview is all the page has of the key.
    expect(text).toContain(`••••${BINANCE.apiKey.slice(-4)}`);
  });

  it('keyboard: arrows move the selection, Esc closes dialogs', async () => {
    await seedVault('binance');
    await page.getByRole('listbox', { name: 'Keys' }).focus();
    await page.keyboard.press('Home');
    const first = await rows().first().getAttribute('aria-selected');
    expect(first).toBe('true');
    await page.keyboard.press('ArrowDown');
    expect(await rows().nth(1).getAttribute('aria-selected')).toBe('true');
    await addKeyButton().click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('deleting a prod key needs its label typed', async () => {
    await seedVault('binance');
    await row('CoinGecko Pro').click();
    await page.getByRole('complementary', { name: 'Key details' }).getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “CoinGecko Pro”?' });
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Delete key' });
    expect(await confirm.isDisabled()).toBe(true);
    await shot('delete-prod-dark-1280x800');
    await dialog.getByRole('textbox').fill('CoinGecko Pro');
    await confirm.click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row('CoinGecko Pro').count()).toBe(0);
    expect(await rows().count()).toBe(6);
  });

  it('edits a key: blank credentials stay unchanged', async () => {
    await seedVault('deleted');
    await row(BINANCE.label).click();
    await page.getByRole('complementary', { name: 'Key details' }).getByRole('button', { name: 'Edit', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Edit “${BINANCE.label}”` });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Secret', { exact: true }).inputValue()).toBe('');
    expect(await dialog.getByLabel('Secret', { exact: true }).getAttribute('placeholder')).toBe('Unchanged (••••••••)');
    await dialog.getByLabel('Notes', { exact: true }).fill(NOTES);
    await shot('edit-dialog-dark-1280x800');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(NOTES).waitFor();
    const id = (await host.services.vault.list({ search: 'binance' }))[0]!.id;
    expect(await host.services.vault.revealField(id, 'secret')).toBe(BINANCE.secret);
  });

  it('exports a backup and previews importing it (every key conflicts with itself)', async () => {
    await seedVault('edited');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Export backup…' }).click();
    const exp = page.getByRole('dialog', { name: 'Export an encrypted backup' });
    await exp.getByLabel('Backup passphrase', { exact: true }).fill('another long backup passphrase');
    await exp.getByLabel('Confirm', { exact: true }).fill('another long backup passphrase');
    await exp.getByRole('button', { name: 'Choose location and export' }).click();
    await exp.getByText('Backed up 6 keys').waitFor();
    await exp.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('button', { name: 'Import backup…' }).click();
    const imp = page.getByRole('dialog', { name: 'Import a backup' });
    await imp.getByLabel('Backup passphrase', { exact: true }).fill('not the backup passphrase');
    await imp.getByRole('button', { name: 'Choose file and preview' }).click();
    await imp.getByText('Cannot read this backup').waitFor();
    await imp.getByLabel('Backup passphrase', { exact: true }).fill('another long backup passphrase');
    await imp.getByRole('button', { name: 'Choose file and preview' }).click();
    await imp.getByText('Conflicts').waitFor();
    await shot('import-preview-dark-1280x800');
    expect(await imp.getByRole('button', { name: 'Nothing to import' }).isDisabled()).toBe(true);
    await imp.getByRole('group', { name: 'When a key already exists' }).getByText('Replace').click();
    await imp.getByRole('button', { name: 'Import 6 keys' }).click();
    await imp.getByText('Import finished').waitFor();
    await imp.getByRole('button', { name: 'Done' }).click();
    await imp.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Vault' }).click();
    await rows().first().waitFor();
    expect(await rows().count()).toBe(6);
  });

  it('shows settings', async () => {
    await seedVault('edited');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByText('This host cannot reach an OS keychain', { exact: false }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Use keychain' }).isDisabled()).toBe(true);
    await shot('settings-dark-1280x800');
    await page.getByRole('button', { name: 'Vault' }).click();
    await rows().first().waitFor();
  });

  it('locks, refuses a wrong passphrase with main’s message, and unlocks', async () => {
    // The secret copied earlier in the journey is still on the clipboard: locking must clear it.
    await seedVault('edited', { copied: true });
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'Vault locked' }).waitFor();
    expect(host.services.clipboardStore.readText()).toBe('');
    expect(await rows().count()).toBe(0);

    await page.getByLabel('Passphrase').fill('not the passphrase at all');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('That passphrase does not unlock this vault').waitFor();
    await shot('locked-wrong-passphrase-dark-1280x800');

    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await row(BINANCE.label).waitFor();
    expect(await rows().count()).toBe(6);
  });

  it('goes to the lock screen at once when main locks (auto-lock) and keeps no entry data', async () => {
    await seedVault('edited');
    await row(BINANCE.label).click();
    await page.getByRole('complementary', { name: 'Key details' }).getByRole('heading', { name: BINANCE.label }).waitFor();
    await host.services.vault.lock();
    await page.getByRole('heading', { name: 'Vault locked' }).waitFor();
    expect(await page.getByText(BINANCE.label).count()).toBe(0);
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await row(BINANCE.label).waitFor();
    // Selection was forgotten with the lock.
    expect(await page.getByText('No key selected').count()).toBe(1);
  });

  it('light theme from Settings, and a 1920×1080 window', async () => {
    await seedVault('edited');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('group', { name: 'Theme' }).getByText('Light').click();
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('light');
    expect((await host.services.settings.get()).theme).toBe('light');
    await shot('settings-light-1280x800');
    await page.getByRole('button', { name: 'Vault' }).click();
    await row(BINANCE.label).click();
    await shot('detail-light-1280x800');
    await addKeyButton().click();
    await page.getByRole('dialog').getByLabel('Provider', { exact: true }).selectOption('okx');
    await shot('add-dialog-light-1280x800');
    await page.keyboard.press('Escape');

    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot('vault-detail-light-1920x1080');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('group', { name: 'Theme' }).getByText('Dark').click();
    await page.getByRole('button', { name: 'Vault' }).click();
    await row(BINANCE.label).click();
    await shot('vault-detail-dark-1920x1080');
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'Vault locked' }).waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });
    await host.services.router.handle('settings:set', { theme: 'light' });
    await page.reload();
    await page.getByRole('heading', { name: 'Vault locked' }).waitFor();
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('light');
    await shot('locked-light-1280x800');
  });

  it('first run in light at 1920×1080, and no errors in the page throughout', async () => {
    // This test's host has no vault yet: its first run, in a window that is light and 1920×1080 from the start. Its page
    // is the one checked for errors (it used to be another page's, with the errors of every step before).
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('light');
    await page.getByLabel('Passphrase', { exact: true }).fill('tiny');
    await page.getByText('Too short').waitFor();
    await page.waitForTimeout(200);
    await page.screenshot({ path: await screenshotPath('first-run-light-1920x1080') });
    expect(pageErrors).toEqual([]);
  });
});
