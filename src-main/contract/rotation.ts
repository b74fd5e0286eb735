/**
 * Key rotation's vocabulary: policies and their defaults, a rotation run as it is persisted step by step in the vault
 * (src-main/rotation/rotation-service.ts), and the overview the Rotation page and `signet rotation list --json` get.
 * Nothing here holds a secret: a run names the new and old keys by their masked previews and by the ids the
 * provider's key API gave them.
 */
import { z } from 'zod';
import { ENVIRONMENTS } from './providers';
import { KEY_PAIR_TYPES } from './key-pairs';

const isoDate = z.iso.datetime({ offset: true });

/**
 * A key's own rotation policy (contract/rotation-policy.ts, shared by main and the renderer): rotate every `everyDays` calendar days (UTC) after the
 * last rotation, warn `warnDays` before; `expiresAt`, a hard expiry of the policy's own (the earlier of it and the
 * key's expiresAt wins).
 */
export const RotationPolicy = z
  .object({
    everyDays: z.number().int().min(1).max(3650),
    warnDays: z.number().int().min(0).max(365),
    expiresAt: isoDate.nullable().optional(),
  })
  .strict()
  .refine((p) => p.warnDays < p.everyDays, { message: 'warnDays must be fewer than everyDays.', path: ['warnDays'] });
export type RotationPolicy = z.infer<typeof RotationPolicy>;

/** Rotation defaults per environment (Settings.rotationDefaults); a key's own policy overrides them. */
export const RotationDefaults = z.object(Object.fromEntries(ENVIRONMENTS.map((e) => [e, RotationPolicy])) as Record<(typeof ENVIRONMENTS)[number], typeof RotationPolicy>).strict();
export type RotationDefaults = z.infer<typeof RotationDefaults>;

/**
 * prod 90 days, warn 14 (the figure, the common compliance rotation period); test (staging) 180 days, warn
 * 14: shared with CI, worth rotating, less often; dev 365 days, warn 30: local keys, a yearly reminder is enough.
 */
export const DEFAULT_ROTATION_DEFAULTS: RotationDefaults = {
  dev: { everyDays: 365, warnDays: 30 },
  test: { everyDays: 180, warnDays: 14 },
  prod: { everyDays: 90, warnDays: 14 },
};

export const ROTATION_STATUSES = ['ok', 'due-soon', 'overdue', 'expired'] as const;
export const RotationStatusSchema = z.enum(ROTATION_STATUSES);

/** A key's schedule state at a moment (policy.ts rotationState). */
export const RotationStateView = z.object({
  status: RotationStatusSchema,
  dueAt: z.string(),
  warnFrom: z.string(),
  expiresAt: z.string().nullable(),
  reason: z.string(),
});
export type RotationStateView = z.infer<typeof RotationStateView>;

/**
 * `automated`: the provider has a key API (the embedded sandbox): Signet creates, verifies, switches and revokes.
 * `guided`: a checklist on the exchange's key page; the person pastes the new key and Signet verifies and switches.
 */
export const ROTATION_MODES = ['automated', 'guided'] as const;
export const RotationMode = z.enum(ROTATION_MODES);
export type RotationMode = z.infer<typeof RotationMode>;

/**
 * Where a run stands. Automated: creating → verifying → switching → overlap → revoking → done. Guided:
 * awaiting-credentials → verifying → switching → archived → done. Before the switch a failure rolls back
 * (rolling-back: the new key is revoked, the current one stays); after it, the new key is in use and the old one is
 * kept (overlap, archived) until revoked or erased. Ended runs: done, failed (rolled back, the current key unchanged),
 * cancelled, rolled-back (the person went back to the old key).
 */
export const RUN_STATES = [
  'awaiting-credentials',
  'creating',
  'verifying',
  'switching',
  'overlap',
  'revoking',
  'archived',
  'rolling-back',
  'done',
  'failed',
  'cancelled',
  'rolled-back',
] as const;
export const RunState = z.enum(RUN_STATES);
export type RunState = z.infer<typeof RunState>;
export const ENDED_RUN_STATES: readonly RunState[] = ['done', 'failed', 'cancelled', 'rolled-back'];

/** One recorded step of a run, in order. */
export const RunStep = z.object({
  step: z.string().max(40),
  at: z.string(),
  outcome: z.enum(['ok', 'failed', 'skipped']),
  detail: z.string().max(2_000),
});
export type RunStep = z.infer<typeof RunStep>;

export const KeyPairPublic = z.object({ type: z.enum(KEY_PAIR_TYPES), publicKeyPem: z.string().max(4096), fingerprint: z.string().max(80), createdAt: z.string().max(40) }).strict();

export const RotationRun = z.object({
  id: z.string(),
  /** Raised by every write of the run: a process holding an older revision is refused (ERR_ROTATION_CONFLICT). */
  rev: z.number().int().min(0),
  mode: RotationMode,
  state: RunState,
  startedAt: z.string(),
  updatedAt: z.string(),
  endedAt: z.string().nullable(),
  /** Automated: the old key stays valid until then. Guided: the old key is kept (archived) until then. */
  keepOldUntil: z.string().nullable(),
  /** Masked previews (••••3f9a) of the key in use before and of the new one. */
  oldPreview: z.string().nullable(),
  newPreview: z.string().nullable(),
  /** The provider key API's ids of the new and old keys (automated), and the label the new key was created with. */
  remote: z.object({ newKeyId: z.string().nullable(), oldKeyId: z.string().nullable(), label: z.string().nullable() }),
  steps: z.array(RunStep),
  /** Why the run stopped or is waiting to retry (a failed revoke), in words. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Automated: minutes the old key stays valid after the switch. Guided: days the old key is kept. */
  overlapMinutes: z.number().int().nullable(),
  archiveDays: z.number().int().nullable(),
  /** While rolling back: how the run ends (failed, cancelled, or rolled-back by choice). */
  endAs: z.enum(['failed', 'cancelled', 'rolled-back']).nullable(),
  /** The key's lastRotatedAt before this run (a rollback restores it). */
  priorRotatedAt: z.string().nullable(),
  /**
   * A key pair made in the vault rotates to a fresh pair: the new one's public key (to register on the exchange, which
   * then gives the API key to paste) and the pair in use before (a rollback restores it). Public keys only.
   */
  nextKeyPair: KeyPairPublic.nullable(),
  priorKeyPair: KeyPairPublic.nullable(),
});
export type RotationRun = z.infer<typeof RotationRun>;

/** The checklist of a guided rotation: where to make the new key, and what to tick. */
export const RotationGuide = z.object({
  provider: z.string(),
  providerName: z.string(),
  keyPageUrl: z.string().nullable(),
  /** The scopes the key has now, as the exchange names the permissions to tick. */
  permissions: z.array(z.string()),
  steps: z.array(z.string()),
  /** The credential fields to paste. */
  fields: z.array(z.string()),
  /** The signed read-only call that verifies the new key, e.g. `GET /api/v3/account`; null when none is known. */
  verifyCall: z.string().nullable(),
});
export type RotationGuide = z.infer<typeof RotationGuide>;

export const RotationKey = z.object({
  entryId: z.string(),
  label: z.string(),
  provider: z.string(),
  environment: z.enum(ENVIRONMENTS),
  policy: RotationPolicy,
  /** `own`: the key's own policy; `default`: its environment's default from Settings. */
  policySource: z.enum(['own', 'default']),
  state: RotationStateView,
  mode: RotationMode,
  /** The run in progress, if any. */
  run: RotationRun.nullable(),
  /** Ended runs, newest first (at most 20 are kept). */
  history: z.array(RotationRun),
  lastRotatedAt: z.string().nullable(),
});
export type RotationKey = z.infer<typeof RotationKey>;

export const RotationOverview = z.object({
  at: z.string(),
  defaults: RotationDefaults,
  keys: z.array(RotationKey),
});
export type RotationOverview = z.infer<typeof RotationOverview>;

/** How long the old key stays valid after an automated switch: 0 revokes it at once; at most 30 days. */
export const OverlapMinutes = z.number().int().min(0).max(30 * 24 * 60);
export const DEFAULT_OVERLAP_MINUTES = 60;
/** How long a guided rotation keeps the old key for rollback before erasing it. */
export const DEFAULT_ARCHIVE_DAYS = 7;

const entryId = z.string().min(1).max(64);

export const RotationStartInput = z.object({ entryId, overlapMinutes: OverlapMinutes.optional(), archiveDays: z.number().int().min(0).max(365).optional() }).strict();
export const RotationSubmitInput = z
  .object({ entryId, credentials: z.partialRecord(z.enum(['apiKey', 'secret', 'passphrase', 'privateKeyPem', 'accessKeyId', 'secretAccessKey', 'sessionToken']), z.string().max(16_384)) })
  .strict();
export const RotationEntryInput = z.object({ entryId }).strict();

/** A reminder the scheduler sent (also an OS notification in the app). */
export const RotationReminderView = z.object({ entryId: z.string(), label: z.string(), status: z.enum(['due-soon', 'overdue', 'expired']), reason: z.string(), at: z.string() });
export type RotationReminderView = z.infer<typeof RotationReminderView>;
