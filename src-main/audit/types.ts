/**
 * The audit service's interfaces. `AuditChain` is what keeps the chain: it holds the audit key and the sealed head,
 * and appends under the vault's lock, so the vault implements it (vault-service.ts); `Audit` is what hosts compose
 * over it (audit-service.ts) and hand to the IPC handlers, the CLI and the services that record events.
 */
import type { AuditAppended, AuditEvent, AuditListQuery, AuditPage, AuditReset, AuditVerification } from '../contract/audit';
import type { AuditEventInput, AuditRecorder } from './audit-event';
import type { AuditPaths } from './audit-files';

export interface AuditChain {
  /** Where this chain's log, queue and head file are (the vault's home). */
  readonly auditPaths: AuditPaths;
  /** Chains events into the log in one append (queued while the vault is locked; rolled up when they ask). */
  recordAudit(events: readonly AuditEventInput[]): Promise<void>;
  /** Checks the whole log against the sealed head (needs the vault unlocked: the key is the vault's). */
  verifyAudit(): Promise<AuditVerification>;
  /** Sets a log that fails verification aside (kept, renamed) and starts a new chain; refuses an intact one. */
  resetAudit(): Promise<AuditReset>;
  subscribeAudit(listener: (appended: AuditAppended) => void): () => void;
}

export type AuditExportFormat = 'jsonl' | 'csv';

export interface Audit extends AuditRecorder {
  readonly path: string;
  /** A page of events, newest first (no key needed: the log holds no secret). */
  list(query?: AuditListQuery): Promise<AuditPage>;
  /** Events that pass `filter`, newest first, at most `limit`, with a seq below `before` (the CLI's own filters). */
  page(filter: (e: AuditEvent) => boolean, opts: { limit: number; before?: number }): Promise<AuditPage>;
  verify(): Promise<AuditVerification>;
  reset(): Promise<AuditReset>;
  /** Writes the log's whole lines to `path` (0600); refuses an existing file unless `overwrite`. */
  exportTo(path: string, format: AuditExportFormat, opts?: { overwrite?: boolean }): Promise<{ path: string; lines: number }>;
  subscribe(listener: (appended: AuditAppended) => void): () => void;
}
