/**
 * The audit log: what an event costs to record (one append, fsync'd, and the sealed head in audit.head) in a small
 * vault and a 10,000-key one, what adding a key costs in the 10,000-key vault now that its line rides in the same
 * write, and how long verifying 100,000 lines takes. Baselines measured in the same run: a bare open/append/fsync of
 * the same line (and appendFile without fsync), and reading the 100,000-line file and JSON.parse-ing every line.
 * No target was set for these; the vault's own targets are in vault.bench.ts (`npm run bench -- vault`).
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync, appendFileSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VaultService } from '../src-main/vault/vault-service';
import { AuditService } from '../src-main/audit/audit-service';
import { chainLine, type ChainPoint } from '../src-main/audit/audit-line';
import { open as openSealed, scrypt } from '../src-main/vault/crypto';
import { parseVaultFile } from '../src-main/vault/vault-file';
import { vaultKeys } from '../src-main/vault/vault-keys';
import { openHead, writeHeadFile } from '../src-main/vault/audit-head';
import { median, timeMs, type Bench } from './bench-types';

const PASS = 'correct horse battery staple';
const KDF = { N: 2 ** 14, r: 8, p: 1 };
const EVENT = { type: 'scan.run' as const, details: { roots: 2, files: 1834, findings: 1, took: 812 } };

async function vaultWith(home: string, keys: number): Promise<VaultService> {
  const v = new VaultService({ home, osSlot: null, kdf: KDF, autoLockMinutes: 0 });
  await v.create({ passphrase: PASS, useOsSlot: false, addSandboxKey: false });
  if (keys > 0) {
    await v.addMany(
      Array.from({ length: keys }, (_, i) => ({ label: `kraken key ${i}`, provider: 'kraken', environment: (['dev', 'test', 'prod'] as const)[i % 3] as 'dev' | 'test' | 'prod', scopes: ['query'], tags: [`team-${i % 17}`], notes: '', credentials: { apiKey: randomBytes(24).toString('hex'), secret: randomBytes(32).toString('base64') } })),
    );
  }
  return v;
}

async function recordMs(v: VaultService, n: number): Promise<number[]> {
  const audit = new AuditService({ chain: v });
  for (let i = 0; i < 5; i++) await audit.record(EVENT); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await timeMs(() => audit.record(EVENT)));
  return out;
}

/** A 100,000-line log chained with the vault's own audit key, and its head sealed as Signet seals it. */
async function hundredThousandLines(home: string): Promise<void> {
  const f = parseVaultFile(readFileSync(join(home, 'vault.json'), 'utf8'), 'bench');
  const slot = f.header.slots[0] as { id: string; kdf: { N: number; r: number; p: number; salt: string }; wrap: string };
  const vaultKey = openSealed(await scrypt(PASS, Buffer.from(slot.kdf.salt, 'base64'), slot.kdf, KDF.N), slot.wrap, `signet-slot/v1/${f.header.vaultId}/${slot.id}`);
  if (!vaultKey) throw new Error('bench: the passphrase does not open the vault');
  const keys = vaultKeys(vaultKey, f.header.vaultId);
  const head = openHead(keys, f.header);
  const existing = readFileSync(join(home, 'audit.jsonl'), 'utf8');
  // The chain goes on from the log's last line (audit.head's head, newer than the vault file's after events that changed no key).
  const last = JSON.parse(existing.trim().split('\n').at(-1) as string) as { seq: number; mac: string };
  let point: ChainPoint = { seq: last.seq, mac: last.mac };
  const parts: string[] = [existing];
  const t0 = Date.parse('2026-11-28T00:00:00Z');
  while (point.seq < 100_000) {
    const i = point.seq;
    const r = chainLine(keys.audit, point, point.seq, {
      at: new Date(t0 + i * 1000).toISOString(),
      type: i % 3 === 0 ? 'key.used' : i % 3 === 1 ? 'key.revealed' : 'signature.verify_failed',
      actor: i % 2 ? 'cli' : 'app',
      entry: { id: `00000000-0000-4000-8000-${String(i % 10_000).padStart(12, '0')}`, label: `kraken key ${i % 10_000}` },
      details: i % 3 === 0 ? { count: 1 + (i % 40), minute: '2026-11-28T12:00Z', lastAt: '2026-11-28T12:00:59.000Z' } : i % 3 === 1 ? { field: 'secret' } : { source: 'sandbox', code: 'invalid_signature', method: 'GET', path: '/v1/account', keyPreview: '••••3f9a', sigPrefix: 'ab12cd34…', count: 3 },
    });
    parts.push(`${r.text}\n`);
    point = r.point;
  }
  writeFileSync(join(home, 'audit.jsonl'), parts.join(''));
  await writeHeadFile(join(home, 'audit.head'), keys, f.header.vaultId, { ...head, count: point.seq, mac: point.mac });
}

const bench: Bench = {
  name: 'audit',
  async run() {
    const small = mkdtempSync(join(tmpdir(), 'signet-bench-audit-small-'));
    const big = mkdtempSync(join(tmpdir(), 'signet-bench-audit-10k-'));
    try {
      const s = await vaultWith(small, 3);
      const smallRecord = await recordMs(s, 100);
      const line = readFileSync(join(small, 'audit.jsonl'), 'utf8').trim().split('\n').at(-1) as string;

      // Baselines: the same line appended bare, with fsync (as the log is) and without.
      const bare = join(small, 'bare.jsonl');
      const fsyncMs: number[] = [];
      const appendMs: number[] = [];
      for (let i = 0; i < 100; i++) {
        fsyncMs.push(
          await timeMs(() => {
            const fd = openSync(bare, 'a', 0o600);
            writeSync(fd, `${line}\n`);
            fsyncSync(fd);
            closeSync(fd);
          }),
        );
        appendMs.push(await timeMs(() => appendFileSync(bare, `${line}\n`)));
      }

      const b = await vaultWith(big, 10_000);
      const bigRecord = await recordMs(b, 50);
      const addMs: number[] = [];
      for (let i = 0; i < 20; i++) addMs.push(await timeMs(() => b.add({ label: `bench add ${i}`, provider: 'kraken', environment: 'dev', credentials: { apiKey: `k${i}`, secret: 'c2VjcmV0' } })));
      await b.lock();

      await hundredThousandLines(big);
      const v = new VaultService({ home: big, osSlot: null, kdf: KDF, autoLockMinutes: 0 });
      await v.unlockWithPassphrase(PASS);
      const verifyMs: number[] = [];
      let verdict = await v.verifyAudit();
      for (let i = 0; i < 3; i++) verifyMs.push(await timeMs(async () => (verdict = await v.verifyAudit())));
      if (!verdict.ok || verdict.lines < 100_000) throw new Error(`bench: the 100,000-line log did not verify: ${verdict.summary.join(' ')}`);
      const logFile = join(big, 'audit.jsonl');
      const parseMs: number[] = [];
      for (let i = 0; i < 3; i++) {
        parseMs.push(
          await timeMs(() => {
            const text = readFileSync(logFile, 'utf8');
            let n = 0;
            for (const l of text.split('\n')) if (l) n += (JSON.parse(l) as { seq: number }).seq > 0 ? 1 : 0;
            return n;
          }),
        );
      }
      const audit = new AuditService({ chain: v });
      const pageMs: number[] = [];
      for (let i = 0; i < 5; i++) pageMs.push(await timeMs(() => audit.list({ limit: 100 })));
      const filteredMs = await timeMs(() => audit.list({ limit: 100, types: ['vault.created'] }));
      const recordAt100k = await recordMs(v, 30);
      await v.lock();

      const small1 = median(smallRecord);
      const big1 = median(bigRecord);
      const bareFsync = median(fsyncMs);
      const verify = median(verifyMs);
      const parse = median(parseMs);
      return [
        { metric: 'record_event_ms (small vault: append + fsync + audit.head)', value: small1, unit: 'ms', target: null, better: 'lower' },
        { metric: 'record_event_ms (10k-key vault)', value: big1, unit: 'ms', target: null, better: 'lower' },
        { metric: 'record_event_ms (10k-key vault, 100k-line log)', value: median(recordAt100k), unit: 'ms', target: null, better: 'lower' },
        { metric: 'baseline_append_fsync_ms (same line, open/write/fsync/close)', value: bareFsync, unit: 'ms', target: null, better: 'lower' },
        { metric: 'baseline_appendfile_ms (same line, no fsync)', value: median(appendMs), unit: 'ms', target: null, better: 'lower' },
        { metric: 'ratio_record_to_bare_fsync_append (small vault)', value: small1 / bareFsync, unit: 'x', target: null, better: 'lower' },
        { metric: 'ratio_record_to_bare_fsync_append (10k-key vault)', value: big1 / bareFsync, unit: 'x', target: null, better: 'lower' },
        { metric: 'add_one_ms (10k keys: vault write with its audit line)', value: median(addMs), unit: 'ms', target: null, better: 'lower' },
        { metric: 'verify_ms (100,000 lines, read + parse + HMAC chain)', value: verify, unit: 'ms', target: null, better: 'lower' },
        { metric: 'baseline_read_json_parse_ms (same 100,000 lines)', value: parse, unit: 'ms', target: null, better: 'lower' },
        { metric: 'ratio_verify_to_json_parse', value: verify / parse, unit: 'x', target: null, better: 'lower' },
        { metric: 'list_newest_page_ms (100 of 100,000 lines)', value: median(pageMs), unit: 'ms', target: null, better: 'lower' },
        { metric: 'list_filtered_page_ms (a type found only in line 1: a full backward scan)', value: filteredMs, unit: 'ms', target: null, better: 'lower' },
        { metric: 'log_size_mb (100,000 lines)', value: statSync(logFile).size / 2 ** 20, unit: 'MB', target: null, better: 'lower' },
      ];
    } finally {
      rmSync(small, { recursive: true, force: true });
      rmSync(big, { recursive: true, force: true });
    }
  },
};
export default bench;
