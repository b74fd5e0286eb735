/**
 * The settings file is opened only when it is a plain file (or not there yet). conf and electron-store write through
 * `atomically`, which resolves a symbolic link and writes at its target, and read through it at start: a link planted
 * at `<home>/settings.json` would have Signet read and overwrite any file the user can write. A link found before the
 * store opens, or before any later write, is reported once and left as it is; settings are then kept in memory for
 * the rest of the session.
 */
import { lstatSync } from 'node:fs';
import type { Logger } from '../base/logger';
import { MemoryStore, type KeyValueStore } from './settings-service';

/** Why `file` must not be opened (a link, a folder, a FIFO…), or null when it is a regular file or absent. */
function notAPlainFile(file: string): string | null {
  try {
    const st = lstatSync(file);
    if (st.isSymbolicLink()) return 'it is a symbolic link, and Signet does not follow links in its home';
    if (!st.isFile()) return 'it is not a regular file';
    return null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return `it cannot be checked (${(e as Error).message})`;
  }
}

export function openSettingsStore(file: string, open: () => KeyValueStore, logger: Logger): KeyValueStore {
  let store: KeyValueStore | null = null;
  let memory: MemoryStore | null = null;
  // What the file held, as last read or written (conf reads the file again on every get: after a link appears,
  // that read would go through it).
  const last = new Map<string, unknown>();
  const fallBack = (why: string): KeyValueStore => {
    if (!memory) {
      memory = new MemoryStore();
      for (const [key, value] of last) memory.set(key, value);
      logger.warn(`Settings are kept in memory only: ${file} was left as it is because ${why}. Remove it and restart Signet to save settings again.`, { file });
    }
    return memory;
  };
  const current = (): KeyValueStore => {
    if (memory) return memory;
    const why = notAPlainFile(file);
    if (why) return fallBack(why);
    store ??= open();
    return store;
  };
  return {
    get(key) {
      const value = current().get(key);
      if (!memory) last.set(key, value);
      return value;
    },
    set(key, value) {
      current().set(key, value);
      if (!memory) last.set(key, value);
    },
  };
}
