/**
 * The vault file: a versioned JSON envelope. Everything a reader needs before it has the key (format, version,
 * slots) is in the clear; everything else is sealed. A MAC keyed from the vault key covers the whole file
 * (header, slots, every entry's id and ciphertexts), so no byte can change, and no entry can be dropped, swapped
 * or rolled back, without the vault refusing to open.
 *
 * {"format":"signet-vault","version":1,"kind":"vault"|"backup","vaultId","createdAt","generation",
 *  "slots":[…],"entries":[{"id","m","s"}…],"mac"}    m = sealed metadata, s = sealed credentials
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../base/errors';
import { equalBytes } from '../base/bytes';

export const FORMAT = 'signet-vault';
export const VERSION = 1;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');
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

export interface EntryRecord {
  readonly id: string;
  /** Sealed metadata (label, provider, …): opened at unlock, for listing and search. */
  readonly m: string;
  /** Sealed credentials: opened only at the moment of use. */
  readonly s: string;
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
  })
  .strict();
export type VaultHeader = z.infer<typeof Header>;

export interface VaultFile {
  readonly header: VaultHeader;
  readonly entries: readonly EntryRecord[];
  readonly mac: string;
}

const isB64 = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v);

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
  const { entries, mac, ...header } = raw as Record<string, unknown>;
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
  if (!Array.isArray(entries) || !isB64(mac)) {
    throw new AppError('ERR_VAULT_CORRUPT', `${what} is damaged (entries or MAC missing). It was left untouched.`);
  }
  // Hand-checked rather than through zod: 10,000 entries must parse in a few milliseconds.
  const seen = new Set<string>();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as Record<string, unknown> | null;
    const ok =
      e !== null &&
      typeof e === 'object' &&
      typeof e.id === 'string' &&
      /^[A-Za-z0-9_-]{1,100}$/.test(e.id) &&
      isB64(e.m) &&
      isB64(e.s) &&
      Object.keys(e).length === 3 &&
      !seen.has(e.id);
    if (!ok) throw new AppError('ERR_VAULT_CORRUPT', `${what} is damaged (entry ${i + 1} is malformed). It was left untouched.`);
    seen.add(e.id as string);
  }
  const file: VaultFile = { header: parsed.data, entries: entries as EntryRecord[], mac };
  // Every byte counts: the text must be exactly what Signet writes, so even a change in white space (which the
  // MAC, computed over values, would not see) is caught.
  if (serializeVaultFile(file.header, file.entries, file.mac) !== text) {
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

export function computeMac(macKey: Uint8Array, header: VaultHeader, entries: readonly EntryRecord[]): string {
  const h = createHmac('sha256', macKey);
  h.update(`${FORMAT}/v${VERSION}\n`);
  h.update(stable(header));
  for (const e of entries) h.update(`\n${e.id}.${e.m}.${e.s}`);
  return h.digest('base64');
}

export function verifyMac(macKey: Uint8Array, file: VaultFile): boolean {
  const expected = Buffer.from(computeMac(macKey, file.header, file.entries), 'base64');
  return equalBytes(expected, Buffer.from(file.mac, 'base64'));
}

/** Serializes with one entry per line: compact, and a diff of two versions stays readable. */
export function serializeVaultFile(header: VaultHeader, entries: readonly { json: string }[] | readonly EntryRecord[], mac: string): string {
  const lines = (entries as readonly (EntryRecord | { json: string })[]).map((e) => ('json' in e ? e.json : entryJson(e as EntryRecord)));
  const head = JSON.stringify(header);
  return `${head.slice(0, -1)},"entries":[\n${lines.join(',\n')}\n],"mac":${JSON.stringify(mac)}}\n`;
}

export function entryJson(e: EntryRecord): string {
  return `{"id":${JSON.stringify(e.id)},"m":"${e.m}","s":"${e.s}"}`;
}
