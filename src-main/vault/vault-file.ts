/**
 * The vault file: a versioned JSON envelope. What a reader needs before it has the key (format, version, slots)
 * is in the clear; everything else is sealed. Entries live in SHARD_COUNT sealed shards (an entry's shard is a
 * hash of its id), each holding the entries' metadata and their credentials sealed once more on their own, so
 * unlocking opens 16 blobs instead of 10,000 and a change re-seals one shard, while a secret is still decrypted
 * only when it is used. A MAC keyed from the vault key covers the header, the slots and every shard, so no byte
 * can change, and no shard can be dropped or rolled back, without the vault refusing to open.
 *
 * {"format":"signet-vault","version":1,"kind":"vault"|"backup","vaultId","createdAt","generation",
 *  "slots":[…],"audit"?:"<sealed audit head>","shards":["<sealed shard 0>",…],"mac"}
 */
import { createHash, createHmac } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../base/errors';
import { equalBytes } from '../base/bytes';

export const FORMAT = 'signet-vault';
export const VERSION = 1;

/** Canonical base64 only: Node's decoder ignores the unused low bits of the last character, so two texts can decode
 * to the same bytes; requiring the one canonical spelling keeps "any changed byte is rejected" true. */
const isCanonicalB64 = (v: string): boolean => /^[A-Za-z0-9+/]*={0,2}$/.test(v) && Buffer.from(v, 'base64').toString('base64') === v;
const b64 = z.string().refine(isCanonicalB64, 'canonical base64');
const id = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/);

export const PassphraseSlotRecord = z
  .object({
    id,
    kind: z.literal('passphrase'),
    createdAt: z.string(),
    kdf: z.object({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: b64 }).strict(),
    wrap: b64,
  })
  .strict();
export type PassphraseSlotRecord = z.infer<typeof PassphraseSlotRecord>;

export const OsSlotRecordSchema = z
  .object({ id, kind: z.literal('os'), provider: z.string().min(1).max(60), backend: z.string().max(60), createdAt: z.string(), wrap: b64 })
  .strict();

export const SlotRecord = z.discriminatedUnion('kind', [PassphraseSlotRecord, OsSlotRecordSchema]);
export type SlotRecord = z.infer<typeof SlotRecord>;

export const SHARD_COUNT = 16;

/** FNV-1a over the id: cheap, stable, and spreads UUIDs evenly across shards. */
export function shardOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % SHARD_COUNT;
}

const Header = z
  .object({
    format: z.literal(FORMAT),
    version: z.literal(VERSION),
    kind: z.enum(['vault', 'backup']),
    vaultId: id,
    createdAt: z.string(),
    generation: z.number().int().nonnegative(),
    slots: z.array(SlotRecord).min(1).max(16),
    /** The audit log's head, sealed (audit-head.ts); absent until the first event, and in backups. */
    audit: b64.optional(),
  })
  .strict();
export type VaultHeader = z.infer<typeof Header>;

export interface VaultFile {
  readonly header: VaultHeader;
  /** Sealed shards (base64), SHARD_COUNT of them. */
  readonly shards: readonly string[];
  readonly mac: string;
}

const isB64 = (v: unknown): v is string => typeof v === 'string' && isCanonicalB64(v);

/**
 * Parses the file's text. Throws ERR_VAULT_CORRUPT (not JSON, wrong shape) or ERR_VAULT_UNSUPPORTED (newer
 * version) with `what` (e.g. "The vault file /x/vault.json") at the start of the message. Never writes.
 */
export function parseVaultFile(text: string, what: string): VaultFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError('ERR_VAULT_CORRUPT', `${what} is damaged: it is not valid JSON. It was left untouched.`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AppError('ERR_VAULT_CORRUPT', `${what} is damaged: it is not a Signet vault. It was left untouched.`);
  }
  const { shards, mac, ...header } = raw as Record<string, unknown>;
  if (header.format !== FORMAT) {
    throw new AppError('ERR_VAULT_CORRUPT', `${what} is not a Signet vault (format ${JSON.stringify(header.format)}). It was left untouched.`);
  }
  if (typeof header.version === 'number' && header.version > VERSION) {
    throw new AppError('ERR_VAULT_UNSUPPORTED', `${what} was written by a newer Signet (format version ${header.version}); update Signet to open it. It was left untouched.`);
  }
  const parsed = Header.safeParse(header);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('ERR_VAULT_CORRUPT', `${what} is damaged (${issue?.path.join('.') || 'header'}: ${issue?.message}). It was left untouched.`);
  }
  // Shards are only checked to be strings here: a regex over megabytes of base64 costs more than the whole
  // unlock budget, and any byte outside the alphabet changes the shard's digest, so the MAC rejects it.
  if (!Array.isArray(shards) || shards.length !== SHARD_COUNT || !shards.every((x) => typeof x === 'string') || !isB64(mac)) {
    throw new AppError('ERR_VAULT_CORRUPT', `${what} is damaged (its sealed shards or MAC are missing or malformed). It was left untouched.`);
  }
  const file: VaultFile = { header: parsed.data, shards: shards as string[], mac };
  // Every byte counts: the text must be exactly what Signet writes, so even a change in white space (which the
  // MAC, computed over values, would not see) is caught.
  if (!matchesParts(text, vaultFileParts(file.header, file.shards, file.mac))) {
    throw new AppError('ERR_VAULT_CORRUPT', `${what} is damaged: its bytes differ from what Signet writes (edited or corrupted). It was left untouched.`);
  }
  return file;
}

/** Puts a header's keys in the one order Signet writes them. */
export function canonicalHeader(header: VaultHeader): VaultHeader {
  return Header.parse(header);
}

/** Stable JSON: object keys sorted, so the MAC does not depend on property order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Digest of one sealed shard, cached beside it so a write hashes only the shards it changed. */
export function shardDigest(sealed: string | Uint8Array): Buffer {
  return createHash('sha256').update(sealed).digest();
}

export function computeMac(macKey: Uint8Array, header: VaultHeader, shardDigests: readonly Uint8Array[]): string {
  const h = createHmac('sha256', macKey);
  h.update(`${FORMAT}/v${VERSION}\n`);
  h.update(stable(header));
  for (const d of shardDigests) h.update(d);
  return h.digest('base64');
}

export function verifyMac(macKey: Uint8Array, file: VaultFile, shardDigests: readonly Uint8Array[]): boolean {
  const expected = Buffer.from(computeMac(macKey, file.header, shardDigests), 'base64');
  return equalBytes(expected, Buffer.from(file.mac, 'base64'));
}

/**
 * The file's text in parts, one shard per line (compact, the header readable at the top). Kept as parts so a
 * write can hand them to writev and a read can compare them in place, without a second multi-megabyte string.
 */
export function vaultFileParts(header: VaultHeader, shards: readonly string[], mac: string): string[] {
  const head = JSON.stringify(header);
  const parts = [`${head.slice(0, -1)},"shards":[\n"`];
  shards.forEach((shard, i) => {
    parts.push(shard, i < shards.length - 1 ? '",\n"' : '"\n],"mac":');
  });
  parts.push(`${JSON.stringify(mac)}}\n`);
  return parts;
}

export function serializeVaultFile(header: VaultHeader, shards: readonly string[], mac: string): string {
  return vaultFileParts(header, shards, mac).join('');
}

function matchesParts(text: string, parts: readonly string[]): boolean {
  let pos = 0;
  for (const part of parts) {
    if (!text.startsWith(part, pos)) return false;
    pos += part.length;
  }
  return pos === text.length;
}
