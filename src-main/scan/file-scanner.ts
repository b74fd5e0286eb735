/**
 * One file (or one staged blob) through every matcher: the vault's forms (vault-matcher.ts), the known formats
 * (rules.ts) and split values (split-values.ts), with positions turned into line, column and a masked excerpt.
 *
 * Memory stays flat whatever the file: it is read in windows of CHUNK bytes into one reused buffer, each window
 * starting with the last OVERLAP bytes of the one before, so a match across a boundary is still whole in one window.
 * A hit is reported by the window where it ends inside the reported range (up to MARGIN bytes before the window's
 * end, so greedy values are complete), which reports each hit once. A 50 MB single-line file is 50 windows of
 * 1 MB (the process grows by ≈ 50 MB whatever the file's size; with 4 MB windows it grew by 110 MB on that file), and
 * its excerpts are as short as any.
 *
 * Reads are synchronous: measured, a synchronous open-fstat-read-close is several times faster than fs/promises for
 * 10,000 small files (bench/scan.bench.ts), and the caller yields to the event loop between files. The open uses
 * O_NOFOLLOW (a file swapped for a link mid-scan is not followed) and O_NONBLOCK (a FIFO cannot hang the scan), and
 * only a regular file is read, up to the size it had when opened. A file that vanished, cannot be read, or holds a
 * NUL byte in its first 8,000 bytes (git's test for binary) is reported as skipped with its reason.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { CredentialField } from '../contract/providers';
import type { ScanEncoding, ScanFinding, ScanSkipReason } from '../contract/scan';
import { MASK, maskKeyLike, maskValue, printableExcerpt } from './mask';
import { findRuleHits, RULES } from './rules';
import { findSplitValues, MAX_SPLIT_SPAN } from './split-values';
import type { SecretIndex, VaultMatcher } from './vault-matcher';

/** A vault secret the matcher looks for: which entry, which field, which of its credential slots. */
export interface SecretRef {
  readonly entryId: string;
  readonly label: string;
  readonly field: CredentialField;
  readonly slot: 'current' | 'next' | 'previous';
}

export type FileOutcome =
  | { readonly status: 'scanned'; readonly bytes: number; readonly findings: ScanFinding[] }
  | { readonly status: 'skipped'; readonly reason: ScanSkipReason; readonly detail: string };

const CHUNK = 1024 * 1024;
const MARGIN = 2048;
const BINARY_PROBE = 8000;
const EXCERPT_BEFORE = 40;
const EXCERPT_AFTER = 30;
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;
const RULE_TITLES = new Map(RULES.map((r) => [r.id, r.title]));

type Hit =
  | { readonly kind: 'vault'; readonly start: number; readonly end: number; readonly owners: readonly SecretIndex[]; readonly encoding: ScanEncoding; readonly pemLine: boolean; readonly parts?: undefined }
  | { readonly kind: 'split'; readonly start: number; readonly end: number; readonly owners: readonly SecretIndex[]; readonly joined: string; readonly parts: readonly (readonly [number, number])[] }
  | { readonly kind: 'rule'; readonly start: number; readonly end: number; readonly ruleId: string; readonly parts?: undefined };

/** A-Z a-z 0-9 + / - _ */
function isBase64Byte(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 45 || c === 95;
}

/** Counts UTF-8 code points in b[from, to). */
function codePoints(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if ((b[i]! & 0xc0) !== 0x80) n++;
  return n;
}

export function readError(e: unknown): { reason: ScanSkipReason; detail: string } {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return { reason: 'vanished', detail: 'removed during the scan' };
    case 'EACCES':
    case 'EPERM':
      return { reason: 'unreadable', detail: 'permission denied' };
    case 'ELOOP':
      return { reason: 'symlink', detail: 'replaced by a symbolic link during the scan; not followed' };
    case 'EISDIR':
      return { reason: 'not-a-file', detail: 'a directory' };
    default:
      return { reason: 'unreadable', detail: (e as Error).message ?? String(e) };
  }
}

export class FileScanner {
  readonly #matcher: VaultMatcher | null;
  readonly #secrets: readonly SecretRef[];
  readonly #overlap: number;
  readonly #chunk: number;
  #buf: Buffer | null = null;

  constructor(matcher: VaultMatcher | null, secrets: readonly SecretRef[], opts: { chunkSize?: number } = {}) {
    this.#matcher = matcher;
    this.#secrets = secrets;
    this.#chunk = opts.chunkSize ?? CHUNK;
    this.#overlap = Math.max(matcher?.maxLength ?? 0, MAX_SPLIT_SPAN, 8192) + MARGIN;
  }

  #buffer(): Buffer {
    this.#buf ??= Buffer.alloc(this.#overlap + this.#chunk);
    return this.#buf;
  }

  /** Zeroes the read buffer (file contents may hold secrets). */
  wipe(): void {
    this.#buf?.fill(0);
    this.#buf = null;
  }

  /** Reads and scans the file at `path`; `display` is the path findings carry. Never throws for the file's sake. */
  scanPath(path: string, display: string): FileOutcome {
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    } catch (e) {
      return { status: 'skipped', ...readError(e) };
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) return { status: 'skipped', reason: 'not-a-file', detail: st.isFIFO() ? 'a named pipe' : st.isSocket() ? 'a socket' : 'a device or special file' };
      // Read up to the size fstat gave: a file that grows meanwhile is scanned as it was when opened, and a file read
      // whole needs no extra read to see its end (one system call fewer per file).
      let left = st.size;
      return this.#scan(display, (buf, off, len) => {
        if (left <= 0) return 0;
        const r = readSync(fd, buf, off, Math.min(len, left), null);
        left = r === 0 ? 0 : left - r;
        return r;
      });
    } catch (e) {
      return { status: 'skipped', ...readError(e) };
    } finally {
      closeSync(fd);
    }
  }

  /** Scans bytes already in memory (a staged blob). */
  scanBytes(data: Uint8Array, display: string): FileOutcome {
    let at = 0;
    return this.#scan(display, (buf, off, len) => {
      const n = Math.min(len, data.length - at);
      buf.set(data.subarray(at, at + n), off);
      at += n;
      return n;
    });
  }

  #scan(display: string, read: (buf: Buffer, off: number, len: number) => number): FileOutcome {
    const buf = this.#buffer();
    const findings: ScanFinding[] = [];
    let tail = 0;
    let reportFrom = 0;
    let total = 0;
    // Where the window starts in the file: its line, and the code points before it on that line.
    let originLine = 1;
    let originCol = 0;
    for (let first = true; ; first = false) {
      let n = tail;
      let eof = false;
      while (n < buf.length) {
        const r = read(buf, n, buf.length - n);
        if (r === 0) {
          eof = true;
          break;
        }
        n += r;
      }
      if (first && buf.subarray(0, Math.min(n, BINARY_PROBE)).includes(0)) {
        return { status: 'skipped', reason: 'binary', detail: 'binary content (a NUL byte near the start)' };
      }
      total += n - tail;
      const reportTo = eof ? n : n - MARGIN;
      this.#window(buf, n, reportFrom, reportTo, originLine, originCol, display, findings);
      if (eof) break;
      const keep = Math.min(this.#overlap, n);
      const cut = n - keep;
      // Move the origin to `cut`: count the lines and the columns of the part that leaves the buffer.
      let nl = -1;
      for (let i = buf.indexOf(10, 0); i >= 0 && i < cut; i = buf.indexOf(10, i + 1)) {
        originLine++;
        nl = i;
      }
      originCol = nl >= 0 ? codePoints(buf, nl + 1, cut) : originCol + codePoints(buf, 0, cut);
      buf.copyWithin(0, cut, n);
      tail = keep;
      reportFrom = reportTo - cut;
    }
    return { status: 'scanned', bytes: total, findings };
  }

  #window(buf: Buffer, n: number, reportFrom: number, reportTo: number, originLine: number, originCol: number, display: string, out: ScanFinding[]): void {
    const hits: Hit[] = [];
    const m = this.#matcher;
    if (m) {
      for (const h of m.find(buf, n)) hits.push({ kind: 'vault', start: h.start, end: h.end, owners: m.owners(h.form), encoding: m.encoding(h.form), pemLine: m.isPemLine(h.form) });
    }
    const text = buf.toString('latin1', 0, n);
    if (m) {
      for (const v of findSplitValues(text, (len) => m.hasWholeLength(len))) {
        const owners = m.wholeOwners(Buffer.from(v.joined, 'latin1')).filter(
          (o) => !hits.some((h) => h.kind === 'vault' && h.start >= v.start && h.end <= v.end && h.owners.includes(o)),
        );
        if (owners.length) hits.push({ kind: 'split', start: v.start, end: v.end, owners, joined: v.joined, parts: v.parts });
      }
    }
    // A known format where a vault secret already matched says nothing more.
    for (const r of findRuleHits(text)) {
      if (hits.some((h) => r.start < h.end && r.end > h.start)) continue;
      hits.push({ kind: 'rule', start: r.start, end: r.end, ruleId: r.ruleId });
    }
    if (hits.length === 0) return;
    hits.sort((a, b) => a.start - b.start || a.end - b.end);

    // Line and column of each reported hit, counted forward from the window's origin.
    let line = originLine;
    let lastNl = -1;
    let cursor = 0;
    let colFrom = 0;
    let colCount = originCol;
    const lastPemLine = new Map<SecretIndex, number>();
    for (const h of hits) {
      if (h.end <= reportFrom || h.end > reportTo) continue;
      for (let i = buf.indexOf(10, cursor); i >= 0 && i < h.start; i = buf.indexOf(10, i + 1)) {
        line++;
        lastNl = i;
      }
      cursor = h.start;
      const lineStart = lastNl + 1;
      if (colFrom < lineStart) {
        colFrom = lineStart;
        colCount = 0;
      }
      colCount += codePoints(buf, colFrom, h.start);
      colFrom = h.start;
      const column = colCount + 1;
      const excerpt = this.#excerpt(buf, n, h, lineStart, lastNl >= 0 || originCol === 0, hits);
      const place = { path: display, line, column, excerpt };
      if (h.kind === 'rule') {
        out.push({ kind: 'rule', ...place, match: maskValue(buf.toString('utf8', h.start, h.end)), ruleId: h.ruleId, title: RULE_TITLES.get(h.ruleId) ?? h.ruleId });
        continue;
      }
      const match = maskValue(h.kind === 'split' ? h.joined : buf.toString('utf8', h.start, h.end));
      for (const o of h.owners) {
        if (h.kind === 'vault' && h.pemLine) {
          // A PEM key's lines one after another (or its body on one line) are one finding.
          const prev = lastPemLine.get(o);
          lastPemLine.set(o, line);
          if (prev !== undefined && line - prev <= 1) continue;
        }
        const s = this.#secrets[o]!;
        out.push({ kind: 'vault', ...place, match, entryId: s.entryId, label: s.label, field: s.field, slot: s.slot, encoding: h.kind === 'split' ? 'split' : h.encoding });
      }
    }
  }

  /** Up to EXCERPT_BEFORE bytes before the hit and EXCERPT_AFTER after it, on its line, every hit in it masked. */
  #excerpt(buf: Buffer, n: number, h: Hit, lineStart: number, lineStartsHere: boolean, hits: readonly Hit[]): string {
    let from = Math.max(lineStart, h.start - EXCERPT_BEFORE);
    while (from < h.start && (buf[from]! & 0xc0) === 0x80) from++;
    let lineEnd = buf.indexOf(10, h.start);
    if (lineEnd < 0 || lineEnd > n) lineEnd = n;
    const firstEnd = h.kind === 'split' ? Math.min(lineEnd, h.parts[0]![1]) : Math.min(lineEnd, h.end);
    let to = Math.min(lineEnd, firstEnd + EXCERPT_AFTER);
    while (to > firstEnd && to < n && (buf[to]! & 0xc0) === 0x80) to--;
    let textEnd = to;
    if (textEnd > from && buf[textEnd - 1] === 13) textEnd--;
    // The spans to mask: every hit (and every part of a split value) that reaches into [from, textEnd), each shown as
    // its own masked value when it lies wholly inside, else as •••• alone. A base64 form's neighbours encode a few
    // bits of the secret too (the bytes it shares with them): they are masked with it.
    const spans: { a: number; b: number; mask: string }[] = [];
    for (const o of hits) {
      const b64 = o.kind === 'vault' && (o.encoding === 'base64' || o.encoding === 'base64url');
      for (const [start, end] of o.parts ?? [[o.start, o.end] as const]) {
        let a = start;
        let b = end;
        if (b64) {
          while (a > from && isBase64Byte(buf[a - 1]!)) a--;
          while (b < textEnd && (isBase64Byte(buf[b]!) || buf[b] === 61)) b++;
        }
        if (a >= textEnd || b <= from) continue;
        const whole = !o.parts && start >= from && end <= textEnd;
        spans.push({ a, b, mask: whole ? maskValue(buf.toString('utf8', start, end)) : MASK });
      }
    }
    spans.sort((x, y) => x.a - y.a);
    let s = from > lineStart || !lineStartsHere ? '…' : '';
    let at = from;
    for (const { a, b, mask } of spans) {
      if (b <= at) continue;
      if (a > at) s += maskKeyLike(buf.toString('utf8', at, a));
      s += mask;
      at = b;
    }
    if (at < textEnd) s += maskKeyLike(buf.toString('utf8', at, textEnd));
    if (to < lineEnd) s += '…';
    return printableExcerpt(s);
  }
}
