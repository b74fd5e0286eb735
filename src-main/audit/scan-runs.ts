/**
 * "Scans run" in the audit log: each secrets scan's summary (how many folders, files, bytes and findings, what was
 * skipped, whether it was cancelled) as a `scan.run` line — never what was found, where, or which key. Every host
 * that scans (the app, the browser host, `signet scan`) wires its scan service through here.
 */
import type { ScanSummary } from '../contract/scan';
import type { Logger } from '../base/logger';
import type { AuditEventInput, AuditRecorder } from './audit-event';

/** The line a run becomes. */
export function scanRunEvent(s: ScanSummary): AuditEventInput {
  return {
    type: 'scan.run',
    details: {
      roots: s.roots,
      files: s.files,
      bytes: s.bytes,
      findings: s.findings,
      skipped: s.skipped,
      skippedByReason: { ...s.skippedByReason },
      vaultValuesLookedFor: s.secrets,
      staged: s.staged,
      gitignore: s.gitignore,
      durationMs: Math.round(s.durationMs),
      cancelled: s.cancelled,
    },
  };
}

/** Records every run of a long-lived scan service (the app's, the browser host's); returns the unsubscribe. */
export function recordScanRuns(scans: { subscribe(listener: (summary: ScanSummary) => void): () => void }, audit: AuditRecorder, log: Pick<Logger, 'warn'>): () => void {
  return scans.subscribe((s) => {
    audit.record(scanRunEvent(s)).catch((error: unknown) => log.warn('the scan run was not recorded in the audit log', { error }));
  });
}
