/**
 * Crash-safe file replacement and a cross-process lock.
 *
 * writeFileAtomic: temp file in the same directory (mode as asked) → write → fsync → (keep the current file as
 * `backupPath` via a hard link, so no moment exists without a complete file under either name) → rename over the
 * target → fsync the directory. A process killed at any point leaves the target either old or new, never torn.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, open, readdir, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  readonly mode?: number;
  /** Keep the file being replaced under this name (the previous good version). */
  readonly backupPath?: string;
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
  const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) await fh.writeFile(data);
    else await writeAll(fh, data.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw e;
  }
  await fh.close();
  try {
    if (options.backupPath) await keepPrevious(path, options.backupPath);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
  await fsyncDir(dirname(path));
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

async function keepPrevious(path: string, backupPath: string): Promise<void> {
  const staged = `${backupPath}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    await link(path, staged);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return; // first write: nothing to keep
    // Filesystems without hard links: copy instead (slower, same result).
    await copyFile(path, staged);
  }
  await rename(staged, backupPath);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock file with no pid in it was left by a process killed between create and write. */
async function olderThan(path: string, ms: number): Promise<boolean> {
  const st = await stat(path).catch(() => null);
  return st !== null && Date.now() - st.mtimeMs > ms;
}

/**
 * Runs `fn` while holding `lockPath` (O_EXCL create, our pid inside). A lock left by a dead process is taken
 * over; a live holder is waited for up to `timeoutMs`, then `onBusy()` is thrown.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, onBusy: () => Error, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fh = await open(lockPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      await fh.writeFile(String(process.pid));
      await fh.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
      const dead = Number.isInteger(holder) && holder > 0 ? !isAlive(holder) : await olderThan(lockPath, 2000);
      if (dead) {
        await unlink(lockPath).catch(() => {});
        continue;
      }
      if (Date.now() > deadline) throw onBusy();
      await new Promise((r) => setTimeout(r, 15));
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(lockPath).catch(() => {});
  }
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
