/**
 * Reading and appending files in the Signet home without following a symbolic link at the file's name. A link
 * planted there (by whoever else can write to the folder, a sync tool, a restore gone wrong) would otherwise send
 * Signet's writes to any file the user can write (~/.ssh/authorized_keys, a shell profile), or feed it any file it
 * can read. O_NOFOLLOW makes the open fail with ELOOP instead; O_NONBLOCK keeps a FIFO put there from hanging the
 * open (a thread of the pool, for good), and only a regular file is accepted. Failures come back as ERR_FILE naming
 * the file (fileError), except ENOENT, left raw for the caller to treat as "no file yet".
 *
 * Windows has no O_NOFOLLOW (constants.O_NOFOLLOW is undefined there): an lstat check stands in for it; creating a
 * link on Windows takes a privilege most users lack, and the window between check and open is the only gap.
 */
import { constants } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { fileError, NOT_REGULAR_FILE } from './atomic-file';

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

/** Opens `path` without following a link at its name, refusing anything but a regular file (errno-style errors, ELOOP for a link). */
export async function openNoFollow(path: string, flags: number, mode?: number): Promise<FileHandle> {
  if (O_NOFOLLOW === 0) {
    const st = await lstat(path).catch(() => null);
    if (st?.isSymbolicLink()) throw Object.assign(new Error(`${path} is a symbolic link`), { code: 'ELOOP' });
  }
  const fh = await open(path, flags | O_NOFOLLOW | O_NONBLOCK, mode);
  try {
    if (!(await fh.stat()).isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: NOT_REGULAR_FILE });
  } catch (e) {
    await fh.close().catch(() => {});
    throw e;
  }
  return fh;
}

/** The file as UTF-8 text; ENOENT is thrown as it is (the caller decides what a missing file means). */
export async function readFileNoFollow(path: string, action = 'read'): Promise<string> {
  let fh: FileHandle;
  try {
    fh = await openNoFollow(path, constants.O_RDONLY);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw e;
    throw fileError(e, path, action);
  }
  try {
    return await fh.readFile('utf8');
  } catch (e) {
    throw fileError(e, path, action);
  } finally {
    await fh.close();
  }
}

/** Appends `data`, creating the file with `mode` if it does not exist. */
export async function appendFileNoFollow(path: string, data: string, mode: number, action = 'write'): Promise<void> {
  let fh: FileHandle;
  try {
    fh = await openNoFollow(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, mode);
  } catch (e) {
    throw fileError(e, path, action);
  }
  try {
    await fh.writeFile(data);
  } catch (e) {
    throw fileError(e, path, action);
  } finally {
    await fh.close();
  }
}

/** Whether `e` is the refusal of a symbolic link (from these helpers, writeFileAtomic's refuseLink or the lock). */
export function isLinkRefusal(e: unknown): boolean {
  const code = (x: unknown) => (x as NodeJS.ErrnoException | undefined)?.code;
  return code(e) === 'ELOOP' || code((e as Error | undefined)?.cause) === 'ELOOP';
}
