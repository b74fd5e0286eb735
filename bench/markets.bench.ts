/**
 * Markets streaming: a sandbox exchange with 1,000 symbols at 10 updates per second each (its own
 * child process), streamed through the browser host (another child: provider → markets service → 50 ms batches
 * → bridge) to the Markets page in headless Chromium, measured for 20 s after a warm-up.
 *
 * In the page: a requestAnimationFrame loop records every frame (fps per one-second window, median; frame time
 * p95), and a MutationObserver sees each row's `data-ts` change — the tick's own timestamp from the exchange —
 * and the next animation frame after it takes the tick-to-DOM latency (so the time includes React's commit and
 * reaching a frame, not just the DOM write). Main side: the browser host's CPU from /proc over the same window, as
 * a percentage of one core. For context: the exchange's CPU and the page's main-thread busy time (CDP
 * Performance.getMetrics TaskDuration). A screenshot taken mid-run goes to bench/results/markets.png.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildRenderer, launchChromium } from '../test/e2e/e2e-support';
import { median, percentile, type Bench } from './bench-types';

const SYMBOLS = 1000;
const RATE_HZ = 10;
const WARMUP_MS = 5_000;
const MEASURE_MS = 20_000;
const CLK_TCK = 100;

function start(file: string, args: string[]): { child: ChildProcess; first: Promise<Record<string, string>> } {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(file, import.meta.url).pathname, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = new Promise<Record<string, string>>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (l) => resolve(JSON.parse(l) as Record<string, string>));
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before it was ready`)));
  });
  return { child, first };
}

async function stop(child: ChildProcess): Promise<void> {
  child.stdin?.end();
  await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
}

/** User + system CPU seconds of a process so far (/proc/<pid>/stat fields 14 and 15). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/**
 * Installed in the page as text (the page has its own globals, and tsx's helpers do not exist there): frames from
 * requestAnimationFrame; each row whose data-ts changed is timed at the next frame.
 */
const PAGE_PROBE = `(() => {
  const b = { frames: [], lat: [], pending: [], stop: false };
  window.__bench = b;
  const loop = (t) => {
    b.frames.push(t);
    const now = Date.now();
    for (const ts of b.pending) b.lat.push(now - ts);
    b.pending.length = 0;
    if (!b.stop) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  new MutationObserver((records) => {
    for (const r of records) {
      const ts = Number(r.target.getAttribute('data-ts'));
      if (ts) b.pending.push(ts);
    }
  }).observe(document.querySelector('.mkt-inner'), { subtree: true, attributes: true, attributeFilter: ['data-ts'] });
})()`;

interface PageSample {
  frames: number[];
  lat: number[];
}

const bench: Bench = {
  name: 'markets',
  async run() {
    const renderer = await buildRenderer();
    const exchange = start('./markets-sandbox.child.ts', [String(SYMBOLS), String(RATE_HZ)]);
    let host: ReturnType<typeof start> | null = null;
    const browser = await launchChromium();
    try {
      const { url: sandboxUrl } = await exchange.first;
      host = start('./markets-host.child.ts', [sandboxUrl!, renderer.dir]);
      const { url } = await host.first;
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url!);
      await page.getByRole('button', { name: 'Markets', exact: true }).click();
      await page.locator('.mkt-body-row[data-symbol="BTC-USD"]').waitFor({ timeout: 20_000 });
      const count = await page.locator('.mkt-count').textContent();
      if (count !== `${SYMBOLS.toLocaleString()} symbols`) throw new Error(`the page shows ${count}, not ${SYMBOLS} symbols`);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.waitForTimeout(WARMUP_MS);

      await page.evaluate(PAGE_PROBE);
      const taskBefore = await taskDuration(cdp);
      const hostCpu0 = cpuSeconds(host.child.pid!);
      const exchangeCpu0 = cpuSeconds(exchange.child.pid!);
      const t0 = Date.now();
      await page.waitForTimeout(MEASURE_MS / 2);
      await page.screenshot({ path: join(import.meta.dirname, 'results', 'markets.png') });
      await page.waitForTimeout(MEASURE_MS / 2);
      const wall = (Date.now() - t0) / 1000;
      const hostCpu = ((cpuSeconds(host.child.pid!) - hostCpu0) / wall) * 100;
      const exchangeCpu = ((cpuSeconds(exchange.child.pid!) - exchangeCpu0) / wall) * 100;
      const pageBusy = ((await taskDuration(cdp)) - taskBefore) / wall;
      const sample = (await page.evaluate('(() => { const b = window.__bench; b.stop = true; return { frames: b.frames, lat: b.lat }; })()')) as PageSample;
      if (errors.length) throw new Error(`the page reported errors: ${errors.join('; ')}`);

      const deltas = sample.frames.slice(1).map((t, i) => t - sample.frames[i]!);
      const first = sample.frames[0]!;
      const perSecond = new Map<number, number>();
      for (const t of sample.frames) perSecond.set(Math.floor((t - first) / 1000), (perSecond.get(Math.floor((t - first) / 1000)) ?? 0) + 1);
      const full = [...perSecond.entries()].filter(([s]) => s < Math.floor((sample.frames.at(-1)! - first) / 1000)).map(([, n]) => n);
      const rowsPerSecond = sample.lat.length / wall;
      console.log(`  ${sample.frames.length} frames, ${sample.lat.length} row updates seen (${Math.round(rowsPerSecond)}/s) over ${wall.toFixed(1)} s`);
      return [
        { metric: 'page fps (median of 1 s windows)', value: median(full), unit: 'fps', target: 55, better: 'higher' },
        { metric: 'page frame time p95', value: percentile(deltas, 95), unit: 'ms', target: 25, better: 'lower' },
        { metric: 'tick-to-DOM latency p50', value: percentile(sample.lat, 50), unit: 'ms', target: null, better: 'lower' },
        { metric: 'tick-to-DOM latency p95', value: percentile(sample.lat, 95), unit: 'ms', target: 150, better: 'lower' },
        { metric: 'main-side cpu (browser host, % of one core)', value: hostCpu, unit: '%', target: 35, better: 'lower' },
        { metric: 'sandbox exchange process cpu (context)', value: exchangeCpu, unit: '%', target: null, better: 'lower' },
        { metric: 'page main-thread busy (context)', value: pageBusy * 100, unit: '%', target: null, better: 'lower' },
        { metric: 'visible row updates reaching the DOM (context)', value: rowsPerSecond, unit: 'rows/s', target: null, better: 'higher' },
      ];
    } finally {
      await browser.close();
      if (host) await stop(host.child);
      await stop(exchange.child);
      await renderer.cleanup();
    }
  },
};

async function taskDuration(cdp: { send(m: 'Performance.getMetrics'): Promise<{ metrics: { name: string; value: number }[] }> }): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

export default bench;
