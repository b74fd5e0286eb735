/**
 * Finds every search form of every vault secret in a buffer, in one pass, without holding the secrets themselves.
 *
 * Why not Aho–Corasick: a dense automaton over all forms of a few hundred keys (≈ 10 forms each, 40–90 bytes) needs
 * states × alphabet cells — tens of megabytes — and touches every byte of the input. Instead, sampled windows
 * (measured in bench/scan.bench.ts): every form of length L ≥ w + s − 1 fully contains a w-byte window that starts
 * at a multiple of s in the text, whatever the alignment, so hashing only the windows at multiples of s (s = 25 for
 * forms of 32 bytes or more) finds every occurrence. The index maps each window hash to (form, offset in form) for
 * the s windows at the start of each form; a hit is confirmed by a keyed hash (HMAC-SHA-256, a random key per scan)
 * of the candidate's full length against the form's. The tables hold only 32-bit window hashes, lengths and keyed
 * digests: no form's bytes survive `build`, and `wipe()` zeroes every table and the key when the scan ends.
 *
 * Forms are in two tiers by length (≥ 32 bytes with 8-byte windows, 8–31 with 4-byte ones), each with its own step, so
 * a short passphrase does not make the long forms pay for its denser sampling. A candidate is checked against a 32-bit hash
 * of the whole form before the keyed digest, so the common false candidate costs a pass over its bytes, not an HMAC.
 */
import { createHmac, randomFillSync } from 'node:crypto';
import { SCAN_ENCODINGS, type ScanEncoding } from '../contract/scan';
import type { SecretForm } from './secret-forms';

/** Which secret a form belongs to: an index into the caller's list of secrets. */
export type SecretIndex = number;

export interface VaultHit {
  readonly start: number;
  readonly end: number;
  readonly form: number;
}

interface Tier {
  readonly window: 4 | 8;
  readonly step: number;
  readonly keys: Int32Array;
  /** form index × 32 + offset, or -1 for an empty slot. */
  readonly vals: Int32Array;
}

/**
 * Everything a matcher needs, in typed arrays over SharedArrayBuffers: the scan's worker threads match with the very
 * tables main built (nothing is copied), and main's `wipe()` zeroes them for every thread at once.
 */
export interface MatcherData {
  readonly key: Uint8Array;
  readonly tiers: readonly Tier[];
  readonly lengths: Int32Array;
  /** A seeded 32-bit hash of each whole form: the cheap first check of a candidate. */
  readonly quick: Int32Array;
  readonly digests: Uint8Array;
  readonly encodings: Uint8Array;
  readonly pemLines: Uint8Array;
  /** Owners of each form (a value held by two entries belongs to both): CSR offsets into ownerList. */
  readonly ownerStart: Int32Array;
  readonly ownerList: Int32Array;
  /** Whole-value digests (hex) and their owners, for split values, and the lengths whole values come in. */
  readonly whole: readonly (readonly [string, readonly SecretIndex[]])[];
  readonly wholeLengths: readonly number[];
  readonly maxLength: number;
}

const shared = {
  i32: (n: number): Int32Array => new Int32Array(new SharedArrayBuffer(Math.max(1, n) * 4)),
  u8: (n: number): Uint8Array => new Uint8Array(new SharedArrayBuffer(Math.max(1, n))),
};

const DIGEST_BYTES = 16;
/** Index entries per tier beyond which the step shrinks (a vault of thousands of keys): bounds the tables' memory. */
const MAX_INDEX_ENTRIES = 4_000_000;
/** Slots per tier table before it is allowed to fill beyond 1/32 (2^22 slots: 32 MB for keys and values). */
const MAX_TABLE_SLOTS = 2 ** 22;
// Below 32 bytes a 4-byte window allows a longer step than an 8-byte one (L − 3 against L − 7): fewer lookups, for
// more candidates, which the whole-form hash dismisses cheaply (without it, confirming them took a third of the time).
const TIER_LIMITS = [
  { minLength: 32, window: 8 as const },
  { minLength: 8, window: 4 as const },
];

function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function windowHash(b: Uint8Array, q: number, w: 4 | 8, seed: number): number {
  const lo = (b[q]! | (b[q + 1]! << 8) | (b[q + 2]! << 16) | (b[q + 3]! << 24)) ^ seed;
  if (w === 4) return mix32(lo);
  const hi = b[q + 4]! | (b[q + 5]! << 8) | (b[q + 6]! << 16) | (b[q + 7]! << 24);
  return mix32(lo ^ Math.imul(mix32(hi), 0x9e3779b1));
}

function hmac(key: Uint8Array, b: Uint8Array, start: number, end: number): Buffer {
  return createHmac('sha256', key).update(b.subarray(start, end)).digest().subarray(0, DIGEST_BYTES);
}

/**
 * Builds the tables: `forms[i]` are the search forms of secret i, `whole[i]` its whole-value forms. The caller wipes
 * both afterwards; nothing here keeps a reference to their bytes.
 */
export function buildMatcherData(forms: readonly (readonly SecretForm[])[], whole: readonly (readonly Buffer[])[]): MatcherData {
  const key = shared.u8(32);
  randomFillSync(key);
  const seed = seedOf(key);
  // One entry per distinct byte string, with every secret that has it.
  const distinct: { bytes: Buffer; encoding: ScanEncoding; pemLine: boolean; owners: SecretIndex[]; digest: Buffer }[] = [];
  const byDigest = new Map<string, number>();
  forms.forEach((list, owner) => {
    for (const form of list) {
      const digest = hmac(key, form.bytes, 0, form.bytes.length);
      const k = digest.toString('hex');
      const at = byDigest.get(k);
      if (at === undefined) {
        byDigest.set(k, distinct.length);
        distinct.push({ bytes: form.bytes, encoding: form.encoding, pemLine: form.pemLine === true, owners: [owner], digest });
      } else if (!distinct[at]!.owners.includes(owner)) distinct[at]!.owners.push(owner);
    }
  });
  const n = distinct.length;
  const lengths = shared.i32(n);
  const quick = shared.i32(n);
  const digests = shared.u8(n * DIGEST_BYTES);
  const encodings = shared.u8(n);
  const pemLines = shared.u8(n);
  const ownerStart = shared.i32(n + 1);
  const owners: number[] = [];
  distinct.forEach((d, i) => {
    lengths[i] = d.bytes.length;
    quick[i] = quickHash(d.bytes, 0, d.bytes.length, seed);
    digests.set(d.digest, i * DIGEST_BYTES);
    d.digest.fill(0);
    encodings[i] = SCAN_ENCODINGS.indexOf(d.encoding);
    pemLines[i] = d.pemLine ? 1 : 0;
    ownerStart[i] = owners.length;
    owners.push(...d.owners);
  });
  ownerStart[n] = owners.length;
  const ownerList = shared.i32(owners.length);
  ownerList.set(owners);

  const tiers: Tier[] = [];
  let upper = Infinity;
  for (const limit of TIER_LIMITS) {
    const members = distinct.map((d, i) => ({ bytes: d.bytes, i })).filter((d) => d.bytes.length >= limit.minLength && d.bytes.length < upper);
    upper = limit.minLength;
    if (members.length === 0) continue;
    const shortest = Math.min(...members.map((m) => m.bytes.length));
    // Every form of the tier is at least window + step − 1 long, so one sampled window lies wholly inside it.
    const step = Math.max(1, Math.min(shortest - limit.window + 1, 31, Math.floor(MAX_INDEX_ENTRIES / members.length)));
    // A sparse table (≤ 1/32 full) answers most lookups with one read of an empty slot, which the CPU predicts; at
    // half full, the probing's mispredicted branches made the scan 4× slower (measured).
    let size = 4096;
    while (size < members.length * step * 32 && size < MAX_TABLE_SLOTS) size *= 2;
    while (size < members.length * step * 2) size *= 2;
    const keys = shared.i32(size);
    const vals = shared.i32(size).fill(-1);
    const mask = size - 1;
    for (const m of members) {
      for (let o = 0; o < step; o++) {
        const h = windowHash(m.bytes, o, limit.window, seed);
        let slot = h & mask;
        while (vals[slot] !== -1) slot = (slot + 1) & mask;
        keys[slot] = h;
        vals[slot] = m.i * 32 + o;
      }
    }
    tiers.push({ window: limit.window, step, keys, vals });
  }

  const wholeMap = new Map<string, SecretIndex[]>();
  whole.forEach((list, owner) => {
    for (const b of list) {
      const k = hmac(key, b, 0, b.length).toString('hex');
      const o = wholeMap.get(k) ?? [];
      if (!o.includes(owner)) o.push(owner);
      wholeMap.set(k, o);
    }
  });
  const wholeLengths = new Set<number>();
  for (const list of whole) for (const b of list) wholeLengths.add(b.length);
  return {
    key,
    tiers,
    lengths,
    quick,
    digests,
    encodings,
    pemLines,
    ownerStart,
    ownerList,
    whole: [...wholeMap],
    wholeLengths: [...wholeLengths],
    maxLength: distinct.reduce((m, d) => Math.max(m, d.bytes.length), 0),
  };
}

function quickHash(b: Uint8Array, start: number, end: number, seed: number): number {
  let h = seed ^ 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return mix32(h);
}

function seedOf(key: Uint8Array): number {
  return key[0]! | (key[1]! << 8) | (key[2]! << 16) | (key[3]! << 24);
}

/** Matches with the tables of `buildMatcherData`, in the thread that built them or in a scan worker. */
export class VaultMatcher {
  readonly #d: MatcherData;
  readonly #seed: number;
  readonly #whole = new Map<string, readonly SecretIndex[]>();
  readonly #wholeLengths = new Set<number>();
  readonly maxLength: number;

  constructor(data: MatcherData) {
    this.#d = data;
    this.#seed = seedOf(data.key);
    for (const [k, owners] of data.whole) this.#whole.set(k, owners);
    for (const l of data.wholeLengths) this.#wholeLengths.add(l);
    this.maxLength = data.maxLength;
  }

  get data(): MatcherData {
    return this.#d;
  }

  get formCount(): number {
    return this.#d.lengths.length;
  }

  /** Every occurrence of a form in `b[0, n)`, in no particular order; each (form, start) once. */
  find(b: Uint8Array, n: number): VaultHit[] {
    const hits: VaultHit[] = [];
    const lengths = this.#d.lengths;
    const seed = this.#seed;
    let seen: Set<string> | null = null;
    for (const t of this.#d.tiers) {
      const { window: w, step, keys, vals } = t;
      const mask = keys.length - 1;
      const last = n - w;
      for (let q = 0; q <= last; q += step) {
        const h = windowHash(b, q, w, seed);
        let slot = h & mask;
        let v = vals[slot]!;
        while (v !== -1) {
          if (keys[slot] === h) {
            const form = v >> 5;
            const start = q - (v & 31);
            const end = start + lengths[form]!;
            if (start >= 0 && end <= n && this.#confirm(b, start, end, form)) {
              seen ??= new Set();
              const k = `${form}:${start}`;
              if (!seen.has(k)) {
                seen.add(k);
                hits.push({ start, end, form });
              }
            }
          }
          slot = (slot + 1) & mask;
          v = vals[slot]!;
        }
      }
    }
    return hits;
  }

  #confirm(b: Uint8Array, start: number, end: number, form: number): boolean {
    if (quickHash(b, start, end, this.#seed) !== this.#d.quick[form]) return false;
    const d = hmac(this.#d.key, b, start, end);
    const want = this.#d.digests.subarray(form * DIGEST_BYTES, (form + 1) * DIGEST_BYTES);
    for (let i = 0; i < DIGEST_BYTES; i++) if (d[i] !== want[i]) return false;
    return true;
  }

  /** The secrets whose whole-value forms include `value` exactly (a split value once joined). */
  wholeOwners(value: Uint8Array): readonly SecretIndex[] {
    if (!this.#wholeLengths.has(value.length)) return [];
    return this.#whole.get(hmac(this.#d.key, value, 0, value.length).toString('hex')) ?? [];
  }

  hasWholeLength(length: number): boolean {
    return this.#wholeLengths.has(length);
  }

  owners(form: number): readonly SecretIndex[] {
    return Array.from(this.#d.ownerList.subarray(this.#d.ownerStart[form]!, this.#d.ownerStart[form + 1]!));
  }

  encoding(form: number): ScanEncoding {
    return SCAN_ENCODINGS[this.#d.encodings[form]!]!;
  }

  isPemLine(form: number): boolean {
    return this.#d.pemLines[form] === 1;
  }

  /** Zeroes the key and every table, for every thread that shares them: after this the matcher finds nothing. */
  wipe(): void {
    const d = this.#d;
    d.key.fill(0);
    d.digests.fill(0);
    d.lengths.fill(0);
    d.quick.fill(0);
    for (const t of d.tiers) {
      t.keys.fill(0);
      t.vals.fill(-1);
    }
    this.#whole.clear();
    this.#wholeLengths.clear();
  }
}
