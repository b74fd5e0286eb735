/**
 * The built CLI for the tests that run it as a child process (signet-built, scan-built): where it is, and a build
 * when it is missing or older than the sources (`npm test` builds first; a test file run alone builds here).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
export const CLI = join(ROOT, 'out/cli/signet.js');
/** The scan's worker threads load from this file beside the CLI. */
const SCAN_WORKER = join(ROOT, 'out/cli/scan-worker.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name);
    newest = Math.max(newest, name.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function ensureBuilt(): void {
  if (existsSync(CLI) && existsSync(SCAN_WORKER) && statSync(CLI).mtimeMs >= newestMtime(join(ROOT, 'src-main'))) return;
  const r = spawnSync('npx', ['vite', 'build', '--config', 'vite.cli.config.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`building the CLI failed:\n${r.stdout}\n${r.stderr}`);
}
