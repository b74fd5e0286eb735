/**
 * Worker threads for a large scan: matching is CPU-bound (≈ 6–8 ms per MB of source code in one thread, measured in
 * bench/scan.bench.ts), and a thread reading and matching files with synchronous calls also keeps Electron's main
 * thread free. Main walks the tree and hands out batches of paths; each worker matches with the tables main built,
 * shared, not copied (vault-matcher.ts MatcherData). At the end each worker wipes its read buffer before it is
 * stopped, and main wipes the shared tables.
 *
 * Where the worker's code is depends on the host: next to the bundle (out/cli/scan-worker.js, out/main/scan-worker.js)
 * or, run from source (tests, the browser host, the benchmark), the TypeScript file, bundled by esbuild on first use.
 */
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';
import { Worker } from 'node:worker_threads';
import type { FileOutcome } from './file-scanner';
import type { FromWorker, ToWorker, WorkerInit } from './scan-worker';

export interface ScanWorkerEntry {
  readonly url: URL;
}

/**
 * The worker next to a composition root: `entryUrl` is the root's `import.meta.url` (src-main/cli/run.ts from source,
 * out/cli/signet.js once built).
 */
export function scanWorkerNextTo(entryUrl: string): ScanWorkerEntry {
  return { url: entryUrl.endsWith('.ts') ? new URL('../scan/scan-worker.ts', entryUrl) : new URL('./scan-worker.js', entryUrl) };
}

/** The worker's code bundled from source, once per process (only when running from source: tests, the benchmark). */
let fromSource: Promise<string> | null = null;

async function bundled(entry: ScanWorkerEntry): Promise<string> {
  // esbuild is a development dependency, there whenever the sources run. Bundling takes ≈ 30 ms; loading the worker
  // through a TypeScript loader instead took ≈ 360 ms a worker (measured), more than a whole scan of 10,000 files.
  // External in the CLI and app builds (vite.cli.config.ts, electron.vite.config.ts): they load their scan-worker.js
  // and never get here.
  const esbuild: typeof Esbuild = await import('esbuild');
  const out = await esbuild.build({ entryPoints: [fileURLToPath(entry.url)], bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'silent' });
  // An ES module in a data: URL, not `eval` code, whose module kind would follow the process's --input-type.
  return `data:text/javascript;base64,${Buffer.from(out.outputFiles[0]!.text).toString('base64')}`;
}

async function spawn(entry: ScanWorkerEntry): Promise<Worker> {
  let worker: Worker;
  if (!entry.url.pathname.endsWith('.ts')) worker = new Worker(entry.url);
  else {
    fromSource ??= bundled(entry);
    worker = new Worker(new URL(await fromSource));
  }
  // An idle pool never keeps a process from exiting (ref'd only while a run uses it).
  worker.unref();
  return worker;
}

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: (o: readonly FileOutcome[]) => void; reject: (e: Error) => void }>;
  dead: boolean;
}

export class ScanPool {
  readonly #slots: Slot[];
  #nextId = 0;

  private constructor(slots: Slot[]) {
    this.#slots = slots;
  }

  /** Starts `size` workers; resolves once every one is ready, rejects (stopping them) if one fails to start. */
  static async start(entry: ScanWorkerEntry, size: number): Promise<ScanPool> {
    const slots: Slot[] = [];
    try {
      const workers = await Promise.all(Array.from({ length: size }, () => spawn(entry)));
      await Promise.all(
        workers.map((worker) => {
          const slot: Slot = { worker, pending: new Map(), dead: false };
          slots.push(slot);
          return new Promise<void>((resolve, reject) => {
            const onError = (e: Error) => {
              slot.dead = true;
              for (const p of slot.pending.values()) p.reject(e);
              slot.pending.clear();
              reject(e);
            };
            slot.worker.on('error', onError);
            slot.worker.on('exit', () => onError(new Error('scan worker stopped')));
            slot.worker.on('message', (m: FromWorker) => {
              if (m.type === 'ready') resolve();
              else if (m.type === 'batch') {
                const p = slot.pending.get(m.id);
                slot.pending.delete(m.id);
                p?.resolve(m.outcomes);
              }
            });
          });
        }),
      );
    } catch (e) {
      await Promise.all(slots.map((s) => s.worker.terminate()));
      throw e;
    }
    return new ScanPool(slots);
  }

  /** Batches sent and not answered yet, over all workers. */
  get inFlight(): number {
    return this.#slots.reduce((n, s) => n + s.pending.size, 0);
  }

  get size(): number {
    return this.#slots.filter((s) => !s.dead).length;
  }

  /** Scans the files on the least busy live worker; rejects if that worker dies first. */
  scan(files: readonly { path: string; display: string }[]): Promise<readonly FileOutcome[]> {
    const live = this.#slots.filter((s) => !s.dead);
    if (live.length === 0) return Promise.reject(new Error('no scan worker left'));
    const slot = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ type: 'batch', id, files } satisfies ToWorker);
    });
  }

  /**
   * Starts a run on every worker: its matcher tables (shared, not copied) and secrets. While a run goes the workers
   * are ref'd: with only their answers awaited, an unref'd pool would let Node end the process mid-scan.
   */
  begin(init: WorkerInit): void {
    for (const s of this.#slots) {
      if (s.dead) continue;
      s.worker.ref();
      s.worker.postMessage({ type: 'init', init } satisfies ToWorker);
    }
  }

  /** Ends the run: each worker drops its tables and wipes its read buffer (waiting at most a second for each). */
  async end(): Promise<void> {
    await Promise.all(
      this.#slots
        .filter((s) => !s.dead)
        .map(
          (s) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(done, 1000);
              function done() {
                clearTimeout(timer);
                s.worker.off('message', onMessage);
                // A listener added to a worker refs it again: an idle pool must not keep the process alive.
                s.worker.unref();
                resolve();
              }
              const onMessage = (m: FromWorker) => m.type === 'ended' && done();
              s.worker.on('message', onMessage);
              s.worker.postMessage({ type: 'end' } satisfies ToWorker);
            }),
        ),
    );
  }

  /** Ends the run, then stops the workers. */
  async close(): Promise<void> {
    await this.end();
    await Promise.all(
      this.#slots.map(async (s) => {
        s.dead = true;
        await s.worker.terminate();
      }),
    );
  }
}
