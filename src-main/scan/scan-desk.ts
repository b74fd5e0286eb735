/**
 * The Scan page's side of the scan, in main (ipc/handlers.ts calls it): the folders the person picked, one run at a
 * time, its progress and its cancel.
 *
 * The page never names a path. A compromised renderer that could say "scan /" would learn which files anywhere on
 * the disk hold which of the vault's keys (by label), and could read the disk's layout through the findings. So a
 * folder reaches a scan only as an id handed out here when the person picked it in main's own folder dialog during
 * this session (`pick`); the ids are random, kept in memory, at most MAX_PICKED of them, and forgotten on quit.
 */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { AppError } from '../base/errors';
import type { PickedFolder, ScanGroup, ScanProgress, ScanRunResult } from '../contract/scan';
import type { ScanService, RootedFinding } from './scan-service';

/** Folders remembered per session; the oldest pick is forgotten first. */
export const MAX_PICKED = 64;

export type ProgressListener = (p: ScanProgress) => void;

export class ScanDesk {
  readonly #service: Pick<ScanService, 'run'>;
  readonly #picked = new Map<string, string>();
  readonly #listeners = new Set<ProgressListener>();
  #running: { runId: string; abort: AbortController } | null = null;

  constructor(service: Pick<ScanService, 'run'>) {
    this.#service = service;
  }

  /** Asks the person (main's dialog, `choose`) and remembers what they picked; null when they cancelled. */
  async pick(choose: () => Promise<readonly string[] | null>): Promise<PickedFolder[] | null> {
    const paths = await choose();
    if (!paths || paths.length === 0) return null;
    return paths.map((path) => {
      const existing = [...this.#picked].find(([, p]) => p === path);
      const id = existing?.[0] ?? `fld_${randomBytes(16).toString('hex')}`;
      this.#picked.delete(id);
      this.#picked.set(id, path);
      while (this.#picked.size > MAX_PICKED) this.#picked.delete(this.#picked.keys().next().value!);
      return { id, name: basename(path) || path, path };
    });
  }

  /** Runs one scan over picked folders; ERR_VALIDATION for an id not picked here, ERR_SCAN_BUSY while one runs. */
  async run(input: { folderIds: readonly string[]; gitignore: boolean }): Promise<ScanRunResult> {
    const ids = [...new Set(input.folderIds)];
    const paths = ids.map((id) => {
      const path = this.#picked.get(id);
      if (!path) throw new AppError('ERR_VALIDATION', 'That folder was not picked in this session (or was forgotten since). Pick it again with Choose folders.');
      return path;
    });
    if (this.#running) throw new AppError('ERR_SCAN_BUSY', 'A scan is already running. Wait for it to finish, or cancel it first.');
    const runId = `scan_${randomBytes(8).toString('hex')}`;
    const abort = new AbortController();
    this.#running = { runId, abort };
    try {
      const report = await this.#service.run({
        roots: paths,
        gitignore: input.gitignore,
        signal: abort.signal,
        onProgress: (p) => this.#emit({ runId, ...p }),
      });
      return {
        runId,
        summary: report.summary,
        groups: groupFindings(report.findings.map((f) => ({ ...f, path: relativeTo(paths[f.root]!, f.path) })), ids),
        skipped: report.skipped.slice(0, 500).map(({ root, ...s }) => ({ ...s, path: relativeTo(paths[root]!, s.path), folderId: ids[root]! })),
      };
    } finally {
      this.#running = null;
    }
  }

  /** Cancels the running scan (it answers with what it scanned so far, `summary.cancelled`). */
  cancel(): { cancelled: boolean } {
    if (!this.#running) return { cancelled: false };
    this.#running.abort.abort();
    return { cancelled: true };
  }

  subscribe(listener: ProgressListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(p: ScanProgress): void {
    for (const l of this.#listeners) l(p);
  }

}

/** A finding's path as the page shows it: relative to its picked folder. */
function relativeTo(folder: string, path: string): string {
  return path.startsWith(`${folder}/`) ? path.slice(folder.length + 1) : path === folder ? basename(path) : path;
}

/** Findings by vault entry (in the order first found) then by rule; each finding names its folder by id. */
export function groupFindings(findings: readonly RootedFinding[], folderIds: readonly string[]): ScanGroup[] {
  const groups = new Map<string, ScanGroup>();
  for (const f of findings) {
    const key = f.kind === 'vault' ? `v:${f.entryId}` : `r:${f.ruleId}`;
    let g = groups.get(key);
    if (!g) {
      g = f.kind === 'vault' ? { kind: 'vault', entryId: f.entryId, label: f.label, findings: [] } : { kind: 'rule', ruleId: f.ruleId, title: f.title, findings: [] };
      groups.set(key, g);
    }
    const { root, ...rest } = f;
    g.findings.push({ ...rest, folderId: folderIds[root]! } as ScanGroup['findings'][number]);
  }
  return [...groups.values()].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'vault' ? -1 : 1));
}
