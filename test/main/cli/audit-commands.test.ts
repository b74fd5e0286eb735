/**
 * `signet audit verify | list | export | reset` end to end, in-process: a real vault and a real log in a temp
 * SIGNET_HOME, exit codes and output as a person or a script sees them. And `signet verify` recording a refused
 * signature (queued while the vault stays locked).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent, AuditVerification } from '../../../src-main/contract/audit';
import { runCli, tempHome } from './run-cli';

let home: string;
let cleanup: () => void;
beforeEach(() => {
  ({ home, cleanup } = tempHome());
});
afterEach(() => cleanup());

const logFile = () => join(home, 'audit.jsonl');
const lines = () => readFileSync(logFile(), 'utf8').trim().split('\n');
const writeLog = (l: string[]) => writeFileSync(logFile(), l.map((x) => `${x}\n`).join(''));

async function vaultWithKeys(): Promise<void> {
  expect((await runCli(['vault', 'init'], home)).code).toBe(0);
  for (const [label, provider] of [['Binance main', 'binance'], ['Kraken dev', 'kraken']] as const) {
    const r = await runCli(['vault', 'add', '--label', label, '--provider', provider, '--env', 'dev', '--credentials', '-'], home, { stdin: JSON.stringify({ apiKey: `${provider}-key-123456`, secret: 'c2VjcmV0LXZhbHVl' }) });
    expect(r.code, r.stderr).toBe(0);
  }
  expect((await runCli(['vault', 'show', 'Binance main', '--reveal'], home)).code).toBe(0);
}

describe('signet audit verify', () => {
  it('an intact log: exit 0, "Intact" and what was checked; --json gives the verification', async () => {
    await vaultWithKeys();
    const human = await runCli(['audit', 'verify'], home, { env: { NO_COLOR: '1' } });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^Intact\n {2}The audit log .*audit\.jsonl is intact: \d+ lines, each chained to the one before, all vouched for by the sealed head\.\n/);
    const json = await runCli(['audit', 'verify', '--json'], home);
    expect(json.code).toBe(0);
    expect(json.json<AuditVerification>()).toMatchObject({ ok: true, status: 'intact', problem: null });
  });

  it('an edited line: exit 1, naming the line and what is wrong', async () => {
    await vaultWithKeys();
    const l = lines();
    const i = l.findIndex((x) => x.includes('"label":"Kraken dev"'));
    l[i] = (l[i] as string).replace('"label":"Kraken dev"', '"label":"Kraken prod"');
    writeLog(l);
    const human = await runCli(['audit', 'verify'], home, { env: { NO_COLOR: '1' } });
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(new RegExp(`^Tampered: line ${i + 1} \\(edited\\)\\n {2}Line ${i + 1} \\(key\\.created at .*\\) fails its MAC: it was edited after Signet wrote it\\.\\n {2}Lines 1–${i} verify\\.`));
    const json = await runCli(['audit', 'verify', '--json'], home);
    expect(json.code).toBe(1);
    expect(json.json<AuditVerification>().problem).toMatchObject({ line: i + 1, kind: 'edited' });
  });

  it('a cut tail: exit 1, truncated', async () => {
    await vaultWithKeys();
    writeLog(lines().slice(0, 4));
    const r = await runCli(['audit', 'verify', '--json'], home);
    expect(r.code).toBe(1);
    expect(r.json<AuditVerification>().problem).toMatchObject({ line: 5, kind: 'truncated' });
  });

  it('needs the vault: without a way to unlock it, says how (exit 1)', async () => {
    await vaultWithKeys();
    const r = await runCli(['audit', 'verify'], home, { env: { SIGNET_PASSPHRASE: undefined } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^signet: The vault is locked and this is not a terminal/);
  });
});

describe('signet audit list', () => {
  it('lists oldest first, as a table or JSON, and filters by type, key and time', async () => {
    await vaultWithKeys();
    const all = await runCli(['audit', 'list', '--all', '--json'], home);
    expect(all.code, all.stderr).toBe(0);
    const events = all.json<AuditEvent[]>();
    expect(events[0]).toMatchObject({ seq: 1, type: 'vault.created', actor: 'cli', entry: null, queued: false });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['key.created', 'key.revealed', 'vault.unlocked', 'vault.locked', 'key.used']));

    const table = await runCli(['audit', 'list', '--type', 'key.revealed'], home, { env: { NO_COLOR: '1' } });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^SEQ\s+TIME\s+TYPE\s+BY\s+KEY\s+DETAILS\n\d+\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+key\.revealed\s+cli\s+Binance main \([0-9a-f]{8}\)\s+field=(apiKey|secret)\n/);
    expect(table.stderr).toMatch(/not verified: `signet audit verify` checks the chain/);

    const keys = (await runCli(['audit', 'list', '--type', 'key', '--all', '--json'], home)).json<AuditEvent[]>();
    expect(new Set(keys.map((e) => e.type))).toEqual(new Set(['key.created', 'key.revealed', 'key.used']));
    const two = (await runCli(['audit', 'list', '--type', 'key.created,vault.created', '--json'], home)).json<AuditEvent[]>();
    expect(two.map((e) => e.type)).toEqual(['vault.created', 'key.created', 'key.created', 'key.created']);

    const binance = (await runCli(['audit', 'list', '--key', 'binance MAIN', '--all', '--json'], home)).json<AuditEvent[]>();
    expect(binance.length).toBeGreaterThanOrEqual(3);
    expect(new Set(binance.map((e) => e.entry?.label))).toEqual(new Set(['Binance main']));
    const byPrefix = (await runCli(['audit', 'list', '--key', (binance[0]?.entry?.id ?? '').slice(0, 8), '--all', '--json'], home)).json<AuditEvent[]>();
    expect(byPrefix).toEqual(binance);

    // Listing reads the file without unlocking: it adds no line of its own.
    expect((await runCli(['audit', 'list', '--since', '1h', '--all', '--json'], home)).json<AuditEvent[]>()).toHaveLength(events.length);
    expect((await runCli(['audit', 'list', '--since', '2099-01-01', '--json'], home)).json<AuditEvent[]>()).toEqual([]);
    const last2 = (await runCli(['audit', 'list', '--limit', '2', '--json'], home)).json<AuditEvent[]>();
    expect(last2).toHaveLength(2);
    expect((last2[1]?.seq ?? 0) - (last2[0]?.seq ?? 0)).toBe(1);
  });

  it('bad filters are bad input (exit 2), each named with what to use', async () => {
    await vaultWithKeys();
    for (const [args, msg] of [
      [['--since', 'yesterday'], /^signet: --since: "yesterday" is neither a date nor a duration; use YYYY-MM-DD, .* 30m, 12h, 7d or 2w\.$/],
      [['--since', '2026-02-30'], /--since: "2026-02-30" is neither a date/],
      [['--type', 'key.stolen'], /^signet: --type: "key\.stolen" is not an audit event type\. Use a namespace \(vault, key, backup, signature, scan, audit\) or a type: /],
      [['--limit', 'many'], /--limit: expected a whole number/],
      [['--limit', '5', '--all'], /Give --limit N or --all, not both/],
    ] as const) {
      const r = await runCli(['audit', 'list', ...args], home);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim()).toMatch(msg);
    }
  });

  it('a key no event names: says so, exit 0', async () => {
    await vaultWithKeys();
    const r = await runCli(['audit', 'list', '--key', 'Nobody'], home);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/No audit event names a key "Nobody"/);
  });
});

describe('signet audit export', () => {
  it('writes the lines exactly (jsonl) or as CSV, 0600; refuses an existing file without --force (exit 2)', async () => {
    await vaultWithKeys();
    const jsonl = join(home, 'out.jsonl');
    const r = await runCli(['audit', 'export', '--format', 'jsonl', '--out', jsonl, '--json'], home);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toEqual({ path: jsonl, lines: lines().length, format: 'jsonl' });
    expect(readFileSync(jsonl, 'utf8')).toBe(readFileSync(logFile(), 'utf8'));
    expect(statSync(jsonl).mode & 0o777).toBe(0o600);

    const csv = join(home, 'out.csv');
    expect((await runCli(['audit', 'export', '--format', 'csv', '--out', csv], home)).code).toBe(0);
    const rows = readFileSync(csv, 'utf8').split('\r\n');
    expect(rows[0]).toBe('seq,at,type,actor,entry_id,entry_label,queued,details,after,mac,unreadable_line');
    expect(rows[1]).toMatch(/^1,\d{4}-.*Z,vault\.created,cli,,,false,"\{""sandboxKey"":true,""slots"":\[""passphrase""\]\}",0,[A-Za-z0-9/']/);
    expect(rows).toHaveLength(lines().length + 2);

    const again = await runCli(['audit', 'export', '--format', 'csv', '--out', csv], home);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/out\.csv already exists; choose another file, or pass --force to replace it/);
    expect((await runCli(['audit', 'export', '--format', 'csv', '--out', csv, '--force'], home)).code).toBe(0);
    const bad = await runCli(['audit', 'export', '--format', 'xml', '--out', join(home, 'x')], home);
    expect([bad.code, bad.stderr.trim()]).toEqual([2, 'signet: --format: "xml" is not a format; use jsonl or csv.']);
    const own = await runCli(['audit', 'export', '--out', join(home, 'audit.jsonl'), '--force'], home);
    expect(own.code).toBe(2);
    expect(own.stderr).toMatch(/one of Signet's own files/);
  });
});

describe('signet audit reset', () => {
  it('refuses an intact log (exit 2); sets a tampered one aside with --yes, keeping it', async () => {
    await vaultWithKeys();
    const intact = await runCli(['audit', 'reset', '--yes'], home);
    expect(intact.code).toBe(2);
    expect(intact.stderr).toMatch(/verifies .*nothing to reset/);
    writeLog(lines().slice(0, 3));
    const noYes = await runCli(['audit', 'reset'], home);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/pass --yes/);
    const r = await runCli(['audit', 'reset', '--yes', '--json'], home);
    expect(r.code, r.stderr).toBe(0);
    const out = r.json<{ setAside: string; lines: number }>();
    expect(out.lines).toBeGreaterThanOrEqual(3);
    expect(existsSync(out.setAside)).toBe(true);
    expect((await runCli(['audit', 'verify'], home)).code).toBe(0);
  });
});

describe('signet verify and the audit log', () => {
  it('a refused signature is recorded (queued while the vault stays locked), never the signature', async () => {
    await vaultWithKeys();
    const creds = join(home, 's.json');
    writeFileSync(creds, JSON.stringify({ apiKey: 'sandbox-key', secret: 'c2FuZGJveC1zZWNyZXQ=' }));
    const sig = 'ab'.repeat(32);
    const auth = `HMAC apiKey="sandbox-key", signature="${sig}", timestamp="1764331200", nonce="n-1"`;
    const r = await runCli(['verify', '--scheme', 'hmac', '--credentials', creds, '--method', 'GET', '--url', 'https://api.example.com/v1/account?signature=zzz', '--header', `Authorization: ${auth}`, '--now', '1764331200000', '--json'], home);
    expect(r.code).toBe(1);
    const queue = readFileSync(join(home, 'audit.queue.jsonl'), 'utf8');
    expect(JSON.parse(queue.trim())).toMatchObject({ type: 'signature.verify_failed', actor: 'cli', details: { source: 'cli', scheme: 'hmac', method: 'GET', host: 'api.example.com', path: '/v1/account', reason: expect.stringMatching(/does not match/) } });
    const expected = r.json<{ expected: string }>().expected;
    for (const s of [sig, expected, 'zzz', 'c2FuZGJveC1zZWNyZXQ=']) expect(queue).not.toContain(s);
    // Chained at the next unlock, marked as recorded while locked.
    const list = (await runCli(['audit', 'list', '--type', 'signature', '--json'], home)).json<AuditEvent[]>();
    expect(list).toEqual([]);
    expect((await runCli(['vault', 'list'], home)).code).toBe(0);
    const after = (await runCli(['audit', 'list', '--type', 'signature', '--json'], home)).json<AuditEvent[]>();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ queued: true, entry: null });
  });
});
