/** The Scan page's words for a run and a finding. */
import { describe, expect, it } from 'vitest';
import { SCAN_ENCODINGS, SKIP_REASONS, type ScanRunResult } from '../../../../src-main/contract/scan';
import { describeVaultMatch, ENCODING_LABELS, formatBytes, SKIP_LABELS, skippedSentence, summarySentence } from '../../../../src-renderer/features/scan/scan-model';

const summary = { roots: 1, files: 1204, bytes: 12.3 * 1024 * 1024, findings: 3, skipped: 0, skippedByReason: {}, secrets: 4, staged: false, gitignore: true, durationMs: 812, workers: 0, cancelled: false };
const place = { path: '.env', line: 1, column: 5, excerpt: 'A=••••1234', match: '••••1234', folderId: 'fld_a' };
const vault = (over = {}) => ({ kind: 'vault' as const, ...place, entryId: 'e1', label: 'Bot', field: 'secret' as const, slot: 'current' as const, encoding: 'base64' as const, ...over });
const result = (over: Partial<ScanRunResult> = {}): ScanRunResult => ({
  runId: 'r',
  summary,
  groups: [{ kind: 'vault', entryId: 'e1', label: 'Bot', findings: [vault(), vault({ line: 2 }), vault({ path: 'b.yaml' })] }],
  skipped: [],
  ...over,
});

describe('scan model', () => {
  it('names every encoding and skip reason the contract has', () => {
    for (const e of SCAN_ENCODINGS) expect(ENCODING_LABELS[e]).toBeTruthy();
    for (const r of SKIP_REASONS) expect(SKIP_LABELS[r]).toBeTruthy();
  });

  it('says what matched, and which credential slot when it is not the key in use', () => {
    expect(describeVaultMatch(vault())).toBe('Secret · base64');
    expect(describeVaultMatch(vault({ field: 'apiKey', encoding: 'text', slot: 'previous' }))).toBe('API key · as is · the old key kept for rollback');
  });

  it('sums a run up, counting files with findings once', () => {
    expect(summarySentence(result())).toBe('3 findings in 2 files — 1,204 files, 12.3 MB scanned in 0.8 s.');
    expect(summarySentence(result({ summary: { ...summary, findings: 0, files: 1, bytes: 80, durationMs: 12 }, groups: [] }))).toBe('Nothing found — 1 file, 80 B scanned in 12 ms.');
    expect(summarySentence(result({ summary: { ...summary, cancelled: true } }))).toMatch(/^3 findings in 2 files before the scan was cancelled — /);
  });

  it('counts skipped files by reason', () => {
    expect(skippedSentence(result())).toBeNull();
    expect(skippedSentence(result({ summary: { ...summary, skipped: 3, skippedByReason: { binary: 2, unreadable: 1 } } }))).toBe('3 files skipped: 2 binary, 1 unreadable');
    expect(formatBytes(1536)).toBe('1.5 KB');
  });
});
