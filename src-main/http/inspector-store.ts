/**
 * The request inspector's records: a ring buffer of the last N in memory, persisted as JSON lines so the history
 * survives a restart. Writes are batched and appended off the hot path (a send never waits for the disk); the
 * file is rewritten atomically (compacted to the last N) once it holds twice that. Mode 0600.
 *
 * What is persisted holds no secret: the egress masks secret credential values (••••) and signature values
 * before a record exists. The full signature values a user may reveal are kept in memory only, by design: a
 * file of valid signatures is a file of replayable requests. After a restart, a record shows its signatures
 * masked and `reveal` says they were not kept.
 *
 * A file that fails to parse (corrupt, edited, a future format) is reported through `loadError` and the logger
 * and left exactly as it is; the store then keeps this session's records in memory only. So is a symbolic link at
 * the file's name, found at load or at any later write: the history is never read or appended through a link, nor
 * the link replaced by a compaction (a link planted in the home would otherwise send the writes anywhere).
 */
import { AppError } from '../base/errors';
import { fileError, writeFileAtomic } from '../base/atomic-file';
import { appendFileNoFollow, isLinkRefusal, readFileNoFollow } from '../base/no-follow-file';
import { silentLogger, type Logger } from '../base/logger';
import {
  InspectorQuery,
  InspectorRecord,
  type InspectorList,
  type InspectorRecordView,
  type InspectorSummary,
  type RevealedSignatures,
} from '../contract/inspector';

export const DEFAULT_CAPACITY = 1000;
/** Response bodies are cut to this in the file (the in-memory record keeps what the egress kept). */
export const PERSISTED_BODY_CHARS = 32 * 1024;
const FLUSH_DELAY_MS = 50;

/** A record as the egress hands it over: the masked record, and the signature values in full (memory only). */
export type StoredRecord = InspectorRecord & { readonly revealed: RevealedSignatures | null };

export interface InspectorStoreOptions {
  /** `<home>/inspector.jsonl`; null keeps records in memory only. */
  readonly file: string | null;
  readonly capacity?: number;
  readonly logger?: Logger;
}

export function summarize(r: InspectorRecord): InspectorSummary {
  return {
    id: r.id,
    at: r.at,
    provider: r.provider,
    entryId: r.entryId,
    entryLabel: r.entryLabel,
    method: r.method,
    url: r.url,
    status: r.status,
    outcome: r.outcome,
    attempts: r.attempts,
    totalMs: r.timings.totalMs,
    errorCode: r.error?.code ?? null,
  };
}

function forFile(r: InspectorRecord): string {
  const record: InspectorRecord = { ...r };
  if (record.responseBody !== null && record.responseBody.length > PERSISTED_BODY_CHARS) {
    record.responseBody = record.responseBody.slice(0, PERSISTED_BODY_CHARS);
    record.responseTruncated = true;
  }
  return JSON.stringify(InspectorRecord.parse(record));
}

const notFound = (id: string) =>
  new AppError('ERR_RECORD_NOT_FOUND', `No inspector record ${id.slice(0, 40)}. It may have been cleared or pushed out by newer requests (the inspector keeps the last ones only).`);

export class InspectorStore {
  readonly #file: string | null;
  readonly #capacity: number;
  readonly #logger: Logger;
  /** Oldest first. */
  #records: InspectorRecord[] = [];
  readonly #revealed = new Map<string, RevealedSignatures>();
  readonly #listeners = new Set<(s: InspectorSummary) => void>();
  #pending: InspectorRecord[] = [];
  #linesInFile = 0;
  #timer: NodeJS.Timeout | null = null;
  #writing: Promise<void> = Promise.resolve();
  /** False after a load failure: the file is left alone. */
  #persist: boolean;
  #loadError: string | null = null;

  constructor(opts: InspectorStoreOptions) {
    this.#file = opts.file;
    this.#capacity = opts.capacity ?? DEFAULT_CAPACITY;
    this.#logger = opts.logger ?? silentLogger;
    this.#persist = opts.file !== null;
    if (!(this.#capacity >= 1)) throw new RangeError('capacity must be at least 1');
  }

  /** Why the persisted history could not be read, when it could not (the store then runs in memory only). */
  get loadError(): string | null {
    return this.#loadError;
  }

  /** Reads the persisted records (the last `capacity`). A missing file is an empty history. */
  async load(): Promise<void> {
    if (this.#file === null) return;
    let text: string;
    try {
      text = await readFileNoFollow(this.#file, 'read the inspector history');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      if (isLinkRefusal(e)) return this.#refuseLink(e);
      this.#fail(fileError(e, this.#file, 'read the inspector history').message);
      return;
    }
    const lines = text.split('\n');
    // A process killed mid-append leaves a last line without its newline: that record is lost, nothing else.
    const torn = lines.length > 0 && lines[lines.length - 1] !== '';
    const tail = lines.pop() ?? '';
    const loaded: InspectorRecord[] = [];
    for (const [i, line] of lines.entries()) {
      if (line === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        this.#fail(`${this.#file} line ${i + 1} is not JSON`);
        return;
      }
      const r = InspectorRecord.safeParse(parsed);
      if (!r.success) {
        this.#fail(`${this.#file} line ${i + 1} is not an inspector record (${r.error.issues[0]?.path.join('.') || 'shape'}: ${r.error.issues[0]?.message ?? 'invalid'})`);
        return;
      }
      loaded.push(r.data);
    }
    this.#records = [...loaded.slice(-this.#capacity), ...this.#records].slice(-this.#capacity);
    this.#linesInFile = loaded.length;
    if (torn) {
      this.#logger.warn('inspector: dropped an incomplete last record (the app stopped while writing it)', { bytes: tail.length });
      this.#compact();
    }
  }

  #fail(why: string): void {
    this.#persist = false;
    this.#loadError = `${why.replace(/\.$/, '')}. The file was left as it is, and this session's requests are kept in memory only. Move or delete it to start a new history.`;
    this.#logger.error('inspector: history not loaded', { reason: this.#loadError });
  }

  /** A link at the file (at load or at a write): stop persisting, say so once; the link and its target stay as they are. */
  #refuseLink(e: unknown): void {
    this.#persist = false;
    this.#pending = [];
    this.#loadError = `${(e as Error).message} This session's requests are kept in memory only; restart Signet once the link is gone to keep a history again.`;
    this.#logger.error('inspector: the history file is a symbolic link; not reading or writing through it', { reason: this.#loadError });
  }

  add(stored: StoredRecord): InspectorSummary {
    const { revealed, ...record } = stored;
    this.#records.push(record);
    if (revealed) this.#revealed.set(record.id, revealed);
    while (this.#records.length > this.#capacity) this.#revealed.delete(this.#records.shift()!.id);
    if (this.#persist) {
      this.#pending.push(record);
      this.#timer ??= setTimeout(() => {
        this.#timer = null;
        this.#drain();
      }, FLUSH_DELAY_MS);
      this.#timer.unref?.();
    }
    const summary = summarize(record);
    for (const fn of this.#listeners) {
      try {
        fn(summary);
      } catch (e) {
        this.#logger.warn('inspector: a listener threw', { error: e });
      }
    }
    return summary;
  }

  list(query: InspectorQuery = {}): InspectorList {
    const q = InspectorQuery.parse(query);
    const text = q.text?.toLowerCase();
    const matches: InspectorSummary[] = [];
    for (let i = this.#records.length - 1; i >= 0; i--) {
      const r = this.#records[i]!;
      if (q.provider !== undefined && r.provider !== q.provider) continue;
      if (q.outcome !== undefined && r.outcome !== q.outcome) continue;
      if (q.status !== undefined && r.status !== q.status) continue;
      if (q.entryId !== undefined && r.entryId !== q.entryId) continue;
      if (text !== undefined && !`${r.method} ${r.url} ${r.error?.code ?? ''}`.toLowerCase().includes(text)) continue;
      matches.push(summarize(r));
    }
    return { records: matches.slice(0, q.limit), total: matches.length, loadError: this.#loadError };
  }

  get(id: string): InspectorRecord {
    const r = this.#records.find((x) => x.id === id);
    if (!r) throw notFound(id);
    return r;
  }

  /** The record as the renderer shows it: whether its signature values can still be revealed. */
  view(id: string): InspectorRecordView {
    return { ...this.get(id), revealable: this.#revealed.has(id) };
  }

  /** The record's signature values in full; only for records sent by this process (they are not persisted). */
  reveal(id: string): RevealedSignatures {
    this.get(id);
    const r = this.#revealed.get(id);
    if (!r) {
      throw new AppError('ERR_RECORD_NOT_FOUND', 'The full signature values of this request were not kept across restarts (Signet keeps them in memory only). Re-send it to see fresh ones.');
    }
    return r;
  }

  /** Forgets every record, in memory and on disk; resolves to how many there were. */
  async clear(): Promise<number> {
    const n = this.#records.length;
    this.#records = [];
    this.#revealed.clear();
    this.#pending = [];
    if (this.#persist) await this.#enqueue(() => this.#rewrite());
    return n;
  }

  subscribe(fn: (s: InspectorSummary) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Resolves once every record added so far is on disk. */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#drain();
    await this.#writing;
  }

  #drain(): void {
    if (!this.#pending.length) return;
    const batch = this.#pending;
    this.#pending = [];
    void this.#enqueue(async () => {
      if (this.#linesInFile + batch.length > 2 * this.#capacity) return this.#rewrite();
      await appendFileNoFollow(this.#file!, batch.map((r) => `${forFile(r)}\n`).join(''), 0o600, 'write the inspector history');
      this.#linesInFile += batch.length;
    });
  }

  #compact(): void {
    void this.#enqueue(() => this.#rewrite());
  }

  /** The file becomes exactly the records in memory (pending ones included: they are in memory already). */
  async #rewrite(): Promise<void> {
    const records = this.#records;
    this.#pending = this.#pending.filter((r) => !records.includes(r));
    await writeFileAtomic(this.#file!, records.map((r) => `${forFile(r)}\n`), { mode: 0o600, refuseLink: true });
    this.#linesInFile = records.length;
  }

  /** Writes run one after another; a failed write is logged (the records stay in memory) and does not stop later ones. */
  #enqueue(write: () => Promise<void>): Promise<void> {
    const next = this.#writing.then(() => (this.#persist ? write() : undefined)).catch((e: unknown) => {
      if (isLinkRefusal(e)) return this.#refuseLink(e);
      this.#logger.error('inspector: could not write the history', { error: fileError(e, this.#file ?? '', 'write the inspector history') });
    });
    this.#writing = next;
    return next;
  }
}
