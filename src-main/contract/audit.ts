/**
 * The audit log's vocabulary (docs/audit.md): the event types, who records them, one event as the Audit page and
 * `signet audit list --json` get it, the list query, and the verification state. Nothing here holds a secret: an
 * event names a key by its id and its label at the time, and its details carry masked previews, field names, codes
 * and counts only.
 */
import { z } from 'zod';

/**
 * Every event type. `key.used` and the sandbox's `signature.verify_failed` are rolled up per key per minute (one line
 * with a count); `key.rotation_step` is one line per step a rotation writes; `audit.*` are the log's own lines.
 */
export const AUDIT_TYPES = [
  'vault.created',
  'vault.unlocked',
  'vault.unlock_failed',
  'vault.locked',
  'vault.rollback_accepted',
  'vault.passphrase_changed',
  'vault.os_slot_added',
  'vault.os_slot_removed',
  'key.created',
  'key.imported',
  'key.updated',
  'key.deleted',
  'key.used',
  'key.revealed',
  'key.copied',
  'key.exported',
  'key.rotation_step',
  'key.revoked',
  'backup.exported',
  'backup.imported',
  'signature.verify_failed',
  'signature.revealed',
  'scan.run',
  'audit.recovered',
  'audit.restarted',
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];
export const AuditTypeSchema = z.enum(AUDIT_TYPES);

/** The process that recorded an event. */
export const AUDIT_ACTORS = ['app', 'cli', 'browser-host'] as const;
export type AuditActor = (typeof AUDIT_ACTORS)[number];

/** A detail value: JSON without secrets (masked previews, ids, codes, counts). */
export type AuditValue = string | number | boolean | null | readonly AuditValue[] | { readonly [k: string]: AuditValue };
const AuditValueSchema: z.ZodType<AuditValue> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(AuditValueSchema), z.record(z.string(), AuditValueSchema)]));

/** The key an event is about, as it was labelled when the event happened. */
export const AuditEntryRef = z.object({ id: z.string(), label: z.string() });
export type AuditEntryRef = z.infer<typeof AuditEntryRef>;

/** One line of the log as the Audit page shows it (the line's MAC and chain fields stay in the file). */
export const AuditEvent = z.object({
  seq: z.number().int(),
  at: z.string(),
  type: AuditTypeSchema,
  actor: z.enum(AUDIT_ACTORS),
  entry: AuditEntryRef.nullable(),
  details: z.record(z.string(), AuditValueSchema),
  /** Recorded while the vault was locked (unauthenticated until it was chained at the next unlock). */
  queued: z.boolean(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AUDIT_PAGE_MAX = 500;
const isoDate = z.iso.datetime({ offset: true });

/** `audit:list`: newest first, a bounded page; `cursor` is the `nextCursor` of the page before. */
export const AuditListQuery = z
  .object({
    entryId: z.string().min(1).max(200).optional(),
    types: z.array(AuditTypeSchema).min(1).max(AUDIT_TYPES.length).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    limit: z.number().int().min(1).max(AUDIT_PAGE_MAX, `At most ${AUDIT_PAGE_MAX} events a page.`).default(100),
    /** Events with a lower seq than this (the previous page's nextCursor). */
    cursor: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to), { message: '`from` must not be after `to`.', path: ['from'] });
export type AuditListQuery = z.input<typeof AuditListQuery>;

export const AuditPage = z.object({
  events: z.array(AuditEvent),
  /** Pass as `cursor` for the next (older) page; null when this page reached the first line. */
  nextCursor: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;

/** What is wrong with the log, when something is (docs/audit.md#what-verify-says). */
export const AUDIT_PROBLEMS = ['edited', 'deleted', 'reordered', 'truncated', 'forged', 'beyond-head', 'malformed', 'missing', 'unreadable'] as const;
export const AuditProblem = z.object({
  /** The line (1-based, as in the file) found bad; for `truncated` and `missing`, the first line that is gone. */
  line: z.number().int(),
  kind: z.enum(AUDIT_PROBLEMS),
  message: z.string(),
});
export type AuditProblem = z.infer<typeof AuditProblem>;

/** Lines recorded while the vault was locked, and the line that chained them. */
export const AuditQueuedGroup = z.object({
  from: z.number().int(),
  to: z.number().int(),
  count: z.number().int(),
  chainedAt: z.string(),
  chainedBy: z.object({ line: z.number().int(), type: AuditTypeSchema }),
});

export const AuditVerification = z.object({
  /** False: the log was altered (or cannot be checked); `signet audit verify` exits 1. */
  ok: z.boolean(),
  status: z.enum(['intact', 'empty', 'tampered']),
  path: z.string(),
  /** Whole lines in the file. */
  lines: z.number().int(),
  /** Lines that checked, from the first, before any problem. */
  verifiedLines: z.number().int(),
  /** The line count the sealed head vouches for (0: nothing sealed yet): audit.head's, or the vault file's when newer. */
  sealedLines: z.number().int(),
  /** The count the vault file's own head vouches for (its last write): lines up to it are covered by its rollback check too. */
  vaultSealedLines: z.number().int(),
  problem: AuditProblem.nullable(),
  /** A partial last line (a crash while writing): not checked, and taken out at the next append. */
  incompleteLastLine: z.object({ bytes: z.number().int() }).nullable(),
  /** Whole lines after the sealed head that chain from it: an append the process did not finish (adopted next time). */
  unsealedTail: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
  queued: z.array(AuditQueuedGroup),
  /** Events waiting in the queue file for the next unlock (not authenticated until chained). */
  pending: z.number().int(),
  /** What the verification found, in sentences (the CLI prints them). */
  summary: z.array(z.string()),
  checkedAt: z.string(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

/** `audit:appended`: a summary only (the page asks `audit:list` for the events). */
export const AuditAppended = z.object({
  /** The last line appended. */
  seq: z.number().int(),
  count: z.number().int(),
  types: z.array(AuditTypeSchema),
  at: z.string(),
});
export type AuditAppended = z.infer<typeof AuditAppended>;

/** What `signet audit reset` did. */
export const AuditReset = z.object({ setAside: z.string().nullable(), lines: z.number().int() });
export type AuditReset = z.infer<typeof AuditReset>;
