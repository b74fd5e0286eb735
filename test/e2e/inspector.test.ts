/**
 * Sending, end to end in Chromium against the browser host and its embedded sandbox exchange: a request signed
 * on the Request page is answered by the sandbox (offline, first run), its response shows on the page, and it is
 * in the Inspector with the signed headers masked until revealed; a rejected request shows the sandbox's reason;
 * filters, re-send and "Open in Request page" work. The secret never reaches the page.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../src-main/browser-host/browser-host';
import { buildRenderer, chromiumAvailable, FAST_KDF, finishTest, launchChromium, openPage, screenshotPath } from './e2e-support';

const PASSPHRASE = 'correct horse battery staple';
const run = chromiumAvailable();

describe.skipIf(!run)('sending and the Inspector in the browser', () => {
  // Each test starts from nothing left by another: its own host (a new home, a first-run vault, an empty Inspector)
  // and its own page, then the setup it needs (a request sent from the page, or records sent through main).
  let renderer: Awaited<ReturnType<typeof buildRenderer>>;
  let host: BrowserHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sandboxId: string;
  let secret: string;
  let sandboxUrl: string;
  let framesToPage: string[];
  let pageErrors: string[];

  const shot = async (name: string) => {
    const close = page.getByRole('button', { name: 'Dismiss notification' });
    while ((await close.count()) > 0) await close.first().click();
    await page.waitForTimeout(250);
    await page.screenshot({ path: await screenshotPath(name) });
  };
  const preview = () => page.getByRole('region', { name: 'Signed preview' });
  const response = () => page.getByRole('region', { name: 'Response' });
  const details = () => page.getByRole('complementary', { name: 'Request details' });
  const rows = () => page.getByRole('listbox', { name: 'Sent requests' }).getByRole('option');
  const secretAbsent = async () => {
    expect(await page.content()).not.toContain(secret);
    expect(framesToPage.some((f) => f.includes(secret))).toBe(false);
  };

  /** Setup: the app on the Request page with the sandbox's /v1/account typed and signed. */
  const composeAccountRequest = async () => {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Request', exact: true }).click();
    await page.getByLabel('URL', { exact: true }).fill(`${sandboxUrl}/v1/account`);
    await preview().locator('.signature').waitFor();
  };
  /** Setup: that request sent from the page, and the sandbox's answer shown. */
  const sendFromRequestPage = async () => {
    await composeAccountRequest();
    await page.getByRole('button', { name: 'Send' }).click();
    await response().locator('.status-badge', { hasText: '200' }).waitFor();
  };
  /** Setup: a record in the Inspector, sent through main as the page sends it (a stale timestamp gets a 401). */
  const sendThroughMain = async (status: number, timestamp?: number) => {
    const draft = { entryId: sandboxId, method: 'GET', url: `${sandboxUrl}/v1/account`, headers: [{ name: 'Accept', value: 'application/json' }], body: '', ...(timestamp === undefined ? {} : { timestamp }) };
    const sent = (await host.services.router.handle('request:send', draft)) as { ok: boolean; value?: { status?: number | null } };
    if (!sent.ok || sent.value?.status !== status) throw new Error(`setup: expected a ${status} from the sandbox, got ${JSON.stringify(sent)}`);
  };

  beforeAll(async () => {
    renderer = await buildRenderer();
    browser = await launchChromium();
  });

  beforeEach(async () => {
    host = await startBrowserHost({ kdf: FAST_KDF, rendererDir: renderer.dir, sandbox: { symbols: 20, seed: 'e2e' } });
    // First run: a new vault gets a sandbox key, and the running sandbox trusts it.
    await host.services.vault.create({ passphrase: PASSPHRASE, useOsSlot: false });
    await host.services.embeddedSandbox.synced();
    sandboxId = host.services.vault.list()[0]!.id;
    secret = await host.services.vault.revealField(sandboxId, 'secret');
    sandboxUrl = host.services.embeddedSandbox.url()!;
    ({ context, page, framesToPage, pageErrors } = await openPage(browser));
  });

  afterEach(() => finishTest(pageErrors, context, host));

  afterAll(async () => {
    await browser?.close();
    await renderer?.cleanup();
  });

  it('sends a signed request from the Request page and shows the sandbox’s answer', async () => {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Request', exact: true }).click();
    await page.getByLabel('URL', { exact: true }).fill(`${sandboxUrl}/v1/account`);
    await expect.poll(() => preview().locator('.signature').count()).toBe(1);
    await page.getByRole('button', { name: 'Send' }).click();
    await response().waitFor();
    expect(await response().locator('.status-badge').textContent()).toBe('200');
    expect(await response().locator('.body-view').textContent()).toContain('"balances"');
    expect(await response().getByText('Total').count()).toBe(1);
    await secretAbsent();
    await shot('request-sent-dark-1280x800');
  });

  it('finds it in the Inspector, signature masked until revealed', async () => {
    await sendFromRequestPage();
    await response().getByRole('button', { name: 'Open in Inspector' }).click();
    await page.getByRole('listbox', { name: 'Sent requests' }).waitFor();
    expect(await rows().count()).toBe(1);
    expect(await rows().first().getAttribute('aria-selected')).toBe('true');
    await details().getByText(`${sandboxUrl}/v1/account`).waitFor();
    const auth = details().locator('.pair-row', { hasText: 'Authorization' });
    const masked = await auth.locator('dd').textContent();
    expect(masked).toMatch(/signature="[0-9a-f]{4,8}…[0-9a-f]{2,8} \(64 chars\)"/);
    // The full signature never reached the page before the user asked for it.
    const full = (await host.services.inspector.reveal(await rows().first().getAttribute('data-record-id').then((v) => v!))).headers.find((h) => h.name.toLowerCase() === 'authorization')!.value;
    const signature = /signature="([0-9a-f]{64})"/.exec(full)![1]!;
    expect(framesToPage.some((f) => f.includes(signature))).toBe(false);
    await details().getByRole('button', { name: 'Reveal key and signatures' }).click();
    await expect.poll(() => auth.locator('dd').textContent()).toBe(full);
    expect(await details().locator('pre.record-canonical').textContent()).toContain('GET\n/v1/account\n');
    await details().getByRole('button', { name: 'Mask key and signatures' }).click();
    await expect.poll(() => auth.locator('dd').textContent()).toBe(masked);
    await secretAbsent();
    await shot('inspector-dark-1280x800');
  });

  it('shows why the sandbox refused a request (a timestamp outside the window)', async () => {
    await composeAccountRequest();
    await page.getByRole('button', { name: 'Request', exact: true }).click();
    await page.getByRole('button', { name: /Timestamp, nonce and options/ }).click();
    await page.getByLabel('Timestamp', { exact: true }).fill(String(Date.now() - 10 * 60_000));
    await expect.poll(() => preview().locator('.signature').count()).toBe(1);
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => response().locator('.status-badge').textContent()).toBe('401');
    expect(await response().getByRole('alert').textContent()).toContain('timestamp_skew');
    await shot('request-refused-dark-1280x800');
  });

  it('filters, re-sends and opens a record in the Request page', async () => {
    // Setup: an answered request, then one the sandbox refused (timestamp_skew), as the two tests before it send them.
    await sendThroughMain(200);
    await sendThroughMain(401, Date.now() - 10 * 60_000);
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Inspector', exact: true }).click();
    await expect.poll(() => rows().count()).toBe(2);
    await page.getByRole('group', { name: 'Filter by outcome' }).getByText('4xx').click();
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().locator('.status-badge').textContent()).toBe('401');
    await page.getByRole('group', { name: 'Filter by outcome' }).getByText('All').click();
    await page.getByLabel('Search sent requests').fill('timestamp_skew');
    await expect.poll(() => rows().count()).toBe(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows().count()).toBe(2);

    // Re-send the successful one: signed again with a fresh timestamp and nonce, so it is answered again.
    await rows().nth(1).click();
    await details().getByRole('button', { name: 'Re-send' }).click();
    await expect.poll(() => rows().count()).toBe(3);
    expect(await rows().first().getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => details().locator('.record-title .status-badge').textContent()).toBe('200');

    await details().getByRole('button', { name: 'Open in Request page' }).click();
    await page.getByRole('heading', { name: 'Request', level: 1 }).waitFor();
    expect(await page.getByLabel('URL', { exact: true }).inputValue()).toBe(`${sandboxUrl}/v1/account`);
    expect(pageErrors).toEqual([]);
    await secretAbsent();
  });

  it('looks right in the light theme at 1920×1080', async () => {
    // Setup: the history "filters, re-sends …" leaves: answered, refused, answered again (the newest, selected below).
    await sendThroughMain(200);
    await sendThroughMain(401, Date.now() - 10 * 60_000);
    await sendThroughMain(200);
    await page.goto(host.url);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.emulateMedia({ colorScheme: 'light' });
    try {
      await page.getByRole('button', { name: 'Inspector', exact: true }).click();
      await rows().first().click();
      // The light theme is applied (settings.theme "system" follows the OS): <html data-theme>, and the page's colours.
      await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('light');
      expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(245, 246, 248)');
      expect(await page.evaluate('getComputedStyle(document.body).color')).toBe('rgb(23, 26, 32)');
      // At 1920×1080 the list and the detail pane of the selected record sit side by side, both inside the window.
      expect(await rows().first().getAttribute('aria-selected')).toBe('true');
      expect(await details().isVisible()).toBe(true);
      await expect.poll(() => details().locator('.record-title .status-badge').textContent()).toBe('200');
      expect(await details().locator('.record-url').textContent()).toBe(`${sandboxUrl}/v1/account`);
      expect(await details().getByRole('button', { name: 'Re-send' }).isVisible()).toBe(true);
      const list = await page.getByRole('listbox', { name: 'Sent requests' }).boundingBox();
      const pane = await details().boundingBox();
      expect(list).not.toBeNull();
      expect(pane).not.toBeNull();
      expect(pane!.x).toBeGreaterThanOrEqual(list!.x + list!.width - 1);
      expect(pane!.x + pane!.width).toBeLessThanOrEqual(1920);
      expect(pane!.y + pane!.height).toBeLessThanOrEqual(1080);
      expect(pane!.width).toBeGreaterThan(0);
      expect(pageErrors).toEqual([]);
      await secretAbsent();
      await shot('inspector-light-1920x1080');
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.emulateMedia({ colorScheme: 'dark' });
    }
  });
});
