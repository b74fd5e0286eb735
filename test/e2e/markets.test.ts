/**
 * The Markets page end to end in Chromium, through the browser host and its embedded sandbox exchange: rows stream
 * in, sort and search work, a starred symbol stays in the watchlist across a reload (settings in main), the symbol
 * view draws candles and lists signal history, a feed that stops is marked stale, and a provider whose key is not
 * in the vault shows the needs-key state with the way to the Vault. Screenshots at 1280×800 and 1920×1080, dark
 * and light, go to test-results/screenshots/.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../src-main/browser-host/browser-host';
import { buildRenderer, chromiumAvailable, FAST_KDF, finishTest, launchChromium, openPage, screenshotPath } from './e2e-support';

const PASSPHRASE = 'correct horse battery staple';
const run = chromiumAvailable();

describe.skipIf(!run)('the Markets page in the browser', () => {
  // Each test starts from nothing left by another: its own host (a new home and vault, default settings: the sandbox
  // provider, an empty watchlist; a running sandbox feed) and its own page, opened on the Markets page.
  let renderer: Awaited<ReturnType<typeof buildRenderer>>;
  let host: BrowserHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];

  const rows = () => page.locator('.mkt-body-row');
  const row = (symbol: string) => page.locator(`.mkt-body-row[data-symbol="${symbol}"]`);
  const shownSymbols = () => rows().evaluateAll((els) => els.map((e) => [Number(e.style.transform.replace(/[^\d.]/g, '')), e.getAttribute('data-symbol')] as const).sort((a, b) => a[0] - b[0]).map((x) => x[1]!));
  const shot = async (name: string) => {
    await page.waitForTimeout(300);
    await page.screenshot({ path: await screenshotPath(name) });
  };
  const openMarkets = async () => {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Markets', exact: true }).click();
    await row('BTC-USD').waitFor();
  };

  beforeAll(async () => {
    renderer = await buildRenderer();
    browser = await launchChromium();
  });

  beforeEach(async () => {
    host = await startBrowserHost({ kdf: FAST_KDF, rendererDir: renderer.dir, sandbox: { symbols: 60, seed: 'markets-e2e', rateHz: 5 }, markets: { sandboxStaleAfterMs: 1500 } });
    await host.services.vault.create({ passphrase: PASSPHRASE, useOsSlot: false });
    ({ context, page, pageErrors } = await openPage(browser));
  });

  afterEach(() => finishTest(pageErrors, context, host));

  afterAll(async () => {
    await browser?.close();
    await renderer?.cleanup();
  });

  it('streams sandbox rows into the table', async () => {
    await openMarkets();
    expect(await page.getByRole('status').filter({ hasText: 'Live' }).count()).toBe(1);
    expect(await rows().count()).toBeGreaterThan(10);
    // Virtualized: not all 60 rows exist in the DOM at 800 px.
    expect(await rows().count()).toBeLessThan(60);
    expect(await page.locator('.mkt-count').textContent()).toBe('60 symbols');
    const ts = await row('BTC-USD').getAttribute('data-ts');
    await expect.poll(() => row('BTC-USD').getAttribute('data-ts'), { timeout: 3000 }).not.toBe(ts);
    // The sparkline keeps one point per 2 s bucket of tick time and draws from the second one on.
    await expect.poll(() => row('BTC-USD').locator('.sparkline polyline').count(), { timeout: 6000 }).toBe(1);
    expect(await row('BTC-USD').locator('.mkt-signal').textContent()).toMatch(/bullish|neutral|bearish/);
    await shot('markets-dark-1280x800');
  });

  it('sorts by a column and searches symbols', async () => {
    await openMarkets();
    await page.getByRole('button', { name: /^Last/ }).click();
    await expect.poll(async () => (await shownSymbols()).length).toBeGreaterThan(5);
    const lasts = await Promise.all((await shownSymbols()).slice(0, 5).map((s) => row(s).locator('.mkt-last').textContent()));
    const values = lasts.map((t) => Number(t!.replace(/,/g, '')));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect((await shownSymbols())[0]).toBe('BTC-USD');
    expect(await page.getByRole('columnheader', { name: /Last/ }).getAttribute('aria-sort')).toBe('descending');
    await page.getByRole('searchbox', { name: 'Search symbols' }).fill('eth');
    await expect.poll(shownSymbols).toEqual(['ETH-USD']);
    expect(await page.locator('.mkt-count').textContent()).toBe('1 of 60');
    await page.getByRole('searchbox', { name: 'Search symbols' }).fill('zzzz');
    await page.getByText('No symbol matches').waitFor();
    await page.getByRole('button', { name: 'Show all symbols' }).click();
    // Back to the provider's order: Last twice (desc, asc), a third time clears the sort.
    await page.getByRole('button', { name: /^Last/ }).click();
    await page.getByRole('button', { name: /^Last/ }).click();
    await expect.poll(async () => (await shownSymbols()).slice(0, 2)).toEqual(['BTC-USD', 'ETH-USD']);
  });

  it('keeps a starred symbol in the watchlist across a reload', async () => {
    await openMarkets();
    await page.getByRole('button', { name: 'Add SOL-USD to the watchlist' }).click();
    await expect.poll(() => host.services.settings.get().watchlist).toEqual(['SOL-USD']);
    await page.getByRole('group', { name: 'Show' }).getByText('Watchlist', { exact: true }).click();
    await expect.poll(shownSymbols).toEqual(['SOL-USD']);
    await page.reload();
    await page.getByRole('button', { name: 'Markets', exact: true }).click();
    // The page's filter survives in the app store only until a reload; the star is in settings and stays.
    await row('SOL-USD').waitFor();
    expect(await page.getByRole('group', { name: 'Show' }).getByRole('radio', { name: 'All' }).isChecked()).toBe(true);
    expect(await page.getByRole('button', { name: 'Remove SOL-USD from the watchlist' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('group', { name: 'Show' }).getByText('Watchlist', { exact: true }).click();
    await expect.poll(shownSymbols).toEqual(['SOL-USD']);
    await page.getByRole('group', { name: 'Show' }).getByText('All', { exact: true }).click();
  });

  it('opens a symbol with its candles and signal history', async () => {
    await openMarkets();
    await row('BTC-USD').click();
    const view = page.getByRole('region', { name: 'BTC-USD details' });
    await view.waitFor();
    await view.locator('.mkt-chart canvas').first().waitFor();
    expect(await view.getByRole('img', { name: 'BTC-USD candlestick chart, 1h candles' }).count()).toBe(1);
    expect(await view.locator('.mkt-history-item').count()).toBeGreaterThan(0);
    await shot('markets-symbol-dark-1280x800');
    await view.getByText('15m', { exact: true }).click();
    await view.getByRole('img', { name: 'BTC-USD candlestick chart, 15m candles' }).waitFor();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await host.services.router.handle('settings:set', { theme: 'light' });
    await page.reload();
    await page.getByRole('button', { name: 'Markets', exact: true }).click();
    await row('BTC-USD').click();
    await page.getByRole('region', { name: 'BTC-USD details' }).locator('.mkt-chart canvas').first().waitFor();
    await shot('markets-symbol-light-1920x1080');
    await host.services.router.handle('settings:set', { theme: 'dark' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    await page.getByRole('button', { name: 'Markets', exact: true }).click();
    await row('BTC-USD').click();
    await page.getByRole('button', { name: 'Close the symbol view' }).click();
    await page.getByRole('region', { name: 'BTC-USD details' }).waitFor({ state: 'detached' });
  });

  // Token Metrics is the provider that requires a key.
  it('shows a provider that needs a key with the way to the Vault', async () => {
    await openMarkets();
    const providers = host.services.markets.providers();
    expect(providers.find((p) => p.id === 'token-metrics')).toMatchObject({ needsKey: true, available: false });
    await page.getByRole('combobox', { name: 'Market data provider' }).selectOption('token-metrics');
    await page.getByText('This provider needs an API key').waitFor();
    expect(await page.getByText(/Add a Token Metrics key in the Vault/).count()).toBe(1);
    expect(await page.getByRole('status').filter({ hasText: 'Needs a key' }).count()).toBe(1);
    await shot('markets-needs-key-dark-1280x800');
    await page.getByRole('button', { name: 'Open the Vault' }).click();
    await page.locator('.nav-item.is-active', { hasText: 'Vault' }).waitFor();
    await page.getByRole('button', { name: 'Markets', exact: true }).click();
    await page.getByRole('combobox', { name: 'Market data provider' }).selectOption('sandbox');
    await row('BTC-USD').waitFor();
  });

  it('marks rows stale when the feed stops', async () => {
    await openMarkets();
    await host.services.embeddedSandbox.running!.close();
    await page.getByRole('status').filter({ hasText: /Reconnecting|Stale/ }).waitFor();
    await row('BTC-USD').locator('.mkt-stale').waitFor({ timeout: 5000 });
    expect(await page.locator('.mkt-callout').textContent()).toMatch(/sandbox|price update/i);
    await shot('markets-stale-dark-1280x800');
    expect(pageErrors).toEqual([]);
  });
});
