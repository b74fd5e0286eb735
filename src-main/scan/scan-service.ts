/**
 * The secrets scan (issue 13 §2): every secret held in the vault, in every encoding, and the known key formats, in
 * the files under some folders or in what git is about to commit. Pure of Electron; the vault is reached through its
 * interface only, and its secrets are opened once per run, turned into a matcher that keeps no plain form
 * (vault-matcher.ts), and wiped with it when the run ends, whatever way it ends.
 *
 * Which credentials are looked for: secret, passphrase, privateKeyPem, secretAccessKey and sessionToken, and the
 * identifiers apiKey and accessKeyId too, because an API key in a public repository is a leak as well (and for
 * CoinGecko-style keys the API key is the only secret). region and service are not secrets. Values shorter than 8
 * characters are not looked for (secret-forms.ts). A rotation's new key (before the switch) and the old key kept
 * after it are looked for as well: both still open the account.
 *
 * The audit log records each run from `subscribe` (roots, files, findings, duration), never what was found.
 */
import { realpathSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { AppError, vaultLocked } from '../base/errors';
import type { CredentialField } from '../contract/providers';
import type { ScanFinding, ScanSkipped, ScanSkipReason, ScanSummary } from '../contract/scan';
import type { Vault } from '../vault/types';
import { FileScanner, type FileOutcome, type SecretRef } from './file-scanner';
import { searchForms, wholeForms, wipeForms, type SecretForm } from './secret-forms';
import { ScanPool, type ScanWorkerEntry } from './scan-pool';
import { readBlobs, repositoryOf, stagedBlobs } from './staged';
import { buildMatcherData, VaultMatcher } from './vault-matcher';
import { walkTree, type WalkItem } from './walk';

/** The credential fields a scan looks for (docs/scan.md explains the choice). */
export const SCANNED_FIELDS: readonly CredentialField[] = ['secret', 'passphrase', 'privateKeyPem', 'secretAccessKey', 'sessionToken', 'apiKey', 'accessKeyId'];

/** Skipped files listed one by one, at most (every one is counted in the summary). */
export const MAX_LISTED_SKIPS = 500;

export interface ScanOptions {
  /** Folders (or files) as the person named them; relative ones resolve against `cwd`. */
  readonly roots: readonly string[];
  readonly cwd?: string;
  /** Leave out what .gitignore files exclude (default true). */
  readonly gitignore?: boolean;
  /** Scan the blobs staged for the next commit instead of the working tree. */
  readonly staged?: boolean;
  /** Look for the vault's secrets (default true; false: the known formats only, no vault needed). */
  readonly vault?: boolean;
  readonly signal?: AbortSignal;
  /** Called at most every `progressMs` (default 100) while the run goes, and once at its end. */
  readonly onProgress?: (p: { files: number; bytes: number; findings: number }) => void;
  readonly progressMs?: number;
}

export type RootedFinding = ScanFinding & { readonly root: number };
export type RootedSkip = ScanSkipped & { readonly root: number };

export interface ScanReport {
  readonly summary: ScanSummary;
  readonly findings: RootedFinding[];
  readonly skipped: RootedSkip[];
}

export type ScanListener = (summary: ScanSummary) => void;

interface Built {
  readonly matcher: VaultMatcher | null;
  readonly secrets: SecretRef[];
}

/** How long the scan runs before it lets the event loop in (IPC, timers, a cancel). */
const SLICE_MS = 15;

export class ScanService {
  readonly #vault: Vault;
  readonly #listeners = new Set<ScanListener>();
  readonly #now: () => number;

  readonly #pools: Pools | null;

  /**
   * `worker`: where the scan worker's code is (scan-pool.ts scanWorkerNextTo); without it, or with `workers: 0`,
   * every file is scanned on the calling thread.
   */
  constructor(opts: { vault: Vault; now?: () => number; worker?: ScanWorkerEntry | null; workers?: number }) {
    this.#vault = opts.vault;
    this.#now = opts.now ?? (() => performance.now());
    const workers = opts.workers ?? Math.min(4, Math.max(1, availableParallelism()));
    this.#pools = opts.worker && workers > 0 ? new Pools(opts.worker, workers) : null;
  }

  /** Stops the worker threads kept for the next run (a host quitting; they never keep a process alive anyway). */
  async close(): Promise<void> {
    await this.#pools?.close();
  }

  /** Calls `listener` with the summary of every run that started scanning (cancelled ones too). */
  subscribe(listener: ScanListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async run(opts: ScanOptions): Promise<ScanReport> {
    const started = this.#now();
    const gitignore = opts.gitignore ?? true;
    const staged = opts.staged ?? false;
    if (opts.roots.length === 0) throw new AppError('ERR_VALIDATION', 'Name at least one folder to scan, e.g. `signet scan .`.');
    const roots = opts.roots.map((given) => resolveRoot(given, opts.cwd ?? process.cwd(), staged));
    const built = opts.vault === false ? { matcher: null, secrets: [] } : await this.#build();
    const scanner = new FileScanner(built.matcher, built.secrets);
    // Outcomes carry the order they were met in (workers answer out of order); sorted by it at the end.
    const findings: (RootedFinding & { seq: number })[] = [];
    const skipped: (RootedSkip & { seq: number })[] = [];
    const skippedByReason: Partial<Record<ScanSkipReason, number>> = {};
    let files = 0;
    let bytes = 0;
    let lastProgress = started;
    let sliceStart = started;
    let seq = 0;
    const progressMs = opts.progressMs ?? 100;
    const progress = (force = false) => {
      const t = this.#now();
      if (!force && t - lastProgress < progressMs) return;
      lastProgress = t;
      opts.onProgress?.({ files, bytes, findings: findings.length });
    };
    const record = (at: number, root: number, display: string, outcome: FileOutcome) => {
      if (outcome.status === 'scanned') {
        files++;
        bytes += outcome.bytes;
        for (const f of outcome.findings) findings.push({ ...f, root, seq: at });
      } else {
        skippedByReason[outcome.reason] = (skippedByReason[outcome.reason] ?? 0) + 1;
        skipped.push({ path: display, reason: outcome.reason, detail: outcome.detail, root, seq: at });
      }
      progress();
    };
    const breathe = async () => {
      if (this.#now() - sliceStart < SLICE_MS) return;
      await new Promise<void>((r) => setImmediate(r));
      sliceStart = this.#now();
    };

    const inThread = (f: Pending) => record(f.seq, f.root, f.display, scanner.scanPath(f.path, f.display));
    const pool = new PoolUse(this.#pools, built, inThread, record);
    try {
      if (staged) {
        await this.#scanStaged(roots.map((r) => r.path), scanner, (root, display, o) => record(seq++, root, display, o), opts.signal);
      } else {
        const seen = new Set<string>();
        for (const [i, root] of roots.entries()) {
          if (opts.signal?.aborted) break;
          if (root.isFile) {
            inThread({ seq: seq++, root: i, path: root.path, display: root.given });
            continue;
          }
          const items: Iterable<WalkItem> = walkTree(root.path, root.given, { gitignore, seen });
          for (const item of items) {
            if (item.kind === 'skip') record(seq++, i, item.display, { status: 'skipped', reason: item.reason, detail: item.detail });
            else await pool.add({ seq: seq++, root: i, path: item.path, display: item.display });
            await breathe();
            if (opts.signal?.aborted) break;
          }
        }
        if (!opts.signal?.aborted) await pool.drain();
      }
    } finally {
      await pool.close();
      built.matcher?.wipe();
      scanner.wipe();
    }
    findings.sort((a, b) => a.seq - b.seq);
    skipped.sort((a, b) => a.seq - b.seq);
    progress(true);
    const summary: ScanSummary = {
      roots: roots.length,
      files,
      bytes,
      findings: findings.length,
      skipped: skipped.length,
      skippedByReason,
      secrets: built.secrets.length,
      staged,
      gitignore: staged ? false : gitignore,
      durationMs: Math.round(this.#now() - started),
      workers: pool.used,
      cancelled: opts.signal?.aborted ?? false,
    };
    for (const l of this.#listeners) {
      try {
        l(summary);
      } catch {
        // A listener (the audit log) failing does not change what the scan found.
      }
    }
    return {
      summary,
      findings: findings.map(({ seq: _seq, ...f }) => f as RootedFinding),
      skipped: skipped.slice(0, MAX_LISTED_SKIPS).map(({ seq: _seq, ...k }) => k),
    };
  }

  async #scanStaged(
    dirs: readonly string[],
    scanner: FileScanner,
    record: (root: number, display: string, o: FileOutcome) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    // Roots may lie in different repositories: one listing and one blob stream per repository.
    const byRepo = new Map<string, number[]>();
    for (const [i, dir] of dirs.entries()) {
      const top = await repositoryOf(dir);
      byRepo.set(top, [...(byRepo.get(top) ?? []), i]);
    }
    for (const [top, indexes] of byRepo) {
      const blobs = await stagedBlobs(top, indexes.map((i) => dirs[i]!));
      const root = indexes[0]!;
      const readable = blobs.filter((b) => {
        if (b.mode === '120000') record(root, b.path, { status: 'skipped', reason: 'symlink', detail: 'a symbolic link (its target path is what is committed)' });
        else if (b.mode === '160000') record(root, b.path, { status: 'skipped', reason: 'not-a-file', detail: 'a submodule' });
        else return true;
        return false;
      });
      // The blob stream lets the event loop in between its chunks.
      await readBlobs(top, readable.map((b) => b.oid), (i, data) => record(root, readable[i]!.path, scanner.scanBytes(data, readable[i]!.path)), signal);
      if (signal?.aborted) return;
    }
  }

  /** Opens each entry's credentials once (every slot that holds some) and builds the matcher. */
  async #build(): Promise<Built> {
    if (!this.#vault.isUnlocked()) throw vaultLocked();
    const secrets: SecretRef[] = [];
    const forms: SecretForm[][] = [];
    const whole: Buffer[][] = [];
    try {
      for (const entry of this.#vault.list()) {
        const fields = entry.credentialFields.filter((f) => SCANNED_FIELDS.includes(f));
        if (fields.length === 0) continue;
        const record = this.#vault.rotationRecord(entry.id);
        const slots: SecretRef['slot'][] = ['current', ...(record.hasNext ? (['next'] as const) : []), ...(record.hasPrevious ? (['previous'] as const) : [])];
        for (const slot of slots) {
          await this.#vault.useSecret(
            entry.id,
            (credentials) => {
              for (const field of fields) {
                const value = credentials[field];
                if (!value) continue;
                const f = searchForms(value);
                if (f.length === 0) continue;
                secrets.push({ entryId: entry.id, label: entry.label, field, slot });
                forms.push(f);
                whole.push(wholeForms(value));
              }
            },
            { record: false, slot },
          );
        }
      }
      return { matcher: secrets.length ? new VaultMatcher(buildMatcherData(forms, whole)) : null, secrets };
    } finally {
      for (const f of forms) wipeForms(f);
      for (const w of whole) wipeForms(w);
    }
  }
}

interface Pending {
  readonly seq: number;
  readonly root: number;
  readonly path: string;
  readonly display: string;
}

type RecordOutcome = (seq: number, root: number, display: string, outcome: FileOutcome) => void;

/** Fewer files than this are scanned on the calling thread: starting workers would cost more (a pre-commit hook). */
const POOL_AFTER_FILES = 64;
const BATCH = 32;
/** Batches in flight per worker. */
const DEPTH = 4;

/**
 * The worker pool as one run uses it. Files are queued as the walk meets them; once POOL_AFTER_FILES are queued the
 * workers start, the walk goes on queueing while they boot, and then batches go out with at most DEPTH in flight per
 * worker. A run that meets fewer files, or whose workers cannot start (no worker file), scans on this thread; a batch
 * whose worker died is scanned here too.
 */
class PoolUse {
  #pool: ScanPool | null = null;
  #starting: Promise<void> | null = null;
  #failed = false;
  readonly #queue: Pending[] = [];
  readonly #inflight = new Set<Promise<void>>();

  constructor(
    private readonly pools: Pools | null,
    private readonly built: Built,
    private readonly inThread: (f: Pending) => void,
    private readonly record: RecordOutcome,
  ) {}

  async add(f: Pending): Promise<void> {
    if (!this.pools || this.#failed) {
      this.inThread(f);
      return;
    }
    this.#queue.push(f);
    if (!this.#starting && this.#queue.length >= POOL_AFTER_FILES) {
      this.#starting = this.pools.acquire().then((p) => {
        // No workers (the worker file is missing, or another run has them): this thread scans everything.
        if (!p) {
          this.#failed = true;
          return;
        }
        p.begin({ matcher: this.built.matcher?.data ?? null, secrets: this.built.secrets });
        this.#pool = p;
      });
    }
    if (this.#failed) this.#queue.splice(0).forEach(this.inThread);
    else if (this.#pool) await this.#pump(false);
  }

  /** Sends full batches (all that is queued with `all`), keeping at most DEPTH in flight per worker. */
  async #pump(all: boolean): Promise<void> {
    const pool = this.#pool!;
    while (this.#queue.length >= BATCH || (all && this.#queue.length > 0)) {
      while (this.#inflight.size >= Math.max(1, pool.size) * DEPTH) await Promise.race(this.#inflight);
      const files = this.#queue.splice(0, BATCH);
      const p = pool.scan(files).then(
        (outcomes) => outcomes.forEach((o, i) => this.record(files[i]!.seq, files[i]!.root, files[i]!.display, o)),
        () => files.forEach(this.inThread),
      );
      this.#inflight.add(p);
      void p.finally(() => this.#inflight.delete(p));
    }
  }

  /** Everything queued, scanned. */
  async drain(): Promise<void> {
    if (this.#starting) await this.#starting;
    if (this.#pool && !this.#failed) await this.#pump(true);
    this.#queue.splice(0).forEach(this.inThread);
    await Promise.all(this.#inflight);
  }

  /** Workers that took part (0 when none started). */
  used = 0;

  async close(): Promise<void> {
    await this.#starting;
    if (!this.#pool) return;
    this.used = this.#pool.size;
    await this.pools!.release(this.#pool);
  }
}

/** How long an idle pool is kept for the next run (the Scan page scans again; a CLI run exits anyway). */
const POOL_IDLE_MS = 30_000;

/**
 * The service's worker pool, kept between runs: starting workers costs ≈ 50–70 ms a run otherwise. One run has it at a
 * time (a second concurrent run scans on its own thread); it is stopped after POOL_IDLE_MS idle, or by `close()`.
 */
class Pools {
  #pool: Promise<ScanPool | null> | null = null;
  #busy = false;
  #idle: NodeJS.Timeout | null = null;

  constructor(
    private readonly entry: ScanWorkerEntry,
    private readonly size: number,
  ) {}

  async acquire(): Promise<ScanPool | null> {
    if (this.#busy) return null;
    this.#busy = true;
    if (this.#idle) clearTimeout(this.#idle);
    this.#pool ??= ScanPool.start(this.entry, this.size).catch(() => null);
    const pool = await this.#pool;
    if (!pool || pool.size < this.size) {
      // Failed to start, or a worker died since: start afresh next time.
      this.#pool = null;
      if (pool) void pool.close();
      this.#busy = false;
      return null;
    }
    return pool;
  }

  async release(pool: ScanPool): Promise<void> {
    await pool.end();
    this.#busy = false;
    this.#idle = setTimeout(() => void this.close(), POOL_IDLE_MS);
    this.#idle.unref();
  }

  async close(): Promise<void> {
    if (this.#idle) clearTimeout(this.#idle);
    const pool = await this.#pool;
    this.#pool = null;
    await pool?.close();
  }
}

interface Root {
  readonly given: string;
  readonly path: string;
  readonly isFile: boolean;
}

function resolveRoot(given: string, cwd: string, staged: boolean): Root {
  const abs = resolve(cwd, given);
  let path: string;
  try {
    path = realpathSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new AppError('ERR_VALIDATION', `There is no folder or file at ${given}. Check the path.`);
    if (code === 'ELOOP') throw new AppError('ERR_VALIDATION', `${given} is a symbolic link that loops. Name the folder itself.`);
    throw new AppError('ERR_VALIDATION', `Signet cannot open ${given} (${code ?? (e as Error).message}). Check the path and its permissions.`);
  }
  const st = statSync(path);
  if (staged && !st.isDirectory()) throw new AppError('ERR_VALIDATION', `--staged takes folders inside a git repository; ${given} is not a folder.`);
  if (!st.isDirectory() && !st.isFile()) throw new AppError('ERR_VALIDATION', `${given} is neither a folder nor a regular file.`);
  return { given, path, isFile: st.isFile() };
}
