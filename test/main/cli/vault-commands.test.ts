/** The `signet vault` commands end to end, in-process: real vault files, real crypto, real stdin/stdout text. */
import { readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EntryDetail, EntrySummary, VaultStatus } from '../../../src-main/contract/schemas';
import { PASSPHRASE, runCli, tamperSealedBlob, tempHome } from './run-cli';

const BINANCE = { apiKey: 'BNB-KEY-0001-abcd', secret: 'binance-secret-value-XYZ' };
const KRAKEN = { apiKey: 'KRK-KEY-0002-wxyz', secret: 'a3Jha2VuLXNlY3JldC12YWx1ZQ==' };
const BACKUP_PASSPHRASE = 'lantern pickle voyage drizzle 77';

let home: string;
let cleanup: () => void;

beforeEach(() => {
  ({ home, cleanup } = tempHome());
});
afterEach(() => cleanup());

function credsFile(name: string, value: unknown): string {
  const p = join(home, name);
  writeFileSync(p, JSON.stringify(value));
  return p;
}

async function initAndAdd(): Promise<void> {
  expect((await runCli(['vault', 'init'], home)).code).toBe(0);
  const fromFile = await runCli(
    ['vault', 'add', '--label', 'Binance main', '--provider', 'binance', '--env', 'prod', '--scopes', 'read,trade', '--tags', 'main,spot', '--expires', '2031-06-30', '--credentials', credsFile('binance.json', BINANCE)],
    home,
  );
  expect(fromFile.code, fromFile.stderr).toBe(0);
  const fromStdin = await runCli(['vault', 'add', '--label', 'Kraken dev', '--provider', 'kraken', '--env', 'dev', '--credentials', '-'], home, {
    stdin: JSON.stringify(KRAKEN),
  });
  expect(fromStdin.code, fromStdin.stderr).toBe(0);
}

describe('signet vault init', () => {
  it('creates a 0600 vault with a passphrase slot and a sandbox key', async () => {
    const r = await runCli(['vault', 'init', '--json'], home);
    expect(r.code, r.stderr).toBe(0);
    const status = r.json<VaultStatus>();
    expect(status.exists).toBe(true);
    expect(status.slots.map((s) => s.kind)).toEqual(['passphrase']);
    expect(status.entryCount).toBe(1);
    const file = join(home, 'vault.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Nothing secret in the clear on disk.
    expect(readFileSync(file, 'utf8')).not.toContain('Sandbox');
  });

  it('--no-sandbox-key creates an empty vault', async () => {
    expect((await runCli(['vault', 'init', '--no-sandbox-key'], home)).code).toBe(0);
    const list = await runCli(['vault', 'list', '--json'], home);
    expect(list.json()).toEqual([]);
  });

  it('refuses to touch an existing vault (exit 1, file unchanged)', async () => {
    expect((await runCli(['vault', 'init'], home)).code).toBe(0);
    const before = readFileSync(join(home, 'vault.json'));
    const r = await runCli(['vault', 'init'], home, { env: { SIGNET_PASSPHRASE: 'another strong passphrase for sure 9' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already exists .*left untouched/);
    expect(readFileSync(join(home, 'vault.json')).equals(before)).toBe(true);
  });

  it('refuses a weak passphrase with the strength hint (exit 2) and writes nothing', async () => {
    const r = await runCli(['vault', 'init'], home, { env: { SIGNET_PASSPHRASE: 'password1' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SIGNET_PASSPHRASE is too weak .*(very weak|weak).*: /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(home, 'vault.json'))).toBe(false);
  });

  it('without SIGNET_PASSPHRASE and no terminal, says how to give one (exit 2)', async () => {
    const r = await runCli(['vault', 'init'], home, { env: { SIGNET_PASSPHRASE: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SIGNET_PASSPHRASE.*terminal/);
    expect(existsSync(join(home, 'vault.json'))).toBe(false);
  });
});

describe('signet vault add / list / show', () => {
  it('adds from a file and from stdin, and lists them as a table and as JSON', async () => {
    await initAndAdd();
    const human = await runCli(['vault', 'list'], home);
    expect(human.code).toBe(0);
    const lines = human.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+LABEL\s+PROVIDER\s+ENV\s+KEY\s+EXPIRES\s+TAGS\s+ROTATION$/);
    expect(lines).toHaveLength(4);
    const binance = lines.find((l) => l.includes('Binance main'))!;
    expect(binance).toMatch(/binance\s+PROD\s+••••abcd\s+2031-06-30\s+main,spot/);
    expect(lines.find((l) => l.includes('Kraken dev'))).toMatch(/kraken\s+dev\s+••••wxyz/);
    // Columns line up: every row starts its LABEL where the header does.
    const labelCol = lines[0]!.indexOf('LABEL');
    for (const l of lines.slice(1)) expect(l[labelCol - 1]).toBe(' ');
    // No colour codes when stdout is not a terminal.
    expect(human.stdout).not.toContain('\u001b[');
    // No secret anywhere in the listing.
    expect(human.stdout).not.toContain(BINANCE.secret);
    expect(human.stdout).not.toContain(BINANCE.apiKey);

    const json = await runCli(['vault', 'list', '--json'], home);
    const rows = json.json<EntrySummary[]>();
    expect(rows.map((r) => r.label)).toEqual(['Binance main', 'Kraken dev', 'Sandbox (local)']);
    const b = rows.find((r) => r.label === 'Binance main')!;
    expect(b).toMatchObject({ provider: 'binance', environment: 'prod', scopes: ['read', 'trade'], tags: ['main', 'spot'], expiresAt: '2031-06-30T23:59:59.999Z' });
    expect(json.stdout).not.toContain(BINANCE.secret);
  });

  it('flags each key’s rotation state: ok, due in N d, overdue N d, expired (ROTATION column and --json)', async () => {
    await initAndAdd();
    const rowOf = async (label: string) => (await runCli(['vault', 'list'], home)).stdout.split('\n').find((l) => l.includes(label))!;
    const jsonOf = async (label: string) => (await runCli(['vault', 'list', '--json'], home)).json<(EntrySummary & { rotation: { status: string; dueAt: string } })[]>().find((r) => r.label === label)!;
    expect(await rowOf('Binance main')).toMatch(/main,spot\s+ok$/);
    expect((await jsonOf('Binance main')).rotation).toMatchObject({ status: 'ok' });
    // Only Date moves (the keys were created now): prod keys are due every 90 days, dev keys every 365.
    const DAY = 86_400_000;
    const created = Date.now();
    try {
      vi.useFakeTimers({ toFake: ['Date'], now: created + 80 * DAY });
      expect(await rowOf('Binance main')).toMatch(/main,spot\s+due in 10 d$/);
      expect((await jsonOf('Binance main')).rotation).toMatchObject({ status: 'due-soon' });
      vi.setSystemTime(created + 100 * DAY);
      expect(await rowOf('Binance main')).toMatch(/\s+overdue 10 d$/);
      expect(await rowOf('Kraken dev')).toMatch(/\s+ok$/);
      expect((await jsonOf('Binance main')).rotation).toMatchObject({ status: 'overdue' });
      vi.setSystemTime(Date.parse('2031-07-01T00:00:00Z'));
      expect(await rowOf('Binance main')).toMatch(/\s+expired$/);
      expect((await jsonOf('Binance main')).rotation).toMatchObject({ status: 'expired' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows a key’s own base URL beside its provider in the listing (issue 9, item 1)', async () => {
    await initAndAdd();
    const file = join(home, 'custom.json');
    writeFileSync(file, JSON.stringify({ apiKey: 'own-api-key-1', secret: 'own-secret-0123456789' }));
    expect((await runCli(['vault', 'add', '--label', 'Own API', '--provider', 'custom', '--env', 'dev', '--base-url', 'http://127.0.0.1:8080', '--credentials', file], home)).code).toBe(0);
    expect((await runCli(['vault', 'add', '--label', 'Binance alt', '--provider', 'binance', '--env', 'dev', '--base-url', 'https://api1.binance.com', '--credentials', file], home)).code).toBe(0);
    const lines = (await runCli(['vault', 'list'], home)).stdout.split('\n');
    expect(lines.find((l) => l.includes('Own API'))).toMatch(/custom → http:\/\/127\.0\.0\.1:8080\s+dev/);
    expect(lines.find((l) => l.includes('Binance alt'))).toMatch(/binance → api1\.binance\.com\s+dev/);
    expect(lines.find((l) => l.includes('Kraken dev'))).toMatch(/kraken\s+dev/);
  });

  it('colours only on a terminal, and never with NO_COLOR', async () => {
    await initAndAdd();
    const tty = await runCli(['vault', 'list'], home, { isTTY: true });
    expect(tty.stdout).toContain('\u001b[31m');
    expect(tty.stdout).toMatch(/PROD/);
    const noColor = await runCli(['vault', 'list'], home, { isTTY: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain('\u001b[');
    // eslint-disable-next-line no-control-regex
    const stripped = tty.stdout.replace(/\u001b\[\d+m/g, '');
    expect(noColor.stdout).toBe(stripped);
  });

  it('filters by provider, environment, tag and search', async () => {
    await initAndAdd();
    const labels = async (...args: string[]) => (await runCli(['vault', 'list', '--json', ...args], home)).json<EntrySummary[]>().map((r) => r.label);
    expect(await labels('--provider', 'kraken')).toEqual(['Kraken dev']);
    expect(await labels('--env', 'prod')).toEqual(['Binance main']);
    expect(await labels('--tag', 'sandbox')).toEqual(['Sandbox (local)']);
    expect(await labels('--search', 'spot')).toEqual(['Binance main']);
    const none = await runCli(['vault', 'list', '--search', 'nothing-matches-this'], home);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('No keys match.');
  });

  it('show masks secrets unless --reveal, by label, id or id prefix', async () => {
    await initAndAdd();
    const masked = await runCli(['vault', 'show', 'binance main'], home);
    expect(masked.code, masked.stderr).toBe(0);
    expect(masked.stdout).toMatch(/Environment:\s+PROD/);
    expect(masked.stdout).toMatch(/apiKey\s+••••abcd/);
    expect(masked.stdout).toMatch(/secret\s+••••••••/);
    expect(masked.stdout).not.toContain(BINANCE.secret);
    expect(masked.stdout).not.toContain(BINANCE.apiKey);

    const id = (await runCli(['vault', 'list', '--json', '--provider', 'binance'], home)).json<EntrySummary[]>()[0]!.id;
    const byPrefix = await runCli(['vault', 'show', id.slice(0, 8), '--json'], home);
    const detail = byPrefix.json<EntryDetail & { revealed?: unknown }>();
    expect(detail.id).toBe(id);
    expect(detail.revealed).toBeUndefined();
    expect(byPrefix.stdout).not.toContain(BINANCE.secret);

    const revealed = await runCli(['vault', 'show', id, '--reveal'], home);
    expect(revealed.stdout).toMatch(new RegExp(`secret\\s+${BINANCE.secret}`));
    const revealedJson = await runCli(['vault', 'show', 'Binance main', '--reveal', '--json'], home);
    expect(revealedJson.json<{ revealed: Record<string, string> }>().revealed).toEqual(BINANCE);
    // Revealing counts as a use of the key and is recorded in the vault.
    const after = (await runCli(['vault', 'show', id, '--json'], home)).json<EntryDetail>();
    expect(after.lastUsedAt).not.toBeNull();
  });
});

describe('signet vault rm', () => {
  it('without a terminal and without --yes refuses (exit 2) and keeps the key', async () => {
    await initAndAdd();
    const r = await runCli(['vault', 'rm', 'Kraken dev'], home);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/without confirmation.*--yes/);
    expect((await runCli(['vault', 'list', '--json'], home)).json<EntrySummary[]>()).toHaveLength(3);
  });

  it('asks on a terminal: "n" keeps the key (exit 1), "y" deletes it', async () => {
    await initAndAdd();
    const no = await runCli(['vault', 'rm', 'Binance main'], home, { isTTY: true, stdin: 'n\n', env: { NO_COLOR: '1' } });
    expect(no.code).toBe(1);
    expect(no.stderr).toMatch(/Delete "Binance main" \(binance, PROD, [0-9a-f]{8}\)\? This cannot be undone\. This is a PROD key\. \[y\/N\]/);
    expect(no.stderr).toMatch(/Nothing was deleted/);
    expect((await runCli(['vault', 'list', '--json'], home)).json<EntrySummary[]>()).toHaveLength(3);

    const yes = await runCli(['vault', 'rm', 'Binance main'], home, { isTTY: true, stdin: 'y\n' });
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(/Deleted "Binance main"/);
    expect((await runCli(['vault', 'list', '--json'], home)).json<EntrySummary[]>().map((e) => e.label)).toEqual(['Kraken dev', 'Sandbox (local)']);
  });

  it('--yes deletes without asking; --json reports the id', async () => {
    await initAndAdd();
    const r = await runCli(['vault', 'rm', 'Kraken dev', '--yes', '--json'], home);
    expect(r.code).toBe(0);
    expect(r.json<{ removed: string; label: string }>().label).toBe('Kraken dev');
    const again = await runCli(['vault', 'rm', 'Kraken dev', '--yes'], home);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/No key with the id or label "Kraken dev"/);
  });
});

describe('signet vault export / import', () => {
  it('round-trips through an encrypted backup; --dry-run lists what would be added and what conflicts, and changes nothing', async () => {
    await initAndAdd();
    const backup = join(home, 'backup.json');
    const exp = await runCli(['vault', 'export', '--out', backup, '--json'], home, { env: { SIGNET_BACKUP_PASSPHRASE: BACKUP_PASSPHRASE } });
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.json()).toEqual({ path: backup, entryCount: 3 });
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    const text = readFileSync(backup, 'utf8');
    expect(text).not.toContain(BINANCE.secret);
    expect(text).not.toContain('Binance main');

    // A second vault that already has its own "Binance main" (and its own sandbox key).
    const other = tempHome();
    try {
      expect((await runCli(['vault', 'init'], other.home)).code).toBe(0);
      const otherCreds = join(other.home, 'c.json');
      writeFileSync(otherCreds, JSON.stringify({ apiKey: 'OTHER-KEY-9999', secret: 'other-secret' }));
      expect((await runCli(['vault', 'add', '--label', 'Binance main', '--provider', 'binance', '--env', 'test', '--credentials', otherCreds], other.home)).code).toBe(0);
      const vaultFile = join(other.home, 'vault.json');
      const before = readFileSync(vaultFile);

      const env = { SIGNET_BACKUP_PASSPHRASE: BACKUP_PASSPHRASE };
      const dry = await runCli(['vault', 'import', backup, '--dry-run', '--json'], other.home, { env });
      expect(dry.code, dry.stderr).toBe(0);
      const preview = dry.json<{ dryRun: boolean; entryCount: number; added: { label: string }[]; conflicts: { label: string; reason: string }[] }>();
      expect(preview.dryRun).toBe(true);
      expect(preview.entryCount).toBe(3);
      expect(preview.added.map((a) => a.label)).toEqual(['Kraken dev']);
      expect(preview.conflicts.map((c) => [c.label, c.reason]).sort()).toEqual([
        ['Binance main', 'same-label'],
        ['Sandbox (local)', 'same-label'],
      ]);
      const dryHuman = await runCli(['vault', 'import', backup, '--dry-run'], other.home, { env });
      expect(dryHuman.stdout).toMatch(/Would add \(1\):/);
      expect(dryHuman.stdout).toMatch(/Kraken dev\s+kraken\s+dev/);
      expect(dryHuman.stdout).toMatch(/Conflicts \(2\)/);
      expect(dryHuman.stdout).toMatch(/Binance main: a key with this label exists/);
      expect(dryHuman.stdout).toMatch(/Dry run: nothing was imported\./);
      expect(readFileSync(vaultFile).equals(before)).toBe(true);

      const applied = await runCli(['vault', 'import', backup, '--on-conflict', 'keep-both', '--json'], other.home, { env });
      expect(applied.code, applied.stderr).toBe(0);
      const result = applied.json<{ dryRun: boolean; added: string[]; renamed: string[]; replaced: string[]; skipped: string[] }>();
      expect(result).toMatchObject({ dryRun: false, added: ['Kraken dev'], replaced: [], skipped: [] });
      expect(result.renamed.sort()).toEqual(['Binance main (imported)', 'Sandbox (local) (imported)']);
      const imported = await runCli(['vault', 'show', 'Binance main (imported)', '--reveal', '--json'], other.home);
      expect(imported.json<{ revealed: unknown; environment: string }>()).toMatchObject({ revealed: BINANCE, environment: 'prod' });
    } finally {
      other.cleanup();
    }
  });

  it('a wrong backup passphrase or a tampered backup imports nothing (exit 1)', async () => {
    await initAndAdd();
    const backup = join(home, 'backup.json');
    expect((await runCli(['vault', 'export', '--out', backup], home, { env: { SIGNET_BACKUP_PASSPHRASE: BACKUP_PASSPHRASE } })).code).toBe(0);
    const other = tempHome();
    try {
      expect((await runCli(['vault', 'init', '--no-sandbox-key'], other.home)).code).toBe(0);
      const before = readFileSync(join(other.home, 'vault.json'));
      const wrong = await runCli(['vault', 'import', backup], other.home, { env: { SIGNET_BACKUP_PASSPHRASE: 'not the right one at all 11' } });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/passphrase does not open this backup\. Nothing was imported/);

      writeFileSync(backup, tamperSealedBlob(readFileSync(backup, 'utf8')));
      const tampered = await runCli(['vault', 'import', backup, '--json'], other.home, { env: { SIGNET_BACKUP_PASSPHRASE: BACKUP_PASSPHRASE } });
      expect(tampered.code).toBe(1);
      expect(tampered.json<{ code: string }>().code).toBe('ERR_BACKUP_INVALID');
      expect(readFileSync(join(other.home, 'vault.json')).equals(before)).toBe(true);
    } finally {
      other.cleanup();
    }
  });

  it('export refuses to overwrite a file unless --force, and a weak backup passphrase', async () => {
    await initAndAdd();
    const backup = join(home, 'exists.json');
    writeFileSync(backup, 'keep me');
    const env = { SIGNET_BACKUP_PASSPHRASE: BACKUP_PASSPHRASE };
    const r = await runCli(['vault', 'export', '--out', backup], home, { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already exists.*--force/);
    expect(readFileSync(backup, 'utf8')).toBe('keep me');
    const weak = await runCli(['vault', 'export', '--out', join(home, 'new.json')], home, { env: { SIGNET_BACKUP_PASSPHRASE: 'abc' } });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/SIGNET_BACKUP_PASSPHRASE is too weak/);
    expect(existsSync(join(home, 'new.json'))).toBe(false);
    const forced = await runCli(['vault', 'export', '--out', backup, '--force'], home, { env });
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(backup, 'utf8')).toContain('signet-vault');
  });
});

describe('signet vault status / passwd', () => {
  it('status works without unlocking and without a vault', async () => {
    const none = await runCli(['vault', 'status', '--json'], home, { env: { SIGNET_PASSPHRASE: undefined } });
    expect(none.code).toBe(0);
    expect(none.json<VaultStatus>()).toMatchObject({ exists: false, locked: true });
    await initAndAdd();
    const human = await runCli(['vault', 'status'], home, { env: { SIGNET_PASSPHRASE: undefined } });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Vault:\s+.*vault\.json/);
    expect(human.stdout).toMatch(/OS keyring:\s+not usable/);
    expect(human.stdout).toMatch(/Unlocks with:\s+passphrase/);
  });

  it('passwd replaces the passphrase: the old one stops working, the new one works', async () => {
    await initAndAdd();
    const next = 'quiet harbor tangerine meadow 5';
    const r = await runCli(['vault', 'passwd'], home, { env: { SIGNET_NEW_PASSPHRASE: next } });
    expect(r.code, r.stderr).toBe(0);
    const old = await runCli(['vault', 'list'], home);
    expect(old.code).toBe(1);
    const ok = await runCli(['vault', 'list', '--json'], home, { env: { SIGNET_PASSPHRASE: next } });
    expect(ok.code).toBe(0);
    expect(ok.json<unknown[]>()).toHaveLength(3);
  });

  it('os-slot add without an OS keyring fails with the reason (exit 1) and changes nothing', async () => {
    await initAndAdd();
    const before = readFileSync(join(home, 'vault.json'));
    const r = await runCli(['vault', 'os-slot', 'add', '--json'], home);
    expect(r.code).toBe(1);
    expect(r.json<{ code: string }>().code).toBe('ERR_OS_SLOT_UNAVAILABLE');
    expect(readFileSync(join(home, 'vault.json')).equals(before)).toBe(true);
  });
});

describe('unlocking', () => {
  it('on a terminal without SIGNET_PASSPHRASE, asks for the passphrase with hidden input', async () => {
    await initAndAdd();
    const r = await runCli(['vault', 'list', '--json'], home, { env: { SIGNET_PASSPHRASE: undefined }, isTTY: true, stdin: `${PASSPHRASE}\n` });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json<unknown[]>()).toHaveLength(3);
    expect(r.stderr).toContain('Vault passphrase: ');
    expect(r.stderr).not.toContain(PASSPHRASE);
  });

  it('on a terminal, credentials on stdin leave no way to prompt: says to use SIGNET_PASSPHRASE or a file', async () => {
    await initAndAdd();
    const r = await runCli(['vault', 'add', '--label', 'More', '--provider', 'kraken', '--env', 'dev', '--credentials', '-'], home, {
      env: { SIGNET_PASSPHRASE: undefined },
      isTTY: true,
      stdin: JSON.stringify(KRAKEN),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Paste the credentials JSON/);
    expect(r.stderr).toMatch(/stdin already carried the credentials.*SIGNET_PASSPHRASE.*--credentials FILE/);
  });

  it('on a terminal, a wrong passphrase is asked again, up to three times', async () => {
    await initAndAdd();
    const retry = await runCli(['vault', 'list', '--json'], home, { env: { SIGNET_PASSPHRASE: undefined }, isTTY: true, stdin: `nope\n${PASSPHRASE}\n` });
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stderr).toMatch(/does not unlock this vault\. Try again/);
    const fail = await runCli(['vault', 'list'], home, { env: { SIGNET_PASSPHRASE: undefined }, isTTY: true, stdin: 'a\nb\nc\nd\n' });
    expect(fail.code).toBe(1);
    expect(fail.stderr.match(/Vault passphrase: /g)).toHaveLength(3);
  });

  it('init on a terminal asks twice, shows the strength, and rejects a mismatch', async () => {
    const mismatch = await runCli(['vault', 'init'], home, {
      env: { SIGNET_PASSPHRASE: undefined },
      isTTY: true,
      stdin: `${PASSPHRASE}\nsomething else\n${PASSPHRASE}\nother\n${PASSPHRASE}\nthird\n`,
    });
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/did not match/);
    expect(existsSync(join(home, 'vault.json'))).toBe(false);

    const ok = await runCli(['vault', 'init'], home, { env: { SIGNET_PASSPHRASE: undefined }, isTTY: true, stdin: `weak\n${PASSPHRASE}\n${PASSPHRASE}\n` });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/Too weak/);
    expect(ok.stderr).toMatch(/Strength: (strong|very strong)/);
    expect(ok.stderr).not.toContain(PASSPHRASE);
    expect((await runCli(['vault', 'list', '--json'], home)).code).toBe(0);
  });
});
