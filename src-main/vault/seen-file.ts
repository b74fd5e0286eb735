/**
 * vault.json.seen: the newest vault generation Signet has seen in this home, so that an older vault file put back
 * (`cp vault.json.bak vault.json`, a restored copy, a sync tool) is noticed by the next process that opens it — the
 * app after a restart, the CLI — and not only by the process that wrote the newer version.
 *
 * {"format":"signet-vault-seen","version":1,"vaultId","generation","seenAt","retired":[{"generation","mac"}],"macs":["…"]}
 *
 * - `macs`: HMAC-SHA256 of the record under the seen key (crypto.ts `deriveSeenKey`) of each vault key that vouches
 *   for it. One, except while a passphrase is being changed: then the old and the new key both vouch, so a process
 *   killed between the re-keyed vault write and the record's update leaves a record either key can check.
 * - `retired`: for each vault key a passphrase change retired, the generation it was retired at, MAC'd under that old
 *   key. A vault file under an old key (it opens with the old passphrase) is older than that generation, whatever
 *   the current record says, and the old key can check that mark without being able to check the rest.
 *
 * A tripwire for copies put back by people and tools, not a lock against someone who can write the folder: they can
 * delete this file, and a missing record is the first run. A few hundred bytes, checked with one HMAC (no scrypt).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, rename, unlink } from 'node:fs/promises';
import { readFileNoFollow } from '../base/no-follow-file';
import { z } from 'zod';
import { equalBytes } from '../base/bytes';
import { fileError } from '../base/atomic-file';

export const SEEN_FORMAT = 'signet-vault-seen';
const SEEN_VERSION = 1;
/** Passphrase changes remembered; an older copy from before more changes than this is reported as unverifiable. */
export const MAX_RETIRED = 8;
const MAX_BYTES = 16 * 1024;

export interface RetiredMark {
  readonly generation: number;
  readonly mac: string;
}

export interface SeenBody {
  readonly vaultId: string;
  readonly generation: number;
  readonly seenAt: string;
  readonly retired: readonly RetiredMark[];
}

/** What the file says, as seen with the key of the vault being opened. */
export type SeenState =
  | { readonly kind: 'missing' }
  | { readonly kind: 'damaged'; readonly detail: string }
  /** A well-formed record of another vault id (a different vault lived here): nothing to compare with. */
  | { readonly kind: 'other-vault' }
  /** `vouched`: the record's MAC checks with this key. `retiredAt`: this key was retired by a passphrase change then. */
  | { readonly kind: 'present'; readonly body: SeenBody; readonly vouched: boolean; readonly retiredAt: number | null };

/** The vault file against the record. */
export type SeenVerdict =
  | { readonly kind: 'first' }
  | { readonly kind: 'current'; readonly body: SeenBody }
  /** The file is older than what was seen; `floor` is the highest generation known to have existed. */
  | { readonly kind: 'older'; readonly seen: number; readonly seenAt: string | null; readonly rekeyed: boolean; readonly floor: number }
  | { readonly kind: 'invalid'; readonly damaged: boolean; readonly detail: string };

const mac44 = z.string().refine((v) => v.length === 44 && Buffer.from(v, 'base64').toString('base64') === v, 'a base64 HMAC-SHA256');
const generation = z.number().int().nonnegative().max(2 ** 48);
const SeenFileSchema = z
  .object({
    format: z.literal(SEEN_FORMAT),
    version: z.literal(SEEN_VERSION),
    vaultId: z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/),
    generation,
    seenAt: z.string().max(40),
    retired: z.array(z.object({ generation, mac: mac44 }).strict()).max(MAX_RETIRED),
    macs: z.array(mac44).min(1).max(4),
  })
  .strict();

/** The record's text without its MACs, keys in one fixed order (what the MACs cover). */
function bodyText(b: SeenBody): string {
  return JSON.stringify({
    format: SEEN_FORMAT,
    version: SEEN_VERSION,
    vaultId: b.vaultId,
    generation: b.generation,
    seenAt: b.seenAt,
    retired: b.retired.map((r) => ({ generation: r.generation, mac: r.mac })),
  });
}

function hmac(key: Uint8Array, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('base64');
}

const bodyMac = (key: Uint8Array, b: SeenBody) => hmac(key, `${SEEN_FORMAT}/v${SEEN_VERSION}\n${bodyText(b)}`);
const retiredText = (vaultId: string, g: number) => `${SEEN_FORMAT}/v${SEEN_VERSION}/retired\n${vaultId}\n${g}`;
const sameMac = (a: string, b: string) => equalBytes(Buffer.from(a, 'base64'), Buffer.from(b, 'base64'));

/** The mark left for a vault key retired (by a passphrase change) at `generation`, under that old key's seen key. */
export function retiredMark(oldSeenKey: Uint8Array, vaultId: string, generation: number): RetiredMark {
  return { generation, mac: hmac(oldSeenKey, retiredText(vaultId, generation)) };
}

function seenText(body: SeenBody, macs: readonly string[]): string {
  const text = bodyText(body);
  return `${text.slice(0, -1)},"macs":${JSON.stringify(macs)}}\n`;
}

export function serializeSeen(body: SeenBody, seenKeys: readonly Uint8Array[]): string {
  return seenText(body, seenKeys.map((k) => bodyMac(k, body)));
}

/** Parses and checks the record with `seenKey`. Never throws on bad input: a bad file is `damaged`. */
export function parseSeen(text: string, seenKey: Uint8Array, vaultId: string): SeenState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: 'damaged', detail: 'it is not valid JSON' };
  }
  const parsed = SeenFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'damaged', detail: `${issue?.path.join('.') || 'record'}: ${issue?.message}` };
  }
  const d = parsed.data;
  const body: SeenBody = { vaultId: d.vaultId, generation: d.generation, seenAt: d.seenAt, retired: d.retired };
  // Byte for byte what Signet writes, as for the vault file.
  if (seenText(body, d.macs) !== text) {
    return { kind: 'damaged', detail: 'its bytes differ from what Signet writes' };
  }
  if (body.vaultId !== vaultId) return { kind: 'other-vault' };
  const expected = bodyMac(seenKey, body);
  const vouched = d.macs.some((m) => sameMac(m, expected));
  let retiredAt: number | null = null;
  for (const r of body.retired) {
    if (sameMac(r.mac, hmac(seenKey, retiredText(vaultId, r.generation)))) retiredAt = Math.max(retiredAt ?? 0, r.generation);
  }
  return { kind: 'present', body, vouched, retiredAt };
}

/** The vault file (generation `fileGeneration`, opened with the key the state was read with) against the record. */
export function judgeSeen(state: SeenState, fileGeneration: number): SeenVerdict {
  switch (state.kind) {
    case 'missing':
    case 'other-vault':
      return { kind: 'first' };
    case 'damaged':
      return { kind: 'invalid', damaged: true, detail: state.detail };
    case 'present': {
      const { body } = state;
      if (state.vouched) {
        return fileGeneration < body.generation
          ? { kind: 'older', seen: body.generation, seenAt: body.seenAt, rekeyed: false, floor: body.generation }
          : { kind: 'current', body };
      }
      if (state.retiredAt !== null && fileGeneration < state.retiredAt) {
        // The rest of the record is under a newer key this one cannot check; its generation only raises the floor.
        return { kind: 'older', seen: state.retiredAt, seenAt: null, rekeyed: true, floor: Math.max(state.retiredAt, body.generation) };
      }
      return { kind: 'invalid', damaged: false, detail: 'its MAC does not match this vault key' };
    }
  }
}

/** Reads and checks the record; a missing file is `missing`, one that cannot be read is `damaged`. Never writes. */
export async function readSeenFile(path: string, seenKey: Uint8Array, vaultId: string): Promise<SeenState> {
  let text: string;
  try {
    // lstat: a symbolic link planted here is not followed (a damaged record, reported and left as it is).
    const st = await lstat(path);
    if (st.isSymbolicLink()) return { kind: 'damaged', detail: 'it is a symbolic link, and Signet does not follow links in its home' };
    if (!st.isFile() || st.size > MAX_BYTES) return { kind: 'damaged', detail: 'it is not a small regular file' };
    text = await readFileNoFollow(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'damaged', detail: `it cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  // What a power cut can leave of a record written without fsync (see writeSeenFile): no record, not a damaged one.
  if (/^\0*$/.test(text)) return { kind: 'missing' };
  return parseSeen(text, seenKey, vaultId);
}

/** A record written to its temp file, not yet in place. */
export interface StagedSeenFile {
  /** Renames it over the record (one metadata operation, for right after the vault write). */
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Writes the record, 0600, to a temp file beside it; `commit` renames it over the old one, so a reader sees the
 * old record or the new, never half of one. The writer stages and commits it right after the vault write
 * (vault-writer.ts): created before the vault's fsync, it would ride in the same journal commit.
 * No fsync, unlike the vault: a power cut may lose the latest update, which leaves the record behind the vault
 * (harmless: the next unlock raises it), or an empty file where delayed allocation had not written it yet, which
 * reads as no record. Neither makes a vault Signet wrote look older than it is. Temp names follow atomic-file's,
 * so a killed writer's temp is swept at the next unlock.
 */
export async function stageSeenFile(path: string, body: SeenBody, seenKeys: readonly Uint8Array[]): Promise<StagedSeenFile> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  const discard = () => unlink(tmp).catch(() => {});
  try {
    const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      await fh.writeFile(serializeSeen(body, seenKeys));
    } finally {
      await fh.close();
    }
  } catch (e) {
    await discard();
    throw fileError(e, path, 'write');
  }
  return {
    commit: () =>
      rename(tmp, path).catch(async (e: unknown) => {
        await discard();
        throw fileError(e, path, 'write');
      }),
    discard,
  };
}

export async function writeSeenFile(path: string, body: SeenBody, seenKeys: readonly Uint8Array[]): Promise<void> {
  await (await stageSeenFile(path, body, seenKeys)).commit();
}
