/**
 * 10,000 keys in the real vault, in Chromium: the list stays virtualized (a few dozen rows in the DOM), search
 * narrows it quickly, and scrolling does not stall the page. Timings are printed; the bounds are loose enough
 * for a 2-core CI machine and tight enough to catch a list that renders every row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { EntryInput } from '../../src-main/contract/schemas';
import { startBrowserHost, type BrowserHost } from '../../src-main/browser-host/browser-host';
import { buildRenderer, chromiumAvailable, FAST_KDF, launchChromium, screenshotPath } from './e2e-support';

const N = 10_000;
const PROVIDERS = ['binance', 'kraken', 'coinbase', 'bybit'] as const;
const ENVS = ['dev', 'test', 'prod'] as const;

function entry(i: number): EntryInput {
  const provider = PROVIDERS[i % PROVIDERS.length]!;
  return {
    // `#` keeps the number from being read as the start of an id or fingerprint (hex), which search also matches.
    label: `${provider} key #${String(i).padStart(5, '0')}`,
    provider,
    environment: ENVS[i % ENVS.length]!,
    scopes: ['read', 'trade'],
    tags: [`team${i % 7}`],
    notes: '',
    credentials: { apiKey: `key-${i}-abcd`, secret: `s-${i}` },
  };
}

describe.skipIf(!chromiumAvailable())('vault list with 10,000 keys', () => {
  let renderer: Awaited<ReturnType<typeof buildRenderer>>;
  let host: BrowserHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    renderer = await buildRenderer();
    host = await startBrowserHost({ kdf: FAST_KDF, rendererDir: renderer.dir });
    await host.services.vault.create({ passphrase: 'correct horse battery staple', useOsSlot: false, addSandboxKey: true });
    await host.services.vault.addMany(Array.from({ length: N }, (_, i) => entry(i)));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    page.setDefaultTimeout(15_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await renderer?.cleanup();
  });

  it('renders only the rows in view and shows the total', async () => {
    const started = Date.now();
    await page.goto(host.url);
    await page.locator('[role="option"]').first().waitFor();
    const firstPaintMs = Date.now() - started;
    await page.getByText(`${(N + 1).toLocaleString('en-US')} keys`).waitFor();
    const inDom = await page.locator('[role="option"]').count();
    process.stdout.write(`10k list: first rows after ${firstPaintMs} ms, ${inDom} rows in the DOM\n`);
    expect(inDom).toBeLessThan(60);
    expect(firstPaintMs).toBeLessThan(5_000);
  });

  it('scrolls without long stalls and reaches the last key with End', async () => {
    const list = page.getByRole('listbox', { name: 'Keys' });
    // Scroll 200 px per frame for 90 frames and record the longest frame.
    // Runs in the page; the test's TypeScript program has no DOM types, hence the narrow casts.
    const worst = await list.evaluate(
      (el) =>
        new Promise<number>((resolve) => {
          const g = globalThis as unknown as { requestAnimationFrame(cb: (t: number) => void): number; performance: { now(): number } };
          const box = el as unknown as { scrollTop: number };
          let frames = 0;
          let last = g.performance.now();
          let longest = 0;
          const step = (t: number) => {
            longest = Math.max(longest, t - last);
            last = t;
            box.scrollTop += 200;
            if (++frames < 90) g.requestAnimationFrame(step);
            else resolve(longest);
          };
          g.requestAnimationFrame(step);
        }),
    );
    process.stdout.write(`10k list: longest frame while scrolling ${worst.toFixed(1)} ms\n`);
    expect(worst).toBeLessThan(250);
    expect(await page.locator('[role="option"]').count()).toBeLessThan(60);

    await list.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('End');
    await page.locator('[role="option"][aria-selected="true"]').waitFor();
    const selected = await page.locator('[role="option"][aria-selected="true"]').textContent();
    expect(selected).toMatch(/key #\d{5}|Sandbox/);
    await page.screenshot({ path: await screenshotPath('vault-10k-dark-1280x800') });
  });

  it('search narrows 10,000 keys to one quickly', async () => {
    const started = Date.now();
    await page.getByRole('searchbox', { name: 'Search keys' }).fill('key #04242');
    await expect.poll(() => page.locator('[role="option"]').count(), { interval: 20, timeout: 5_000 }).toBe(1);
    const ms = Date.now() - started;
    process.stdout.write(`10k list: search to one row in ${ms} ms\n`);
    expect(await page.locator('[role="option"]').first().textContent()).toContain('key #04242');
    expect(ms).toBeLessThan(2_000);
  });
});
