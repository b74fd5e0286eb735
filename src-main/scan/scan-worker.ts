/**
 * A scan worker thread (scan-pool.ts): scans the files main sends it, in batches, with the matcher tables main built
 * (shared memory, never copied), and answers each batch with its outcomes. Built as its own entry next to the CLI
 * and the app's main bundle (vite.cli.config.ts, electron.vite.config.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FileScanner, type FileOutcome, type SecretRef } from './file-scanner';
import { VaultMatcher, type MatcherData } from './vault-matcher';

export interface WorkerInit {
  readonly matcher: MatcherData | null;
  readonly secrets: readonly SecretRef[];
}

export type ToWorker = { readonly type: 'batch'; readonly id: number; readonly files: readonly { readonly path: string; readonly display: string }[] } | { readonly type: 'end' };
export type FromWorker = { readonly type: 'ready' } | { readonly type: 'batch'; readonly id: number; readonly outcomes: readonly FileOutcome[] } | { readonly type: 'ended' };

if (parentPort) {
  const port = parentPort;
  const init = workerData as WorkerInit;
  const scanner = new FileScanner(init.matcher ? new VaultMatcher(init.matcher) : null, init.secrets);
  port.on('message', (m: ToWorker) => {
    if (m.type === 'end') {
      scanner.wipe();
      port.postMessage({ type: 'ended' } satisfies FromWorker);
      return;
    }
    const outcomes = m.files.map((f) => scanner.scanPath(f.path, f.display));
    port.postMessage({ type: 'batch', id: m.id, outcomes } satisfies FromWorker);
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}
