/**
 * A scan worker thread (scan-pool.ts): scans the files main sends it, in batches, with the matcher tables main built
 * for the run (shared memory, never copied), and answers each batch with its outcomes. It outlives a run (the pool is
 * kept a while for the next one) but not the run's tables: `end` drops them and wipes the read buffer. Built as its own entry next to the CLI
 * and the app's main bundle (vite.cli.config.ts, electron.vite.config.ts).
 */
import { parentPort } from 'node:worker_threads';
import { FileScanner, type FileOutcome, type SecretRef } from './file-scanner';
import { VaultMatcher, type MatcherData } from './vault-matcher';

export interface WorkerInit {
  readonly matcher: MatcherData | null;
  readonly secrets: readonly SecretRef[];
}

export type ToWorker =
  | { readonly type: 'init'; readonly init: WorkerInit }
  | { readonly type: 'batch'; readonly id: number; readonly files: readonly { readonly path: string; readonly display: string }[] }
  | { readonly type: 'end' };
export type FromWorker = { readonly type: 'ready' } | { readonly type: 'batch'; readonly id: number; readonly outcomes: readonly FileOutcome[] } | { readonly type: 'ended' };

if (parentPort) {
  const port = parentPort;
  // One run's scanner at a time: `init` starts a run (its matcher tables), `end` wipes the read buffer and drops it.
  let scanner: FileScanner | null = null;
  port.on('message', (m: ToWorker) => {
    if (m.type === 'init') {
      scanner?.wipe();
      scanner = new FileScanner(m.init.matcher ? new VaultMatcher(m.init.matcher) : null, m.init.secrets);
    } else if (m.type === 'end') {
      scanner?.wipe();
      scanner = null;
      port.postMessage({ type: 'ended' } satisfies FromWorker);
    } else {
      const s = scanner;
      const outcomes: FileOutcome[] = m.files.map((f) => (s ? s.scanPath(f.path, f.display) : { status: 'skipped', reason: 'unreadable', detail: 'the scan worker had no run' }));
      port.postMessage({ type: 'batch', id: m.id, outcomes } satisfies FromWorker);
    }
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}
