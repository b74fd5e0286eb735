/**
 * The vault's side of the audit log (docs/audit.md): the chain is keyed by the vault's audit subkey and its head is
 * sealed in the vault file, so the vault keeps it. Every append happens inside a vault write, under the vault's
 * cross-process lock (vault-writer.ts), on the head as it is on disk (the writer re-reads a vault another process
 * wrote first):
 *
 *   1. read the log's end and check it against the head: the head's line is there with the head's MAC, and anything
 *      after it chains from it (an append whose vault write never happened: a crash) — adopted, with an
 *      `audit.recovered` line saying so, as is cutting off a partial last line;
 *   2. append, in one write and fsync: those recovery lines, the events queued while the vault was locked, the events
 *      of this change;
 *   3. the new head is sealed: in the vault file when the change writes it (the caller), else in audit.head
 *      (audit-head.ts; for an event that changes no key, that is the only write); then the drained queue is removed.
 *
 * A vault write that fails after step 2 takes its lines back (`abandoned`), so the log never holds lines for a
 * change that was not made; only a crash can leave them, and step 1 adopts those. A log whose end does not match the
 * head (cut short, a line appended by something else, the file gone, replaced or a link) is never appended to or
 * repaired: the events go to the queue file, `signet audit verify` says what is wrong, and `signet audit reset` sets
 * such a log aside and starts a new chain. An append reads only the log's end (a full check on every event would read
 * the whole log each time): a line edited or deleted further back is found by verify, which names it; the appends
 * after it neither repair nor hide it.
 */
import { randomBytes } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../base/errors';
import { isoNow, type Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import type { AuditActor, AuditAppended, AuditEntryRef, AuditType, AuditValue, AuditVerification } from '../contract/audit';
import { AUDIT_ACTORS, AUDIT_TYPES } from '../contract/audit';
import { canonicalJson } from '../audit/canonical-json';
import { chainLine, GENESIS, lineMac, parseLine, type AuditFields, type AuditLine, type ChainPoint } from '../audit/audit-line';
import type { AuditEventInput } from '../audit/audit-event';
import { appendLines, appendQueue, auditPaths, readLog, readQueue, readTail, removeQueue, setAside, takeBack, type AuditPaths, type LogTail } from '../audit/audit-files';
import { verifyAuditLog } from '../audit/verify-audit-log';
import { auditKeyFor, headPoint, newerHead, NO_HEAD, openHead, readHeadFile, sealHead, writeHeadFile, type AuditHead, type HeadFile } from './audit-head';
import type { VaultHeader } from './vault-file';
import type { VaultKeys } from './vault-keys';

/** An append done, waiting for the vault write that seals its head. */
export interface StagedAudit {
  /** The header to write: the new head sealed in it. */
  readonly header: VaultHeader;
  /** What is appended (null: nothing, the events were queued). */
  readonly appended: AuditAppended | null;
  /** Appends the lines, fsync'd (once: later calls wait for the same append). The writer calls it before sealing. */
  append(): Promise<void>;
  /** For a change that does not write the vault file: seals the head in audit.head only (throws when it cannot). */
  sealAlone(): Promise<void>;
  /** After the head was sealed: the queue it drained is removed (and audit.head sealed again after a re-key). */
  committed(): Promise<void>;
  /** The vault write failed: takes the appended lines back. */
  abandoned(): Promise<void>;
}

interface QueueItem {
  readonly id: string;
  readonly fields: AuditFields;
}

const TYPES: ReadonlySet<string> = new Set(AUDIT_TYPES);
const ACTORS: ReadonlySet<string> = new Set(AUDIT_ACTORS);
const noop = async (): Promise<void> => {};

/** The line's seq, read without parsing it (the last `"seq":` is the line's own: `details` and `entry` come before it). */
function seqOf(text: string): number {
  const i = text.lastIndexOf('"seq":');
  return i < 0 ? Number.NaN : Number.parseInt(text.slice(i + 6), 10);
}

function parseQueueItem(text: string): QueueItem | null {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!o || typeof o !== 'object' || typeof o.id !== 'string' || typeof o.at !== 'string' || typeof o.type !== 'string' || !TYPES.has(o.type)) return null;
  if (typeof o.actor !== 'string' || !ACTORS.has(o.actor) || typeof o.details !== 'object' || o.details === null || Array.isArray(o.details)) return null;
  const e = o.entry as AuditEntryRef | null | undefined;
  const entry = e && typeof e.id === 'string' && typeof e.label === 'string' ? { id: e.id, label: e.label } : null;
  return { id: o.id.slice(0, 64), fields: { at: o.at, type: o.type as AuditType, actor: o.actor as AuditActor, entry, details: o.details as Record<string, AuditValue> } };
}

export class VaultAudit {
  readonly paths: AuditPaths;
  readonly #actor: AuditActor;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #checkpoint: ((name: string) => void | Promise<void>) | undefined;
  /**
   * The log's end as this process's last append left it (its stat) and the head it sealed there: while the log is
   * unchanged (one lstat), that is still the head — no process seals another without appending, and the log only
   * grows — so neither the log's end nor the head files need reading again. (audit.head's own stat could not tell: it
   * is replaced by rename, and a freed inode number comes back with a timestamp of the same coarse tick.)
   */
  #knownEnd: { readonly ino: number; readonly size: number; readonly mtimeMs: number; readonly ctimeMs: number; readonly head: AuditHead } | null = null;
  /** The vault header's sealed head as last opened (keyed by its sealed text, so it cannot go stale). */
  #openedHead: { readonly sealed: string; readonly head: AuditHead } | null = null;

  constructor(opts: { home: string; actor: AuditActor; clock: Clock; log: Logger; checkpoint?: (name: string) => void | Promise<void> }) {
    this.paths = auditPaths(opts.home);
    this.#actor = opts.actor;
    this.#clock = opts.clock;
    this.#log = opts.log;
    this.#checkpoint = opts.checkpoint;
  }

  #fields(e: AuditEventInput, now: string): AuditFields {
    return { at: e.at ?? now, type: e.type, actor: this.#actor, entry: e.entry ?? null, details: e.details ?? {} };
  }

  /** Puts events in the queue file, for the next append to chain (the vault is locked, or the log cannot be appended to). Vault lock held. */
  async queue(events: readonly AuditEventInput[]): Promise<void> {
    if (events.length === 0) return;
    const now = isoNow(this.#clock);
    const text = events.map((e) => `${canonicalJson({ v: 1, id: randomBytes(8).toString('hex'), ...this.#fields(e, now) })}\n`).join('');
    await appendQueue(this.paths.queue, text);
  }

  /**
   * Appends `events` (and what the queue holds) to the log under the head in `header`, which the vault as on disk
   * holds (vault lock held); answers the header with the new head sealed under `writeKeys` (a re-key's new keys).
   * Null when there is nothing to do. `adopt`: the vault file was opened older than the log by the user's choice, so
   * lines that chain past its head are adopted too.
   */
  async stage(keys: VaultKeys, writeKeys: VaultKeys, header: VaultHeader, events: readonly AuditEventInput[], opts: { adopt?: boolean; fresh?: boolean; lead?: readonly AuditEventInput[] } = {}): Promise<StagedAudit | null> {
    const rekey = writeKeys !== keys;
    const lead = opts.lead ?? [];
    if (events.length === 0 && lead.length === 0 && !rekey) return null;
    const now = isoNow(this.#clock);
    const cached = opts.fresh ? null : await this.#unchangedEnd();
    const head = opts.fresh ? NO_HEAD : (cached?.head ?? (await this.#head(keys, header)).head);
    const sealed = (h: AuditHead): VaultHeader => ({ ...header, audit: sealHead(writeKeys, header.vaultId, h) });
    /** A re-key retires this key for the lines it MAC'd: they keep checking with it, sealed under the new key. */
    const retiring = (h: AuditHead): AuditHead => (rekey && h.count > 0 ? { ...h, retired: [...h.retired, { upTo: h.count, key: keys.audit.toString('base64') }] } : h);

    const tail = cached?.tail ?? (await readTail(this.paths.log, (l) => seqOf(l) <= head.count));
    const check = 'unreadable' in tail ? { broken: `it cannot be used: ${tail.unreadable}` } : cached ? { point: headPoint(head), extras: [] } : this.#checkTail(keys, head, tail, opts.adopt === true);
    if ('broken' in check) {
      // Never appended to nor repaired: the events wait in the queue, and verify says what is wrong.
      this.#log.warn('the audit log does not match the vault; events queued', { why: check.broken });
      await this.queue([...lead, ...events]);
      if (!rekey) return { header, appended: null, append: noop, sealAlone: noop, committed: noop, abandoned: noop };
      const kept = retiring(head);
      return { header: sealed(kept), appended: null, append: noop, sealAlone: noop, committed: () => this.#writeHead(writeKeys, header.vaultId, kept), abandoned: noop };
    }
    const { point: from, extras } = check;
    const partial = (tail as LogTail).size - (tail as LogTail).wholeSize;

    const queued = await this.#readQueue(head, extras);
    const texts: string[] = [];
    const types = new Set<AuditType>();
    let point = from;
    const push = (fields: AuditFields) => {
      const r = chainLine(keys.audit, point, head.count, fields);
      texts.push(r.text);
      types.add(fields.type);
      point = r.point;
    };
    if (extras.length > 0 || partial > 0 || queued.skipped > 0) {
      const details: Record<string, AuditValue> = {};
      if (extras.length > 0) {
        details.adopted = { from: (extras[0] as AuditLine).seq, to: (extras[extras.length - 1] as AuditLine).seq };
        details.why = opts.adopt && extras.some((l) => l.after !== head.count)
          ? 'the vault file opened (by choice) is older than the log: these lines chain from its head'
          : 'an append that did not finish: the process stopped after writing these lines, before the vault was written (what they record may not have happened)';
      }
      if (partial > 0) details.incompleteLineBytes = partial;
      // The queue is not authenticated: a line in it that is no event is dropped, and counted here.
      if (queued.skipped > 0) details.queueLinesSkipped = queued.skipped;
      push(this.#fields({ type: 'audit.recovered', details }, now));
    }
    for (const e of lead) push(this.#fields(e, now));
    for (const item of queued.items) push({ ...item.fields, queued: item.id });
    for (const e of events) push(this.#fields(e, now));

    const text = `${texts.join('\n')}\n`;
    const next: AuditHead = retiring({ count: point.seq, mac: point.mac, drained: queued.lastId ?? head.drained, retired: head.retired });
    let appending: Promise<number> | null = null;
    const append = () =>
      (appending ??= appendLines(this.paths.log, tail as LogTail, text).then(async (sizeBefore) => {
        // Known only once sealed: a write that fails forgets it again (abandoned).
        const st = await lstat(this.paths.log).catch(() => null);
        this.#knownEnd = st ? { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, head: next } : null;
        await this.#checkpoint?.('audit:appended');
        return sizeBefore;
      }));
    let headWritten = false;
    return {
      header: sealed(next),
      appended: { seq: point.seq, count: texts.length, types: [...types], at: now },
      append: async () => {
        await append();
      },
      sealAlone: async () => {
        await append();
        await writeHeadFile(this.paths.head, writeKeys, header.vaultId, next);
        headWritten = true;
      },
      committed: async () => {
        // After a vault write, the vault file holds this head, and audit.head (older now) is passed over: rewriting it
        // would cost two more fsyncs on every change. A re-key seals it again (under the old key it would no longer
        // open), and so does a new chain (the old chain's head, longer, would be taken for the newer one).
        if (!headWritten && (rekey || opts.fresh === true)) await this.#writeHead(writeKeys, header.vaultId, next);
        if (queued.remove) await removeQueue(this.paths.queue).catch((e: unknown) => this.#log.warn('could not remove the audit queue (its events are chained; they will not be chained twice)', { error: e }));
      },
      abandoned: async () => {
        // Only an append that was made is taken back (one that failed wrote nothing: appendLines checks the file first).
        const sizeBefore = appending ? await appending.catch(() => null) : null;
        this.#knownEnd = null;
        if (sizeBefore === null) return;
        await takeBack(this.paths.log, sizeBefore).catch((e: unknown) => this.#log.warn('could not take back an audit append whose vault write failed (the next append adopts it)', { error: e }));
      },
    };
  }

  /** The head: the newer of the vault file's and audit.head's (audit-head.ts). */
  async #head(keys: VaultKeys, header: VaultHeader): Promise<{ head: AuditHead; vault: AuditHead; file: HeadFile }> {
    const opened = this.#openedHead;
    const vault = header.audit !== undefined && opened?.sealed === header.audit ? opened.head : openHead(keys, header);
    if (header.audit !== undefined) this.#openedHead = { sealed: header.audit, head: vault };
    const file = await readHeadFile(this.paths.head, keys, header.vaultId);
    return { head: newerHead(vault, file).head, vault, file };
  }

  /** The head this process last sealed and the log's end there, while the log is unchanged since. */
  async #unchangedEnd(): Promise<{ head: AuditHead; tail: LogTail } | null> {
    const k = this.#knownEnd;
    if (!k) return null;
    const st = await lstat(this.paths.log).catch(() => null);
    if (!st || !st.isFile() || st.ino !== k.ino || st.size !== k.size || st.mtimeMs !== k.mtimeMs || st.ctimeMs !== k.ctimeMs) return null;
    return { head: k.head, tail: { ino: st.ino, size: st.size, wholeSize: st.size, lines: [], fromStart: false } };
  }

  /** audit.head after a vault write that holds the same head: failing only leaves it behind, which the vault's head covers. */
  async #writeHead(keys: VaultKeys, vaultId: string, head: AuditHead): Promise<void> {
    await writeHeadFile(this.paths.head, keys, vaultId, head).catch((e: unknown) => this.#log.warn('could not write audit.head (the vault file holds the same head)', { error: e }));
  }

  /** The end of the log against the head: where the chain stands, and the lines past the head to adopt. */
  #checkTail(keys: VaultKeys, head: AuditHead, tail: LogTail, adopt: boolean): { point: ChainPoint; extras: AuditLine[] } | { broken: string } {
    const lines = tail.lines.map(parseLine);
    let i = 0;
    let point = GENESIS;
    if (head.count > 0) {
      const first = lines[0];
      if (!first || 'error' in first || first.line.seq !== head.count || first.line.mac !== head.mac) {
        return { broken: tail.ino === null ? `it is missing, but the vault's head vouches for ${head.count} lines` : `its line ${head.count} is not the one the vault's head vouches for (cut short, edited or replaced)` };
      }
      point = headPoint(head);
      i = 1;
    }
    const keyFor = auditKeyFor(keys, head);
    const extras: AuditLine[] = [];
    for (; i < lines.length; i++) {
      const p = lines[i];
      const seq = point.seq + 1;
      if (!p || 'error' in p) return { broken: `line ${seq}, after the head, is not a line Signet wrote` };
      const { line, body } = p;
      const sameHead = line.after === head.count || (adopt && line.after >= head.count);
      if (line.seq !== seq || !sameHead || lineMac(keyFor(line.seq), point.mac, body) !== line.mac) return { broken: `line ${seq}, after the head, does not chain from it` };
      extras.push(line);
      point = { seq: line.seq, mac: line.mac };
    }
    return { point, extras };
  }

  /** The queued events still to chain: after the head's `drained` mark, less those an adopted append already chained. */
  async #readQueue(head: AuditHead, extras: readonly AuditLine[]): Promise<{ items: QueueItem[]; lastId: string | null; remove: boolean; skipped: number }> {
    let texts: string[];
    try {
      texts = await readQueue(this.paths.queue);
    } catch (e) {
      this.#log.warn('could not read the audit queue; it is left as it is', { error: e });
      return { items: [], lastId: null, remove: false, skipped: 0 };
    }
    if (texts.length === 0) return { items: [], lastId: null, remove: false, skipped: 0 };
    const all = texts.map(parseQueueItem);
    const good = all.filter((x): x is QueueItem => x !== null);
    const skipped = all.length - good.length;
    if (skipped > 0) this.#log.warn('audit queue lines that are not events were skipped', { skipped });
    const mark = head.drained === null ? -1 : good.findIndex((x) => x.id === head.drained);
    const chained = new Set(extras.map((l) => l.queued).filter((q): q is string => q !== undefined));
    const items = good.slice(mark + 1).filter((x) => !chained.has(x.id));
    return { items, lastId: good.length ? (good[good.length - 1] as QueueItem).id : null, remove: true, skipped };
  }

  /**
   * Starts the chain of a new vault: a log or queue left in the home by a vault that was there before is set aside
   * (renamed, kept), and the first line is `vault.created`. Vault lock held.
   */
  async start(keys: VaultKeys, header: VaultHeader, details: Record<string, AuditValue>, more: readonly AuditEventInput[] = []): Promise<StagedAudit> {
    const now = isoNow(this.#clock);
    const previous = await setAside(this.paths.log, 'previous', now);
    await setAside(this.paths.queue, 'previous', now);
    await setAside(this.paths.head, 'previous', now);
    const staged = await this.stage(keys, keys, header, [{ type: 'vault.created', details: { ...details, ...(previous && { previousLog: basename(previous) }) } }, ...more]);
    return staged as StagedAudit;
  }

  /** Sets a log that fails verification aside and starts a new chain whose first line says why. Vault lock held. */
  async restart(keys: VaultKeys, header: VaultHeader): Promise<{ staged: StagedAudit; setAside: string | null; lines: number }> {
    const verdict = await this.verify(keys, header);
    if (verdict.ok) throw new AppError('ERR_VALIDATION', `The audit log ${this.paths.log} verifies (${verdict.lines} lines): there is nothing to reset. Signet starts a new log only when the old one fails verification.`);
    const now = isoNow(this.#clock);
    const aside = await setAside(this.paths.log, 'set-aside', now);
    const { audit: _old, ...fresh } = header;
    const problem = verdict.problem;
    const staged = (await this.stage(keys, keys, fresh as VaultHeader, [], {
      fresh: true,
      lead: [{
        type: 'audit.restarted',
        details: { previousLog: aside ? basename(aside) : null, previousLines: verdict.lines, sealedLines: verdict.sealedLines, problem: problem ? { kind: problem.kind, line: problem.line, message: problem.message } : null },
      }],
    })) as StagedAudit;
    return { staged, setAside: aside, lines: verdict.lines };
  }

  /** The whole log checked against the head in `header` (reads the log and the queue; writes nothing). */
  async verify(keys: VaultKeys, header: VaultHeader): Promise<AuditVerification> {
    const { head, vault, file } = await this.#head(keys, header);
    const text = await readLog(this.paths.log);
    const pending = await this.#readQueue(head, []).then((q) => q.items.length);
    const headFile = 'unusable' in file && vault.count > 0 ? `${this.paths.head} cannot be used (${file.unusable}): only the vault file's own head is checked against` : null;
    return await verifyAuditLog({ path: this.paths.log, queuePath: this.paths.queue, text, head: headPoint(head), vaultHead: vault.count, headFile, keyFor: auditKeyFor(keys, head), pending, now: isoNow(this.#clock) });
  }
}
