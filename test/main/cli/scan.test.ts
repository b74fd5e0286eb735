/**
 * `signet scan` end to end, in-process: a real vault made with `vault init` / `vault add`, real folders and a real git
 * repository; exit codes 0 (clean), 1 (found), 2 (could not run); the table and --json; and never a secret in what
 * the command prints, in any encoding.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScanFinding, ScanSummary } from '../../../src-main/contract/scan';
import { runCli, tempHome, type CliResult } from './run-cli';

const BINANCE = {
  apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A',
  secret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j',
};
const KRAKEN = { apiKey: 'KRK-KEY-0002-wxyz-4242', secret: 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==' };

let home: string;
let cleanup: () => void;
let work: string;

beforeEach(async () => {
  ({ home, cleanup } = tempHome());
  work = join(home, 'work');
  mkdirSync(work);
  expect((await runCli(['vault', 'init', '--no-sandbox-key'], home)).code).toBe(0);
  for (const [label, provider, creds] of [['Binance main', 'binance', BINANCE], ['Kraken dev', 'kraken', KRAKEN]] as const) {
    const r = await runCli(['vault', 'add', '--label', label, '--provider', provider, '--env', 'prod', '--credentials', '-'], home, { stdin: JSON.stringify(creds) });
    expect(r.code, r.stderr).toBe(0);
  }
});
afterEach(() => cleanup());

function forms(value: string): string[] {
  const b = Buffer.from(value);
  return [value, b.toString('base64').replace(/=+$/, ''), b.toString('base64url'), b.toString('hex'), b.toString('hex').toUpperCase(), encodeURIComponent(value)];
}

function expectNoSecret(r: CliResult): void {
  for (const s of [BINANCE.secret, KRAKEN.secret, BINANCE.apiKey, KRAKEN.apiKey]) {
    for (const f of forms(s)) {
      expect(r.stdout, `stdout holds a form of a secret`).not.toContain(f);
      expect(r.stderr, `stderr holds a form of a secret`).not.toContain(f);
      // And no 12-character piece of it either.
      for (let i = 0; i + 12 <= f.length; i += 6) expect(r.stdout + r.stderr).not.toContain(f.slice(i, i + 12));
    }
  }
}

function plantLeaks(): void {
  mkdirSync(join(work, 'src'), { recursive: true });
  writeFileSync(join(work, 'src', 'config.ts'), `export const binance = {\n  apiKey: '${BINANCE.apiKey}',\n  secret: '${BINANCE.secret.slice(0, 32)}' +\n    '${BINANCE.secret.slice(32)}',\n};\n`);
  writeFileSync(join(work, '.env.b64'), Buffer.from(`KRAKEN_SECRET=${KRAKEN.secret}\n`).toString('base64'));
  writeFileSync(join(work, 'deploy.sh'), `curl -H "X-Key: ${Buffer.from(KRAKEN.secret).toString('hex')}" https://example.test\n`);
  writeFileSync(join(work, 'aws.env'), 'AWS_ACCESS_KEY_ID=AKIAZ3MHQW5RTX7KL2PA\n');
}

describe('signet scan', () => {
  it('exits 1 and prints where, what and a masked excerpt for each finding; never a secret', async () => {
    plantLeaks();
    const r = await runCli(['scan', work], home);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^WHERE\s+FOUND\s+EXCERPT$/);
    expect(r.stdout).toMatch(/config\.ts:2:\d+\s+Binance main \(apiKey, text\)/);
    expect(r.stdout).toMatch(/config\.ts:3:\d+\s+Binance main \(secret, split\)/);
    expect(r.stdout).toMatch(/\.env\.b64:1:\d+\s+Kraken dev \(secret, base64\)/);
    expect(r.stdout).toMatch(/deploy\.sh:1:\d+\s+Kraken dev \(secret, hex\)/);
    expect(r.stdout).toMatch(/aws\.env:1:19\s+AWS access key ID/);
    expect(r.stderr).toMatch(/Scanned 4 files .*4 vault secrets looked for: 5 findings\./);
    expectNoSecret(r);
  });

  it('--json gives the summary, the findings with entry ids and the skipped files, and still no secret', async () => {
    plantLeaks();
    writeFileSync(join(work, 'blob.bin'), Buffer.from([1, 2, 0, 3]));
    const r = await runCli(['scan', work, '--json'], home);
    expect(r.code).toBe(1);
    const out = r.json<{ summary: ScanSummary; findings: ScanFinding[]; skipped: unknown[] }>();
    expect(out.summary).toMatchObject({ roots: 1, files: 4, findings: 5, skipped: 1, skippedByReason: { binary: 1 }, secrets: 4, staged: false, gitignore: true });
    const list = await runCli(['vault', 'list', '--json'], home);
    const ids = new Map(list.json<{ id: string; label: string }[]>().map((e) => [e.label, e.id]));
    expect(out.findings.filter((f) => f.kind === 'vault').map((f) => f.kind === 'vault' && f.entryId).sort()).toEqual([ids.get('Binance main'), ids.get('Binance main'), ids.get('Kraken dev'), ids.get('Kraken dev')].sort());
    expect(out.skipped).toEqual([{ path: expect.stringContaining('blob.bin'), reason: 'binary', detail: expect.any(String) }]);
    expectNoSecret(r);
  });

  it('exits 0 on a clean tree', async () => {
    writeFileSync(join(work, 'a.ts'), 'export const id = "3f2b8c1e-9d4a-4e5f-8a6b-7c9d0e1f2a3b";\n');
    const r = await runCli(['scan', work], home);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Scanned 1 file .*nothing found\./);
    expect((await runCli(['scan', work, '--json'], home)).json<{ findings: unknown[] }>().findings).toEqual([]);
  });

  it('exits 2 with one clear line for bad input: no such folder, no folder, a bad flag, not a git repository', async () => {
    for (const [args, message] of [
      [['scan', join(work, 'missing')], /There is no folder or file at .*missing\. Check the path\./],
      [['scan'], /needs at least one DIR/],
      [['scan', work, '--bogus'], /Unknown option --bogus/],
      [['scan', '--staged', work], /is not inside a git repository/],
    ] as const) {
      const r = await runCli([...args], home);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const json = await runCli(['scan', join(work, 'missing'), '--json'], home);
    expect(json.code).toBe(2);
    expect(json.json()).toEqual({ code: 'ERR_VALIDATION', message: expect.stringContaining('no folder or file') });
  });

  it('exits 2 when the vault cannot be unlocked or does not exist, and --no-vault scans without it', async () => {
    plantLeaks();
    const locked = await runCli(['scan', work], home, { env: { SIGNET_PASSPHRASE: undefined } });
    expect(locked.code).toBe(2);
    expect(locked.stderr).toMatch(/The vault is locked and this is not a terminal/);
    const wrong = await runCli(['scan', work, '--json'], home, { env: { SIGNET_PASSPHRASE: 'not the passphrase at all 123' } });
    expect(wrong.code).toBe(2);
    expect(wrong.json()).toMatchObject({ code: 'ERR_BAD_PASSPHRASE' });
    const { home: empty, cleanup: done } = tempHome();
    try {
      const none = await runCli(['scan', work], empty);
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/There is no vault at .*add --no-vault/);
      const rulesOnly = await runCli(['scan', work, '--no-vault', '--json'], empty, { env: { SIGNET_PASSPHRASE: undefined } });
      expect(rulesOnly.code).toBe(1);
      const out = rulesOnly.json<{ summary: ScanSummary; findings: ScanFinding[] }>();
      // Without the vault, the formats still see the AWS id, the Binance key and the first half of the split secret.
      expect(out.findings.map((f) => `${f.path.split('/').pop()}:${f.kind === 'rule' && f.ruleId}`)).toEqual(['aws.env:aws-access-key-id', 'config.ts:binance-api-key', 'config.ts:generic-secret']);
      expect(out.summary.secrets).toBe(0);
    } finally {
      done();
    }
  });

  it('--staged works as a pre-commit hook: it sees what is staged, not the working tree', async () => {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', ...args], { cwd: work, encoding: 'utf8' });
    git('init', '-q');
    writeFileSync(join(work, 'app.env'), `BINANCE_SECRET=${BINANCE.secret}\n`);
    git('add', 'app.env');
    writeFileSync(join(work, 'app.env'), 'BINANCE_SECRET=\n');
    writeFileSync(join(work, 'notes.txt'), KRAKEN.secret);
    const staged = await runCli(['scan', '--staged', work, '--json'], home);
    expect(staged.code).toBe(1);
    expect(staged.json<{ findings: ScanFinding[] }>().findings.map((f) => `${f.path}:${f.kind === 'vault' ? f.label : ''}`)).toEqual(['app.env:Binance main']);
    git('reset', '-q');
    const nothing = await runCli(['scan', '--staged', work], home);
    expect(nothing.code).toBe(0);
    expect(nothing.stderr).toMatch(/Scanned the staged version of 0 files/);
    expectNoSecret(staged);
  });

  it('--rules lists the known formats; --help explains the exit codes', async () => {
    const rules = await runCli(['scan', '--rules', '--json'], home);
    expect(rules.code).toBe(0);
    expect(rules.json<{ id: string }[]>().map((r) => r.id)).toEqual(['coinbase-cdp-key', 'private-key-pem', 'aws-access-key-id', 'aws-secret-access-key', 'binance-api-key', 'generic-secret']);
    const help = await runCli(['scan', '--help'], home);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('0 nothing found, 1 something found, 2 the scan could not run');
    const main = await runCli(['--help'], home);
    expect(main.stdout).toContain('signet scan DIR…');
  });
});

describe('signet scan in the audit log', () => {
  it('records each run as scan.run with its figures only: no path, no key, nothing found in it', async () => {
    plantLeaks();
    expect((await runCli(['scan', work], home)).code).toBe(1);
    const listed = await runCli(['audit', 'list', '--type', 'scan.run', '--json'], home);
    expect(listed.code, listed.stderr).toBe(0);
    const events = JSON.parse(listed.stdout) as { type: string; details: Record<string, unknown>; entry: unknown }[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'scan.run', entry: null, details: { roots: 1, findings: expect.any(Number), cancelled: false, gitignore: true, staged: false } });
    expect(events[0]!.details.findings).toBeGreaterThan(0);
    const raw = JSON.stringify(events);
    expect(raw).not.toContain(work);
    expect(raw).not.toContain('config.ts');
    expect(raw).not.toContain('Binance main');
    expectNoSecret(listed);
    // The chain still verifies with the line in it.
    expect((await runCli(['audit', 'verify'], home)).code).toBe(0);
  });
});
