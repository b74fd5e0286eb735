/**
 * The vault in memory and its sealed form (docs/vault-format.md): loading a parsed file into entries, sealing
 * entries and shards, serializing for the write, opening one entry's credentials. Pure: no files, no clock, no
 * state of its own, so the service, backups and imports all seal the same way.
 */
import { AppError } from '../base/errors';
import { wipe } from '../base/bytes';
import { Credentials as CredentialsSchema, type Credentials, type EntrySummary } from '../contract/schemas';
import { open, seal } from './crypto';
import { compactMeta, describeCredentials, expandMeta, searchTextOf, toSummary, type EntryMeta } from './entry-model';
import { EntryTable } from './entry-table';
import { computeMac, SHARD_COUNT, shardDigest, shardOf, vaultFileParts, verifyMac, VERSION, type VaultFile, type VaultHeader } from './vault-file';
import type { VaultKeys } from './vault-keys';

/** An entry's id and its credentials, sealed on their own (opened only when used). */
export interface EntryRecord {
  readonly id: string;
  readonly s: string;
  /**
   * A rotation's other credentials, sealed on their own under another AAD: the new key before the switch (`next`),
   * the old one kept through the overlap or the archive (`previous`). Absent when no rotation holds any.
   */
  readonly r?: string;
}

/** What `EntryRecord.r` holds. */
export interface SpareCredentials {
  readonly next?: Credentials;
  readonly previous?: Credentials;
}

/** An unlocked entry. Its DTO, search text and sort key are built the first time they are needed. */
export class LoadedEntry {
  /** The entry as it stands inside its shard's plaintext; computed when its shard is next sealed. */
  json?: string;
  #summary?: EntrySummary;
  #search?: string;
  #sortKey?: string;
  #labelKey?: string;
  constructor(
    readonly record: EntryRecord,
    readonly meta: EntryMeta,
  ) {}
  get summary(): EntrySummary {
    return (this.#summary ??= toSummary(this.record.id, this.meta));
  }
  get search(): string {
    return (this.#search ??= searchTextOf(this.record.id, this.meta));
  }
  /** The label as labels are compared (unique regardless of case). */
  get labelKey(): string {
    return (this.#labelKey ??= labelKey(this.meta.label));
  }
  get sortKey(): string {
    return (this.#sortKey ??= `${this.labelKey}\u0000${this.record.id}`);
  }
}

/** How labels are compared: two labels that differ only in case are the same label. */
export function labelKey(label: string): string {
  return label.toLowerCase();
}

/** The vault's header and its entries: what a write replaces as one. */
export interface VaultState {
  readonly header: VaultHeader;
  readonly entries: EntryTable<LoadedEntry>;
}

/** A sealed shard as it is on disk (its base64 text as bytes, ready for writev), with its digest for the MAC. */
export interface SealedShard {
  readonly bytes: Buffer;
  readonly digest: Buffer;
}

/** The shards on disk and the ones a change touched: the rest are written again as they are. */
export interface ShardReuse {
  readonly shards: readonly SealedShard[];
  readonly dirty: ReadonlySet<number> | 'all';
}

const ENTRY_AAD = (vaultId: string, entryId: string) => `signet-vault/v${VERSION}/${vaultId}/${entryId}/s`;
const SPARE_AAD = (vaultId: string, entryId: string) => `signet-vault/v${VERSION}/${vaultId}/${entryId}/r`;
const SHARD_AAD = (vaultId: string, shard: number) => `signet-vault/v${VERSION}/${vaultId}/shard/${shard}`;

function sealedShard(sealed: string): SealedShard {
  const bytes = Buffer.from(sealed, 'latin1');
  return { bytes, digest: shardDigest(bytes) };
}

/** Verifies the MAC and opens every shard (entries' metadata). Throws ERR_VAULT_TAMPERED naming `what`; never writes. */
export function loadVault(keys: VaultKeys, file: VaultFile, what: string): { state: VaultState; shards: SealedShard[] } {
  const tampered = (detail: string) =>
    new AppError('ERR_VAULT_TAMPERED', `${what} failed its integrity check (${detail}): it was altered or damaged after Signet wrote it. It was left untouched.`);
  const shards = file.shards.map(sealedShard);
  if (!verifyMac(keys.mac, file, shards.map((x) => x.digest))) throw tampered('the file MAC does not match');
  const entries = EntryTable.empty<LoadedEntry>().edit();
  const vaultId = file.header.vaultId;
  file.shards.forEach((sealed, i) => {
    const plain = open(keys.enc, sealed, SHARD_AAD(vaultId, i));
    if (!plain) throw tampered(`shard ${i} does not decrypt`);
    // One entry per line: each line is parsed on its own and kept as the entry's serialized form, so a later
    // write of this shard re-serializes only the entries that changed.
    const text = plain.toString('utf8');
    if (text === '') return;
    for (const line of text.split('\n')) {
      let item: { id?: unknown; meta?: unknown; s?: unknown; r?: unknown };
      try {
        item = JSON.parse(line) as typeof item;
      } catch {
        throw tampered(`shard ${i} is malformed`);
      }
      const ok = typeof item?.id === 'string' && typeof item.s === 'string' && typeof item.meta === 'object' && item.meta !== null && (item.r === undefined || typeof item.r === 'string');
      if (!ok || shardOf(item.id as string) !== i || entries.has(item.id as string)) throw tampered(`shard ${i} holds a misplaced entry`);
      const record: EntryRecord = typeof item.r === 'string' ? { id: item.id as string, s: item.s as string, r: item.r } : { id: item.id as string, s: item.s as string };
      const entry = new LoadedEntry(record, expandMeta(item.meta as Partial<EntryMeta>));
      entry.json = line;
      entries.set(item.id as string, entry);
    }
  });
  return { state: { header: file.header, entries: entries.done().table }, shards };
}

/**
 * Seals an entry's credentials. With `derive` (the default) the previews and fingerprint in its metadata are made
 * again from the credentials; a re-seal of entries already checked passes false. `spare`, the entry's sealed
 * rotation credentials (`EntryRecord.r`, under the same vault key), is kept as it is.
 */
export function sealEntry(keys: VaultKeys, vaultId: string, id: string, meta: EntryMeta, creds: Credentials, derive = true, spare?: string): LoadedEntry {
  const full: EntryMeta = derive ? { ...meta, ...describeCredentials(creds) } : meta;
  const secret = Buffer.from(JSON.stringify(creds), 'utf8');
  const s = seal(keys.enc, secret, ENTRY_AAD(vaultId, id));
  wipe(secret);
  return new LoadedEntry(spare === undefined ? { id, s } : { id, s, r: spare }, full);
}

/** Seals a rotation's spare credentials for `EntryRecord.r`; undefined when there are none. */
export function sealSpare(keys: VaultKeys, vaultId: string, id: string, spare: SpareCredentials): string | undefined {
  if (!spare.next && !spare.previous) return undefined;
  const secret = Buffer.from(JSON.stringify(spare), 'utf8');
  try {
    return seal(keys.enc, secret, SPARE_AAD(vaultId, id));
  } finally {
    wipe(secret);
  }
}

/** Opens an entry's spare credentials ({} when it has none). Throws ERR_VAULT_TAMPERED. */
export function openSpare(keys: VaultKeys, vaultId: string, entry: LoadedEntry): SpareCredentials {
  if (entry.record.r === undefined) return {};
  const buf = open(keys.enc, entry.record.r, SPARE_AAD(vaultId, entry.record.id));
  if (!buf) throw new AppError('ERR_VAULT_TAMPERED', `The rotation credentials of "${entry.meta.label}" failed their integrity check. The vault file was left untouched.`);
  try {
    const raw = JSON.parse(buf.toString('utf8')) as { next?: unknown; previous?: unknown };
    return {
      ...(raw.next !== undefined && { next: CredentialsSchema.parse(raw.next) }),
      ...(raw.previous !== undefined && { previous: CredentialsSchema.parse(raw.previous) }),
    };
  } finally {
    wipe(buf);
  }
}

/** Every entry opened under `from` and sealed again under `to` (a re-key, a backup under its own key). */
export async function resealEntries(from: VaultKeys, to: VaultKeys, vaultId: string, entries: EntryTable<LoadedEntry>): Promise<EntryTable<LoadedEntry>> {
  const draft = EntryTable.empty<LoadedEntry>().edit();
  for (const e of entries.values()) {
    const creds = await openSecret(from, vaultId, e);
    const spare = e.record.r === undefined ? undefined : sealSpare(to, vaultId, e.record.id, openSpare(from, vaultId, e));
    draft.set(e.record.id, sealEntry(to, vaultId, e.record.id, e.meta, creds, false, spare));
  }
  return draft.done().table;
}

/** Seals the shards of `entries`. With `prev`, only the touched shards are sealed again; the rest are reused. */
export function sealShards(keys: VaultKeys, vaultId: string, entries: EntryTable<LoadedEntry>, prev?: ShardReuse): SealedShard[] {
  return Array.from({ length: SHARD_COUNT }, (_, i) => {
    if (prev && prev.dirty !== 'all' && !prev.dirty.has(i)) return prev.shards[i] as SealedShard;
    const lines: string[] = [];
    for (const e of entries.shard(i)) lines.push((e.json ??= JSON.stringify({ id: e.record.id, meta: compactMeta(e.meta), s: e.record.s, ...(e.record.r !== undefined && { r: e.record.r }) })));
    return sealedShard(seal(keys.enc, Buffer.from(lines.join('\n'), 'utf8'), SHARD_AAD(vaultId, i)));
  });
}

/** The file's parts for writev, MAC'd under `keys`. */
export function serializeVault(keys: VaultKeys, state: VaultState, shards: readonly SealedShard[]): (string | Buffer)[] {
  const mac = computeMac(keys.mac, state.header, shards.map((x) => x.digest));
  // Odd parts are the shards: their cached bytes go to writev as they are.
  return vaultFileParts(state.header, shards.map(() => ''), mac).map((part, i) => (i % 2 === 1 && i < 2 * shards.length ? (shards[(i - 1) / 2] as SealedShard).bytes : part));
}

/** Opens an entry's credentials; the plaintext buffer is wiped before this returns. Throws ERR_VAULT_TAMPERED. */
export async function openSecret(keys: VaultKeys, vaultId: string, entry: LoadedEntry): Promise<Credentials> {
  const buf = open(keys.enc, entry.record.s, ENTRY_AAD(vaultId, entry.record.id));
  if (!buf) {
    throw new AppError('ERR_VAULT_TAMPERED', `The credentials of "${entry.meta.label}" failed their integrity check. The vault file was left untouched.`);
  }
  try {
    return CredentialsSchema.parse(JSON.parse(buf.toString('utf8')));
  } finally {
    wipe(buf);
  }
}
