/**
 * What identifies one version of a file on disk without reading it (inode, size, mtime): enough to tell that
 * another process replaced the vault since this one read it, for the cost of a stat.
 */
import { stat } from 'node:fs/promises';

/** A file version as stat sees it. */
export interface DiskStamp {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

/** The stamp of `path` now; undefined when it cannot be stat'ed (missing, most often). */
export async function statStamp(path: string): Promise<DiskStamp | undefined> {
  const st = await stat(path).catch(() => null);
  return st ? { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs } : undefined;
}

/** Both known and the same version; an unknown stamp never matches, so a caller re-reads rather than trusting it. */
export function sameStamp(a: DiskStamp | undefined, b: DiskStamp | undefined): boolean {
  return Boolean(a && b && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs);
}
