/**
 * The audit log's head: how many lines the log has and the last one's MAC, so a log cut short, or edited at its
 * end, no longer matches what the vault vouches for. It is kept sealed in two places:
 *
 * - the vault file's header (`"audit"`, docs/vault-format.md), written with every vault write: covered by the file
 *   MAC and by the rollback record (vault.json.seen), so an older vault file put back brings an older head with it
 *   and is refused, or opened only by choice;
 * - `audit.head` in the home, written (atomically, fsync) by the appends of events that change no key (an unlock, a
 *   reveal), which do not rewrite the vault file: a few hundred bytes instead of a 10,000-key vault. After a vault
 *   write it is behind the vault file's head, and passed over.
 *
 * The newer of the two is the head; the vault file's is the floor, which removing or putting back audit.head cannot
 * lower (docs/audit.md#the-head says what each one protects).
 *
 * {"count":N,"drained":"<queue id>"|null,"mac":"<last line's mac>","retired":[{"key":"…","upTo":n}],"v":1}
 *
 * - `drained`: the id of the last queued event chained, so a queue file left behind by a process killed after the
 *   vault write is not chained twice.
 * - `retired`: the audit keys of vault keys a passphrase change retired, with the last line each MAC'd: lines up to
 *   `upTo` check with that key, later ones with the current key. Only this vault's current key can open them.
 *
 * Sealed with AES-256-GCM under the entries key (fresh IV; AAD `signet-vault/v1/<vaultId>/audit-head`).
 */
import { z } from 'zod';
import { AppError } from '../base/errors';
import { writeFileAtomic } from '../base/atomic-file';
import { readFileNoFollow } from '../base/no-follow-file';
import { canonicalJson } from '../audit/canonical-json';
import type { ChainPoint } from '../audit/audit-line';
import { open, seal } from './crypto';
import { VERSION, type VaultHeader } from './vault-file';
import type { VaultKeys } from './vault-keys';

export interface AuditHead {
  readonly count: number;
  readonly mac: string;
  readonly drained: string | null;
  readonly retired: readonly { readonly upTo: number; readonly key: string }[];
}

export const NO_HEAD: AuditHead = { count: 0, mac: '', drained: null, retired: [] };

const HEAD_VERSION = 1;
const aad = (vaultId: string) => `signet-vault/v${VERSION}/${vaultId}/audit-head`;
const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const HeadSchema = z
  .object({
    v: z.literal(HEAD_VERSION),
    count: z.number().int().nonnegative(),
    mac: z.union([b64.length(44), z.literal('')]),
    drained: z.string().max(64).nullable(),
    retired: z.array(z.object({ upTo: z.number().int().nonnegative(), key: b64.length(44) }).strict()).max(1000),
  })
  .strict();

/** The head sealed for the header of vault `vaultId`, under `keys`. */
export function sealHead(keys: VaultKeys, vaultId: string, head: AuditHead): string {
  const text = canonicalJson({ v: HEAD_VERSION, count: head.count, mac: head.mac, drained: head.drained, retired: head.retired.map((r) => ({ upTo: r.upTo, key: r.key })) });
  return seal(keys.enc, Buffer.from(text, 'utf8'), aad(vaultId));
}

/** The head in `header` (NO_HEAD when the vault has none yet). The header passed its MAC, so a failure here is damage. */
export function openHead(keys: VaultKeys, header: VaultHeader): AuditHead {
  if (header.audit === undefined) return NO_HEAD;
  const plain = open(keys.enc, header.audit, aad(header.vaultId));
  let raw: unknown;
  try {
    raw = plain ? JSON.parse(plain.toString('utf8')) : null;
  } catch {
    raw = null;
  }
  const parsed = raw === null ? null : HeadSchema.safeParse(raw);
  if (!parsed?.success) throw new AppError('ERR_VAULT_TAMPERED', 'The audit head sealed in the vault file does not open: the file was altered or damaged. It was left untouched.');
  return parsed.data;
}

export const headPoint = (head: AuditHead): ChainPoint => ({ seq: head.count, mac: head.mac });

/** The key line `seq` was MAC'd with: a retired key for the lines before a passphrase change, else the current one. */
export function auditKeyFor(keys: VaultKeys, head: AuditHead): (seq: number) => Uint8Array {
  const retired = [...head.retired].sort((a, b) => a.upTo - b.upTo).map((r) => ({ upTo: r.upTo, key: Buffer.from(r.key, 'base64') }));
  return (seq) => retired.find((r) => seq <= r.upTo)?.key ?? keys.audit;
}

const FILE_FORMAT = 'signet-audit-head';
const HeadFileSchema = z.object({ format: z.literal(FILE_FORMAT), v: z.literal(HEAD_VERSION), vaultId: z.string().min(1).max(100), head: b64.min(1).max(64 * 1024) }).strict();

/** audit.head as read with this vault's keys: the head it holds, none, or why it cannot be used. */
export type HeadFile = { readonly head: AuditHead } | { readonly missing: true } | { readonly unusable: string };

export async function readHeadFile(path: string, keys: VaultKeys, vaultId: string): Promise<HeadFile> {
  let text: string;
  try {
    text = await readFileNoFollow(path, 'read the audit head');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { unusable: e instanceof Error ? e.message : String(e) };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { unusable: 'it is not valid JSON' };
  }
  const parsed = HeadFileSchema.safeParse(raw);
  if (!parsed.success) return { unusable: 'it is not an audit head Signet wrote' };
  if (parsed.data.vaultId !== vaultId) return { unusable: 'it belongs to another vault' };
  try {
    return { head: openHead(keys, { vaultId, audit: parsed.data.head } as VaultHeader) };
  } catch {
    return { unusable: 'it does not open with this vault\'s key (it was altered, or written before a passphrase change)' };
  }
}

/**
 * Writes audit.head (0600, temp file, fsync, rename; never through a link). The folder is not synced after the rename:
 * a power cut can then leave the previous head, under which the lines just appended are an unfinished append, which
 * the next append adopts; never a head past the log, nor a half-written one.
 */
export async function writeHeadFile(path: string, keys: VaultKeys, vaultId: string, head: AuditHead): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify({ format: FILE_FORMAT, v: HEAD_VERSION, vaultId, head: sealHead(keys, vaultId, head) })}\n`, { mode: 0o600, refuseLink: true, syncDir: false });
}

/** The head to append to and check against: audit.head when it is at or past the vault file's head, else the vault's. */
export function newerHead(vault: AuditHead, file: HeadFile): { head: AuditHead; fromFile: boolean } {
  if ('head' in file && file.head.count >= vault.count && !(file.head.count === vault.count && file.head.mac !== vault.mac)) return { head: file.head, fromFile: file.head.count > vault.count };
  return { head: vault, fromFile: false };
}
