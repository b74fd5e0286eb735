/**
 * Real vaults on real files for the audit tests: a vault made with the fast KDF, its audit service, and helpers that
 * read and rewrite the log as someone with access to the home could (the lines are text; only the MACs need the key).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VaultService, type VaultServiceOptions } from '../../../src-main/vault/vault-service';
import { AuditService } from '../../../src-main/audit/audit-service';
import { FAST_KDF } from '../../helpers/temp-home';

export const PASS = 'correct horse battery staple';

export function vaultAt(home: string, extra: Partial<VaultServiceOptions> = {}): VaultService {
  return new VaultService({ home, osSlot: null, kdf: FAST_KDF, ...extra });
}

export function auditOf(vault: VaultService): AuditService {
  return new AuditService({ chain: vault });
}

export const kraken = (label: string, secret = 'a3Jha2VuLXNlY3JldC12YWx1ZQ==', apiKey = `KRK-${label.replace(/\W/g, '')}-0001`) => ({
  label,
  provider: 'kraken',
  environment: 'prod' as const,
  credentials: { apiKey, secret },
});

export const logPath = (home: string) => join(home, 'audit.jsonl');
export const queuePath = (home: string) => join(home, 'audit.queue.jsonl');
export const headPath = (home: string) => join(home, 'audit.head');

/** The log's whole lines. */
export function logLines(home: string): string[] {
  const lines = readFileSync(logPath(home), 'utf8').split('\n');
  lines.pop();
  return lines;
}

export function writeLines(home: string, lines: readonly string[]): void {
  writeFileSync(logPath(home), lines.map((l) => `${l}\n`).join(''));
}

export const parsed = (line: string) => JSON.parse(line) as { seq: number; at: string; type: string; after: number; actor: string; entry: { id: string; label: string } | null; details: Record<string, unknown>; queued?: string; mac: string };

/** A vault with `keys` keys added one by one, some reveals and a lock: a log of a dozen lines or more. */
export async function vaultWithHistory(home: string, keys = 4): Promise<VaultService> {
  const v = vaultAt(home);
  await v.create({ passphrase: PASS, useOsSlot: false });
  for (let i = 0; i < keys; i++) await v.add(kraken(`key ${i}`));
  const first = v.resolve('key 0');
  await v.revealField(first.id, 'secret');
  await v.update({ id: first.id, meta: { notes: 'rotated by ops' } });
  await v.lock();
  await v.unlockWithPassphrase(PASS);
  return v;
}
