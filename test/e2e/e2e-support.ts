/**
 * Shared E2E plumbing: a fresh renderer build (so a test never runs against a stale out/renderer), Chromium via
 * playwright-core at /usr/bin/chromium, and screenshot paths under test-results/.
 * Without Chromium: with CI=true that is a failure; elsewhere the browser tests skip with a loud warning.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');
/** Cheap scrypt for tests; production uses N = 2^17. */
export const FAST_KDF = { N: 2 ** 14, r: 8, p: 1 };

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

/** True when the browser tests can run; throws under CI when they cannot. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: install the chromium package (.ci/run does).`);
  process.stderr.write(`\n\n!!!!!!!!!!\n!!! ${CHROMIUM} is missing: the browser E2E tests are SKIPPED. Install chromium to run them.\n!!!!!!!!!!\n\n`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Builds the renderer (same root and plugins as electron.vite.config.ts) into a temp dir; returns it and a cleanup. */
export async function buildRenderer(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'signet-e2e-renderer-'));
  await build({
    configFile: false,
    root: join(REPO_ROOT, 'src-renderer'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir: dir, emptyOutDir: true, minify: false, reportCompressedSize: false },
  });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function screenshotPath(name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return join(SCREENSHOT_DIR, `${name}.png`);
}

/**
 * The end of a test with a page and a host of its own: its page showed no error (each test's page is checked, so
 * errors cannot pile up for a later test), then both are closed, whatever the check said.
 */
export async function finishTest(pageErrors: readonly string[] | undefined, context: BrowserContext | undefined, host: { close(): Promise<void> } | undefined): Promise<void> {
  try {
    expect(pageErrors).toEqual([]);
  } finally {
    await context?.close();
    await host?.close();
  }
}

/** A page in a fresh context (1280×800, dark), recording what the bridge sent to it and every page error. */
export async function openPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; framesToPage: string[]; pageErrors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  context.setDefaultTimeout(8000);
  const page = await context.newPage();
  const framesToPage: string[] = [];
  const pageErrors: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => framesToPage.push(String(f.payload))));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  return { context, page, framesToPage, pageErrors };
}
