/**
 * The Audit page as a user sees it in Chromium, against the browser host (the same services, router and audit log as
 * the app): what the person does (create the vault, add a key, copy its secret, lock, a wrong passphrase, unlock, a
 * rotation against the embedded sandbox) shows in the timeline under the right labels; the key, type and time filters;
 * a key's "History" in the Vault opens its own events, and a key named in the timeline opens in the Vault; older pages
 * load on scroll. Then the log file is altered on disk (a byte of a line's details, a line deleted, the tail cut) and
 * "Verify again" names the line. No secret reaches the page's markup or a frame sent to it. Screenshots dark and light.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { systemClock } from '../../src-main/base/clock';
import { startBrowserHost, type BrowserHost, type BrowserHostOptions } from '../../src-main/browser-host/browser-host';
import type { AuditVerification } from '../../src-main/contract/audit';
import { buildRenderer, chromiumAvailable, FAST_KDF, finishTest, launchChromium, openPage, screenshotPath } from './e2e-support';

const PASSPHRASE = 'correct horse battery staple';
const DAY = 86_400_000;
const BINANCE = { label: 'Binance prod bot', apiKey: 'auditE2eApiKeyQ7Wm3Zt9Lp2Xv8Nc4Hb6Jd1Fs5Gk0x', secret: 'auditE2eSecretR4Tn8Yq2Mz6Pw1Vc9Xb3Lk7Hj5Gd0Sa' };
const KRAKEN = { label: 'Kraken treasury', apiKey: 'auditKrakenKeyA1b2C3d4E5f6G7h8', secret: 'a3Jha2VuLWF1ZGl0LXNlY3JldC12YWx1ZQ==' };

/** The heading the page gives a past day (the same format as audit-model.ts). */
const dayTitleOf = (t: number) => new Intl.DateTimeFormat('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(t);

const run = chromiumAvailable();

describe.skipIf(!run)('the Audit page, in the browser', () => {
  let renderer: Awaited<ReturnType<typeof buildRenderer>>;
  let host: BrowserHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let framesToPage: string[];
  let pageErrors: string[];

  const dismissToasts = async () => {
    const close = page.getByRole('button', { name: 'Dismiss notification' });
    while ((await close.count()) > 0) await close.first().click();
  };
  /** A dark and a light shot, the theme switched with the attribute use-theme.ts sets from the setting. */
  const shot = async (name: string, themes: readonly ('dark' | 'light')[] = ['dark', 'light']) => {
    await dismissToasts();
    const own = (await page.evaluate('document.documentElement.dataset.theme')) as string;
    for (const theme of themes) {
      await page.evaluate(`document.documentElement.dataset.theme = '${theme}'`);
      await page.waitForTimeout(200);
      await page.screenshot({ path: await screenshotPath(`audit-${name}-${theme}`) });
    }
    await page.evaluate(`document.documentElement.dataset.theme = '${own}'`);
  };

  const nav = (name: string) => page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: new RegExp(`^${name}`) });
  const timeline = () => page.getByRole('listbox', { name: 'Audit events' });
  const events = () => timeline().locator('[role="option"]');
  const eventsOf = (type: string) => timeline().locator(`[role="option"][data-type="${type}"]`);
  const banner = () => page.getByRole('region', { name: 'Audit log verification' });
  const keyFilter = () => page.getByLabel('Filter by key');
  const typeChip = (name: string) => page.getByRole('group', { name: 'Filter by event type' }).getByRole('button', { name, exact: true });
  const range = (label: string) => page.getByRole('group', { name: 'Time range' }).getByText(label, { exact: true });
  const vaultRow = (label: string) => page.getByRole('listbox', { name: 'Keys' }).locator('[role="option"]', { hasText: label });

  /** The seq of every event shown, and the types, in order (the timeline is virtualized: all fit in 800 px here). */
  const shownTypes = async () => (await events().evaluateAll((els) => els.map((e) => e.getAttribute('data-type') ?? ''))) as string[];

  const verification = async (): Promise<AuditVerification> => {
    const r = await host.services.router.handle('audit:verify', undefined);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as AuditVerification;
  };

  /** Nothing of these secrets in the page's markup or in any frame the page received. */
  const expectNotInPage = async (secrets: readonly string[]) => {
    const html = await page.content();
    const text = await page.locator('body').innerText();
    const frames = framesToPage.join('\n');
    for (const s of secrets) {
      expect(html, 'page markup').not.toContain(s);
      expect(text, 'page text').not.toContain(s);
      expect(frames, 'frames to the page').not.toContain(s);
    }
  };

  /** A host of its own (a new home, no vault yet) and a page of its own. */
  const start = async (opts: Partial<BrowserHostOptions> = {}) => {
    host = await startBrowserHost({ kdf: FAST_KDF, rendererDir: renderer.dir, ...opts });
    ({ context, page, framesToPage, pageErrors } = await openPage(browser));
  };
  const auditPath = () => host.services.audit!.path;
  /** Writes the key use rolled up so far (a lock does) and unlocks again, so no line arrives later at a minute's end. */
  const flushKeyUse = async () => {
    await host.services.vault.lock();
    await host.services.vault.unlockWithPassphrase(PASSPHRASE);
  };

  const addKeys = async () => {
    const vault = host.services.vault;
    const binance = await vault.add({ label: BINANCE.label, provider: 'binance', environment: 'prod', scopes: ['read'], credentials: { apiKey: BINANCE.apiKey, secret: BINANCE.secret } });
    const kraken = await vault.add({ label: KRAKEN.label, provider: 'kraken', environment: 'prod', credentials: { apiKey: KRAKEN.apiKey, secret: KRAKEN.secret } });
    return { binance: binance.id, kraken: kraken.id };
  };

  /** The log's lines as on disk (each ends with a newline). */
  const logLines = async () => (await readFile(auditPath(), 'utf8')).split('\n').slice(0, -1);

  const openAudit = async () => {
    await nav('Audit').click();
    await timeline().waitFor();
    await events().first().waitFor();
  };

  beforeAll(async () => {
    renderer = await buildRenderer();
    browser = await launchChromium();
  });

  afterEach(() => finishTest(pageErrors, context, host));

  afterAll(async () => {
    await browser?.close();
    await renderer?.cleanup();
  });

  it('shows what the person did, under the right labels, with the chain verified', async () => {
    await start();
    // First run, through the page.
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Confirm passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await vaultRow('Sandbox').waitFor();
    await host.services.embeddedSandbox.synced();
    const sandboxId = host.services.vault.list({}).find((e) => e.provider === 'sandbox')!.id;
    const { binance } = await addKeys();

    // Copy the Binance secret from its detail.
    await vaultRow(BINANCE.label).click();
    const detail = page.getByRole('complementary', { name: 'Key details' });
    await detail.getByRole('button', { name: 'Copy Secret' }).click();
    await page.getByText(/Secret copied — clipboard clears in \d+ s/).waitFor();
    expect(host.services.clipboardStore.readText()).toBe(BINANCE.secret);

    // Lock, a wrong passphrase, unlock.
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'Vault locked' }).waitFor();
    await page.getByLabel('Passphrase').fill('not the passphrase at all');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('That passphrase does not unlock this vault').waitFor();
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await vaultRow(BINANCE.label).waitFor();

    // A rotation of the sandbox key with no overlap: created, verified, switched, the old key revoked.
    const started = await host.services.router.handle('rotation:start', { entryId: sandboxId, overlapMinutes: 0 });
    expect(started.ok).toBe(true);
    await expect.poll(() => host.services.vault.rotationRecord(sandboxId).history[0]?.state ?? null, { timeout: 15_000 }).toBe('done');

    await openAudit();
    await expect.poll(() => banner().getAttribute('data-status')).toBe('intact');
    const v = await verification();
    await banner().getByText('Chain verified').waitFor();
    await banner().getByText(`${v.lines} events, each chained to the one before, all sealed in the vault.`).waitFor();
    await expect.poll(() => eventsOf('key.revoked').count()).toBe(1);

    // Every line is in the timeline (the rotation's key use may land at its minute's end: asked again until both agree).
    await expect.poll(async () => (await shownTypes()).length === (await verification()).lines).toBe(true);
    // Newest first: the rotation, the unlock that chained the failed one, the lock, the copy, the keys, the vault.
    const types = await shownTypes();
    expect(types.at(-1)).toBe('vault.created');
    const order = ['vault.created', 'key.created', 'key.copied', 'vault.locked', 'vault.unlock_failed', 'vault.unlocked', 'key.rotation_step'];
    const positions = order.map((t) => types.lastIndexOf(t));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => b - a)).toEqual(positions);

    const copied = eventsOf('key.copied');
    await copied.getByText('Secret copied').waitFor();
    await copied.getByText('copied the secret').waitFor();
    await copied.getByRole('button', { name: BINANCE.label }).waitFor();
    expect(await copied.locator('.audit-actor').textContent()).toBe('Browser host');
    // The copy used the key once: rolled up and written when the vault locked.
    await eventsOf('key.used').filter({ hasText: BINANCE.label }).getByText('used once').waitFor();
    await eventsOf('vault.locked').getByText('locked by hand').waitFor();
    const failed = eventsOf('vault.unlock_failed');
    await failed.getByText('Unlock failed').waitFor();
    await failed.getByText('with the passphrase · wrong passphrase').waitFor();
    await failed.getByText('Recorded while locked').waitFor();
    // Only the failed unlock was queued while locked.
    expect(await timeline().getByText('Recorded while locked').count()).toBe(1);
    await banner().getByText(/1 event recorded while the vault was locked \(line \d+\) was chained at the unlock of/).waitFor();
    const steps = await eventsOf('key.rotation_step').locator('.audit-summary').allTextContents();
    expect(steps).toEqual(['old key revoked · automated', 'switched to the new key · automated', 'new key verified · automated', 'new key created · automated', 'started · automated']);
    await eventsOf('key.revoked').getByText(/^the old key revoked at the provider · /).waitFor();
    expect(await timeline().locator('.audit-day-title').allTextContents()).toEqual(['Today']);
    await shot('timeline');

    // An event opens to its details, as text.
    await copied.click();
    const details = timeline().getByRole('group', { name: /^Details of event \d+$/ });
    await details.waitFor();
    expect(await details.locator('dt', { hasText: /^field$/ }).locator('xpath=following-sibling::dd[1]').textContent()).toBe('secret');
    await details.getByText(binance).waitFor();
    await details.scrollIntoViewIfNeeded();
    await shot('event-open', ['dark']);

    await expectNotInPage([BINANCE.secret, BINANCE.apiKey, PASSPHRASE, 'not the passphrase at all']);
  });

  it('filters by key (deleted keys too), by type and by time', async () => {
    // The vault and the Kraken key three days ago, the rest today.
    let offset = -3 * DAY;
    await start({ clock: { now: () => Date.now() + offset, setTimeout: systemClock.setTimeout } });
    const vault = host.services.vault;
    await vault.create({ passphrase: PASSPHRASE, useOsSlot: false });
    const kraken = (await vault.add({ label: KRAKEN.label, provider: 'kraken', environment: 'prod', credentials: { apiKey: KRAKEN.apiKey, secret: KRAKEN.secret } })).id;
    offset = 0;
    const binance = (await vault.add({ label: BINANCE.label, provider: 'binance', environment: 'prod', scopes: ['read'], credentials: { apiKey: BINANCE.apiKey, secret: BINANCE.secret } })).id;
    await host.services.router.handle('vault:copySecret', { id: binance, field: 'secret' });
    await host.services.router.handle('vault:copySecret', { id: kraken, field: 'apiKey' });
    await flushKeyUse();
    await vault.remove(kraken);
    await page.goto(host.url);
    await vaultRow(BINANCE.label).waitFor();
    await openAudit();
    expect(await timeline().locator('.audit-day-title').allTextContents()).toEqual(['Today', dayTitleOf(Date.now() - 3 * DAY)]);

    // Key: the Binance key's events only.
    await keyFilter().selectOption(binance);
    await expect.poll(() => shownTypes()).toEqual(['key.used', 'key.copied', 'key.created']);
    await page.getByText(/^3 of \d+ events$/).waitFor();

    // The deleted Kraken key is still there to choose, as deleted; its events say so, and name no link.
    expect(await keyFilter().locator('optgroup[label="Deleted keys"] option').allTextContents()).toEqual([`${KRAKEN.label} (deleted)`]);
    await keyFilter().selectOption(kraken);
    await expect.poll(() => shownTypes()).toEqual(['key.deleted', 'key.used', 'key.copied', 'key.created']);
    expect(await timeline().getByText('Deleted key', { exact: true }).count()).toBe(4);
    expect(await timeline().getByRole('button', { name: KRAKEN.label }).count()).toBe(0);
    await eventsOf('key.copied').getByText('copied the API key').waitFor();
    await eventsOf('key.deleted').getByText(/^Kraken · PROD · /).waitFor();
    await shot('deleted-key', ['dark']);

    // Type: Keys, then Vault too; a single type from an event's details.
    await keyFilter().selectOption('');
    await typeChip('Keys').click();
    await expect.poll(async () => (await shownTypes()).every((t) => t.startsWith('key.'))).toBe(true);
    expect(await typeChip('Keys').getAttribute('aria-pressed')).toBe('true');
    expect(await typeChip('All types').getAttribute('aria-pressed')).toBe('false');
    expect(await eventsOf('vault.created').count()).toBe(0);
    await typeChip('Vault').click();
    await eventsOf('vault.created').waitFor();
    await eventsOf('vault.locked').waitFor();
    await eventsOf('key.copied').first().click();
    await timeline().getByRole('button', { name: 'Only “Secret copied”' }).click();
    await expect.poll(() => shownTypes()).toEqual(['key.copied', 'key.copied']);
    expect(await typeChip('Keys').getAttribute('aria-pressed')).toBe('mixed');
    await typeChip('All types').click();

    // Time: the last 24 hours leave out the vault's first day; 7 days bring it back.
    await range('24 h').click();
    await expect.poll(() => eventsOf('vault.created').count()).toBe(0);
    expect(await timeline().locator('.audit-day-title').allTextContents()).toEqual(['Today']);
    await eventsOf('key.copied').first().waitFor();
    await range('7 d').click();
    await eventsOf('vault.created').waitFor();

    // Dates: from tomorrow on, nothing; a start after the end is refused in words; the vault's first day alone.
    const dateInput = (t: number) => {
      const d = new Date(t);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    await range('Dates').click();
    await page.getByLabel('From date').fill(dateInput(Date.now() + DAY));
    await page.getByText(/^No events since /).waitFor();
    await page.getByLabel('To date').fill(dateInput(Date.now() - DAY));
    await page.getByText('Check the dates').waitFor();
    await page.getByText('The start date is after the end date: swap them to see that period.').waitFor();
    await page.getByLabel('From date').fill(dateInput(Date.now() - 4 * DAY));
    await eventsOf('vault.created').waitFor();
    expect(await eventsOf('key.copied').count()).toBe(0);
    expect(await timeline().locator('.audit-day-title').allTextContents()).toEqual([dayTitleOf(Date.now() - 3 * DAY)]);
    await shot('filters', ['dark']);
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await eventsOf('key.deleted').waitFor();
    await expectNotInPage([BINANCE.secret, BINANCE.apiKey, KRAKEN.secret, KRAKEN.apiKey]);
  });

  it('opens a key’s history from its detail, and a key named in the timeline in the Vault', async () => {
    await start();
    await host.services.vault.create({ passphrase: PASSPHRASE, useOsSlot: false });
    const { binance } = await addKeys();
    await host.services.router.handle('vault:copySecret', { id: binance, field: 'secret' });
    await flushKeyUse();
    await host.services.vault.update({ id: binance, meta: { label: 'Binance market maker', scopes: ['read'] } });
    await page.goto(host.url);
    await vaultRow('Binance market maker').click();
    const detail = page.getByRole('complementary', { name: 'Key details' });
    await detail.getByRole('heading', { name: 'Binance market maker' }).waitFor();
    await shot('key-detail', ['dark']);
    await detail.getByRole('button', { name: 'History' }).click();
    await expect.poll(() => nav('Audit').getAttribute('aria-current')).toBe('page');
    expect(await keyFilter().inputValue()).toBe(binance);
    await expect.poll(() => shownTypes()).toEqual(['key.updated', 'key.used', 'key.copied', 'key.created']);
    await eventsOf('key.updated').getByText('renamed from “Binance prod bot”').waitFor();
    // Events before the rename keep the label of their time, and say what it is now.
    await eventsOf('key.copied').getByText('now “Binance market maker”').waitFor();
    await shot('key-history', ['dark']);

    // The key's name in a row opens it in the Vault, even with the Vault's search hiding it.
    await nav('Vault').click();
    await page.getByRole('searchbox', { name: 'Search keys' }).fill('kraken');
    await expect.poll(() => vaultRow('Binance market maker').count()).toBe(0);
    await nav('Audit').click();
    await eventsOf('key.created').getByRole('button', { name: BINANCE.label }).click();
    await expect.poll(() => nav('Vault').getAttribute('aria-current')).toBe('page');
    await detail.getByRole('heading', { name: 'Binance market maker' }).waitFor();
    expect(await page.getByRole('searchbox', { name: 'Search keys' }).inputValue()).toBe('');
  });

  it('loads older pages as the end scrolls into view, and follows new events live', async () => {
    await start();
    await host.services.vault.create({ passphrase: PASSPHRASE, useOsSlot: false });
    // 450 events in one append (the vault keeps the chain), more than two pages of 200.
    await host.services.vault.recordAudit(Array.from({ length: 450 }, (_, i) => ({ type: 'scan.run' as const, details: { findings: 0, files: i + 1 } })));
    const total = (await verification()).lines;
    await page.goto(host.url);
    await openAudit();
    await page.getByText('200+ events').waitFor();
    expect(await timeline().locator('.audit-day-count').allTextContents()).toEqual(['200+']);
    // Scrolled to the end, the next pages come; the first line of the log ends the timeline.
    for (let i = 0; i < 10 && (await timeline().getByText('The first line of the log.').count()) === 0; i++) {
      await timeline().evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await page.waitForTimeout(250);
    }
    await timeline().getByText('The first line of the log.').waitFor();
    await page.getByText(`${total} events`, { exact: true }).waitFor();
    await timeline().locator('[role="option"][data-seq="1"]').waitFor();

    // Keyboard: Home goes to the newest, Enter opens it.
    await timeline().focus();
    await page.keyboard.press('Home');
    await expect.poll(() => timeline().locator('[aria-selected="true"]').getAttribute('data-seq')).toBe(String(total));
    await page.keyboard.press('Enter');
    await timeline().getByRole('group', { name: `Details of event ${total}` }).waitFor();

    // A copy in main shows at the top at once (audit:appended).
    const id = host.services.vault.list({})[0]!.id;
    await host.services.router.handle('vault:copySecret', { id, field: 'secret' });
    await eventsOf('key.copied').waitFor();
    // (The copy's key use may be written too, at its minute's end.)
    await page.getByText(new RegExp(`^(${total + 1}|${total + 2}) events$`)).waitFor();
  });

  it('names the line edited on disk when verified again', async () => {
    await start();
    await host.services.vault.create({ passphrase: PASSPHRASE, useOsSlot: false });
    const { binance } = await addKeys();
    await host.services.router.handle('vault:copySecret', { id: binance, field: 'secret' });
    await flushKeyUse();
    await page.goto(host.url);
    await openAudit();
    await expect.poll(() => banner().getAttribute('data-status')).toBe('intact');

    // One byte of the copy's details: "secret" → "secreT".
    const lines = await logLines();
    const at = lines.findIndex((l) => l.includes('"type":"key.copied"'));
    expect(lines[at]).toContain('"field":"secret"');
    lines[at] = lines[at]!.replace('"field":"secret"', '"field":"secreT"');
    await writeFile(auditPath(), `${lines.join('\n')}\n`);

    await banner().getByRole('button', { name: 'Verify again' }).click();
    await expect.poll(() => banner().getAttribute('data-status')).toBe('tampered');
    const alert = banner().getByRole('alert');
    await alert.getByText(`The audit log was altered — Line ${at + 1} was edited`).waitFor();
    expect(await alert.locator('.audit-problem-kind').textContent()).toBe('edited');
    await alert.getByText(new RegExp(`^Line ${at + 1} \\(key\\.copied at .*\\) fails its MAC: it was edited after Signet wrote it\\. Lines 1–${at} verify\\.$`)).waitFor();
    await banner().getByText(/^What to do:/).waitFor();
    await banner().getByText(/Keep a copy of it as evidence/).waitFor();
    // The timeline still shows the log as it now reads.
    await eventsOf('key.copied').getByText('copied the secreT', { exact: true }).waitFor();
    await shot('tampered-edited');
    await banner().getByText('Full report').click();
    await banner().getByText(auditPath(), { exact: true }).waitFor();
    await banner().getByText('signet audit export --out FILE').waitFor();
    await expectNotInPage([BINANCE.secret, BINANCE.apiKey, KRAKEN.secret]);
  });

  it('names a deleted line, and a cut-off tail, when verified again (light)', async () => {
    await start();
    await host.services.router.handle('settings:set', { theme: 'light' });
    await host.services.vault.create({ passphrase: PASSPHRASE, useOsSlot: false });
    const { binance, kraken } = await addKeys();
    await host.services.router.handle('vault:copySecret', { id: binance, field: 'secret' });
    await host.services.router.handle('vault:copySecret', { id: kraken, field: 'secret' });
    await flushKeyUse();
    await page.goto(host.url);
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('light');
    await openAudit();
    await expect.poll(() => banner().getAttribute('data-status')).toBe('intact');
    const original = await logLines();
    expect(original.length).toBeGreaterThanOrEqual(5);

    // Line 3 taken out: line 3 now holds event 4.
    await writeFile(auditPath(), `${original.filter((_, i) => i !== 2).join('\n')}\n`);
    await banner().getByRole('button', { name: 'Verify again' }).click();
    await banner().getByRole('alert').getByText('The audit log was altered — Lines were deleted before line 3').waitFor();
    expect(await banner().locator('.audit-problem-kind').textContent()).toBe('deleted');
    // The timeline reads the file again with it: event 3 is gone from it.
    await expect.poll(() => timeline().locator('[role="option"][data-seq="3"]').count()).toBe(0);
    await banner().getByText(/^Line 3 holds event 4 where event 3 belongs: 1 line before it \(event 3\) was deleted\. Lines 1–2 verify\.$/).waitFor();
    await shot('tampered-deleted', ['light']);

    // The whole file back but its last two lines: the sealed head vouches for more.
    const n = original.length;
    await writeFile(auditPath(), `${original.slice(0, n - 2).join('\n')}\n`);
    await banner().getByRole('button', { name: 'Verify again' }).click();
    await banner().getByRole('alert').getByText(`The audit log was altered — The log was cut short: line ${n - 1} on is gone`).waitFor();
    expect(await banner().locator('.audit-problem-kind').textContent()).toBe('truncated');
    await banner().getByRole('alert').getByText(new RegExp(`the last 2 lines \\(lines ${n - 1}–${n}\\) were removed \\(truncated\\)`)).waitFor();
    // Signet no longer appends to it: what happens now waits in the queue, and the banner counts it.
    await host.services.vault.update({ id: kraken, meta: { notes: 'Treasury desk' } });
    await banner().getByRole('button', { name: 'Verify again' }).click();
    await banner().getByText(/Meanwhile 1 event waits in the queue instead of being appended to this log/).waitFor();
    await shot('tampered-truncated');

    // Put back as it was, it verifies again.
    await writeFile(auditPath(), `${original.join('\n')}\n`);
    await banner().getByRole('button', { name: 'Verify again' }).click();
    await expect.poll(() => banner().getAttribute('data-status')).toBe('intact');
    await expectNotInPage([BINANCE.secret, BINANCE.apiKey, KRAKEN.secret, KRAKEN.apiKey]);
  });
});
