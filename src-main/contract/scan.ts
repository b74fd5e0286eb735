/**
 * The secrets scan's vocabulary (src-main/scan/): what a finding says, how a run is summed up, and what the Scan page
 * sends and gets. Nothing here can hold a secret: a finding names the vault entry by id and label, or the rule by id,
 * and shows the matched text masked (`••••3f9a`, or `••••` alone when the value is short) inside a short excerpt whose
 * other long values are masked too. Folders reach `scan:run` only as ids that main handed out when the person picked
 * them in main's own folder dialog: the page never names a path.
 */
import { z } from 'zod';
import { CREDENTIAL_FIELDS } from './providers';

/** How a vault secret appeared in the file. `split`: a `NAME=value` / `"name": "value"` whose value was broken up. */
export const SCAN_ENCODINGS = ['text', 'json', 'base64', 'base64url', 'url', 'hex', 'hex-upper', 'split'] as const;
export const ScanEncoding = z.enum(SCAN_ENCODINGS);
export type ScanEncoding = z.infer<typeof ScanEncoding>;

/** Which of an entry's credentials matched: the key in use, a rotation's new key before the switch, or the old one kept. */
export const ScanSlot = z.enum(['current', 'next', 'previous']);

export const SKIP_REASONS = ['binary', 'unreadable', 'vanished', 'not-a-file', 'symlink', 'loop'] as const;
export const ScanSkipReason = z.enum(SKIP_REASONS);
export type ScanSkipReason = z.infer<typeof ScanSkipReason>;

/** Where a finding is and what it shows; `path` is relative to its root (or the repository, with --staged). */
const findingPlace = {
  path: z.string(),
  /** 1-based. */
  line: z.number().int().min(1),
  /** 1-based, in characters of the line. */
  column: z.number().int().min(1),
  /** A short piece of the line around the match, the match and every other long value masked. */
  excerpt: z.string(),
  /** The matched text masked: `••••` and at most its last 4 characters. */
  match: z.string(),
};

const vaultFinding = z.object({
  kind: z.literal('vault'),
  ...findingPlace,
  entryId: z.string(),
  label: z.string(),
  field: z.enum(CREDENTIAL_FIELDS),
  slot: ScanSlot,
  encoding: ScanEncoding,
});
const ruleFinding = z.object({ kind: z.literal('rule'), ...findingPlace, ruleId: z.string(), title: z.string() });

export const ScanFinding = z.discriminatedUnion('kind', [vaultFinding, ruleFinding]);
export type ScanFinding = z.infer<typeof ScanFinding>;

export const ScanSkipped = z.object({ path: z.string(), reason: ScanSkipReason, detail: z.string() });
export type ScanSkipped = z.infer<typeof ScanSkipped>;

/** One run in numbers: what the audit log records ("scan run") and what the CLI prints last. */
export const ScanSummary = z.object({
  roots: z.number().int(),
  files: z.number().int(),
  bytes: z.number(),
  findings: z.number().int(),
  skipped: z.number().int(),
  skippedByReason: z.partialRecord(ScanSkipReason, z.number().int()),
  /** Vault secrets looked for (each in all its encodings); 0 with --no-vault. */
  secrets: z.number().int(),
  staged: z.boolean(),
  gitignore: z.boolean(),
  durationMs: z.number(),
  /** Worker threads that scanned (0: all on the calling thread, as for small scans). */
  workers: z.number().int(),
  /** True when the run was cancelled before it finished: the figures cover what was scanned. */
  cancelled: z.boolean(),
});
export type ScanSummary = z.infer<typeof ScanSummary>;

/** A folder the person picked in main's dialog during this session; `id` is what scan:run takes. */
export const PickedFolder = z.object({ id: z.string(), name: z.string(), path: z.string() });
export type PickedFolder = z.infer<typeof PickedFolder>;

const pickedId = z
  .string()
  .regex(/^fld_[0-9a-f]{32}$/, 'Pass the id of a folder picked with scan:pickFolders, not a path.');

export const ScanRunInput = z
  .object({
    folderIds: z.array(pickedId).min(1, 'Pick at least one folder.').max(32, 'At most 32 folders in one scan.'),
    /** Skip what .gitignore files exclude (default true). */
    gitignore: z.boolean().default(true),
  })
  .strict();

/** A finding as the Scan page gets it: the picked folder it lies in, by id. */
export const ScanFindingView = z.discriminatedUnion('kind', [vaultFinding.extend({ folderId: z.string() }), ruleFinding.extend({ folderId: z.string() })]);
export type ScanFindingView = z.infer<typeof ScanFindingView>;

/** Findings of one vault entry (to open its rotation) or one rule. */
export const ScanGroup = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('vault'), entryId: z.string(), label: z.string(), findings: z.array(ScanFindingView) }),
  z.object({ kind: z.literal('rule'), ruleId: z.string(), title: z.string(), findings: z.array(ScanFindingView) }),
]);
export type ScanGroup = z.infer<typeof ScanGroup>;

export const ScanRunResult = z.object({
  runId: z.string(),
  summary: ScanSummary,
  groups: z.array(ScanGroup),
  /** Files not scanned and why (at most the first 500; `summary.skippedByReason` counts them all). */
  skipped: z.array(ScanSkipped.extend({ folderId: z.string() })),
});
export type ScanRunResult = z.infer<typeof ScanRunResult>;

/** `scan:progress`, at most every 100 ms during a run. */
export const ScanProgress = z.object({ runId: z.string(), files: z.number().int(), bytes: z.number(), findings: z.number().int() });
export type ScanProgress = z.infer<typeof ScanProgress>;

/** The known key formats, as `signet scan --rules` lists them and docs/scan.md documents them. */
export const ScanRuleInfo = z.object({ id: z.string(), title: z.string() });
