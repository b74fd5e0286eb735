/**
 * The Rotation page as a user drives it, in Chromium against the browser host (the same services, router and
 * rotation runtime as the app) with its real embedded sandbox exchange:
 * - the agenda groups keys (Needs attention, In progress, Due soon, Upcoming by month, Past rotations), filters, and
 *   follows the keyboard; an empty vault says so;
 * - the sandbox key rotates automated: Rotate now with an overlap → the steps arrive live → the overlap counts down →
 *   Finish now → done, in the history; Roll back during the overlap; an overlap of 0 revokes at once; a revoke that
 *   keeps failing (the exchange went away) says it retries, and Abandon ends it keeping the new key;
 * - a guided Binance key opened from its reminder: the checklist, a pasted key that cannot be verified (no network
 *   here; with one, Binance refuses it) refused inline with main's words and the fields kept, Cancel ends it;
 * - a custom API (nothing to verify with) switches, keeps the old key archived, Finish now erases it; a key pair
 *   shows its fresh public key to register.
 * No secret, old or new, pasted or made by the sandbox, is ever in the page's markup or in a frame it received.
 * Screenshots dark and light.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../src-main/browser-host/browser-host';
import type { RotationKey, RotationOverview } from '../../src-main/contract/rotation';
import { buildRenderer, chromiumAvailable, FAST_KDF, finishTest, launchChromium, openPage, screenshotPath } from './e2e-support';

const PASSPHRASE = 'correct horse battery staple';
const DAY = 86_400_000;
/** What the person pastes in the guided tests: never to be seen in the page's markup or in a frame sent to it. */
const PASTED = { apiKey: 'rotE2eApiKeyQ7Wm3Zt9Lp2Xv8Nc4Hb6Jd1Fs5Gk0', secret: 'rotE2eSecretR4Tn8Yq2Mz6Pw1Vc9Xb3Lk7Hj5Gd0Sa' };
const BINANCE = { apiKey: 'binanceOldKeyA1b2C3d4E5f6G7h8I9j0K1l2M3n4', secret: 'binanceOldSecretZ9y8X7w6V5u4T3s2R1q0P9o8N7' };

const run = chromiumAvailable();

describe.skipIf(!run)('the Rotation page, in the browser', () => {
  let renderer: Awaited<ReturnType<typeof buildRenderer>>;
  let host: BrowserHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let framesToPage: string[];
  let pageErrors: string[];

  /** Toasts are closed first (as a user would) unless the shot is about one; a dark and a light shot. */
  /** Closes the toasts, as a user would when one covers what they want to click. */
  const dismissToasts = async () => {
    const close = page.getByRole('button', { name: 'Dismiss notification' });
    while ((await close.count()) > 0) await close.first().click();
  };
  /** `tall`: the viewport grows to show the whole key pane (a guided checklist is longer than 800 px). */
  const shot = async (name: string, { keepToasts = false, themes = ['dark', 'light'] as ('dark' | 'light')[], tall = false } = {}) => {
    if (!keepToasts && (await page.locator('dialog[open]').count()) === 0) await dismissToasts();
    const own = (await page.evaluate('document.documentElement.dataset.theme')) as string;
    if (tall) {
      await page.setViewportSize({ width: 1280, height: 1500 });
      await page.locator('.rot-detail-pane').evaluate((el) => el.scrollTo(0, 0));
    }
    for (const theme of themes) {
      // The attribute use-theme.ts sets from the setting: the same tokens as choosing the theme in Settings.
      await page.evaluate(`document.documentElement.dataset.theme = '${theme}'`);
      await page.waitForTimeout(200);
      await page.screenshot({ path: await screenshotPath(`rotation-${name}-${theme}`) });
    }
    await page.evaluate(`document.documentElement.dataset.theme = '${own}'`);
    if (tall) await page.setViewportSize({ width: 1280, height: 800 });
  };

  const overview = async (): Promise<RotationOverview> => {
    const r = await host.services.router.handle('rotation:overview', undefined);
    if (!r.ok) throw new Error(r.error.message);
    return r.value as RotationOverview;
  };
  const keyView = async (entryId: string): Promise<RotationKey> => (await overview()).keys.find((k) => k.entryId === entryId)!;
  const sandboxEntry = () => host.services.vault.list({}).find((e) => e.provider === 'sandbox')!;
  const credentialsOf = (id: string) => host.services.vault.useSecret(id, (c) => ({ ...c }), { record: false });

  const agenda = () => page.getByRole('listbox', { name: 'Rotation agenda' });
  const keyRow = (label: string) => agenda().locator('[role="option"][data-entry-id]', { hasText: label });
  const pane = () => page.getByRole('complementary', { name: 'Key rotation' });
  const runPanel = () => pane().locator('.rot-run');
  const stage = (id: string) => runPanel().locator(`.rot-stage[data-stage="${id}"]`);
  const stageIs = (id: string, status: string) => runPanel().locator(`.rot-stage[data-stage="${id}"][data-status="${status}"]`);

  /** Nothing of these secrets in the page's markup (inputs included) or in any frame the page received. */
  const expectNotInPage = async (secrets: readonly string[]) => {
    const html = await page.content();
    const frames = framesToPage.join('\n');
    for (const s of secrets) {
      expect(html, 'page markup').not.toContain(s);
      expect(frames, 'frames to the page').not.toContain(s);
    }
  };

  const openRotationPage = async () => {
    await page.goto(host.url);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: /^Rotation/ }).click();
    await agenda().waitFor();
  };

  const rotateNow = async (choose: (dialog: ReturnType<Page['getByRole']>) => Promise<void>, shotName?: string) => {
    await pane().getByRole('button', { name: 'Rotate now' }).click();
    const dialog = page.getByRole('dialog', { name: /^Rotate “/ });
    await dialog.waitFor();
    await choose(dialog);
    if (shotName) await shot(shotName);
    await dialog.getByRole('button', { name: /^Rotate (now|production key)$/ }).click();
    await dialog.waitFor({ state: 'detached' });
  };

  const confirm = async (title: RegExp, button: string, shotName?: string) => {
    const dialog = page.getByRole('dialog', { name: title });
    await dialog.waitFor();
    if (shotName) await shot(shotName);
    await dialog.getByRole('button', { name: button, exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  };

  beforeAll(async () => {
    renderer = await buildRenderer();
    browser = await launchChromium();
  });

  beforeEach(async () => {
    host = await startBrowserHost({ kdf: FAST_KDF, rendererDir: renderer.dir });
    ({ context, page, framesToPage, pageErrors } = await openPage(browser));
    await host.services.vault.create({ passphrase: PASSPHRASE, useOsSlot: false });
    await host.services.embeddedSandbox.synced();
  });

  afterEach(() => finishTest(pageErrors, context, host));

  afterAll(async () => {
    await browser?.close();
    await renderer?.cleanup();
  });

  it('groups the agenda, filters it, follows the keyboard, and says so when the vault is empty', async () => {
    const now = Date.now();
    const vault = host.services.vault;
    await vault.add({ label: 'Kraken treasury', provider: 'kraken', environment: 'prod', scopes: ['query'], expiresAt: new Date(now - 2 * DAY).toISOString(), credentials: { apiKey: 'KRAKENKEY1234567890abcd', secret: 'a3Jha2VuLXNlY3JldA==' } });
    // Due soon: its hard expiry, in 3 days, comes before its next rotation.
    await vault.add({ label: 'OKX testnet bot', provider: 'okx', environment: 'test', scopes: ['read', 'trade'], rotationPolicy: { everyDays: 30, warnDays: 10 }, expiresAt: new Date(now + 3 * DAY).toISOString(), credentials: { apiKey: 'okx-key-7f3a', secret: 'okxsecret', passphrase: 'okx pass' } });
    await vault.add({ label: 'Coinbase research', provider: 'coinbase', environment: 'dev', scopes: ['view'], rotationPolicy: { everyDays: 40, warnDays: 7 }, credentials: { apiKey: 'organizations/abc/apiKeys/def9', secret: 'cbsecretvalue' } });
    await vault.add({ label: 'Bybit grid', provider: 'bybit', environment: 'prod', scopes: ['read', 'trade'], rotationPolicy: { everyDays: 45, warnDays: 7 }, credentials: { apiKey: 'bybit-key-0042', secret: 'bybitsecret' } });
    await openRotationPage();

    // Needs attention first (the expired key), Due soon (OKX), then Upcoming by month.
    const headings = await agenda().locator('.rot-heading').allTextContents();
    expect(headings[0]).toBe('Needs attention1');
    expect(headings[1]).toBe('Due soon1');
    expect(headings[2]).toBe('Upcoming3');
    expect(headings.slice(3).join(' | ')).toMatch(/^\w+ \d{4}— \d+ keys?/);
    const labels = await agenda().locator('[role="option"] .rot-row-label').allTextContents();
    expect(labels.slice(0, 2)).toEqual(['Kraken treasury', 'OKX testnet bot']);
    expect(labels.indexOf('Coinbase research')).toBeLessThan(labels.indexOf('Bybit grid'));
    await keyRow('Kraken treasury').getByText(/^expired \d+ d ago$/).waitFor();
    expect(await keyRow('Kraken treasury').getAttribute('title')).toMatch(/^Expired on \d{4}-\d{2}-\d{2}: replace the key\.$/);
    await keyRow('OKX testnet bot').getByText('in 3 d', { exact: true }).waitFor();
    await keyRow('Sandbox').getByText('Sandbox exchange · Automated').waitFor();
    await keyRow('Bybit grid').getByText('Bybit · Guided').waitFor();
    await shot('agenda');

    // The keyboard: the first key, then the next; the pane follows.
    await agenda().focus();
    await page.keyboard.press('ArrowDown');
    await pane().getByRole('heading', { name: 'Kraken treasury' }).waitFor();
    await pane().getByText('Expired', { exact: true }).waitFor();
    await page.keyboard.press('ArrowDown');
    await pane().getByRole('heading', { name: 'OKX testnet bot' }).waitFor();
    await pane().getByText('Every 30 days, reminders 10 days before').waitFor();
    await pane().getByText(/This key’s own policy\. Edit the policy in the key’s detail on the Vault page\./).waitFor();
    expect(await keyRow('OKX testnet bot').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await pane().getByRole('heading', { name: /^(Sandbox \(local\)|Bybit grid|Coinbase research)$/ }).waitFor();
    await keyRow('Sandbox').click();
    await pane().getByText('The development default from Settings › Key rotation.', { exact: false }).waitFor();
    await pane().getByText('Not rotated with Signet yet.').waitFor();
    await shot('key-pane');

    // Filters: environment, search, nothing found, cleared.
    await page.getByRole('search', { name: 'Filter the rotation agenda' }).locator('label', { hasText: 'Prod' }).click();
    await expect.poll(() => agenda().locator('[role="option"]').count()).toBe(2);
    await page.getByText('2 of 5 keys').waitFor();
    await page.getByRole('searchbox', { name: 'Search keys' }).fill('bybit');
    await expect.poll(() => agenda().locator('[role="option"] .rot-row-label').allTextContents()).toEqual(['Bybit grid']);
    await page.getByRole('searchbox', { name: 'Search keys' }).fill('nothing like this');
    await page.getByText('No keys match these filters').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect.poll(() => agenda().locator('[role="option"]').count()).toBe(5);

    // A key deleted while its pane is open; then an empty vault.
    for (const e of vault.list({})) await vault.remove(e.id);
    await page.getByText('No keys to rotate').waitFor();
    await pane().getByText('This key no longer exists').waitFor();
    await page.getByRole('button', { name: 'Open the Vault' }).waitFor();
    await shot('empty', { themes: ['dark'] });
  });

  it('rotates the sandbox key with an overlap: steps arrive live, the overlap counts down, Finish now revokes the old key', async () => {
    const sandbox = sandboxEntry();
    const before = await credentialsOf(sandbox.id);
    // A few other keys, so the agenda shows the run among the rest.
    const now = Date.now();
    await host.services.vault.add({ label: 'Binance market maker', provider: 'binance', environment: 'prod', scopes: ['read', 'trade'], expiresAt: new Date(now - DAY).toISOString(), credentials: BINANCE });
    await host.services.vault.add({ label: 'OKX testnet bot', provider: 'okx', environment: 'test', scopes: ['read'], expiresAt: new Date(now + 3 * DAY).toISOString(), credentials: { apiKey: 'okx-key-7f3a', secret: 'okxsecret', passphrase: 'p' } });
    await host.services.vault.add({ label: 'Kraken treasury', provider: 'kraken', environment: 'prod', scopes: ['query'], rotationPolicy: { everyDays: 60, warnDays: 14 }, credentials: { apiKey: 'KRAKENKEY1234567890abcd', secret: 'a3Jha2VuLXNlY3JldA==' } });
    await openRotationPage();
    await keyRow('Sandbox').click();

    await rotateNow(async (dialog) => {
      // 1 h is the default; 15 min chosen.
      expect(await dialog.getByLabel('1 h (default)').isChecked()).toBe(true);
      await dialog.getByText('15 min', { exact: true }).click();
      await dialog.getByText(/The old key stays valid for 15 min, so clients still using it can finish/).waitFor();
    }, 'rotate-dialog');

    // The run moves on by itself to the overlap; every step is shown as main recorded it.
    await stageIs('overlap', 'waiting').waitFor();
    for (const id of ['creating', 'verifying', 'switching']) expect(await stage(id).getAttribute('data-status')).toBe('done');
    const steps = runPanel().getByRole('list', { name: 'Steps so far' });
    await steps.getByText('New key created').waitFor();
    await steps.getByText('New key verified').waitFor();
    await steps.getByText('Switched to the new key').waitFor();
    await steps.getByText(/GET \/v1\/account answered 200 with the new key\./).waitFor();
    await runPanel().getByText('Overlap: old key still valid').waitFor();
    const timer = runPanel().getByRole('timer');
    expect(await timer.textContent()).toMatch(/^1[45]:\d{2}$/);
    const first = await timer.textContent();
    await expect.poll(() => timer.textContent(), { timeout: 4000 }).not.toBe(first);
    // In the agenda: In progress, with the time left.
    await keyRow('Sandbox').getByText(/^1[45]:\d{2} left$/).waitFor();
    expect(await agenda().locator('.rot-heading').allTextContents()).toContain('In progress1');
    expect(await pane().getByRole('button', { name: 'Rotate now' }).isDisabled()).toBe(true);

    // Main agrees: the new key is in use, the old one still valid at the exchange until the overlap ends.
    const during = await keyView(sandbox.id);
    expect(during.run).toMatchObject({ state: 'overlap', overlapMinutes: 15 });
    const after = await credentialsOf(sandbox.id);
    expect(after.apiKey).not.toBe(before.apiKey);
    await runPanel().getByText(during.run!.oldPreview!).first().waitFor();
    await shot('overlap');
    await expectNotInPage([before.secret!, after.secret!, before.apiKey!, after.apiKey!]);

    await runPanel().getByRole('button', { name: 'Finish now' }).click();
    await confirm(/^Revoke the old key now\?/, 'Revoke old key', 'finish-confirm');

    // Done: the progress gives way to the outcome; the history has the run and its steps.
    await pane().getByRole('status').getByText('Rotated').waitFor();
    expect(await runPanel().count()).toBe(0);
    await pane().locator('.rot-history-item').first().getByText('Done').waitFor();
    await pane().locator('.rot-history-toggle').first().click();
    await pane().locator('.rot-history-body').getByText('Old key revoked').waitFor();
    await pane().locator('.rot-history-body').getByText('Overlap ended').waitFor();
    await agenda().locator('[role="option"][data-run-id]', { hasText: 'Sandbox' }).getByText('Done').waitFor();
    await pane().getByText(/Last rotated/).waitFor();
    await shot('done');

    const ended = await keyView(sandbox.id);
    expect(ended.run).toBeNull();
    expect(ended.history[0]).toMatchObject({ state: 'done', overlapMinutes: 15 });
    const old = host.services.embeddedSandbox.running!.keys.list().find((k) => k.apiKey === before.apiKey);
    expect(old?.revokedAt).not.toBeNull();
    await expectNotInPage([before.secret!, after.secret!]);
  });

  it('rolls back during the overlap, and with an overlap of 0 revokes the old key at once', async () => {
    const sandbox = sandboxEntry();
    const before = await credentialsOf(sandbox.id);
    await openRotationPage();
    await keyRow('Sandbox').click();

    // A custom overlap past 30 days is refused in the dialog; the default 1 h is what is started.
    await rotateNow(async (dialog) => {
      await dialog.getByText('Custom', { exact: true }).click();
      await dialog.getByLabel('Custom overlap').fill('31');
      await dialog.getByLabel('Unit').selectOption('d');
      await dialog.getByRole('button', { name: 'Rotate now' }).click();
      await dialog.getByText('At most 30 days.').waitFor();
      await dialog.getByText('1 h (default)', { exact: true }).click();
    });
    await stageIs('overlap', 'waiting').waitFor();
    expect((await keyView(sandbox.id)).run?.overlapMinutes).toBe(60);
    expect(await runPanel().getByRole('timer').textContent()).toMatch(/^(60:00|59:\d{2})$/);

    await runPanel().getByRole('button', { name: 'Roll back' }).click();
    await confirm(/^Roll back to the old key\?/, 'Roll back', 'rollback-confirm');
    await pane().getByRole('status').getByText('Rotation rolled back').waitFor();
    await pane().locator('.rot-history-item').first().getByText('Rolled back').waitFor();
    expect((await credentialsOf(sandbox.id)).apiKey).toBe(before.apiKey);
    const rolled = await keyView(sandbox.id);
    expect(rolled.history[0]?.state).toBe('rolled-back');
    expect(rolled.lastRotatedAt).toBeNull();
    const newKey = host.services.embeddedSandbox.running!.keys.list().find((k) => k.id === rolled.history[0]!.remote.newKeyId);
    expect(newKey?.revokedAt).not.toBeNull();

    // No overlap, by keyboard: straight to done, the old key revoked at once; focus stays in the pane.
    await dismissToasts();
    await pane().getByRole('button', { name: 'Rotate now' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /^Rotate “/ });
    await dialog.waitFor();
    // Focus starts on the chosen overlap (1 h): two to the left is None.
    expect(await page.evaluate('document.activeElement.checked')).toBe(true);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await dialog.getByLabel('None').isChecked()).toBe(true);
    await dialog.getByText(/revokes the old key at once/).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Rotate now');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await pane().getByRole('status').getByText('Rotated').waitFor();
    await expect.poll(() => page.evaluate('document.activeElement.id')).toBe('rot-pane-title');
    await pane().locator('.rot-history-item').first().getByText('Done').waitFor();
    const done = await keyView(sandbox.id);
    expect(done.history[0]).toMatchObject({ state: 'done', overlapMinutes: 0 });
    expect(done.history[0]!.steps.map((s) => s.step)).toEqual(['started', 'created', 'verified', 'switched', 'revoked']);
    expect(host.services.embeddedSandbox.running!.keys.list().find((k) => k.apiKey === before.apiKey)?.revokedAt).not.toBeNull();
    await pane().locator('.rot-history-toggle').first().click();
    await pane().locator('.rot-history-body').getByText('· overlap none', { exact: false }).waitFor();
    await expect.poll(() => agenda().locator('[role="option"][data-run-id]').count()).toBe(2);
    await shot('history');
  });

  it('a revoke that keeps failing says it tries again; Abandon ends the run keeping the new key', async () => {
    const sandbox = sandboxEntry();
    await openRotationPage();
    await keyRow('Sandbox').click();
    await rotateNow(async (dialog) => {
      await dialog.getByText('24 h', { exact: true }).click();
    });
    await stageIs('overlap', 'waiting').waitFor();
    const { run: overlap } = await keyView(sandbox.id);
    const inUse = (await credentialsOf(sandbox.id)).apiKey;

    // The exchange goes away: finishing the overlap cannot revoke the old key.
    await host.services.embeddedSandbox.close();
    await runPanel().getByRole('button', { name: 'Finish now' }).click();
    await confirm(/^Revoke the old key now\?/, 'Revoke old key');
    const failure = runPanel().getByRole('alert');
    await failure.getByText('Revoke failed — retrying').waitFor();
    await failure.getByText(/Signet tries again in 5 minutes and at the next start\./).waitFor();
    expect(await stage('revoking').getAttribute('data-status')).toBe('failed');
    await agenda().locator('.rot-heading', { hasText: 'Needs attention' }).waitFor();
    await shot('revoke-failing');

    await failure.getByRole('button', { name: 'Abandon rotation' }).click();
    const dialog = page.getByRole('dialog', { name: /^Abandon this rotation\?/ });
    await dialog.getByText(`The old key ${overlap!.oldPreview} is erased from the vault, but it may still be active at Sandbox exchange as ${overlap!.remote.oldKeyId}: delete it there.`).waitFor();
    await confirm(/^Abandon this rotation\?/, 'Abandon rotation', 'abandon-confirm');
    await pane().locator('.rot-history-item').first().getByText('Abandoned').waitFor();
    await page.locator('.toast', { hasText: 'Rotation abandoned' }).getByText(overlap!.remote.oldKeyId!).waitFor();
    const ended = await keyView(sandbox.id);
    expect(ended.run).toBeNull();
    expect(ended.history[0]!.steps.at(-1)).toMatchObject({ step: 'abandoned', detail: expect.stringContaining(`${overlap!.remote.oldKeyId}`) });
    expect((await credentialsOf(sandbox.id)).apiKey).toBe(inUse);

    // With the exchange still away, a new rotation fails before the switch: rolled back, the key in use unchanged.
    await rotateNow(async () => undefined);
    const failed = pane().getByRole('status').filter({ hasText: 'Rotation failed' });
    await failed.getByText(/Rolled back: the current key is unchanged\./).waitFor();
    await pane().locator('.rot-history-item').first().getByText('Failed', { exact: true }).waitFor();
    await dismissToasts();
    await pane().locator('.rot-history-toggle').first().click();
    await pane().locator('.rot-history-body').getByText('Why it failed').waitFor();
    expect((await keyView(sandbox.id)).history[0]).toMatchObject({ state: 'failed', error: { code: 'ERR_ROTATION_FAILED', message: expect.stringContaining('No sandbox exchange is running') } });
    expect((await credentialsOf(sandbox.id)).apiKey).toBe(inUse);
    await shot('failed', { themes: ['dark'] });
  });

  it('a guided Binance key from its reminder: checklist, a key that cannot be verified is refused inline, Cancel ends it; nothing secret in the page', async () => {
    await page.goto(host.url);
    await page.locator('[role="option"]', { hasText: 'Sandbox' }).waitFor();
    const binance = await host.services.vault.add({ label: 'Binance market maker', provider: 'binance', environment: 'prod', scopes: ['read', 'trade'], expiresAt: new Date(Date.now() + 3 * DAY).toISOString(), credentials: BINANCE });
    await page.locator('[role="option"]', { hasText: 'Binance market maker' }).waitFor();
    // The scheduler's reminder (also an OS notification in the app) opens the key on the Rotation page.
    await host.services.rotationRuntime.scheduler.runNow();
    const toast = page.locator('.toast', { hasText: 'Binance market maker is due for rotation' });
    await toast.getByRole('button', { name: 'Open in Rotation' }).click();
    await pane().getByRole('heading', { name: 'Binance market maker' }).waitFor();
    expect(await keyRow('Binance market maker').getAttribute('aria-selected')).toBe('true');
    await pane().getByText('Due soon', { exact: true }).waitFor();

    await rotateNow(async (dialog) => {
      // A production key: said in red, and the button says so.
      await dialog.getByText('Production key', { exact: true }).waitFor();
      await dialog.locator('.badge-env-prod').waitFor();
      expect(await dialog.getByLabel('7 days (default)').isChecked()).toBe(true);
      await dialog.getByText(/kept in the vault for rollback for 7 days, then erased/).waitFor();
    }, 'guided-rotate-dialog');

    // The checklist, from main.
    const guide = pane().locator('.rot-guide');
    await guide.getByText('On Binance', { exact: true }).waitFor();
    const link = guide.getByRole('link', { name: /Open Binance’s API key page/ });
    expect(await link.getAttribute('href')).toBe('https://www.binance.com/en/my/settings/api-management');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noreferrer');
    await guide.getByLabel('Enable Reading', { exact: true }).check();
    await guide.getByLabel('Enable Spot & Margin Trading', { exact: true }).waitFor();
    await guide.getByText('GET /api/v3/account?omitZeroBalances=true', { exact: true }).waitFor();
    await guide.getByLabel(/^Open Binance's API key page and create a new key\.$/).check();
    const apiKeyInput = guide.getByLabel('API key', { exact: true });
    const secretInput = guide.getByLabel('Secret', { exact: true });
    expect(await apiKeyInput.getAttribute('type')).toBe('password');
    expect(await secretInput.getAttribute('type')).toBe('password');
    expect(await secretInput.getAttribute('autocomplete')).toBe('off');
    expect(await secretInput.getAttribute('spellcheck')).toBe('false');
    await agenda().locator('.rot-heading', { hasText: 'Needs attention' }).waitFor();
    await keyRow('Binance market maker').getByText('Waiting for the new key').waitFor();

    // Nothing pasted: said per field, nothing sent.
    await guide.getByRole('button', { name: 'Verify & switch' }).click();
    await guide.getByText('Paste the API key Binance gave you.').waitFor();
    await guide.getByText('Paste the secret Binance gave you.').waitFor();
    expect((await keyView(binance.id)).run!.steps.map((s) => s.step)).toEqual(['started']);
    await shot('guided-checklist', { tall: true });

    // The key in use, pasted again: main refuses it (a thrown error, not a run state), said inline.
    await apiKeyInput.fill(BINANCE.apiKey);
    await secretInput.fill(BINANCE.secret);
    await guide.getByRole('button', { name: 'Verify & switch' }).click();
    const notSwitched = guide.getByRole('alert').filter({ hasText: 'Not switched' });
    await notSwitched.getByText('That is the key in use now. Paste the new key you created on the exchange.').waitFor();
    expect((await keyView(binance.id)).run!.steps.map((s) => s.step)).toEqual(['started']);

    // A key Binance cannot confirm: main's refusal inline, the current key still in use, the fields as they were.
    await apiKeyInput.fill(PASTED.apiKey);
    await secretInput.fill(PASTED.secret);
    await guide.getByRole('button', { name: 'Verify & switch' }).click();
    const refusal = guide.getByRole('alert').filter({ hasText: 'The new key was refused' });
    await refusal.waitFor();
    expect(await notSwitched.count()).toBe(0);
    const run = (await keyView(binance.id)).run!;
    expect(run).toMatchObject({ state: 'awaiting-credentials', error: { code: 'ERR_ROTATION_FAILED' } });
    expect(await refusal.textContent()).toContain(run.error!.message);
    expect(run.error!.message).toMatch(/^The new key could not be checked: GET \/api\/v3\/account\?omitZeroBalances=true got no answer \(/);
    expect(await apiKeyInput.inputValue()).toBe(PASTED.apiKey);
    expect(await secretInput.inputValue()).toBe(PASTED.secret);
    expect(await credentialsOf(binance.id)).toMatchObject(BINANCE);
    await runPanel().getByRole('list', { name: 'Steps so far' }).getByText('Verification').waitFor();
    await keyRow('Binance market maker').getByText('New key refused — paste again').waitFor();
    await shot('guided-refused', { tall: true });
    await expectNotInPage([PASTED.apiKey, PASTED.secret, BINANCE.secret, BINANCE.apiKey]);

    // Cancel: the run ends, the form (and what was pasted) goes with it.
    await guide.getByRole('button', { name: 'Cancel rotation' }).click();
    await pane().getByRole('status').getByText('Rotation cancelled').waitFor();
    await pane().locator('.rot-history-item').first().getByText('Cancelled').waitFor();
    expect(await page.locator('input[type="password"]').count()).toBe(0);
    expect((await keyView(binance.id)).run).toBeNull();
    expect(await credentialsOf(binance.id)).toMatchObject(BINANCE);
    await expectNotInPage([PASTED.apiKey, PASTED.secret, BINANCE.secret, BINANCE.apiKey]);
  });

  it('light: a custom API switches unverified and keeps the old key archived until Finish now; a key pair shows its new public key', async () => {
    await host.services.router.handle('settings:set', { theme: 'light' });
    const custom = await host.services.vault.add({ label: 'Partner API', provider: 'custom', environment: 'test', baseUrl: 'https://partner.example', scopes: ['read'], credentials: { apiKey: 'partner-old-key-0001', secret: 'partner-old-secret-0001' } });
    await openRotationPage();
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('light');
    await keyRow('Partner API').click();
    await rotateNow(async (dialog) => {
      await dialog.getByText('30 days', { exact: true }).click();
    });
    const guide = pane().locator('.rot-guide');
    await guide.getByText(/No read-only call is known for this API/).first().waitFor();
    await guide.getByLabel('API key', { exact: true }).fill(PASTED.apiKey);
    await guide.getByLabel('Secret', { exact: true }).fill(PASTED.secret);
    await guide.getByRole('button', { name: 'Verify & switch' }).click();

    // Switched (verification skipped, and said so); the old key is archived for 30 days.
    await stageIs('archived', 'waiting').waitFor();
    expect(await guide.count()).toBe(0);
    await runPanel().locator('.rot-keep-title', { hasText: 'Old key kept for rollback' }).waitFor();
    expect(await runPanel().getByRole('timer').textContent()).toBe('29 d 23 h');
    await runPanel().getByText(/the new key was not verified/).waitFor();
    expect(await credentialsOf(custom.id)).toMatchObject(PASTED);
    await shot('archived', { themes: ['light', 'dark'] });
    await expectNotInPage([PASTED.apiKey, PASTED.secret, 'partner-old-secret-0001']);

    await runPanel().getByRole('button', { name: 'Finish now' }).click();
    await confirm(/^Erase the old key now\?/, 'Erase old key');
    await pane().getByRole('status').getByText('Rotated').waitFor();
    await pane().locator('.rot-history-toggle').first().click();
    await pane().locator('.rot-history-body').getByText('Old key erased').waitFor();
    expect((await keyView(custom.id)).history[0]?.state).toBe('done');

    // A key pair made in the vault rotates to a fresh pair: its public key to register, only the API key to paste.
    const { entry } = await host.services.vault.addKeyPair({ label: 'Binance Ed25519', provider: 'binance', environment: 'dev', type: 'ed25519', scopes: ['read'], tags: [], notes: '' });
    await host.services.vault.update({ id: entry.id, credentials: { apiKey: 'binanceEd25519ApiKey000000000000000000000001' } });
    await keyRow('Binance Ed25519').click();
    await rotateNow(async () => undefined);
    const pair = (await keyView(entry.id)).run!.nextKeyPair!;
    const shown = pane().getByLabel('New public key', { exact: true });
    expect((await shown.textContent())?.trim()).toBe(pair.publicKeyPem.trim());
    await pane().getByText(pair.fingerprint, { exact: true }).waitFor();
    await pane().getByText('First, register this new public key on Binance').waitFor();
    expect(await pane().locator('.rot-guide').getByLabel('Secret', { exact: true }).count()).toBe(0);
    await pane().locator('.rot-guide').getByLabel('API key', { exact: true }).waitFor();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host.url).origin });
    await pane().getByRole('button', { name: 'Copy new public key' }).click();
    await page.getByText('Public key copied').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(pair.publicKeyPem);
    await shot('key-pair', { themes: ['light', 'dark'], tall: true });
    await pane().locator('.rot-guide').getByRole('button', { name: 'Cancel rotation' }).click();
    await pane().getByRole('status').getByText('Rotation cancelled').waitFor();
    expect(await page.content()).not.toContain('PRIVATE KEY');
  });
});
