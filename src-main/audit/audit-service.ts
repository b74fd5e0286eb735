/**
 * The audit service hosts compose (`new AuditService({ chain: vault })`): recording through the chain the
 * vault keeps, listing and exporting straight from the log file (it holds no secret, so no key is needed to read it;
 * what is read that way is not verified, which `verify` is for), and the appended events for the Audit page.
 */
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from '../base/atomic-file';
import { AppError } from '../base/errors';
import { describeIssues } from '../base/describe-issues';
import { AuditListQuery, type AuditAppended, type AuditEvent, type AuditPage, type AuditReset, type AuditVerification } from '../contract/audit';
import { parseLine, toEvent } from './audit-line';
import { eachLogLineBackward, readLog, type AuditPaths } from './audit-files';
import type { AuditEventInput } from './audit-event';
import { csvRow } from './csv';
import type { Audit, AuditChain, AuditExportFormat } from './types';

export interface AuditServiceOptions {
  /** The vault: it keeps the chain, and knows where its log is. */
  readonly chain: AuditChain;
}

const CSV_COLUMNS = ['seq', 'at', 'type', 'actor', 'entry_id', 'entry_label', 'queued', 'details', 'after', 'mac', 'unreadable_line'] as const;

export class AuditService implements Audit {
  readonly path: string;
  readonly #paths: AuditPaths;
  readonly #chain: AuditChain;

  constructor(opts: AuditServiceOptions) {
    this.#paths = opts.chain.auditPaths;
    this.path = this.#paths.log;
    this.#chain = opts.chain;
  }

  record(event: AuditEventInput): Promise<void> {
    return this.#chain.recordAudit([event]);
  }

  async list(query: AuditListQuery = {}): Promise<AuditPage> {
    const parsed = AuditListQuery.safeParse(query);
    if (!parsed.success) throw new AppError('ERR_VALIDATION', `Invalid audit query: ${describeIssues(parsed.error)}`);
    const q = parsed.data;
    const types = q.types ? new Set<string>(q.types) : null;
    const from = q.from === undefined ? -Infinity : Date.parse(q.from);
    const to = q.to === undefined ? Infinity : Date.parse(q.to);
    return this.page(
      (e) => {
        if (q.entryId !== undefined && e.entry?.id !== q.entryId) return false;
        if (types && !types.has(e.type)) return false;
        const at = Date.parse(e.at);
        return at >= from && at <= to;
      },
      { limit: q.limit, ...(q.cursor !== undefined && { before: q.cursor }) },
    );
  }

  /** Events that pass `filter`, newest first, at most `limit`, with a seq below `before`. Lines that do not parse are left out. */
  async page(filter: (e: AuditEvent) => boolean, opts: { limit: number; before?: number }): Promise<AuditPage> {
    const events: AuditEvent[] = [];
    let more = false;
    const refused = await eachLogLineBackward(this.#paths.log, (text) => {
      const p = parseLine(text);
      if ('error' in p) return true;
      if (opts.before !== undefined && p.line.seq >= opts.before) return true;
      const e = toEvent(p.line);
      if (!filter(e)) return true;
      if (events.length >= opts.limit) {
        more = true;
        return false;
      }
      events.push(e);
      return true;
    });
    if (refused) throw new AppError('ERR_FILE', `Could not read the audit log at ${this.#paths.log}: ${refused.unreadable}.`);
    return { events, nextCursor: more && events.length > 0 ? (events[events.length - 1] as AuditEvent).seq : null };
  }

  verify(): Promise<AuditVerification> {
    return this.#chain.verifyAudit();
  }

  reset(): Promise<AuditReset> {
    return this.#chain.resetAudit();
  }

  async exportTo(path: string, format: AuditExportFormat, opts: { overwrite?: boolean } = {}): Promise<{ path: string; lines: number }> {
    const target = resolve(path);
    const own = [this.#paths.log, this.#paths.queue, this.#paths.head, resolve(dirname(this.#paths.log), 'vault.json')].map((p) => resolve(p));
    if (own.some((p) => target === p || target.startsWith(`${p}.`))) {
      throw new AppError('ERR_VALIDATION', `${path} is one of Signet's own files; export the audit log somewhere else.`);
    }
    const text = await readLog(this.#paths.log);
    if (text !== null && typeof text === 'object') throw new AppError('ERR_FILE', `Could not read the audit log at ${this.#paths.log}: ${text.unreadable}.`);
    const lines = (text ?? '').split('\n');
    lines.pop(); // the partial last line (a crash while writing), or '' after the final newline
    const out = format === 'jsonl' ? lines.map((l) => `${l}\n`).join('') : csvRow(CSV_COLUMNS) + lines.map(csvLine).join('');
    await writeFileAtomic(target, out, { mode: 0o600, noOverwrite: opts.overwrite !== true });
    return { path: target, lines: lines.length };
  }

  subscribe(listener: (appended: AuditAppended) => void): () => void {
    return this.#chain.subscribeAudit(listener);
  }
}

function csvLine(text: string): string {
  const p = parseLine(text);
  if ('error' in p) return csvRow([null, null, null, null, null, null, null, null, null, null, text]);
  const l = p.line;
  return csvRow([l.seq, l.at, l.type, l.actor, l.entry?.id ?? null, l.entry?.label ?? null, l.queued !== undefined, JSON.stringify(l.details), l.after, l.mac, null]);
}
