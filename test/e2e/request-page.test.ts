/**
 * The Request page in Chromium against the browser host: the sandbox key is preselected and hmac suggested; a
 * POST with a query and a body shows the canonical parts and the Authorization header; the signature is the
 * library's for the same fixed timestamp and nonce; the page never receives the secret (DOM, bridge frames);
 * "Copy as curl" carries no secret; errors point at the field they name; the recipe editor builds Binance's recipe from
 * a template and signs as binance-hmac-sha256 does. Screenshots in test-results/screenshots/.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../src-main/browser-host/browser-host';
import { signRequest } from '../../src-main/lib/signing';
import { buildRenderer, chromiumAvailable, FAST_KDF, finishTest, launchChromium, REPO_ROOT, screenshotPath } from './e2e-support';

const PASSPHRASE = 'correct horse battery staple';
const TIMESTAMP = 1_764_300_000_123;
const NONCE = 'e2e-nonce-0001';
const URL_TYPED = 'http://127.0.0.1:8443/v1/orders?symbol=BTC-USD&side=buy&note=caf%C3%A9 au lait';
const BODY = '{"symbol":"BTC-USD","side":"buy","qty":"0.5"}';

const run = chromiumAvailable();

describe.skipIf(!run)('request page in the browser', () => {
  // Each test starts from nothing left by another: its own host (a new home; a vault holding the sandbox key, a
  // Binance and an OKX key; default settings) and its own page, then the setup it needs (openRequestPage,
  // composeSignedPost, ...). The renderer build and the browser are shared: they hold no state of a test.
  let renderer: Awaited<ReturnType<typeof buildRenderer>>;
  let browser: Browser;
  let host: BrowserHost;
  let context: BrowserContext;
  let page: Page;
  let sandboxId: string;
  let secret: string;
  let apiKey: string;
  let framesToPage: string[];
  let pageErrors: string[];

  /** Toasts closed and the composer scrolled to the top, as a person would see the page after a moment. */
  const shot = async (name: string, { keepScroll = false } = {}) => {
    const close = page.getByRole('button', { name: 'Dismiss notification' });
    while ((await close.count()) > 0) await close.first().click();
    if (!keepScroll) await page.evaluate('document.querySelector(".request-compose")?.scrollTo(0, 0)');
    await page.waitForTimeout(250);
    await page.screenshot({ path: await screenshotPath(name) });
  };
  /** Scrolls the composer (only it, not the window) so the recipe editor starts at its top. */
  const showEditor = (editor: ReturnType<Page['getByRole']>) =>
    editor.evaluate((el) => {
      const pane = el.closest('.request-compose');
      if (pane) pane.scrollTop += el.getBoundingClientRect().top - pane.getBoundingClientRect().top - 16;
    });
  const readClipboard = () => page.evaluate<string>('navigator.clipboard.readText()');
  const preview = () => page.getByRole('region', { name: 'Signed preview' });
  /** Setup: the app loaded in this test's page, on the Request page, with the sandbox key and its scheme in use. */
  const openRequestPage = async () => {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Request' }).click();
    await page.getByRole('heading', { name: 'Request', level: 1 }).waitFor();
    await page.getByText('The sandbox exchange verifies Signet’s own HMAC scheme.').waitFor();
  };
  /**
   * Setup: the signed POST the tests work on (what "signs a POST …" types): a fixed timestamp and nonce, a query,
   * a JSON body and its Content-Type, signed with the sandbox key. Leaves the options panel open.
   */
  const composeSignedPost = async () => {
    await page.getByRole('button', { name: /Timestamp, nonce and options/ }).click();
    await page.getByLabel('Timestamp', { exact: true }).fill(String(TIMESTAMP));
    await page.getByLabel('Nonce', { exact: true }).fill(NONCE);
    await page.getByLabel('Method', { exact: true }).selectOption('POST');
    await page.getByLabel('URL', { exact: true }).fill(URL_TYPED);
    await page.getByRole('textbox', { name: 'Body' }).fill(BODY);
    await page.getByRole('button', { name: 'Add Content-Type: application/json' }).click();
    await page.getByLabel('header 2 name').waitFor();
    await preview().locator('.signature').waitFor();
  };
  /** Setup: the light theme chosen in settings before the page loads. */
  const lightTheme = () => host.services.settings.set({ theme: 'light' });
  /** Selects the sandbox key and waits until its suggested scheme (Signet HMAC) is the one in use. */
  const useSandboxKey = async () => {
    if (!page.url().startsWith(host.origin)) await page.goto(host.url);
    if ((await page.getByRole('heading', { name: 'Request', level: 1 }).count()) === 0) {
      await page.getByRole('button', { name: 'Request' }).click();
      await page.getByRole('heading', { name: 'Request', level: 1 }).waitFor();
    }
    const key = page.getByLabel('Key', { exact: true });
    await key.selectOption({ label: 'Sandbox (local) — Sandbox exchange · dev' });
    expect(await key.locator('option:checked').textContent()).toContain('Sandbox (local)');
    await page.getByText('The sandbox exchange verifies Signet’s own HMAC scheme.').waitFor();
  };
  const secretsAbsent = async () => {
    const html = await page.content();
    const text = await page.locator('body').innerText();
    expect(html).not.toContain(secret);
    expect(text).not.toContain(secret);
    expect(framesToPage.some((f) => f.includes(secret))).toBe(false);
  };

  beforeAll(async () => {
    renderer = await buildRenderer();
    browser = await launchChromium();
  });

  beforeEach(async () => {
    host = await startBrowserHost({ kdf: FAST_KDF, rendererDir: renderer.dir, sandbox: { symbols: 20, seed: 'e2e' } });
    await host.services.vault.create({ passphrase: PASSPHRASE, useOsSlot: false });
    sandboxId = host.services.vault.list()[0]!.id;
    secret = await host.services.vault.revealField(sandboxId, 'secret');
    apiKey = await host.services.vault.revealField(sandboxId, 'apiKey');
    // Other keys, so the picker has to choose the sandbox one.
    await host.services.vault.add({ label: 'Binance prod bot', provider: 'binance', environment: 'prod', credentials: { apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A', secret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j' } });
    await host.services.vault.add({ label: 'OKX testnet', provider: 'okx', environment: 'test', credentials: { apiKey: 'okx-key-7f3a', secret: 'b2t4LXNlY3JldC12YWx1ZQ==', passphrase: 'Trading Pass 9' } });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
    context.setDefaultTimeout(8000);
    page = await context.newPage();
    const frames: string[] = [];
    const errors: string[] = [];
    framesToPage = frames;
    pageErrors = errors;
    page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
  });

  afterEach(() => finishTest(pageErrors, context, host));

  afterAll(async () => {
    await browser?.close();
    await renderer?.cleanup();
  });

  it('opens from the navigation with the sandbox key preselected and hmac suggested', async () => {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Request' }).click();
    await page.getByRole('heading', { name: 'Request', level: 1 }).waitFor();
    const key = page.getByLabel('Key', { exact: true });
    expect(await key.locator('option:checked').textContent()).toContain('Sandbox (local)');
    await page.getByText('The sandbox exchange verifies Signet’s own HMAC scheme.').waitFor();
    expect(await page.getByLabel('Scheme', { exact: true }).locator('option:checked').textContent()).toContain('Signet HMAC — suggested');
    await preview().getByText('Type a URL to see what gets signed').waitFor();
    await shot('request-empty-dark-1280x800');
  });

  it('signs a POST with a query and a body in main: canonical parts, Authorization header, the library’s signature', async () => {
    await openRequestPage();
    await page.getByRole('button', { name: /Timestamp, nonce and options/ }).click();
    await page.getByLabel('Timestamp', { exact: true }).fill(String(TIMESTAMP));
    await page.getByLabel('Nonce', { exact: true }).fill(NONCE);
    await page.getByLabel('Method', { exact: true }).selectOption('POST');
    await page.getByLabel('URL', { exact: true }).fill(URL_TYPED);
    await page.getByRole('textbox', { name: 'Body' }).fill(BODY);
    await page.getByRole('button', { name: 'Add Content-Type: application/json' }).click();

    const expected = await signRequest('hmac', { method: 'POST', url: URL_TYPED, headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: BODY }, { apiKey, secret }, { timestamp: TIMESTAMP, nonce: NONCE });
    const signature = preview().getByRole('region', { name: 'Signature' }).locator('pre');
    await expect.poll(() => signature.textContent()).toBe(expected.signature);

    const legend = preview().getByRole('list', { name: 'Parts of the string to sign' });
    expect(await legend.getByRole('button').allTextContents()).toEqual(expected.canonicalParts.map((p, i) => `${i + 1}${p.label}`));
    const parts = await preview().locator('.canon-part').allTextContents();
    expect(parts).toEqual(['POST', '/v1/orders', 'note=caf%C3%A9%20au%20lait&side=buy&symbol=BTC-USD', expected.canonicalParts[3]!.value.trim(), '1764300000', NONCE]);
    expect(await preview().locator('pre.canon-text').innerText()).toBe(expected.canonical.replace(/\n/g, '↵\n'));

    const auth = preview().locator('.http-header', { hasText: 'Authorization' });
    // The API key shows as the vault shows it until "Show API key".
    expect(await auth.locator('dd').textContent()).toBe(expected.request.headers.Authorization!.replace(apiKey, `••••${apiKey.slice(-4)}`));
    await preview().getByRole('button', { name: 'Show API key' }).click();
    await expect.poll(() => auth.locator('dd').textContent()).toBe(expected.request.headers.Authorization);
    await preview().getByRole('button', { name: 'Hide API key' }).click();
    await expect.poll(() => auth.locator('dd').textContent()).not.toBe(expected.request.headers.Authorization);
    expect(await auth.getByText('signed').count()).toBe(1);
    expect(await preview().locator('.http-header', { hasText: 'Content-Type' }).getByText('signed').count()).toBe(0);
    await preview().getByText(`Signed`, { exact: false }).first().waitFor();
    expect(await preview().locator('.step').count()).toBe(expected.steps.length);
    await secretsAbsent();
    expect(pageErrors).toEqual([]);
    await shot('request-dark-1280x800');
  });

  it('lights one part from the legend', async () => {
    await openRequestPage();
    await composeSignedPost();
    await preview().getByRole('button', { name: /sorted query/ }).hover();
    expect(await preview().locator('.canon-part.is-active').textContent()).toContain('side=buy');
    await shot('request-legend-hover-dark-1280x800');
  });

  it('copies as curl, TypeScript fetch and Python: the code reads the secret from SIGNET_SECRET and does not contain it', async () => {
    await openRequestPage();
    await composeSignedPost();
    const copied = async (label: string) => {
      await page.evaluate('navigator.clipboard.writeText("")');
      await preview().getByRole('group', { name: 'Copy as code' }).getByRole('button', { name: label, exact: true }).click();
      await expect.poll(() => readClipboard()).not.toBe('');
      return readClipboard();
    };
    const curl = await copied('curl');
    expect(curl).toContain(': "${SIGNET_SECRET:?');
    expect(curl).toContain('curl -sS -X "$METHOD" "$URL"');
    expect(curl).toContain(`API_KEY='${apiKey}'`);
    expect(curl).not.toContain(secret);
    await page.getByText('curl command copied').waitFor();
    await page.getByText('Set SIGNET_SECRET before running it.').waitFor();
    for (const label of ['fetch', 'Python']) {
      const code = await copied(label);
      expect(code).toContain('SIGNET_SECRET');
      expect(code).not.toContain(secret);
    }
    await secretsAbsent();
  });

  it('copies the string to sign and the signature as shown', async () => {
    await openRequestPage();
    await composeSignedPost();
    await preview().getByRole('button', { name: 'Copy signature' }).click();
    const p = await host.services.router.handle('request:preview', { entryId: sandboxId, method: 'POST', url: URL_TYPED, headers: [{ name: 'Accept', value: 'application/json' }, { name: 'Content-Type', value: 'application/json' }], body: BODY, timestamp: TIMESTAMP, nonce: NONCE });
    const value = (p as { ok: true; value: { signature: string; canonical: string } }).value;
    await expect.poll(() => readClipboard()).toBe(value.signature);
    await preview().getByRole('button', { name: 'Copy string to sign' }).click();
    await expect.poll(() => readClipboard()).toBe(value.canonical);
  });

  it('points at the URL when main cannot parse it', async () => {
    await openRequestPage();
    await composeSignedPost();
    const url = page.getByLabel('URL', { exact: true });
    await url.fill('127.0.0.1:8443/v1/orders');
    await page.getByText(/^Expected a full URL \(https:\/\/…\) or a path starting with \//).waitFor();
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    await preview().getByText('Cannot sign this request').waitFor();
    expect(await preview().locator('.error-field').textContent()).toBe('url');
    expect(await preview().getByRole('button', { name: 'curl', exact: true }).isDisabled()).toBe(true);
    await shot('request-error-url-dark-1280x800');
    await page.getByRole('button', { name: 'Use http://127.0.0.1:8443/v1/orders' }).click();
    expect(await url.inputValue()).toBe('http://127.0.0.1:8443/v1/orders');
    await expect.poll(() => url.getAttribute('aria-invalid')).toBe(null);
    await expect.poll(() => preview().locator('.signature').count()).toBe(1);
  });

  it('points at the header row main names, and adds and removes rows from the keyboard', async () => {
    await openRequestPage();
    await composeSignedPost();
    const add = page.getByRole('button', { name: 'Add header' });
    await add.focus();
    await page.keyboard.press('Enter');
    const name = page.getByLabel('header 3 name');
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('header 3 name');
    await page.keyboard.type('X Bad Name');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1');
    await page.getByText('"X Bad Name" is not a header name', { exact: false }).first().waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await shot('request-error-header-dark-1280x800');
    await page.getByRole('button', { name: 'Remove header X Bad Name' }).click();
    await expect.poll(() => page.getByLabel('header 3 name').count()).toBe(0);
    await expect.poll(() => preview().locator('.signature').count()).toBe(1);
  });

  it('masks a passphrase the scheme sends as a header (OKX), and exports it as an environment variable', async () => {
    await openRequestPage();
    await composeSignedPost();
    const OKX_PASSPHRASE = 'Trading Pass 9';
    await page.getByLabel('Key', { exact: true }).selectOption({ label: 'OKX testnet — OKX · test' });
    await page.getByText('OKX v5 keys sign with OK-ACCESS-SIGN', { exact: false }).waitFor();
    await page.getByLabel('Method', { exact: true }).selectOption('GET');
    await page.getByRole('textbox', { name: 'Body' }).fill('');
    await page.getByLabel('URL', { exact: true }).fill('https://www.okx.com/api/v5/account/balance?ccy=BTC');
    await preview().locator('.http-line', { hasText: 'GET https://www.okx.com/api/v5/account/balance?ccy=BTC' }).waitFor();
    const header = preview().locator('.http-header', { hasText: 'OK-ACCESS-PASSPHRASE' });
    expect(await header.locator('dd').textContent()).toContain('••••');
    await preview().getByText('This scheme sends the key’s passphrase as it is.', { exact: false }).waitFor();
    await shot('request-masked-okx-dark-1280x800');
    await page.evaluate('navigator.clipboard.writeText("")');
    await preview().getByRole('group', { name: 'Copy as code' }).getByRole('button', { name: 'curl', exact: true }).click();
    await expect.poll(() => readClipboard()).toContain('-H "OK-ACCESS-PASSPHRASE: ${SIGNET_PASSPHRASE}"');
    expect(await readClipboard()).not.toContain(OKX_PASSPHRASE);
    // OKX's code is written out to sign on each run (src-main/signing/export/okx-v5.ts), so it needs the secret too.
    await page.getByText(/^It signs each time it runs\. Set .*SIGNET_PASSPHRASE.* before running it\.$/).waitFor();
    for (const leaked of [OKX_PASSPHRASE, 'b2t4LXNlY3JldC12YWx1ZQ==']) {
      expect(await page.content()).not.toContain(leaked);
      expect(framesToPage.some((f) => f.includes(leaked))).toBe(false);
    }
  });

  it('warns when the URL belongs to another API than the key', async () => {
    await openRequestPage();
    await page.getByLabel('Key', { exact: true }).selectOption({ label: 'Binance prod bot — Binance · PROD' });
    await page.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:8443/v1/orders?symbol=BTC-USD');
    await page.getByText(/127\.0\.0\.1 is where Signet HMAC requests go, but this Binance key signs with/).waitFor();
    await preview().locator('.http-header', { hasText: 'X-MBX-APIKEY' }).waitFor();
    await shot('request-warning-dark-1280x800');
  });

  it('explains a scheme the key cannot sign with, and goes back to the suggestion', async () => {
    // Its own starting point: the sandbox key (no passphrase) and a signable POST.
    await useSandboxKey();
    await page.getByLabel('Method', { exact: true }).selectOption('POST');
    await page.getByLabel('URL', { exact: true }).fill(URL_TYPED);
    await page.getByRole('textbox', { name: 'Body' }).fill(BODY);
    await expect.poll(() => preview().locator('.signature').count()).toBe(1);
    const schemes = (await host.services.router.handle('signing:schemes', undefined)) as { ok: true; value: { id: string; credentials: string[][] }[] };
    // OKX v5 needs a passphrase, which nothing else stands in for (src-main/signing/schemes/okx-v5.ts); the sandbox key has none.
    const needsPassphrase = schemes.value.find((s) => s.id === 'okx-v5');
    expect(needsPassphrase?.credentials).toContainEqual(['passphrase']);
    await page.getByLabel('Scheme', { exact: true }).selectOption(needsPassphrase!.id);
    await page.getByText(/This key has no passphrase, which .* needs\./).waitFor();
    await preview().getByText('Cannot sign this request').waitFor();
    await shot('request-missing-credential-dark-1280x800');
    await page.getByRole('button', { name: 'Use the suggestion' }).click();
    await page.getByText('The sandbox exchange verifies Signet’s own HMAC scheme.').waitFor();
  });

  it('builds the Binance recipe from a template in the recipe editor: same signature as binance-hmac-sha256; an invalid recipe shows the field error', async () => {
    const BINANCE_URL = 'http://127.0.0.1:8443/api/v3/order?symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1';
    // The expected signature below needs the fixed timestamp and nonce and the Content-Type header.
    await openRequestPage();
    await composeSignedPost();
    await useSandboxKey();
    await page.getByLabel('Method', { exact: true }).selectOption('POST');
    await page.getByLabel('URL', { exact: true }).fill(BINANCE_URL);
    await page.getByRole('textbox', { name: 'Body' }).fill('');
    await page.getByLabel('Scheme', { exact: true }).selectOption('recipe');
    const editor = page.getByRole('region', { name: 'Recipe' });
    await editor.getByText('Describe how the API signs', { exact: false }).waitFor();
    expect(await editor.getByText('empty', { exact: true }).count()).toBe(1);
    // Main says the recipe is missing (in the preview); the editor offers the templates instead of repeating it.
    await preview().getByText(/needs its template as JSON/).waitFor();
    expect(await editor.getByRole('button', { name: 'Coinbase Exchange' }).count()).toBe(1);
    await showEditor(editor);
    await shot('request-recipe-empty-dark-1280x800', { keepScroll: true });

    await editor.getByLabel('Start from a template').selectOption({ label: 'Binance HMAC-SHA256' });
    expect(await editor.getByLabel('component 1 type').inputValue()).toBe('query');
    expect(await editor.getByLabel('component 2 type').inputValue()).toBe('body');
    expect(await editor.getByLabel('Algorithm').inputValue()).toBe('hmac-sha256');
    expect(await editor.getByLabel('Signature goes in').inputValue()).toBe('query');
    expect(await editor.getByLabel('Timestamp name').inputValue()).toBe('timestamp');
    expect(await editor.getByLabel('API key name').inputValue()).toBe('X-MBX-APIKEY');
    const json = editor.getByLabel('Recipe JSON');
    expect(JSON.parse(await json.inputValue())).toMatchObject({ components: [{ type: 'query' }, { type: 'body' }], signature: { in: 'query', name: 'signature' } });

    // The structured view edits the same recipe: add a component, move it to the front, then take it out again.
    await editor.getByRole('button', { name: 'Add component' }).click();
    await editor.getByLabel('component 3 type').selectOption('literal');
    await editor.getByLabel('component 3 text').fill('v1');
    await editor.getByRole('button', { name: 'Move component 3 up' }).click();
    // Focus follows the moved component, so the keyboard can keep moving it.
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Move component 2 up');
    await page.keyboard.press('Enter');
    expect((JSON.parse(await json.inputValue()) as { components: unknown[] }).components[0]).toEqual({ type: 'literal', value: 'v1' });
    await editor.getByRole('button', { name: 'Remove component 1' }).click();
    expect((JSON.parse(await json.inputValue()) as { components: unknown[] }).components).toEqual([{ type: 'query' }, { type: 'body' }]);

    const headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    const expected = await signRequest('binance-hmac-sha256', { method: 'POST', url: BINANCE_URL, headers, body: null }, { apiKey, secret }, { timestamp: TIMESTAMP, nonce: NONCE });
    const signature = preview().getByRole('region', { name: 'Signature' }).locator('pre');
    await expect.poll(() => signature.textContent()).toBe(expected.signature);
    await preview().locator('.http-line', { hasText: `signature=${expected.signature}` }).waitFor();
    await editor.getByText('valid', { exact: true }).waitFor();
    await secretsAbsent();
    await showEditor(editor);
    await shot('request-recipe-dark-1280x800', { keepScroll: true });

    // The contract's issue shows at the field it names.
    const name = editor.getByLabel('Signature name');
    await name.fill('bad name');
    await editor.getByText('Expected printable ASCII without spaces').waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await editor.getByText('1 problem').waitFor();
    await preview().getByText('Cannot sign this request').waitFor();
    await showEditor(editor);
    await shot('request-recipe-error-dark-1280x800', { keepScroll: true });
    await name.fill('signature');
    await expect.poll(() => signature.textContent()).toBe(expected.signature);

    // The JSON view: a parse error says so; Format indents.
    await json.fill('{"components": [');
    await editor.getByText(/^Not JSON/).waitFor();
    await editor.getByText('The structured view returns once the JSON below parses.').waitFor();
    await json.fill(JSON.stringify({ components: [{ type: 'query' }, { type: 'body' }], algorithm: 'hmac-sha256', signature: { in: 'query', name: 'signature' }, timestamp: { format: 'ms', in: 'query', name: 'timestamp' }, apiKey: { in: 'header', name: 'X-MBX-APIKEY' } }));
    await editor.getByRole('button', { name: 'Format' }).click();
    expect(await json.inputValue()).toContain('\n  "components": [');
    await expect.poll(() => signature.textContent()).toBe(expected.signature);
    expect(pageErrors).toEqual([]);

    await page.getByRole('button', { name: 'Use the suggestion' }).click();
    await page.getByText('The sandbox exchange verifies Signet’s own HMAC scheme.').waitFor();
    expect(await page.getByRole('region', { name: 'Recipe' }).count()).toBe(0);
  });

  it('looks right in the light theme at 1920×1080', async () => {
    await openRequestPage();
    await composeSignedPost();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('group', { name: 'Theme' }).getByText('Light').click();
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('light');
    await page.getByRole('button', { name: 'Request' }).click();
    await page.setViewportSize({ width: 1920, height: 1080 });
    // The draft survived the trip to Settings.
    expect(await page.getByLabel('URL', { exact: true }).inputValue()).toBe(URL_TYPED);
    await expect.poll(() => preview().locator('.signature').count()).toBe(1);
    await shot('request-light-1920x1080');
    await page.getByLabel('URL', { exact: true }).fill('ftp://example.com/x');
    await page.getByText(/^Expected a full URL \(https:\/\/…\) or a path starting with \//).waitFor();
    await shot('request-error-light-1920x1080');
    await page.getByLabel('URL', { exact: true }).fill(URL_TYPED);
    await page.setViewportSize({ width: 1280, height: 800 });
    await preview().locator('.signature').waitFor();
    await expect.poll(() => preview().locator('.preview-status').textContent()).toMatch(/^Signed /);
    await shot('request-light-1280x800');
  });

  it('keeps the key’s recipe, and the editor looks right in the light theme at 1920×1080', async () => {
    // Setup: the light theme, the signed POST, and a recipe written for the sandbox key before going back to the suggestion.
    await lightTheme();
    await openRequestPage();
    await composeSignedPost();
    await page.getByLabel('Scheme', { exact: true }).selectOption('recipe');
    await page.getByRole('region', { name: 'Recipe' }).getByLabel('Start from a template').selectOption({ label: 'Binance HMAC-SHA256' });
    await page.getByRole('region', { name: 'Recipe' }).getByText('valid', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Use the suggestion' }).click();
    await page.getByText('The sandbox exchange verifies Signet’s own HMAC scheme.').waitFor();
    await page.getByRole('region', { name: 'Recipe' }).waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByLabel('Scheme', { exact: true }).selectOption('recipe');
    const editor = page.getByRole('region', { name: 'Recipe' });
    expect(JSON.parse(await editor.getByLabel('Recipe JSON').inputValue())).toMatchObject({ apiKey: { in: 'header', name: 'X-MBX-APIKEY' } });
    await preview().locator('.http-header', { hasText: 'X-MBX-APIKEY' }).waitFor();
    await expect.poll(() => preview().locator('.signature').count()).toBe(1);
    await showEditor(editor);
    await shot('request-recipe-light-1920x1080', { keepScroll: true });
    await page.getByRole('button', { name: 'Use the suggestion' }).click();
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect.poll(() => preview().locator('.canon-part').first().textContent()).toBe('POST');
  });

  it('starts from a sample order when the URL is empty', async () => {
    await openRequestPage();
    await composeSignedPost();
    await page.getByLabel('URL', { exact: true }).fill('');
    await preview().getByText('Type a URL to see what gets signed').waitFor();
    await preview().getByRole('button', { name: 'Try a sample order' }).click();
    expect(await page.getByLabel('URL', { exact: true }).inputValue()).toBe(`${host.services.embeddedSandbox.url()}/v1/orders`);
    await expect.poll(() => preview().locator('.signature').count()).toBe(1);
    expect(await preview().locator('.canon-part').first().textContent()).toBe('POST');
  });

  it('shows an empty state with a way to the Vault when there are no keys', async () => {
    await lightTheme();
    await openRequestPage();
    for (const e of host.services.vault.list()) await host.services.vault.remove(e.id);
    await page.getByText('No keys to sign with').waitFor();
    await shot('request-no-keys-light-1280x800');
    await page.getByRole('button', { name: 'Open the Vault' }).click();
    await page.getByRole('button', { name: 'Add key' }).first().waitFor();
    await secretsAbsent();
    expect(pageErrors).toEqual([]);
  });
});

/** The recipe editor's templates reproduce the schemes they are named for, signed by the real engine (no browser). */
describe('recipe editor templates', () => {
  const TS = 1_764_300_000_123;
  // The renderer's module, loaded at run time: the Node typecheck project does not include src-renderer/.
  let templates: readonly { id: string; recipe: unknown }[] = [];
  beforeAll(async () => {
    const path = `${REPO_ROOT}/src-renderer/features/request/recipe-model.ts`;
    templates = ((await import(/* @vite-ignore */ path)) as { RECIPE_TEMPLATES: typeof templates }).RECIPE_TEMPLATES;
    expect(templates.map((t) => t.id)).toEqual(['binance-hmac', 'bybit-v5', 'coinbase-exchange']);
  });
  const template = (id: string) => templates.find((t) => t.id === id)!.recipe;
  const sign = (scheme: string, request: Parameters<typeof signRequest>[1], credentials: Record<string, string>, recipe?: unknown) =>
    signRequest(scheme, request, credentials, { timestamp: TS, nonce: 'n-1', ...(recipe ? { options: { recipe: JSON.stringify(recipe) } } : {}) });

  it('Binance: the same signature and URL as the binance-hmac-sha256 scheme', async () => {
    const creds = { apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A', secret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j' };
    const request = { method: 'POST', url: 'https://api.binance.com/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000', headers: {}, body: null };
    const real = await sign('binance-hmac-sha256', request, creds);
    const mine = await sign('recipe', request, creds, template('binance-hmac'));
    expect(mine.signature).toBe(real.signature);
    expect(mine.request.url).toBe(real.request.url);
    expect(mine.request.headers['X-MBX-APIKEY']).toBe(creds.apiKey);
  });

  it('Bybit v5: the same X-BAPI-SIGN as the bybit-v5 scheme', async () => {
    const creds = { apiKey: 'XXXXXXXXXX', secret: 'YYYYYYYYYYYYYYYYYYYYYYYY' };
    const request = { method: 'GET', url: 'https://api.bybit.com/v5/order/realtime?category=option&symbol=BTC-29JUL22-25000-C', headers: { 'X-BAPI-RECV-WINDOW': '5000' }, body: null };
    const real = await sign('bybit-v5', request, creds);
    const mine = await sign('recipe', request, creds, template('bybit-v5'));
    expect(mine.signature).toBe(real.signature);
  });

  it('Coinbase Exchange: the same CB-ACCESS-SIGN as the coinbase-exchange-hmac scheme', async () => {
    const creds = { apiKey: 'cb-key', secret: Buffer.from('coinbase secret bytes').toString('base64'), passphrase: 'pass' };
    const request = { method: 'POST', url: 'https://api.exchange.coinbase.com/orders', headers: { 'Content-Type': 'application/json' }, body: '{"size":"0.01","price":"0.100","side":"buy","product_id":"BTC-USD"}' };
    const real = await sign('coinbase-exchange-hmac', request, creds);
    const mine = await sign('recipe', request, creds, template('coinbase-exchange'));
    expect(mine.signature).toBe(real.signature);
  });
});
