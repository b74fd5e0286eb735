/**
 * The rollback attack as a user meets it, in Chromium against the browser host: the vault was changed
 * by another Signet process (the CLI), then an older copy of vault.json was put back. The lock screen must say what
 * happened and let the user choose: Cancel opens nothing; "Open this older version" opens it. A tampered
 * vault.json.seen is reported the same way. Screenshots: test-results/screenshots/vault-rollback-*.png.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../src-main/browser-host/browser-host';
import { VaultService } from '../../src-main/vault/vault-service';
import { buildRenderer, chromiumAvailable, FAST_KDF, launchChromium, openPage, screenshotPath } from './e2e-support';

const PASSPHRASE = 'correct horse battery staple';
const kraken = (label: string) => ({ label, provider: 'kraken', environment: 'prod' as const, credentials: { apiKey: `key-${label}`, secret: 'c2VjcmV0' } });
const generationOf = (path: string): number => (JSON.parse(readFileSync(path, 'utf8')) as { generation: number }).generation;

const run = chromiumAvailable();

describe.skipIf(!run)('an older vault file put back, on the lock screen', () => {
  let renderer: Awaited<ReturnType<typeof buildRenderer>>;
  let host: BrowserHost;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let vaultPath: string;
  let seenGeneration: number;

  const shot = async (name: string) => {
    await page.waitForTimeout(200); // let transitions settle
    await page.screenshot({ path: await screenshotPath(name) });
  };
  const row = (label: string) => page.locator('[role="option"]', { hasText: label });
  const unlockWithPassphrase = async () => {
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
  };

  beforeAll(async () => {
    renderer = await buildRenderer();
    host = await startBrowserHost({ kdf: FAST_KDF, rendererDir: renderer.dir });
    browser = await launchChromium();
    ({ page, pageErrors } = await openPage(browser));

    // The app made the vault and a key; a copy of that version was kept somewhere.
    const app = host.services.vault;
    await app.create({ passphrase: PASSPHRASE, useOsSlot: false });
    await app.add(kraken('Kraken (revoked later)'));
    await app.lock();
    vaultPath = join(host.home, 'vault.json');
    const copy = join(host.home, 'backups-elsewhere.json');
    copyFileSync(vaultPath, copy);
    // Another process (the CLI) then added a key and removed the old one.
    const cli = new VaultService({ home: host.home, osSlot: null, kdf: FAST_KDF });
    await cli.unlockWithPassphrase(PASSPHRASE);
    await cli.add(kraken('Added by the CLI'));
    await cli.remove(cli.resolve('Kraken (revoked later)').id);
    await cli.lock();
    seenGeneration = generationOf(vaultPath);
    // And the older copy was put back.
    copyFileSync(copy, vaultPath);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await renderer?.cleanup();
  });

  it('says the vault file is an older copy and opens nothing on Cancel', async () => {
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Vault locked' }).waitFor();
    await unlockWithPassphrase();
    const card = page.getByRole('alertdialog', { name: 'This is an older copy of your vault' });
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toMatch(/Signet last saw generation \d+/);
    expect(text).toMatch(/keys removed since are back/);
    expect(text).toMatch(/If you have the newer file, put it back in place of this one/);
    expect(await card.getByRole('button', { name: 'Open this older version' }).isVisible()).toBe(true);
    expect(host.services.vault.isUnlocked()).toBe(false);
    await shot('vault-rollback-choice-dark-1280x800');

    await card.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'Vault locked' }).waitFor();
    expect(await page.getByLabel('Passphrase').inputValue()).toBe('');
    expect(host.services.vault.isUnlocked()).toBe(false);
  });

  it('in the light theme too', async () => {
    await host.services.router.handle('settings:set', { theme: 'light' });
    await page.reload();
    await page.getByRole('heading', { name: 'Vault locked' }).waitFor();
    await unlockWithPassphrase();
    await page.getByRole('alertdialog', { name: 'This is an older copy of your vault' }).waitFor();
    await shot('vault-rollback-choice-light-1280x800');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await host.services.router.handle('settings:set', { theme: 'dark' });
    await page.reload();
    await page.getByRole('heading', { name: 'Vault locked' }).waitFor();
  });

  it('"Open this older version" opens it, written above the generation Signet had seen', async () => {
    await unlockWithPassphrase();
    await page.getByRole('button', { name: 'Open this older version' }).click();
    await row('Kraken (revoked later)').waitFor();
    expect(await row('Added by the CLI').count()).toBe(0);
    expect(generationOf(vaultPath)).toBeGreaterThan(seenGeneration);
  });

  it('reports a tampered vault.json.seen the same way', async () => {
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'Vault locked' }).waitFor();
    const seen = join(host.home, 'vault.json.seen');
    writeFileSync(seen, readFileSync(seen, 'utf8').replace(/"generation":\d+/, '"generation":1'));
    await unlockWithPassphrase();
    const card = page.getByRole('alertdialog', { name: 'Is this your latest vault?' });
    await card.waitFor();
    expect(await card.innerText()).toMatch(/failed its integrity check.*left untouched/s);
    await shot('vault-rollback-seen-invalid-dark-1280x800');
    await card.getByRole('button', { name: 'Open this version anyway' }).click();
    await row('Kraken (revoked later)').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
