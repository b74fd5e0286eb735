/**
 * The built `signet scan` (out/cli/signet.js with out/cli/scan-worker.js beside it) as a child process: a large scan
 * runs in worker threads loaded from the bundle, and `exec signet scan --staged .` as a real git pre-commit hook
 * refuses a commit that stages a vault secret and lets a clean one through.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, ROOT } from './built-cli';
import type { ScanSummary } from '../../../src-main/contract/scan';

const PASSPHRASE = 'granite puzzle orchard velvet 314';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

describe('built signet scan', () => {
  let home: string;
  const env = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, SIGNET_HOME: join(home, 'signet'), SIGNET_PASSPHRASE: PASSPHRASE });
  const signet = (args: string[], cwd = home) => spawnSync(process.execPath, [CLI, ...args], { cwd, env: env(), encoding: 'utf8', input: '', timeout: 60_000 });

  beforeAll(() => {
    ensureBuilt();
    home = mkdtempSync(join(tmpdir(), 'signet-scan-built-'));
    expect(signet(['vault', 'init', '--no-os-slot', '--no-sandbox-key']).status).toBe(0);
    const add = spawnSync(process.execPath, [CLI, 'vault', 'add', '--label', 'Binance main', '--provider', 'binance', '--env', 'prod', '--credentials', '-'], {
      env: env(),
      encoding: 'utf8',
      input: JSON.stringify({ apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A', secret: SECRET }),
    });
    expect(add.status, add.stderr).toBe(0);
  }, 60_000);
  afterAll(() => {
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('scans a large tree in worker threads loaded from the bundle', () => {
    const tree = join(home, 'tree');
    for (let i = 0; i < 300; i++) {
      mkdirSync(join(tree, `d${i % 10}`), { recursive: true });
      writeFileSync(join(tree, `d${i % 10}`, `f${i}.txt`), i % 100 === 0 ? `k=${Buffer.from(SECRET).toString('base64')}\n` : `clean line ${i}\n`);
    }
    const r = signet(['scan', tree, '--json']);
    expect(r.status, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as { summary: ScanSummary };
    expect(out.summary).toMatchObject({ files: 300, findings: 3 });
    expect(out.summary.workers).toBeGreaterThan(0);
    expect(r.stdout).not.toContain(SECRET);
  });

  it('keeps a process alive while its workers scan, in a script that only awaits the scan', () => {
    const tree = join(home, 'tree2');
    for (let i = 0; i < 200; i++) {
      mkdirSync(join(tree, `d${i % 5}`), { recursive: true });
      writeFileSync(join(tree, `d${i % 5}`, `f${i}.txt`), i === 7 ? 'AWS=AKIAZ3MHQW5RTX7KL2PA\n' : `clean ${i}\n`);
    }
    const src = (p: string) => JSON.stringify(pathToFileURL(join(ROOT, p)).href);
    const script = [
      `import { ScanService } from ${src('src-main/scan/scan-service.ts')};`,
      `import { scanWorkerNextTo } from ${src('src-main/scan/scan-pool.ts')};`,
      `const service = new ScanService({ vault: {}, worker: scanWorkerNextTo(${src('src-main/cli/run.ts')}), workers: 2 });`,
      `const report = await service.run({ roots: [${JSON.stringify(tree)}], vault: false });`,
      'console.log(JSON.stringify(report.summary));',
      'await service.close();',
    ].join('\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout) as ScanSummary).toMatchObject({ files: 200, findings: 1, workers: 2 });
  });

  it('as a pre-commit hook, refuses a commit that stages a secret and lets a clean one through', () => {
    const repo = join(home, 'repo');
    mkdirSync(repo);
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, env: env(), encoding: 'utf8' });
    execFileSync('git', ['init', '-q'], { cwd: repo });
    const hook = join(repo, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} scan --staged .\n`);
    chmodSync(hook, 0o755);

    writeFileSync(join(repo, 'app.env'), `BINANCE_SECRET=${SECRET}\n`);
    git('add', 'app.env');
    const refused = git('commit', '-qm', 'leak');
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/Binance main \(secret, text\)/);
    expect(refused.stdout + refused.stderr).not.toContain(SECRET);
    expect(git('rev-parse', '--verify', 'HEAD').status).not.toBe(0);

    writeFileSync(join(repo, 'app.env'), 'BINANCE_SECRET=\n');
    git('add', 'app.env');
    const clean = git('commit', '-qm', 'clean');
    expect(clean.status, clean.stderr).toBe(0);
    expect(git('rev-parse', '--verify', 'HEAD').status).toBe(0);
  });
});
