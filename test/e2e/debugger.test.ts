/**
 * The Debugger page in Chromium against the browser host and its sandbox exchange. Each test has its own host (a
 * fresh vault with the sandbox key), its own page and its own requests: a mis-signed sandbox request pasted as curl
 * and as raw HTTP is diagnosed (the right cause first, the diff), fixed, sent (200) and found in the Inspector; a
 * refused Inspector record opens here with its response; credentials pasted for the session are forgotten on lock;
 * bad input is one line beside its input; other diagnoses (timestamp skew, replayed nonce, missing component, wrong
 * secret) are named; the sandbox key's secret, in every encoding, never reaches the page. Screenshots in
 * test-results/screenshots/debugger-*.png.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../src-main/browser-host/browser-host';
import { encodedForms } from '../../src-main/request/mask-secrets';
import { getScheme } from '../../src-main/signing/registry';
import { buildRenderer, chromiumAvailable, FAST_KDF, launchChromium, screenshotPath } from './e2e-support';

const PASSPHRASE = 'correct horse battery staple';
const run = chromiumAvailable();

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

interface Env {
  host: BrowserHost;
  context: BrowserContext;
  page: Page;
  framesToPage: string[];
  pageErrors: string[];
  sandboxId: string;
  apiKey: string;
  secret: string;
  sandboxUrl: string;
  close: () => Promise<void>;
}

describe.skipIf(!run)('the Debugger page in the browser', () => {
  let renderer: Awaited<ReturnType<typeof buildRenderer>>;
  let browser: Browser;

  beforeAll(async () => {
    renderer = await buildRenderer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await renderer?.cleanup();
  });

  /** A fresh host (vault with the sandbox key, unlocked), a fresh page on the Debugger. */
  async function setup({ width = 1280, height = 800, colorScheme = 'dark' as 'dark' | 'light' } = {}): Promise<Env> {
    const host = await startBrowserHost({ kdf: FAST_KDF, rendererDir: renderer.dir, sandbox: { symbols: 8, seed: 'e2e-debugger' } });
    await host.services.vault.create({ passphrase: PASSPHRASE, useOsSlot: false });
    await host.services.embeddedSandbox.synced();
    const sandboxId = host.services.vault.list()[0]!.id;
    const secret = await host.services.vault.revealField(sandboxId, 'secret');
    const apiKey = await host.services.vault.revealField(sandboxId, 'apiKey');
    const context = await browser.newContext({ viewport: { width, height }, colorScheme });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
    context.setDefaultTimeout(8000);
    const page = await context.newPage();
    const framesToPage: string[] = [];
    const pageErrors: string[] = [];
    page.on('websocket', (ws) => ws.on('framereceived', (f) => framesToPage.push(String(f.payload))));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Debugger', exact: true }).click();
    await page.getByRole('heading', { name: 'Debugger', level: 1 }).waitFor();
    return {
      host,
      context,
      page,
      framesToPage,
      pageErrors,
      sandboxId,
      apiKey,
      secret,
      sandboxUrl: host.services.embeddedSandbox.url()!,
      close: async () => {
        await context.close();
        await host.close();
      },
    };
  }

  const results = (e: Env) => e.page.getByRole('region', { name: 'Diagnosis' });
  const causes = (e: Env) => results(e).locator('.dbg-cause');
  const firstCause = async (e: Env) => (await causes(e).first().locator('.dbg-cause-code').textContent()) ?? '';

  /** Toasts closed, both panes at the top, then the screenshot. */
  async function shot(e: Env, name: string, { scrollTo, inputsTo }: { scrollTo?: string; inputsTo?: string } = {}) {
    const close = e.page.getByRole('button', { name: 'Dismiss notification' });
    while ((await close.count()) > 0) await close.first().click();
    await e.page.evaluate(`(() => {
      const inputs = document.querySelector('.dbg-inputs-scroll');
      inputs?.scrollTo(0, 0);
      const field = ${JSON.stringify(inputsTo ?? '')} ? document.querySelector(${JSON.stringify(inputsTo ?? '')}) : null;
      if (inputs && field) inputs.scrollTop += field.getBoundingClientRect().top - inputs.getBoundingClientRect().top - 16;
      const pane = document.querySelector('.dbg-results-scroll');
      pane?.scrollTo(0, 0);
      const target = ${JSON.stringify(scrollTo ?? '')} ? document.querySelector(${JSON.stringify(scrollTo ?? '')}) : null;
      if (pane && target) pane.scrollTop += target.getBoundingClientRect().top - pane.getBoundingClientRect().top - 16;
    })()`);
    await e.page.waitForTimeout(250);
    await e.page.screenshot({ path: await screenshotPath(name) });
  }

  /** The sandbox key's secret, in every encoding main masks, is in neither the page nor any frame sent to it. */
  async function secretAbsent(e: Env, secret = e.secret) {
    const html = await e.page.content();
    const text = await e.page.locator('body').innerText();
    const values = await e.page.evaluate<string>(`[...document.querySelectorAll('input, textarea')].map((i) => i.value).join('\\n')`);
    for (const form of encodedForms(secret)) {
      expect(html).not.toContain(form);
      expect(text).not.toContain(form);
      expect(values).not.toContain(form);
      expect(e.framesToPage.some((f) => f.includes(form))).toBe(false);
    }
    expect(e.pageErrors).toEqual([]);
  }

  async function chooseSource(e: Env, label: 'Raw HTTP' | 'curl' | 'HAR' | 'Inspector record') {
    await e.page.getByRole('group', { name: 'Where the request comes from' }).getByText(label, { exact: true }).click();
  }

  async function diagnose(e: Env) {
    const status = results(e).locator('.dbg-results-status');
    const before = await status.getAttribute('data-result-at');
    await e.page.getByRole('button', { name: 'Diagnose', exact: true }).click();
    await expect.poll(() => status.getAttribute('data-result-at'), { message: `no diagnosis; page errors: ${e.pageErrors.join(' | ')}` }).not.toBe(before);
  }

  /** A sandbox request signed by the sandbox key, then `spoil`ed: a canonical edit, a header dropped… */
  async function signedRequest(e: Env, request: Sent, { timestamp = Date.now(), nonce = `n-${Math.random().toString(36).slice(2)}`, signCanonical }: { timestamp?: number; nonce?: string; signCanonical?: (c: string) => string } = {}): Promise<Sent> {
    const signed = await getScheme('hmac').sign({ ...request, headers: { ...request.headers } }, { apiKey: e.apiKey, secret: e.secret }, { timestamp, nonce });
    const headers = { ...signed.request.headers };
    if (signCanonical) {
      const wrong = createHmac('sha256', e.secret).update(signCanonical(signed.canonical)).digest('hex');
      headers.Authorization = headers.Authorization!.replace(signed.signature, wrong);
    }
    return { method: signed.request.method, url: signed.request.url, headers, body: request.body };
  }

  const asCurl = (r: Sent) => [`curl -X ${r.method} '${r.url}'`, ...Object.entries(r.headers).map(([n, v]) => `  -H '${n}: ${v}'`), ...(r.body !== null ? [`  --data-raw '${r.body}'`] : [])].join(' \\\n');
  const asHttp = (r: Sent) => {
    const u = new URL(r.url);
    // Absolute-form, so the fixed request keeps http:// (a path alone is read as https://, as the notes say).
    return [`${r.method} ${r.url} HTTP/1.1`, `Host: ${u.host}`, ...Object.entries(r.headers).map(([n, v]) => `${n}: ${v}`), '', r.body ?? ''].join('\r\n');
  };

  /** Apply fix → Send fixed request → 200, and the Inspector link opens its record. */
  async function applySendAndOpen(e: Env, path: string) {
    const fix = results(e).getByRole('region', { name: 'Fixed request' });
    await fix.getByRole('button', { name: 'Apply fix' }).click();
    expect(await fix.locator('.dbg-http-line').textContent()).toContain(path);
    expect(await fix.locator('.dbg-http-header', { hasText: 'Authorization' }).count()).toBe(1);
    await fix.getByRole('button', { name: 'Send fixed request' }).click();
    const sent = fix.getByRole('status', { name: 'Fixed request sent' });
    await sent.waitFor();
    expect(await sent.locator('.status-badge').textContent()).toBe('200');
    expect(await sent.textContent()).toContain('The API accepted the fixed request.');
    return sent;
  }

  it('curl: a method signed in lower case → method-case first, the diff, Apply fix, Send fixed → 200, its Inspector record', async () => {
    const e = await setup();
    try {
      const request = await signedRequest(e, { method: 'GET', url: `${e.sandboxUrl}/v1/account`, headers: { Accept: 'application/json' }, body: null }, { signCanonical: (c) => c.replace(/^GET/, 'get') });
      await chooseSource(e, 'curl');
      await e.page.getByLabel('curl command').fill(asCurl(request));
      await shot(e, 'debugger-valid-input-dark-1280x800');
      await diagnose(e);
      await results(e).getByRole('status', { name: 'Verdict' }).getByText('Refused').waitFor();
      expect(await firstCause(e)).toBe('method-case');
      expect(await causes(e).first().textContent()).toContain('Most likely');
      expect(await causes(e).first().textContent()).toContain('reproduced');
      expect(await causes(e).first().textContent()).toContain('The HTTP method was signed in the wrong letter case');
      // The diff: "GET" only on the expected side, "get" only on the request's side.
      expect(await results(e).locator('pre[data-side="expected"] mark.dbg-del').allTextContents()).toEqual(['GET']);
      expect(await results(e).locator('pre[data-side="received"] mark.dbg-ins').allTextContents()).toEqual(['get']);
      expect(await results(e).locator('pre[data-side="expected"]').innerText()).toContain('GET↵\n/v1/account↵');
      expect(await results(e).getByRole('region', { name: 'Timing' }).textContent()).toContain('inside the window');
      await shot(e, 'debugger-method-case-dark-1280x800');
      const sent = await applySendAndOpen(e, '/v1/account');
      await shot(e, 'debugger-fix-sent-dark-1280x800', { scrollTo: '.dbg-fix' });
      await sent.getByRole('button', { name: 'Open in Inspector' }).click();
      const details = e.page.getByRole('complementary', { name: 'Request details' });
      await expect.poll(() => details.locator('.record-title .status-badge').textContent()).toBe('200');
      expect(await details.locator('.record-url').textContent()).toBe(`${e.sandboxUrl}/v1/account`);
      // Back on the Debugger, the inputs and the report are still there.
      await e.page.getByRole('button', { name: 'Debugger', exact: true }).click();
      expect(await e.page.getByLabel('curl command').inputValue()).toContain('/v1/account');
      expect(await firstCause(e)).toBe('method-case');
      // "Open in Request page" puts the fixed request in the composer, with the vault key it was diagnosed with.
      const fix = results(e).getByRole('region', { name: 'Fixed request' });
      await fix.getByRole('button', { name: 'Apply fix' }).click();
      await fix.getByRole('button', { name: 'Open in Request page' }).click();
      await e.page.getByRole('heading', { name: 'Request', level: 1 }).waitFor();
      expect(await e.page.getByLabel('URL', { exact: true }).inputValue()).toBe(`${e.sandboxUrl}/v1/account`);
      expect(await e.page.getByLabel('Key', { exact: true }).locator('option:checked').textContent()).toContain('Sandbox (local)');
      await secretAbsent(e);
    } finally {
      await e.close();
    }
  });

  it('raw HTTP: a query signed as sent, not sorted → query-order first, the diff, Send fixed → 200', async () => {
    const e = await setup();
    try {
      const url = `${e.sandboxUrl}/v1/orders?symbol=BTC-USD&status=open`;
      const request = await signedRequest(e, { method: 'GET', url, headers: {}, body: null }, { signCanonical: (c) => c.replace('status=open&symbol=BTC-USD', 'symbol=BTC-USD&status=open') });
      await chooseSource(e, 'Raw HTTP');
      await e.page.getByLabel('Raw HTTP request').fill(asHttp(request));
      // Ctrl+Enter diagnoses too.
      await e.page.getByLabel('Raw HTTP request').press('Control+Enter');
      await results(e).getByRole('status', { name: 'Verdict' }).getByText('Refused').waitFor();
      expect(await firstCause(e)).toBe('query-order');
      expect(await results(e).locator('pre[data-side="expected"] mark.dbg-del').count()).toBeGreaterThan(0);
      expect(await results(e).locator('pre[data-side="received"] mark.dbg-ins').count()).toBeGreaterThan(0);
      expect((await results(e).locator('pre[data-side="received"]').innerText()).replace(/↵/g, '')).toContain('symbol=BTC-USD&status=open');
      expect((await results(e).locator('pre[data-side="expected"]').innerText()).replace(/↵/g, '')).toContain('status=open&symbol=BTC-USD');
      await shot(e, 'debugger-query-order-dark-1280x800');
      await applySendAndOpen(e, '/v1/orders?symbol=BTC-USD&status=open');
      await secretAbsent(e);
    } finally {
      await e.close();
    }
  });

  it('"Open in Debugger" on a refused Inspector record (a key with the wrong secret) opens with the record and the server’s error', async () => {
    const e = await setup();
    try {
      const bad = await e.host.services.vault.add({ label: 'Sandbox (wrong secret)', provider: 'custom', environment: 'dev', baseUrl: e.sandboxUrl, credentials: { apiKey: e.apiKey, secret: 'not-the-sandbox-secret-0000' } });
      const record = await e.host.services.egress.send({ entryId: bad.id, schemeId: 'hmac', method: 'GET', url: `${e.sandboxUrl}/v1/account`, headers: [], body: null });
      expect(record.status).toBe(401);
      await e.page.getByRole('button', { name: 'Inspector', exact: true }).click();
      await e.page.getByRole('listbox', { name: 'Sent requests' }).getByRole('option').first().click();
      const details = e.page.getByRole('complementary', { name: 'Request details' });
      await details.getByText('invalid_signature').first().waitFor();
      await shot(e, 'debugger-inspector-refused-dark-1280x800');
      await details.getByRole('button', { name: 'Open in Debugger' }).click();

      await e.page.getByRole('heading', { name: 'Debugger', level: 1 }).waitFor();
      expect(await e.page.getByRole('group', { name: 'Where the request comes from' }).locator('.is-selected').textContent()).toBe('Inspector record');
      expect(await e.page.getByLabel('Sent request').inputValue()).toBe(record.id);
      await expect.poll(() => e.page.getByRole('combobox', { name: 'Vault key' }).locator('option:checked').textContent()).toContain('Sandbox (wrong secret)');
      const verdict = results(e).getByRole('status', { name: 'Verdict' });
      await verdict.getByText('Refused').waitFor();
      expect(await verdict.textContent()).toContain('invalid_signature');
      expect(await causes(e).first().textContent()).toContain('the server’s error says so');
      await shot(e, 'debugger-record-refused-dark-1280x800');

      // With the key the sandbox knows, the same record: well formed, signed with another secret.
      await e.page.getByRole('combobox', { name: 'Vault key' }).selectOption({ label: 'Sandbox (local) — Sandbox exchange · dev' });
      await diagnose(e);
      await expect.poll(() => firstCause(e)).toBe('wrong-secret');
      expect(await results(e).getByRole('status', { name: 'Verdict' }).textContent()).toContain('invalid_signature');
      await shot(e, 'debugger-wrong-secret-dark-1280x800');
      await secretAbsent(e);
    } finally {
      await e.close();
    }
  });

  it('credentials for this session: sent once, the fields cleared, only their names shown; diagnose; lock → they are gone', async () => {
    const e = await setup();
    try {
      await e.page.getByRole('group', { name: 'Which credentials' }).getByText('Credentials for this session').click();
      const form = e.page.getByRole('form', { name: 'Credentials for this session' });
      await e.page.getByText('in memory only').waitFor();
      expect(await form.locator('input[type="password"]').count()).toBe(3);
      await form.getByLabel('API key').fill(e.apiKey);
      await form.getByLabel('Secret').fill(e.secret);
      await shot(e, 'debugger-session-form-dark-1280x800', { inputsTo: '.dbg-input-section[aria-label="Key"]' });
      await form.getByRole('button', { name: 'Keep for this session' }).click();
      const held = e.page.getByRole('status', { name: 'Session credentials held' });
      await held.waitFor();
      expect(await held.textContent()).toContain('API key');
      expect(await held.textContent()).toContain('Secret');
      expect(e.host.services.debugger.sessionFields().sort()).toEqual(['apiKey', 'secret']);
      // Nothing typed is kept in the page.
      await secretAbsent(e);

      const request = await signedRequest(e, { method: 'GET', url: `${e.sandboxUrl}/v1/account`, headers: {}, body: null }, { signCanonical: (c) => c.replace(/^GET/, 'get') });
      await chooseSource(e, 'curl');
      await e.page.getByLabel('curl command').fill(asCurl(request));
      await diagnose(e);
      expect(await firstCause(e)).toBe('method-case');
      const fix = results(e).getByRole('region', { name: 'Fixed request' });
      await fix.getByRole('button', { name: 'Apply fix' }).click();
      expect(await fix.getByRole('button', { name: 'Send fixed request' }).isDisabled()).toBe(true);
      await fix.getByText('Session credentials are for diagnosis only').waitFor();
      await shot(e, 'debugger-session-held-dark-1280x800', { inputsTo: '.dbg-input-section[aria-label="Key"]' });
      await secretAbsent(e);

      await e.page.getByRole('button', { name: 'Lock', exact: true }).click();
      await e.page.getByLabel('Passphrase').waitFor();
      expect(e.host.services.debugger.sessionFields()).toEqual([]);
      await e.page.getByLabel('Passphrase').fill(PASSPHRASE);
      await e.page.getByRole('button', { name: 'Unlock' }).click();
      await e.page.getByRole('button', { name: 'Debugger', exact: true }).click();
      // The session is gone: the form is back, and the report made with it was dropped.
      await e.page.getByRole('form', { name: 'Credentials for this session' }).waitFor();
      expect(await e.page.getByRole('status', { name: 'Session credentials held' }).count()).toBe(0);
      expect(await causes(e).count()).toBe(0);
      await diagnose(e);
      await e.page.getByText('No credentials for this session').waitFor();
      await secretAbsent(e);
    } finally {
      await e.close();
    }
  });

  it('bad input: one line, beside the input it concerns, never a stack', async () => {
    const e = await setup();
    try {
      const sourceError = () => e.page.locator('.dbg-input-section[aria-label="Request"] .field-error');
      await chooseSource(e, 'curl');
      await diagnose(e);
      expect(await sourceError().textContent()).toBe('Paste the curl command to debug, or drop its file here.');
      await shot(e, 'debugger-empty-input-dark-1280x800');

      await e.page.getByLabel('curl command').fill("curl 'http://127.0.0.1:1/v1/account -H 'X: 1'");
      await diagnose(e);
      const message = (await sourceError().textContent()) ?? '';
      expect(message).toMatch(/quote/i);
      expect(message).not.toMatch(/\bat .*\.(ts|js):\d+/);
      expect(await e.page.getByLabel('curl command').getAttribute('aria-invalid')).toBe('true');
      await shot(e, 'debugger-bad-input-dark-1280x800');

      // A request no scheme can be read from: the message is beside Scheme.
      await e.page.getByLabel('curl command').fill('curl https://example.com/v1/thing');
      await diagnose(e);
      await e.page.locator('.dbg-input-section[aria-label="Scheme"] .field-error').getByText('Could not tell the scheme').waitFor();
      expect(await sourceError().count()).toBe(0);

      // A HAR entry that is not there: beside Entry.
      await chooseSource(e, 'HAR');
      const entries = { log: { version: '1.2', entries: [{ startedDateTime: new Date().toISOString(), request: { method: 'GET', url: `${e.sandboxUrl}/v1/account`, httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: 0 }, response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: 'text/plain' }, redirectURL: '', headersSize: -1, bodySize: 0 }, cache: {}, timings: { send: 0, wait: 1, receive: 0 } }] } };
      await e.page.getByLabel('HAR file').fill(JSON.stringify(entries));
      await e.page.getByLabel('Entry').fill('3');
      await diagnose(e);
      expect(await e.page.locator('.dbg-har-entry .field-error').textContent()).toMatch(/entry 3: the HAR has 1 entries/);
      // Not JSON at all: beside the HAR text.
      await e.page.getByLabel('Entry').fill('');
      await e.page.getByLabel('HAR file').fill('{"log":');
      await diagnose(e);
      expect(await sourceError().textContent()).toMatch(/HAR|JSON/);
      // A status that is not one: beside the answer.
      await e.page.getByLabel('Status').fill('42');
      await diagnose(e);
      await e.page.locator('.dbg-input-section[aria-label="Server’s answer"] .field-error').getByText('three-digit').waitFor();
      await secretAbsent(e);
    } finally {
      await e.close();
    }
  });

  it('names a timestamp outside the window, a replayed nonce and a missing Authorization header', async () => {
    const e = await setup();
    try {
      await chooseSource(e, 'curl');
      const curl = e.page.getByLabel('curl command');
      // Signed right, ten minutes ago.
      const old = await signedRequest(e, { method: 'GET', url: `${e.sandboxUrl}/v1/account`, headers: {}, body: null }, { timestamp: Date.now() - 10 * 60_000 });
      await curl.fill(asCurl(old));
      await e.page.getByText('Compare with the exchange’s clock').click();
      await diagnose(e);
      expect(await firstCause(e)).toBe('timestamp-skew');
      const timing = results(e).getByRole('region', { name: 'Timing' });
      expect(await timing.textContent()).toContain('behind this computer');
      expect(await timing.textContent()).toContain('outside the window');
      expect(await timing.textContent()).toContain('behind the exchange');
      await shot(e, 'debugger-timestamp-skew-dark-1280x800', { scrollTo: '.dbg-report-columns' });

      // A nonce the Inspector saw this key send before: the request is sent twice with it (the second is refused).
      const nonce = 'e2e-replayed-nonce-01';
      const first = await e.host.services.egress.send({ entryId: e.sandboxId, method: 'GET', url: `${e.sandboxUrl}/v1/account`, headers: [], body: null, nonce });
      expect(first.status).toBe(200);
      const again = await e.host.services.egress.send({ entryId: e.sandboxId, method: 'GET', url: `${e.sandboxUrl}/v1/account`, headers: [], body: null, nonce });
      expect(again.status).toBe(401);
      await chooseSource(e, 'Inspector record');
      await e.page.getByLabel('Sent request').selectOption(again.id);
      await e.page.getByText('Compare with the exchange’s clock').click();
      await diagnose(e);
      await expect.poll(() => firstCause(e)).toBe('replayed-nonce');
      expect(await results(e).getByRole('region', { name: 'Timing' }).textContent()).toContain('once, by earlier requests of this key');
      await shot(e, 'debugger-replayed-nonce-dark-1280x800');

      // No Authorization header at all.
      await chooseSource(e, 'curl');
      await curl.fill(`curl '${e.sandboxUrl}/v1/account' -H 'Accept: application/json'`);
      await e.page.getByRole('combobox', { name: 'Scheme' }).selectOption('hmac');
      await diagnose(e);
      expect(await firstCause(e)).toBe('missing-component');
      expect(await causes(e).first().textContent()).toContain('A required header, parameter or passphrase is absent');
      expect(await results(e).getByRole('region', { name: 'Signature', exact: true }).textContent()).toContain('The request carries no signature.');
      await shot(e, 'debugger-missing-component-dark-1280x800');
      await secretAbsent(e);
    } finally {
      await e.close();
    }
  });

  it('Binance-style request with credentials for this session: the query signed in another order than sent → query-order', async () => {
    const e = await setup();
    // Binance's documented example key (developers.binance.com, "SIGNED endpoint examples"): never a real account.
    const binance = { apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A', secret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j' };
    try {
      const signed = await getScheme('binance-hmac-sha256').sign({ method: 'GET', url: 'https://api.binance.com/api/v3/openOrders?symbol=BTCUSDT&recvWindow=5000', headers: {}, body: null }, binance, { timestamp: Date.now(), nonce: 'unused' });
      const u = new URL(signed.request.url);
      const params = [...u.searchParams.entries()];
      const signature = params.find(([k]) => k === 'signature')![1];
      const sent = `${u.origin}${u.pathname}?${params.filter(([k]) => k !== 'signature').reverse().map(([k, v]) => `${k}=${v}`).join('&')}&signature=${signature}`;

      await e.page.getByRole('combobox', { name: 'Scheme' }).selectOption('binance-hmac-sha256');
      await e.page.getByRole('group', { name: 'Which credentials' }).getByText('Credentials for this session').click();
      const form = e.page.getByRole('form', { name: 'Credentials for this session' });
      // The fields Binance's HMAC scheme needs, and no others.
      expect(await form.locator('input[type="password"]').count()).toBe(2);
      await form.getByLabel('API key').fill(binance.apiKey);
      await form.getByLabel('Secret').fill(binance.secret);
      await form.getByRole('button', { name: 'Keep for this session' }).click();
      await e.page.getByRole('status', { name: 'Session credentials held' }).waitFor();
      await chooseSource(e, 'curl');
      await e.page.getByLabel('curl command').fill(`curl '${sent}' -H 'X-MBX-APIKEY: ${binance.apiKey}'`);
      await diagnose(e);
      expect(await firstCause(e)).toBe('query-order');
      expect(await causes(e).first().textContent()).toContain('The query parameters were signed in another order than sent');
      expect(await results(e).getByRole('status', { name: 'Verdict' }).textContent()).toContain('Binance (HMAC-SHA256 key)');
      await shot(e, 'debugger-binance-query-order-dark-1280x800');
      await secretAbsent(e, binance.secret);
      await secretAbsent(e);
    } finally {
      await e.close();
    }
  });

  it('the Request page’s response opens in the Debugger: a refused send is diagnosed with its answer', async () => {
    const e = await setup();
    try {
      await e.page.getByRole('button', { name: 'Request', exact: true }).click();
      await e.page.getByRole('button', { name: /Timestamp, nonce and options/ }).click();
      await e.page.getByLabel('Timestamp', { exact: true }).fill(String(Date.now() - 5 * 60_000));
      await e.page.getByLabel('URL', { exact: true }).fill(`${e.sandboxUrl}/v1/account`);
      const preview = e.page.getByRole('region', { name: 'Signed preview' });
      await expect.poll(() => preview.locator('.signature').count()).toBe(1);
      await e.page.getByRole('button', { name: 'Send' }).click();
      const response = e.page.getByRole('region', { name: 'Response' });
      await expect.poll(() => response.locator('.status-badge').textContent()).toBe('401');
      await response.getByRole('button', { name: 'Open in Debugger' }).click();
      await e.page.getByRole('heading', { name: 'Debugger', level: 1 }).waitFor();
      await expect.poll(() => firstCause(e)).toBe('timestamp-skew');
      expect(await results(e).getByRole('status', { name: 'Verdict' }).textContent()).toContain('timestamp_skew');
      expect(await causes(e).first().textContent()).toContain('the server’s error says so');
      await shot(e, 'debugger-from-request-page-dark-1280x800');
      await secretAbsent(e);
    } finally {
      await e.close();
    }
  });

  it('a HAR file picked from disk is read in the page (no upload) and its signed entry diagnosed', async () => {
    const e = await setup();
    try {
      const request = await signedRequest(e, { method: 'GET', url: `${e.sandboxUrl}/v1/account`, headers: {}, body: null }, { signCanonical: (c) => c.replace('/v1/account', '/v1/account/') });
      const entry = (r: Sent, signed: boolean) => ({
        startedDateTime: new Date().toISOString(),
        request: { method: r.method, url: r.url, httpVersion: 'HTTP/1.1', headers: Object.entries(signed ? r.headers : {}).map(([name, value]) => ({ name, value })), queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
        response: { status: 401, statusText: 'Unauthorized', httpVersion: 'HTTP/1.1', headers: [], cookies: [], content: { size: 0, mimeType: 'application/json', text: '{"code":"invalid_signature","message":"no"}' }, redirectURL: '', headersSize: -1, bodySize: 0 },
        cache: {},
        timings: { send: 0, wait: 1, receive: 0 },
      });
      const har = JSON.stringify({ log: { version: '1.2', creator: { name: 'e2e', version: '1' }, entries: [entry({ ...request, url: `${e.sandboxUrl}/v1/markets` }, false), entry(request, true)] } });
      await e.page.getByLabel('Request file').setInputFiles({ name: 'capture.har', mimeType: 'application/json', buffer: Buffer.from(har) });
      // File.text() is asynchronous: the source switches once the file is read.
      await expect.poll(() => e.page.getByRole('group', { name: 'Where the request comes from' }).locator('.is-selected').textContent()).toBe('HAR');
      await e.page.getByText('capture.har').waitFor();
      expect(await e.page.getByLabel('HAR file').inputValue()).toBe(har);
      await diagnose(e);
      await results(e).getByRole('status', { name: 'Verdict' }).getByText('Refused').waitFor();
      // The last signed entry was picked, and its recorded answer read.
      expect(await results(e).getByRole('status', { name: 'Verdict' }).textContent()).toContain('invalid_signature');
      expect(await results(e).getByRole('region', { name: 'The request as read' }).textContent()).toContain('/v1/account');
      await shot(e, 'debugger-har-file-dark-1280x800');
      await secretAbsent(e);
    } finally {
      await e.close();
    }
  });

  it('an accepted request says so; the page looks right in light and dark at 1280×800 and 1920×1080', async () => {
    const e = await setup({ width: 1920, height: 1080 });
    try {
      await shot(e, 'debugger-empty-dark-1920x1080');
      const good = await signedRequest(e, { method: 'POST', url: `${e.sandboxUrl}/v1/orders?symbol=BTC-USD`, headers: { 'Content-Type': 'application/json' }, body: '{"side":"buy","qty":1}' });
      await chooseSource(e, 'curl');
      await e.page.getByLabel('curl command').fill(asCurl(good));
      await diagnose(e);
      await results(e).getByRole('status', { name: 'Verdict' }).getByText('Accepted').waitFor();
      expect(await causes(e).count()).toBe(0);
      expect(await results(e).getByRole('region', { name: 'Signature', exact: true }).getByText('matches').count()).toBe(1);
      await shot(e, 'debugger-accepted-dark-1920x1080');

      const bad = await signedRequest(e, { method: 'POST', url: `${e.sandboxUrl}/v1/orders?symbol=BTC-USD`, headers: { 'Content-Type': 'application/json' }, body: '{"side":"buy","qty":1}' }, { signCanonical: (c) => c.replace(/^POST/, 'post') });
      await e.page.getByLabel('curl command').fill(asCurl(bad));
      await e.page.getByLabel('Status').fill('401');
      await e.page.getByLabel('Body', { exact: true }).fill('{"code":"invalid_signature","message":"The signature does not match the request."}');
      await diagnose(e);
      expect(await firstCause(e)).toBe('method-case');
      expect(await results(e).getByRole('status', { name: 'Verdict' }).textContent()).toContain('invalid_signature');
      await shot(e, 'debugger-method-case-dark-1920x1080');

      await e.page.emulateMedia({ colorScheme: 'light' });
      await expect.poll(() => e.page.evaluate('document.documentElement.dataset.theme')).toBe('light');
      await shot(e, 'debugger-method-case-light-1920x1080');
      await e.page.setViewportSize({ width: 1280, height: 800 });
      await shot(e, 'debugger-method-case-light-1280x800');
      await results(e).getByRole('region', { name: 'Fixed request' }).getByRole('button', { name: 'Apply fix' }).click();
      await shot(e, 'debugger-fix-light-1280x800', { scrollTo: '.dbg-fix' });
      await e.page.getByRole('group', { name: 'Which credentials' }).getByText('Credentials for this session').click();
      await shot(e, 'debugger-session-light-1280x800', { inputsTo: '.dbg-input-section[aria-label="Key"]' });
      await e.page.getByRole('button', { name: 'Clear' }).click();
      await shot(e, 'debugger-empty-light-1280x800');
      // Nothing spills out of the window: the two panes sit side by side inside it.
      const compose = await e.page.locator('.dbg-compose').boundingBox();
      const pane = await results(e).boundingBox();
      expect(pane!.x).toBeGreaterThanOrEqual(compose!.x + compose!.width - 1);
      expect(pane!.x + pane!.width).toBeLessThanOrEqual(1280);
      await secretAbsent(e);
    } finally {
      await e.close();
    }
  });
});
