/**
 * The audit log's files in the Signet home: `audit.jsonl` (the chained lines) and `audit.queue.jsonl` (events
 * recorded while the vault was locked, waiting to be chained). Both are 0600 and never opened through a symbolic
 * link at their name (O_NOFOLLOW, as base/no-follow-file.ts does for the home's other files); a link or a non-file
 * there is refused and left as it is.
 *
 * The log is only ever appended to (one write per append, then fsync), with two exceptions, both taken under the
 * vault lock by the process that owns the append: a partial last line (a crash while writing) is cut off before the
 * next append, which records that it did (audit.recovered), and an append whose vault write then failed is taken
 * back, so the log never holds lines for a change that was not made. Reading runs backwards from the end, so an
 * append or a page of the Audit page reads the last few kilobytes, not the whole file.
 */
import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { lstat, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileError } from '../base/atomic-file';
import { AppError } from '../base/errors';
import { openNoFollow } from '../base/no-follow-file';

export const AUDIT_LOG = 'audit.jsonl';
export const AUDIT_QUEUE = 'audit.queue.jsonl';
/** The newest head, sealed (vault/audit-head.ts); written by the vault, named here with the others. */
export const AUDIT_HEAD = 'audit.head';
/** Bigger than any log Signet writes in years of use; a file beyond it is refused rather than read into memory. */
const MAX_LOG_BYTES = 1024 * 2 ** 20;
const MAX_QUEUE_BYTES = 16 * 2 ** 20;
/** Backward reads start small (the last line is a few hundred bytes) and grow for long reads. */
const FIRST_CHUNK = 16 * 1024;
const CHUNK = 256 * 1024;
const NL = 0x0a;

export interface AuditPaths {
  readonly log: string;
  readonly queue: string;
  readonly head: string;
}

export function auditPaths(home: string): AuditPaths {
  return { log: join(home, AUDIT_LOG), queue: join(home, AUDIT_QUEUE), head: join(home, AUDIT_HEAD) };
}

/** Why a log file cannot be used, in words for a message (a link, a folder), or null for an errno to rethrow. */
function refusal(e: unknown): string | null {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'it is a symbolic link, and Signet does not follow links in its home (one could send its writes to any file); the link was left as it is';
  if (code === 'ERR_NOT_REGULAR_FILE' || code === 'ENXIO' || code === 'EISDIR') return 'it is not a regular file (a folder, a pipe or a device is in the way)';
  return null;
}

/** The file open for reading, null when there is none; `{unreadable}` when something other than a file is there. */
async function openForReading(path: string): Promise<FileHandle | null | { unreadable: string }> {
  try {
    return await openNoFollow(path, constants.O_RDONLY);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    const why = refusal(e);
    if (why) return { unreadable: why };
    throw fileError(e, path, 'read the audit log');
  }
}

/** The whole log as text (for verification and export); null when there is none. */
export async function readLog(path: string): Promise<string | null | { unreadable: string }> {
  const fh = await openForReading(path);
  if (fh === null || !('read' in fh)) return fh;
  try {
    const { size } = await fh.stat();
    if (size > MAX_LOG_BYTES) return { unreadable: `it is larger than ${MAX_LOG_BYTES / 2 ** 20} MiB, more than Signet ever writes` };
    return await fh.readFile('utf8');
  } catch (e) {
    throw fileError(e, path, 'read the audit log');
  } finally {
    await fh.close();
  }
}

/** The end of the log, as an append needs it. */
export interface LogTail {
  /** Inode of the file read (null: there is no file). */
  readonly ino: number | null;
  readonly size: number;
  /** Bytes up to and including the last newline: where the whole lines end. */
  readonly wholeSize: number;
  /** Whole lines from the end back to the one `stop` accepted (or to the start), oldest first. */
  readonly lines: readonly string[];
  /** Whether `lines` starts at the first line of the file. */
  readonly fromStart: boolean;
}

/**
 * Reads whole lines backwards from the end until `stop(line)` says enough (that line included). The partial last
 * line, if any, is not among them (wholeSize tells where it starts).
 */
export async function readTail(path: string, stop: (line: string) => boolean): Promise<LogTail | { unreadable: string }> {
  const fh = await openForReading(path);
  if (fh === null) return { ino: null, size: 0, wholeSize: 0, lines: [], fromStart: true };
  if (!('read' in fh)) return fh;
  try {
    const st = await fh.stat();
    let wholeSize = -1;
    const lines: string[] = [];
    const fromStart = await eachLineBackward(fh, st.size, (text, start) => {
      if (wholeSize < 0) {
        wholeSize = start; // the first piece is the text after the last newline (maybe empty)
        return true;
      }
      lines.push(text);
      return !stop(text);
    });
    return { ino: st.ino, size: st.size, wholeSize: Math.max(wholeSize, 0), lines: lines.reverse(), fromStart };
  } catch (e) {
    throw fileError(e, path, 'read the audit log');
  } finally {
    await fh.close();
  }
}

/**
 * Calls `each(text, start)` for every newline-separated piece from the end back: first the text after the last
 * newline (the partial line, '' when the file ends with one), then each whole line (without its newline) with the
 * byte offset where it starts. Stops when `each` answers false (resolving false); resolves true once the first line
 * of the file was given.
 */
async function eachLineBackward(fh: FileHandle, size: number, each: (text: string, start: number) => boolean): Promise<boolean> {
  let pos = size;
  let carry = Buffer.alloc(0);
  let chunk = FIRST_CHUNK;
  while (pos > 0) {
    const len = Math.min(chunk, pos);
    chunk = CHUNK;
    pos -= len;
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, pos);
    const block = carry.length ? Buffer.concat([buf, carry]) : buf;
    let end = block.length;
    for (let i = block.length - 1; i >= 0; i--) {
      if (block[i] !== NL) continue;
      // The piece after this newline: UTF-8 never has 0x0A inside a character, so it decodes on its own.
      if (!each(block.toString('utf8', i + 1, end), pos + i + 1)) return false;
      end = i;
    }
    carry = Buffer.from(block.subarray(0, end));
  }
  each(carry.toString('utf8'), 0);
  return true;
}

/** Lines of the log from the last back, each with its text; for listing (stops when `each` says so). */
export async function eachLogLineBackward(path: string, each: (line: string) => boolean): Promise<{ unreadable: string } | null> {
  const fh = await openForReading(path);
  if (fh === null) return null;
  if (!('read' in fh)) return fh;
  try {
    let first = true;
    await eachLineBackward(fh, (await fh.stat()).size, (text) => {
      if (first) {
        first = false; // the partial last line: not a line yet
        return true;
      }
      return text === '' ? true : each(text);
    });
    return null;
  } catch (e) {
    throw fileError(e, path, 'read the audit log');
  } finally {
    await fh.close();
  }
}

const O_APPEND_NEW = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT;

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, constants.O_RDONLY).catch(() => null);
  await fh?.sync().catch(() => {});
  await fh?.close();
}

/** Opens for appending, creating it 0600; a file found with wider permissions is narrowed to 0600 (it is Signet's). */
async function openForAppend(path: string, action: string): Promise<{ fh: FileHandle; st: Stats }> {
  let fh: FileHandle;
  try {
    fh = await openNoFollow(path, O_APPEND_NEW, 0o600);
  } catch (e) {
    const why = refusal(e);
    if (why) throw new AppError('ERR_FILE', `Could not ${action} at ${path}: ${why}. Nothing was changed.`, { cause: e });
    throw fileError(e, path, action);
  }
  try {
    const st = await fh.stat();
    if ((st.mode & 0o777) !== 0o600) await fh.chmod(0o600);
    return { fh, st };
  } catch (e) {
    await fh.close();
    throw fileError(e, path, action);
  }
}

/**
 * Appends `text` (whole lines) to the log read as `tail`, after cutting off a partial last line; fsync before it
 * returns. Refuses (ERR_FILE) when the file is no longer the one read. Answers the size the log had before, for
 * `takeBack`.
 */
export async function appendLines(path: string, tail: Pick<LogTail, 'ino' | 'size' | 'wholeSize'>, text: string): Promise<number> {
  const { fh, st } = await openForAppend(path, 'write the audit log');
  try {
    if ((tail.ino !== null && st.ino !== tail.ino) || st.size !== tail.size) {
      throw new AppError('ERR_FILE', `The audit log ${path} changed while Signet was appending to it (another program wrote it). Nothing was appended; run \`signet audit verify\`.`);
    }
    if (tail.wholeSize < st.size) await fh.truncate(tail.wholeSize);
    await fh.writeFile(text);
    await fh.sync();
  } catch (e) {
    throw fileError(e, path, 'write the audit log');
  } finally {
    await fh.close();
  }
  if (tail.ino === null) await fsyncDir(dirname(path));
  return tail.wholeSize;
}

/** Takes back an append whose vault write failed: the log is cut back to `size` (it is still this process's to cut). */
export async function takeBack(path: string, size: number): Promise<void> {
  const fh = await openNoFollow(path, constants.O_WRONLY);
  try {
    await fh.truncate(size);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Moves `path` aside as `<path>.<tag>-<time>` (a link is moved as the link); answers the new name, or null when there was nothing. */
export async function setAside(path: string, tag: string, now: string): Promise<string | null> {
  const st = await lstat(path).catch(() => null);
  if (!st) return null;
  const aside = `${path}.${tag}-${now.replace(/[:.]/g, '-')}`;
  await rename(path, aside).catch((e: unknown) => {
    throw fileError(e, path, 'set the audit log aside');
  });
  return aside;
}

// ───────────────────────────── the queue ─────────────────────────────

/**
 * Appends queue lines (0600). No fsync: a queued event is not authenticated until it is chained, and anyone who can
 * write the home can delete the queue, so its durability protects nothing; a power cut may lose what waited.
 */
export async function appendQueue(path: string, text: string): Promise<void> {
  const { fh } = await openForAppend(path, 'queue an audit event');
  try {
    await fh.writeFile(text);
  } catch (e) {
    throw fileError(e, path, 'queue an audit event');
  } finally {
    await fh.close();
  }
}

/** The queue's lines (a partial last line, from a crash, is left out); [] when there is none. */
export async function readQueue(path: string): Promise<string[]> {
  const fh = await openForReading(path);
  if (fh === null) return [];
  if (!('read' in fh)) throw new AppError('ERR_FILE', `Could not read the audit queue at ${path}: ${fh.unreadable}.`);
  try {
    const { size } = await fh.stat();
    if (size > MAX_QUEUE_BYTES) throw new AppError('ERR_FILE', `The audit queue ${path} is larger than ${MAX_QUEUE_BYTES / 2 ** 20} MiB, more than Signet ever queues. It was left untouched; move it away.`);
    const text = await fh.readFile('utf8');
    const lines = text.split('\n');
    lines.pop();
    return lines.filter((l) => l !== '');
  } catch (e) {
    throw fileError(e, path, 'read the audit queue');
  } finally {
    await fh.close();
  }
}

export async function removeQueue(path: string): Promise<void> {
  await unlink(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw fileError(e, path, 'remove the audit queue');
  });
}
