/**
 * The scan against what real trees hold: .gitignore rules (nested, negated, above the root), --staged against a real
 * git repository, binary files, a 50 MB single-line file, a match across a read window, symbolic links and a loop,
 * FIFOs, an unreadable file, a file removed mid-scan, cancelling, and the worker pool giving the same answer.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileScanner } from '../../../src-main/scan/file-scanner';
import { scanWorkerNextTo } from '../../../src-main/scan/scan-pool';
import { ScanService } from '../../../src-main/scan/scan-service';
import { searchForms, wholeForms } from '../../../src-main/scan/secret-forms';
import { buildMatcherData, VaultMatcher } from '../../../src-main/scan/vault-matcher';
import type { VaultService } from '../../../src-main/vault/vault-service';
import { useTempHomes } from '../../helpers/temp-home';
import { BINANCE, OKX, plant, scanRig } from './scan-rig';

const newDir = useTempHomes();
let vault: VaultService | undefined;
afterEach(async () => {
  if (vault?.isUnlocked()) await vault.lock();
  vault = undefined;
});

async function rig() {
  const r = await scanRig(newDir());
  vault = r.vault;
  return r;
}

const files = (report: { findings: readonly { path: string }[] }, root: string) => report.findings.map((f) => f.path.slice(root.length + 1)).sort();

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

describe('.gitignore', () => {
  it('leaves out what .gitignore files exclude, nested and negated, and --no-gitignore scans it all', async () => {
    const { scan } = await rig();
    const root = newDir();
    git(root, 'init', '-q');
    const s = BINANCE.secret;
    plant(root, {
      '.gitignore': 'node_modules/\n*.log\n/secrets.env\n!keep.log\n',
      'app.js': `k="${s}"`,
      'node_modules/pkg/index.js': s,
      'debug.log': s,
      'keep.log': s,
      'secrets.env': s,
      'sub/secrets.env': s,
      'sub/.gitignore': 'local.txt\n',
      'sub/local.txt': s,
      '.git/config.bak': s,
    });
    writeFileSync(join(root, '.git', 'info', 'exclude'), 'excluded.txt\n');
    plant(root, { 'excluded.txt': s });
    expect(files(await scan([root]), root)).toEqual(['app.js', 'keep.log', 'sub/secrets.env']);
    expect(files(await scan([root], { gitignore: false }), root)).toEqual(
      ['app.js', 'debug.log', 'excluded.txt', 'keep.log', 'node_modules/pkg/index.js', 'secrets.env', 'sub/local.txt', 'sub/secrets.env'].sort(),
    );
  });

  it('applies the repository\u2019s .gitignore files above a root inside it', async () => {
    const { scan } = await rig();
    const root = newDir();
    git(root, 'init', '-q');
    plant(root, { '.gitignore': 'generated/\n', 'pkg/generated/out.js': BINANCE.secret, 'pkg/src/a.js': BINANCE.secret });
    const report = await scan([join(root, 'pkg')]);
    expect(files(report, join(root, 'pkg'))).toEqual(['src/a.js']);
  });
});

describe('--staged', () => {
  it('scans the staged blobs, not the working tree', async () => {
    const { scan, ids } = await rig();
    const repo = newDir();
    git(repo, 'init', '-q');
    plant(repo, { 'clean.txt': 'nothing here\n', 'later.txt': 'fine\n' });
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'first');
    // Staged: a secret; then the working tree is cleaned without `git add`.
    plant(repo, { 'config/app.env': `SECRET=${BINANCE.secret}\n`, 'sub dir/with space.txt': `p=${OKX.passphrase}\n` });
    git(repo, 'add', '.');
    plant(repo, { 'config/app.env': 'SECRET=\n' });
    // Unstaged: a secret in the working tree only.
    plant(repo, { 'later.txt': `later ${BINANCE.secret}\n`, 'untracked.txt': BINANCE.secret });
    const report = await scan([repo], { staged: true });
    expect(report.findings.map((f) => `${f.path}:${f.line}:${f.kind === 'vault' ? f.entryId : ''}`).sort()).toEqual([`config/app.env:1:${ids.binance}`, `sub dir/with space.txt:1:${ids.okx}`]);
    expect(report.summary).toMatchObject({ staged: true, files: 2 });
    // Only what is under the root: a root below the repository's top scans its own staged files.
    const sub = await scan([join(repo, 'config')], { staged: true });
    expect(sub.findings.map((f) => f.path)).toEqual(['config/app.env']);
  });

  it('refuses a folder that is not in a git repository, naming it', async () => {
    const { scan } = await rig();
    const dir = newDir();
    await expect(scan([dir], { staged: true })).rejects.toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringContaining('not inside a git repository') });
  });

  it('skips a staged symbolic link, and does not report a deleted file', async () => {
    const { scan } = await rig();
    const repo = newDir();
    git(repo, 'init', '-q');
    plant(repo, { 'gone.txt': BINANCE.secret });
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'first');
    git(repo, 'rm', '-q', 'gone.txt');
    symlinkSync('/etc/passwd', join(repo, 'link'));
    git(repo, 'add', 'link');
    const report = await scan([repo], { staged: true });
    expect(report.findings).toEqual([]);
    expect(report.skipped).toEqual([{ path: 'link', reason: 'symlink', detail: expect.any(String), root: 0 }]);
  });
});

describe('files that are hard to read', () => {
  it('skips binary files and counts them', async () => {
    const { scan } = await rig();
    const root = newDir();
    plant(root, { 'image.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), Buffer.from(BINANCE.secret)]), 'a.txt': BINANCE.secret });
    const report = await scan([root]);
    expect(files(report, root)).toEqual(['a.txt']);
    expect(report.summary.skippedByReason).toEqual({ binary: 1 });
    expect(report.skipped).toEqual([expect.objectContaining({ reason: 'binary', path: expect.stringContaining('image.png') })]);
  });

  it('scans a 50 MB single-line file in bounded memory, with a short excerpt and the right column', async () => {
    const { scan } = await rig();
    const root = newDir();
    const at = 31 * 1024 * 1024 + 5;
    const line = Buffer.alloc(50 * 1024 * 1024, 'a=1;');
    line.write(`"secret":"${BINANCE.secret}"`, at);
    writeFileSync(join(root, 'bundle.min.js'), line);
    const before = process.memoryUsage().rss;
    const t = performance.now();
    const report = await scan([root]);
    const ms = performance.now() - t;
    const [f] = report.findings;
    expect(report.findings).toHaveLength(1);
    expect(f).toMatchObject({ line: 1, column: at + 11, kind: 'vault' });
    expect(f!.excerpt.length).toBeLessThan(100);
    // Read whole, the file alone would take 50 MB as bytes and 50 more as the rules' text; in 1 MB windows the
    // process grows by ≈ 50 MB of V8 and allocator slack whatever the file's size (measured 52 MB alone, up to 87 MB
    // beside another test run).
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    expect(ms).toBeLessThan(15_000);
  });

  it('finds a secret that straddles two read windows, once, and counts lines across windows', () => {
    const secrets = [BINANCE.secret];
    const matcher = new VaultMatcher(buildMatcherData(secrets.map(searchForms), secrets.map(wholeForms)));
    const scanner = new FileScanner(matcher, [{ entryId: 'e', label: 'L', field: 'secret', slot: 'current' }], { chunkSize: 64 * 1024 });
    for (const offset of [64 * 1024 - 30, 64 * 1024 + 16_000, 3 * 64 * 1024 + 1000]) {
      const lines = 'x\n'.repeat(Math.floor(offset / 2));
      const data = Buffer.from(`${lines}${BINANCE.secret}\n${'tail '.repeat(40_000)}`);
      const o = scanner.scanBytes(data, 'f');
      expect(o.status).toBe('scanned');
      if (o.status !== 'scanned') return;
      expect(o.findings.map((f) => [f.line, f.column])).toEqual([[Math.floor(offset / 2) + 1, 1]]);
    }
  });

  it('does not follow symbolic links (a loop included), skips FIFOs, and keeps going', async () => {
    const { scan } = await rig();
    const root = newDir();
    const outside = newDir();
    plant(root, { 'a/real.txt': BINANCE.secret });
    plant(outside, { 'elsewhere.txt': BINANCE.secret });
    symlinkSync('..', join(root, 'a', 'loop'));
    symlinkSync(outside, join(root, 'out'));
    symlinkSync(join(root, 'a', 'real.txt'), join(root, 'file-link.txt'));
    execFileSync('mkfifo', [join(root, 'pipe')]);
    const report = await scan([root]);
    expect(files(report, root)).toEqual(['a/real.txt']);
    expect(report.summary.skippedByReason).toEqual({ symlink: 3, 'not-a-file': 1 });
  });

  it('reports an unreadable file as skipped with its reason and scans the rest', async () => {
    const { scan } = await rig();
    const root = newDir();
    plant(root, { 'locked.txt': BINANCE.secret, 'open.txt': BINANCE.secret });
    chmodSync(join(root, 'locked.txt'), 0o000);
    try {
      const report = await scan([root]);
      if (process.getuid?.() === 0) {
        // root reads a 0000 file anyway: it is scanned, as it would be by any tool running as root.
        expect(files(report, root)).toEqual(['locked.txt', 'open.txt']);
      } else {
        expect(files(report, root)).toEqual(['open.txt']);
        expect(report.skipped).toEqual([expect.objectContaining({ reason: 'unreadable', detail: 'permission denied' })]);
      }
    } finally {
      chmodSync(join(root, 'locked.txt'), 0o600);
    }
  });

  it('reports a file removed during the scan as vanished, and a directory that cannot be listed as unreadable', async () => {
    const { service } = await rig();
    const root = newDir();
    plant(root, { 'a.txt': 'first', 'b.txt': BINANCE.secret, 'c.txt': BINANCE.secret });
    let removed = false;
    const report = await service.run({
      roots: [root],
      progressMs: 0,
      onProgress: () => {
        if (removed) return;
        removed = true;
        rmSync(join(root, 'b.txt'));
      },
    });
    expect(files(report, root)).toEqual(['c.txt']);
    expect(report.skipped).toEqual([expect.objectContaining({ path: expect.stringContaining('b.txt'), reason: 'vanished' })]);
  });

  it('stops when cancelled and says so', async () => {
    const { service } = await rig();
    const root = newDir();
    plant(root, Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${String(i).padStart(2, '0')}.txt`, BINANCE.secret])));
    const abort = new AbortController();
    const report = await service.run({ roots: [root], signal: abort.signal, progressMs: 0, onProgress: (p) => p.files >= 5 && abort.abort() });
    expect(report.summary.cancelled).toBe(true);
    expect(report.summary.files).toBe(5);
  });
});

describe('the worker pool', () => {
  it('finds exactly what the calling thread finds, in the same order', async () => {
    const { vault: v } = await rig();
    const root = newDir();
    const content: Record<string, string> = {};
    for (let i = 0; i < 300; i++) content[`d${i % 7}/f${i}.txt`] = i % 37 === 0 ? `line\nSECRET=${BINANCE.secret}\n` : i % 53 === 0 ? `AKIAZ3MHQW5RTX7KL2P${i % 10}\n` : `clean ${i}\n`;
    mkdirSync(root, { recursive: true });
    plant(root, content);
    const inThread = await new ScanService({ vault: v }).run({ roots: [root] });
    const pooled = await new ScanService({ vault: v, worker: scanWorkerNextTo(new URL('../../../src-main/cli/run.ts', import.meta.url).href), workers: 2 }).run({ roots: [root] });
    expect(pooled.findings).toEqual(inThread.findings);
    expect(pooled.summary).toMatchObject({ files: 300, workers: 2 });
    expect(inThread.summary.workers).toBe(0);
    // 9 files with the vault secret; 4 AWS ids (the 5th ends in a 9, not base32, so it is no AWS id).
    expect(inThread.findings.length).toBe(9 + 4);
  });
});
