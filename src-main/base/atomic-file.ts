/**
 * Crash-safe file replacement and a cross-process lock.
 *
 * writeFileAtomic: temp file in the same directory (mode as asked) → write → fsync → (keep the current file as
 * `backupPath` via a hard link, so no moment exists without a complete file under either name) → rename over the
 * target → fsync the directory. A process killed at any point leaves the target either old or new, never torn.
 *
 * Symbolic links (a link planted in the home must not redirect a write): the temp file is created with O_EXCL, so
 * never through a link; the rename replaces a link at the target rather than writing through it, and `refuseLink`
 * refuses one instead, leaving it as it is; a link is never kept as the previous good version (the backup would
 * point outside the home); the lock file is read without following a link.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, lstat, open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from './errors';

export interface AtomicWriteOptions {
  readonly mode?: number;
  /** Keep the file being replaced under this name (the previous good version). */
  readonly backupPath?: string;
  /** Fail with ERR_FILE instead of replacing an existing file. */
  readonly noOverwrite?: boolean;
  /**
   * Fail with ERR_FILE, leaving the link as it is, when the target is a symbolic link (files in the Signet home).
   * Without it the rename replaces the link itself; nothing is ever written through one.
   */
  readonly refuseLink?: boolean;
  /**
   * false: no fsync of the folder after the rename (default true). For a file whose previous version is as good after
   * a power cut as the new one (the audit log's head: lines past an older head are adopted), it saves a flush.
   */
  readonly syncDir?: boolean;
}

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;
/** The code a FIFO, a device or a folder found where a file should be is refused with; fileError words it. */
export const NOT_REGULAR_FILE = 'ERR_NOT_REGULAR_FILE';

/** An ELOOP error, which fileError words as "a symbolic link, not followed". */
function linkRefused(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${path} is a symbolic link`), { code: 'ELOOP' });
}

/** Throws linkRefused when `path` is a symbolic link; a missing file is fine. */
async function refuseIfLink(path: string): Promise<void> {
  const st = await lstat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (st?.isSymbolicLink()) throw linkRefused(path);
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, constants.O_RDONLY).catch(() => null);
  if (!fh) return;
  try {
    await fh.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic.
  } finally {
    await fh.close();
  }
}

/** `data` may be a list of parts, written with one writev (no need to join megabytes into one string first). */
export async function writeFileAtomic(path: string, data: string | Uint8Array | readonly (string | Uint8Array)[], options: AtomicWriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  if (options.refuseLink) await refuseIfLink(path).catch((e: unknown) => Promise.reject(fileError(e, path, 'write')));
  const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, mode).catch((e: unknown) => {
    throw fileError(e, path, 'write');
  });
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) await fh.writeFile(data);
    else await writeAll(fh, data.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw fileError(e, path, 'write');
  }
  await fh.close();
  let retired: string | null = null;
  try {
    if (options.backupPath) retired = await keepPrevious(path, options.backupPath);
    // Again just before the rename: the link may have been planted while the data was written.
    if (options.refuseLink) await refuseIfLink(path);
    if (options.noOverwrite) {
      // link fails if the target exists: a new file appears complete, or not at all, and nothing is replaced.
      await link(tmp, path);
      await unlink(tmp);
    } else await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw fileError(e, path, 'write');
  }
  if (options.syncDir !== false) await fsyncDir(dirname(path));
  // The backup before last: delete it now that the new version is acknowledged, without waiting for the disk.
  if (retired) void unlink(retired).catch(() => {});
}

async function writeAll(fh: FileHandle, buffers: Uint8Array[]): Promise<void> {
  const pending = buffers.filter((b) => b.byteLength > 0);
  while (pending.length) {
    // writev may write less than asked; continue from where it stopped.
    let { bytesWritten } = await fh.writev(pending.slice(0, 1024));
    while (pending.length && bytesWritten >= (pending[0] as Uint8Array).byteLength) bytesWritten -= (pending.shift() as Uint8Array).byteLength;
    if (bytesWritten > 0) pending[0] = (pending[0] as Uint8Array).subarray(bytesWritten);
  }
}

/** Makes `backupPath` a copy of `path` (a hard link where possible), replacing it atomically. */
export async function keepCopy(path: string, backupPath: string): Promise<void> {
  const retired = await keepPrevious(path, backupPath).catch((e: unknown) => Promise.reject(fileError(e, path, 'keep a copy of the file')));
  if (retired) await unlink(retired).catch(() => {});
}

/**
 * Makes `backupPath` the current `path` (a hard link where possible). The backup it replaces is moved aside
 * rather than overwritten: freeing a multi-megabyte file costs milliseconds of journal work, which need not delay
 * the write being acknowledged. Returns the moved-aside file for the caller to delete afterwards (its name is a
 * temp name, so a process killed before that leaves something the next unlock sweeps).
 */
async function keepPrevious(path: string, backupPath: string): Promise<string | null> {
  const tag = () => `${process.pid}-${randomBytes(6).toString('hex')}`;
  const staged = `${backupPath}.tmp-${tag()}`;
  // link() would make the backup the same link, and copyFile would copy what it points to: keep no link at all.
  await refuseIfLink(path);
  try {
    await link(path, staged);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null; // first write: nothing to keep
    // Filesystems without hard links: copy instead (slower, same result).
    await copyFile(path, staged);
  }
  const retired = `${backupPath}.tmp-${tag()}`;
  const moved = await rename(backupPath, retired).then(
    () => true,
    (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
      return false;
    },
  );
  await rename(staged, backupPath);
  return moved ? retired : null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** No write holds the lock this long: an older lock is stale whatever pid it names (pid reuse after a reboot). */
const LOCK_MAX_AGE_MS = 30_000;
/**
 * The tokens of the locks this process holds right now, to tell its own live locks from one a previous process with
 * its pid left. By token, not by path: two holders in this process (two services on one home) take turns on one
 * path, and one letting go must not make the other's lock look abandoned.
 */
const heldHere = new Set<string>();

async function olderThan(path: string, ms: number): Promise<boolean> {
  const st = await lstat(path).catch(() => null);
  return st !== null && Date.now() - st.mtimeMs > ms;
}

/**
 * The lock's `pid:token` (a few bytes), or null when there is none. Never through a symbolic link, and never more
 * than a lock holds: a lock planted as a link to /dev/zero or a FIFO would otherwise hang or exhaust the process.
 */
async function readLock(lockPath: string): Promise<string | null> {
  let fh: FileHandle;
  try {
    fh = await open(lockPath, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw fileError(code === 'ELOOP' ? linkRefused(lockPath) : e, lockPath, 'read the lock file');
  }
  try {
    if (!(await fh.stat()).isFile()) throw fileError(Object.assign(new Error('not a regular file'), { code: NOT_REGULAR_FILE }), lockPath, 'read the lock file');
    const buf = Buffer.alloc(256);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

/** `created` runs the moment the file exists (before the token is in it), in the same turn as the open's result. */
async function tryCreateLock(lockPath: string, token: string, created?: () => void): Promise<boolean> {
  let fh: FileHandle;
  try {
    fh = await open(lockPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fileError(e, lockPath, 'create the lock file');
  }
  created?.();
  try {
    await fh.writeFile(token);
  } finally {
    await fh.close();
  }
  return true;
}

async function isStale(lockPath: string, content: string): Promise<boolean> {
  const pid = Number.parseInt(content, 10);
  // No pid yet: its creator was killed between create and write (or is writing it right now: give it 2 s).
  if (!Number.isInteger(pid) || pid <= 0) return olderThan(lockPath, 2000);
  if (pid === process.pid && !heldHere.has(content)) return true;
  if (!isAlive(pid)) return true;
  return olderThan(lockPath, LOCK_MAX_AGE_MS);
}

/**
 * Removes a stale lock only if it is still the one we judged stale. Takeovers are serialized by a second, briefly
 * held lock file, so between re-reading the lock and removing it no other process can remove it and create a new
 * one: a process never deletes a lock someone has just taken.
 */
async function takeOver(lockPath: string, seen: string): Promise<void> {
  const guard = `${lockPath}.takeover`;
  if (!(await tryCreateLock(guard, `${process.pid}`))) {
    // A takeover takes microseconds; a guard this old was left by a process killed in the middle of one.
    if (await olderThan(guard, 5000)) await unlink(guard).catch(() => {});
    return;
  }
  try {
    if ((await readLock(lockPath).catch(() => null)) === seen) {
      await unlink(lockPath).catch((e: unknown) => {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(e, lockPath, 'remove a stale lock file');
      });
    }
  } finally {
    await unlink(guard).catch(() => {});
  }
}

/**
 * Runs `fn` while holding `lockPath` (O_EXCL create; `pid:token` inside). A lock whose holder is dead, or that is
 * older than any write takes, is taken over; a live holder is waited for up to `timeoutMs`, then `onBusy()` is
 * thrown. Release removes the lock only if it is still ours.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, onBusy: () => Error, timeoutMs = 3000): Promise<T> {
  const token = `${process.pid}:${randomBytes(8).toString('hex')}`;
  const deadline = Date.now() + timeoutMs;
  // Marked held as soon as the file exists: another holder in this process reading our token from it meanwhile must not
  // take it for a lock a previous process with our pid left.
  const mark = () => heldHere.add(token);
  while (!(await tryCreateLock(lockPath, token, mark).catch((e: unknown) => {
    heldHere.delete(token);
    throw e;
  }))) {
    if (Date.now() > deadline) throw onBusy();
    // A lock that is a link or not a file is no Signet process's: say so rather than wait on it or read through it.
    const seen = await readLock(lockPath);
    if (seen !== null && (await isStale(lockPath, seen))) await takeOver(lockPath, seen);
    else await new Promise((r) => setTimeout(r, 15));
  }
  try {
    return await fn();
  } finally {
    // Unmarked only once removed: until then another holder here sees a live lock, and cannot take it over between
    // our check of the token and the unlink (which would then remove its new lock instead).
    if ((await readLock(lockPath).catch(() => null)) === token) await unlink(lockPath).catch(() => {});
    heldHere.delete(token);
  }
}

/** A file-system failure as an AppError that names the file and what to do, instead of a raw errno. */
export function fileError(e: unknown, path: string, action: string): AppError {
  if (e instanceof AppError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'the disk is full. Free some space and try again'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied. Check the folder is yours and writable (or set SIGNET_HOME to one that is)'
        : code === 'EROFS'
          ? 'the file system is read-only. Choose a writable location (SIGNET_HOME)'
          : code === 'ENOENT'
            ? 'its folder does not exist'
            : code === 'EEXIST'
              ? 'a file already exists there; choose another name'
            : code === 'EISDIR'
              ? 'a folder is in the way'
            : code === 'ELOOP'
              ? 'it is a symbolic link, and Signet does not follow links in its home (one could send its writes to any file). Remove the link, or put the file itself there; what the link points to was not touched'
            : code === NOT_REGULAR_FILE || code === 'ENXIO'
              ? 'it is not a regular file (a folder, a pipe or a device is in the way). Move it away'
              : (e as Error).message;
  return new AppError('ERR_FILE', `Could not ${action} at ${path}: ${why}. Nothing was changed.`, { cause: e });
}

/** Removes temp files of `path` left by processes that died mid-write (their pid is in the name). */
export async function sweepStaleTemps(path: string): Promise<number> {
  const dir = dirname(path);
  const prefix = basename(path);
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const m = /\.tmp-(\d+)-[0-9a-f]{12}$/.exec(name);
    if (!m || !name.startsWith(prefix) || isAlive(Number(m[1]))) continue;
    await unlink(join(dir, name)).then(() => removed++, () => {});
  }
  return removed;
}
