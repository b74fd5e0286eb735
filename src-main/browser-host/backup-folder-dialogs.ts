/**
 * FileDialogs for the browser host, which has no native file picker: backups are saved to and opened from
 * `<home>/backups/`. Saving never overwrites (a dated name, then a time-stamped one); opening takes the newest
 * `.json` there, or reports "cancelled" when the folder is empty. "Choosing" folders to scan answers the folders the
 * host was started with (BrowserHostOptions.scanFolders, else SIGNET_SCAN_FOLDERS, else the working directory):
 * decided by whoever runs the host, never by the page.
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FileDialogs } from '../ipc/handlers';
import type { Clock } from '../base/clock';

export class BackupFolderDialogs implements FileDialogs {
  readonly folder: string;
  readonly #clock: Clock;

  readonly #scanFolders: readonly string[];

  constructor(home: string, clock: Clock, scanFolders: readonly string[] = [process.cwd()]) {
    this.folder = join(home, 'backups');
    this.#clock = clock;
    this.#scanFolders = scanFolders.map((f) => resolve(f));
  }

  async chooseScanFolders(): Promise<string[] | null> {
    return this.#scanFolders.length ? [...this.#scanFolders] : null;
  }

  async chooseBackupSavePath(defaultName: string): Promise<string | null> {
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    const safe = defaultName.replace(/[^\w.-]/g, '_') || 'signet-backup.json';
    let path = join(this.folder, safe);
    if (existsSync(path)) {
      const stamp = new Date(this.#clock.now()).toISOString().replace(/[:.]/g, '-');
      path = join(this.folder, safe.replace(/(\.json)?$/, `-${stamp}.json`));
    }
    return path;
  }

  async chooseBackupOpenPath(): Promise<string | null> {
    let names: string[];
    try {
      names = (await readdir(this.folder)).filter((n) => n.endsWith('.json'));
    } catch {
      return null;
    }
    let newest: { path: string; mtime: number } | null = null;
    for (const name of names) {
      const path = join(this.folder, name);
      const info = await stat(path);
      if (info.isFile() && (!newest || info.mtimeMs > newest.mtime)) newest = { path, mtime: info.mtimeMs };
    }
    return newest?.path ?? null;
  }
}
