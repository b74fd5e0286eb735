/**
 * The Scan page's words: what a finding's encoding, field and slot mean, how skipped files are counted, and a run's
 * summary in one sentence. Pure, so it is unit-tested.
 */
import type { ScanEncoding, ScanFindingView, ScanRunResult, ScanSkipReason } from '../../../src-main/contract/scan';
import { CREDENTIAL_LABELS, type CredentialField } from '../../../src-main/contract/providers';
import { plural } from '../../shared/lib/format';

export const ENCODING_LABELS: Record<ScanEncoding, string> = {
  text: 'as is',
  json: 'JSON-escaped',
  base64: 'base64',
  base64url: 'base64url',
  url: 'URL-encoded',
  hex: 'hex',
  'hex-upper': 'hex (upper case)',
  split: 'split across a value',
};

export const SKIP_LABELS: Record<ScanSkipReason, string> = {
  binary: 'binary',
  unreadable: 'unreadable',
  vanished: 'gone during the scan',
  'not-a-file': 'not a regular file',
  symlink: 'symbolic link',
  loop: 'link loop',
};

const SLOT_WORDS = { current: null, next: 'the new key of a rotation in progress', previous: 'the old key kept for rollback' } as const;

/** "Secret · base64", "API key · as is · the old key kept for rollback". */
export function describeVaultMatch(f: Extract<ScanFindingView, { kind: 'vault' }>): string {
  const parts = [CREDENTIAL_LABELS[f.field as CredentialField] ?? f.field, ENCODING_LABELS[f.encoding]];
  const slot = SLOT_WORDS[f.slot];
  if (slot) parts.push(slot);
  return parts.join(' · ');
}


export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** Files with at least one finding. */
export function filesWithFindings(result: ScanRunResult): number {
  const files = new Set<string>();
  for (const g of result.groups) for (const f of g.findings) files.add(`${f.folderId}\n${f.path}`);
  return files.size;
}

/** "3 findings in 2 files — 1,204 files, 12.3 MB scanned in 0.8 s." */
export function summarySentence(result: ScanRunResult): string {
  const s = result.summary;
  const seconds = s.durationMs < 100 ? `${Math.round(s.durationMs)} ms` : `${(s.durationMs / 1000).toFixed(1)} s`;
  const scanned = `${plural(s.files, 'file')}, ${formatBytes(s.bytes)} scanned in ${seconds}`;
  const head = s.findings === 0 ? 'Nothing found' : `${plural(s.findings, 'finding')} in ${plural(filesWithFindings(result), 'file')}`;
  return `${head}${s.cancelled ? ' before the scan was cancelled' : ''} — ${scanned}.`;
}

/** "2 skipped: 1 binary, 1 unreadable", or null when nothing was skipped. */
export function skippedSentence(result: ScanRunResult): string | null {
  const s = result.summary;
  if (s.skipped === 0) return null;
  const parts = (Object.entries(s.skippedByReason) as [ScanSkipReason, number][]).filter(([, n]) => n > 0).map(([r, n]) => `${n.toLocaleString()} ${SKIP_LABELS[r]}`);
  return `${plural(s.skipped, 'file')} skipped: ${parts.join(', ')}`;
}
