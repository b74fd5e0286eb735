/**
 * The IPC contract: one input and one output schema per channel (see channels.ts), and the DTOs they carry.
 * DTOs carry masked previews and fingerprints only: no type here can hold a secret value except the
 * inputs that bring one *into* main (add/update credentials, passphrases).
 */
import { z } from 'zod';
import type { Channel, EventName } from './channels';
import { SCOPE_RULE, TAG_RULE } from './field-rules';
import { CREDENTIAL_FIELDS, ENVIRONMENTS } from './providers';
import { KEY_PAIR_TYPES } from './key-pairs';
import { InspectorList, InspectorQuery, InspectorRecordView, InspectorSummary, RevealedSignatures, SandboxStatus } from './inspector';
import { DebugRun, DebugRunInput, DebugSession } from './debug';
import { CandleInterval, MarketProviderId, MarketProviderInfo, MarketsSnapshot, MarketsUpdate, SymbolDetail } from './markets';
import { PickedFolder, ScanProgress, ScanRunInput, ScanRunResult } from './scan';
import { AuditAppended, AuditListQuery, AuditPage, AuditVerification } from './audit';
import { RotationDefaults, RotationEntryInput, RotationMode, RunState, RotationGuide, RotationOverview, RotationPolicy, RotationReminderView, RotationRun, RotationStartInput, RotationSubmitInput } from './rotation';

const isoDate = z.iso.datetime({ offset: true });
const label = z.string().trim().min(1, 'Give the key a label.').max(120, 'Labels are at most 120 characters.');
const tag = z.string().trim().min(1).max(TAG_RULE.maxLength).regex(TAG_RULE.pattern, TAG_RULE.message);
const scope = z.string().trim().min(1).max(SCOPE_RULE.maxLength).regex(SCOPE_RULE.pattern, SCOPE_RULE.message);
const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'Base URL must be an http(s) URL without credentials in it, like https://api.example.com.');
const passphrase = z.string().min(1, 'Enter the passphrase.').max(1024);

export const EnvironmentSchema = z.enum(ENVIRONMENTS);
export const CredentialFieldSchema = z.enum(CREDENTIAL_FIELDS);
const Environment = EnvironmentSchema;
const CredentialField = CredentialFieldSchema;

/** Secret material coming into main. Never an output. */
export const Credentials = z
  .object(Object.fromEntries(CREDENTIAL_FIELDS.map((f) => [f, z.string().max(16_384).optional()])) as Record<
    (typeof CREDENTIAL_FIELDS)[number],
    z.ZodOptional<z.ZodString>
  >)
  .strict();
export type Credentials = z.infer<typeof Credentials>;

export { RotationPolicy, RotationDefaults, DEFAULT_ROTATION_DEFAULTS } from './rotation';

/** A key's metadata fields, without defaults: a patch changes only the fields it names. */
const entryMetaFields = {
  label,
  provider: z.string().min(1).max(40),
  /** null clears a custom base URL (the provider's default applies). */
  baseUrl: httpUrl.nullable().optional(),
  environment: Environment,
  scopes: z.array(scope).max(32),
  expiresAt: isoDate.nullable().optional(),
  /** The key's own rotation policy; null removes it (the environment's default applies). */
  rotationPolicy: RotationPolicy.nullable().optional(),
  notes: z.string().max(10_000),
  tags: z.array(tag).max(32),
};

export const EntryMetaInput = z
  .object({ ...entryMetaFields, scopes: entryMetaFields.scopes.default([]), notes: entryMetaFields.notes.default(''), tags: entryMetaFields.tags.default([]) })
  .strict();

export const EntryInput = EntryMetaInput.extend({ credentials: Credentials }).strict();
export type EntryInput = z.input<typeof EntryInput>;

export const EntryPatch = z
  .object({
    id: z.string().min(1),
    // Not EntryMetaInput.partial(): zod applies a field's default inside partial(), so a patch naming only the notes
    // would clear the scopes and tags.
    meta: z.object(entryMetaFields).partial().strict().optional(),
    /** Fields to set; a field set to null is removed. */
    credentials: z.partialRecord(CredentialField, z.string().max(16_384).nullable()).optional(),
  })
  .strict();
export type EntryPatch = z.input<typeof EntryPatch>;

export const CredentialPreview = z.object({
  field: CredentialField,
  /** `••••3f9a` for identifiers, `••••••••` for secrets. */
  preview: z.string(),
  secret: z.boolean(),
});

export const EntrySummary = z.object({
  id: z.string(),
  label: z.string(),
  provider: z.string(),
  baseUrl: z.string().nullable(),
  environment: Environment,
  scopes: z.array(z.string()),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  lastRotatedAt: z.string().nullable(),
  /** The key's own rotation policy; absent when the environment's default applies. */
  rotationPolicy: RotationPolicy.optional(),
  /**
   * Set while a rotation of the key is in progress: where it stands, and `failing` while a step keeps failing or a
   * pasted key was refused (the Rotation page has the run and its error).
   */
  rotating: z.object({ state: RunState, mode: RotationMode, failing: z.literal(true).optional() }).optional(),
  /** Masked API key (or key id), e.g. `••••3f9a`. */
  preview: z.string(),
  /** Short SHA-256 of the public key id, to match the key against what the provider's console shows. */
  fingerprint: z.string(),
  credentialFields: z.array(CredentialField),
  hasNotes: z.boolean(),
  /** Set when the key holds a pair Signet generated (or a private key whose public half it shows): public facts only. */
  keyPair: z.object({ type: z.enum(KEY_PAIR_TYPES), fingerprint: z.string() }).optional(),
  /** A generated pair whose public key is not registered yet: it cannot sign until its API key is added (vault:update). */
  awaitingApiKey: z.literal(true).optional(),
});
export type EntrySummary = z.infer<typeof EntrySummary>;

export const EntryDetail = EntrySummary.extend({
  notes: z.string(),
  credentials: z.array(CredentialPreview),
});
export type EntryDetail = z.infer<typeof EntryDetail>;

export const SlotSummary = z.object({
  id: z.string(),
  kind: z.enum(['passphrase', 'os']),
  /** For OS slots: `electron-safestorage` or `os-keyring`. */
  provider: z.string().nullable(),
  backend: z.string().nullable(),
  createdAt: z.string(),
});

export const OsSlotState = z.object({
  /** Which OS slot this host uses: Electron safeStorage in the app, the OS keyring in the CLI. */
  provider: z.string(),
  available: z.boolean(),
  secure: z.boolean(),
  backend: z.string().nullable(),
  /** Why it cannot be used, in words a user can act on. */
  reason: z.string().nullable(),
});

export const VaultStatus = z.object({
  exists: z.boolean(),
  locked: z.boolean(),
  path: z.string(),
  slots: z.array(SlotSummary),
  os: OsSlotState,
  /** This host's OS slot exists in the vault and can be used to unlock. */
  canUnlockWithOs: z.boolean(),
  /** Set when the OS slot was sealed with a different backend than the one in use now. */
  osBackendChanged: z.object({ recorded: z.string(), current: z.string().nullable() }).nullable(),
  entryCount: z.number().int().nullable(),
  autoLockMinutes: z.number().int(),
});
export type VaultStatus = z.infer<typeof VaultStatus>;

export const Settings = z.object({
  /** 0 disables auto-lock. */
  autoLockMinutes: z.number().int().min(0).max(24 * 60),
  theme: z.enum(['system', 'dark', 'light']),
  /** Starred symbols on the Markets page, in the order starred. */
  watchlist: z.array(z.string().min(1).max(40)).max(1000),
  /** The market provider the Markets page shows. */
  marketsProvider: MarketProviderId,
  /** Rotation policy per environment, for keys without one of their own. */
  rotationDefaults: RotationDefaults,
});
export type Settings = z.infer<typeof Settings>;

export const ListQuery = z
  .object({
    search: z.string().max(200).optional(),
    provider: z.string().max(40).optional(),
    environment: Environment.optional(),
    tag: z.string().max(40).optional(),
  })
  .strict();
export type ListQuery = z.infer<typeof ListQuery>;

export const ImportConflict = z.object({
  id: z.string(),
  label: z.string(),
  reason: z.enum(['same-id', 'same-label']),
  existingId: z.string(),
});
export const ImportPreview = z.object({
  importId: z.string(),
  path: z.string(),
  entryCount: z.number().int(),
  added: z.array(z.object({ id: z.string(), label: z.string(), provider: z.string(), environment: Environment })),
  conflicts: z.array(ImportConflict),
  /** The backup's keys that carry their own base URL: where their requests go once imported (main asks about new ones). */
  destinations: z
    .array(z.object({ label: z.string(), provider: z.string(), environment: Environment, baseUrl: z.string(), region: z.string().nullable(), service: z.string().nullable() }))
    .default([]),
});
export type ImportPreview = z.infer<typeof ImportPreview>;
export const ImportResult = z.object({
  added: z.array(z.string()),
  replaced: z.array(z.string()),
  renamed: z.array(z.string()),
  skipped: z.array(z.string()),
});
export type ImportResult = z.infer<typeof ImportResult>;
export const OnConflict = z.enum(['skip', 'replace', 'keep-both']);

/** A signing scheme as the Request page lists it (src-main/signing/registry.ts holds the schemes themselves). */
export const SchemeInfo = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  /** The API documentation the scheme follows (a URL, or a path in Signet's docs). */
  docs: z.string(),
  hosts: z.array(z.string()),
  /** Each inner list is one requirement, met by any of its fields (e.g. secret or privateKeyPem). */
  credentials: z.array(z.array(z.string())),
});
export type SchemeInfo = z.infer<typeof SchemeInfo>;

export const SchemeSuggestion = z.object({
  /** null: the key's provider does not sign requests (CoinGecko keys are sent as they are). */
  schemeId: z.string().nullable(),
  /** Why this scheme, in a sentence: "Binance keys with an HMAC secret sign with …". */
  reason: z.string(),
  basis: z.enum(['provider', 'host', 'default']),
  /** Set when the URL's host belongs to another API than the key's provider. */
  warning: z.string().nullable(),
});
export type SchemeSuggestion = z.infer<typeof SchemeSuggestion>;

const HeaderRow = z.object({ name: z.string().max(256), value: z.string().max(8192) }).strict();

/**
 * A request as typed on the Request page, and the vault key to sign it with. Only the shape is checked here; the
 * scheme checks the content (a malformed URL is ERR_SIGNING_INPUT naming `url`, so the page can point at it).
 */
export const RequestDraft = z
  .object({
    entryId: z.string().min(1, 'Choose a key from the vault.'),
    /** Omitted: the scheme suggested for the key and the URL's host. */
    schemeId: z.string().min(1).max(64).optional(),
    method: z.string().max(16),
    url: z.string().max(8192),
    headers: z.array(HeaderRow).max(100).default([]),
    body: z.string().max(100_000, 'The body is limited to 100,000 characters here.').nullable().default(null),
    /** Epoch ms; omitted: now. */
    timestamp: z.number().int().min(0).max(8_640_000_000_000_000).optional(),
    /** Omitted: a fresh random nonce. */
    nonce: z.string().min(1).max(200).optional(),
    options: z.record(z.string().min(1).max(64), z.string().max(16_384)).optional(),
    /** Preview only: show the key's API key (or access key id) whole instead of ••••3f9a. */
    revealKey: z.boolean().optional(),
  })
  .strict();
export type RequestDraft = z.input<typeof RequestDraft>;

export const ExportFormat = z.enum(['curl', 'fetch', 'python']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const SignedHeader = z.object({
  name: z.string(),
  value: z.string(),
  /** Added or changed by the scheme (the signature, the timestamp, the key id…). */
  signed: z.boolean(),
  /** The value is a secret credential (a passphrase header): shown as •••• here, filled in by main when sending. */
  masked: z.boolean(),
});

/** What main signed, with any secret credential value replaced by •••• wherever it appeared (and the API key by its preview unless revealed). */
export const RequestPreview = z.object({
  schemeId: z.string(),
  timestamp: z.number(),
  nonce: z.string(),
  canonical: z.string(),
  canonicalParts: z.array(z.object({ label: z.string(), value: z.string() })),
  signature: z.string(),
  steps: z.array(z.object({ label: z.string(), value: z.string(), encoding: z.enum(['text', 'hex', 'base64', 'json']), note: z.string().optional() })),
  request: z.object({ method: z.string(), url: z.string(), headers: z.array(SignedHeader), body: z.string().nullable() }),
  /** Credential fields whose values were masked somewhere in this preview. */
  masked: z.array(z.string()),
  /** The key's API key (or access key id) appears as ••••3f9a somewhere here; `revealKey` shows it whole. */
  keyMasked: z.boolean(),
});
export type RequestPreview = z.infer<typeof RequestPreview>;

export const RequestExport = z.object({
  code: z.string(),
  /** `signer`: the code signs each time it runs; `snapshot`: it carries this preview's signature (valid once). */
  kind: z.enum(['signer', 'snapshot']),
  /** Environment variables the code reads the secret credentials from. */
  env: z.array(z.string()),
});
export type RequestExport = z.infer<typeof RequestExport>;

/** A key pair for Signet to generate and seal at once: the entry's metadata and the pair's type. */
export const KeyPairInput = EntryMetaInput.extend({ type: z.enum(KEY_PAIR_TYPES) }).strict();
export type KeyPairInput = z.input<typeof KeyPairInput>;

/** The public half of a key pair, in the forms an exchange's key page asks for. Nothing secret. */
export const PublicKeyView = z.object({
  type: z.enum(KEY_PAIR_TYPES),
  /** SPKI PEM ("-----BEGIN PUBLIC KEY-----"). */
  pem: z.string(),
  /** `sha256:` + hex SHA-256 of the SPKI DER. */
  fingerprint: z.string(),
  forms: z.array(z.object({ id: z.enum(['pem', 'der-base64', 'raw-base64']), label: z.string(), text: z.string() })),
  /** The form the provider's key page takes. */
  primary: z.enum(['pem', 'der-base64', 'raw-base64']),
  /** What to do next, in a sentence or two. */
  instruction: z.string(),
  /** The page where the public key is registered, when there is one. */
  registerUrl: z.string().nullable(),
});
export type PublicKeyView = z.infer<typeof PublicKeyView>;

const empty = z.object({}).strict().optional();

/** The contract: each channel's input and output. */
export const contract = {
  'app:info': {
    input: empty,
    output: z.object({ version: z.string(), platform: z.string(), host: z.enum(['electron', 'browser']), home: z.string() }),
  },
  'settings:get': { input: empty, output: Settings },
  'settings:set': { input: Settings.partial().strict(), output: Settings },
  'vault:status': { input: empty, output: VaultStatus },
  'vault:create': {
    input: z
      .object({ passphrase: passphrase.optional(), useOsSlot: z.boolean(), addSandboxKey: z.boolean().default(true) })
      .strict(),
    output: VaultStatus,
  },
  'vault:unlock': {
    // acceptRollback: the user chose to open a vault file older than the newest one seen (ERR_VAULT_ROLLBACK,
    // ERR_VAULT_SEEN_INVALID).
    input: z.discriminatedUnion('method', [
      z.object({ method: z.literal('os'), acceptRollback: z.boolean().optional() }).strict(),
      z.object({ method: z.literal('passphrase'), passphrase, acceptRollback: z.boolean().optional() }).strict(),
    ]),
    output: VaultStatus,
  },
  'vault:lock': { input: empty, output: VaultStatus },
  'vault:list': { input: ListQuery.optional(), output: z.array(EntrySummary) },
  'vault:get': { input: z.object({ id: z.string().min(1) }).strict(), output: EntryDetail },
  'vault:add': { input: EntryInput, output: EntrySummary },
  'vault:update': { input: EntryPatch, output: EntrySummary },
  'vault:remove': { input: z.object({ id: z.string().min(1) }).strict(), output: z.object({ removed: z.string() }) },
  'vault:copySecret': {
    input: z.object({ id: z.string().min(1), field: CredentialField }).strict(),
    output: z.object({ field: CredentialField, clearsAt: z.string() }),
  },
  'vault:changePassphrase': {
    input: z.object({ current: passphrase.optional(), next: passphrase }).strict(),
    output: VaultStatus,
  },
  'vault:addOsSlot': { input: empty, output: VaultStatus },
  'vault:removeOsSlot': { input: empty, output: VaultStatus },
  'vault:export': {
    input: z.object({ backupPassphrase: passphrase }).strict(),
    output: z.union([z.object({ path: z.string(), entryCount: z.number().int() }), z.object({ cancelled: z.literal(true) })]),
  },
  'vault:importPreview': {
    input: z.object({ backupPassphrase: passphrase }).strict(),
    output: z.union([ImportPreview, z.object({ cancelled: z.literal(true) })]),
  },
  'vault:import': {
    input: z.object({ importId: z.string().min(1), onConflict: OnConflict.default('skip') }).strict(),
    output: ImportResult,
  },
  /** Generates a key pair in main and seals it at once; only the public key comes back. */
  'vault:generateKeyPair': { input: KeyPairInput, output: z.object({ entry: EntrySummary, publicKey: PublicKeyView }) },
  /** The public key of a key that holds a private key, derived from it in main. */
  'vault:publicKey': { input: z.object({ id: z.string().min(1).max(200) }).strict(), output: PublicKeyView },
  'signing:schemes': { input: empty, output: z.array(SchemeInfo) },
  'signing:suggest': {
    input: z.object({ entryId: z.string().min(1), url: z.string().max(8192).default('') }).strict(),
    output: SchemeSuggestion,
  },
  'request:preview': { input: RequestDraft, output: RequestPreview },
  'request:export': { input: RequestDraft.extend({ format: ExportFormat }).strict(), output: RequestExport },
  /** Signs the draft with the key and sends it through the egress; the record is also in the Inspector. */
  'request:send': { input: RequestDraft, output: InspectorRecordView },
  /** Diagnoses a request: why its signature is refused, and the corrected request (debugger/debug-service.ts). */
  'debug:run': { input: DebugRunInput, output: DebugRun },
  'debug:session': { input: empty, output: DebugSession },
  /** Keeps pasted credentials in main's memory for this session only (never written; dropped on lock). */
  'debug:setSession': { input: z.object({ credentials: Credentials, provider: z.string().max(40).nullable().default(null) }).strict(), output: DebugSession },
  'debug:forgetSession': { input: empty, output: DebugSession },
  'inspector:list': { input: InspectorQuery.optional(), output: InspectorList },
  'inspector:get': { input: z.object({ id: z.string().min(1).max(64) }).strict(), output: InspectorRecordView },
  'inspector:reveal': { input: z.object({ id: z.string().min(1).max(64) }).strict(), output: RevealedSignatures },
  /** Signs the recorded draft again (fresh timestamp and nonce) and sends it. */
  'inspector:resend': { input: z.object({ id: z.string().min(1).max(64) }).strict(), output: InspectorRecordView },
  'inspector:clear': { input: empty, output: z.object({ cleared: z.number().int() }) },
  'sandbox:status': { input: empty, output: SandboxStatus },
  'markets:providers': { input: empty, output: z.array(MarketProviderInfo) },
  /** Switches the Markets feed to a provider (remembered in settings) and answers its first snapshot. */
  'markets:select': { input: z.object({ provider: MarketProviderId }).strict(), output: MarketsSnapshot },
  'markets:snapshot': { input: empty, output: MarketsSnapshot },
  'markets:symbol': { input: z.object({ symbol: z.string().min(1).max(40), interval: CandleInterval.default('1h') }).strict(), output: SymbolDetail },
  /** Every key's schedule state, the run in progress and past runs (rotation/rotation-service.ts). */
  'rotation:overview': { input: empty, output: RotationOverview },
  /** The guided checklist for a key (the exchange's key page, the permissions to tick, the verify call). */
  'rotation:guide': { input: RotationEntryInput, output: RotationGuide },
  /** Starts a rotation: automated where the provider has a key API (runs in main; progress as rotation:changed), else guided. */
  'rotation:start': { input: RotationStartInput, output: RotationRun },
  /** A guided rotation's new credentials: verified with a signed read-only call, then switched to. */
  'rotation:submit': { input: RotationSubmitInput, output: RotationRun },
  /** Abandons a run before the switch (a key the provider made for it is revoked). */
  'rotation:cancel': { input: RotationEntryInput, output: RotationRun },
  /** After the switch, while the old key is kept: goes back to it. */
  'rotation:rollback': { input: RotationEntryInput, output: RotationRun },
  /** Ends the overlap or the archive now: revokes or erases the old key. */
  'rotation:finish': { input: RotationEntryInput, output: RotationRun },
  /** Ends a run that cannot finish; the key in use stays, the other is erased (and named, to delete at the provider). */
  'rotation:abandon': { input: RotationEntryInput, output: RotationRun },
  /**
   * Opens main's folder dialog; the folders picked come back with the ids scan:run takes (the page never sends a
   * path: scan/scan-desk.ts). Picking the same folder again gives the same id for the session.
   */
  'scan:pickFolders': { input: empty, output: z.union([z.object({ folders: z.array(PickedFolder) }), z.object({ cancelled: z.literal(true) })]) },
  /**
   * Scans picked folders for the vault's secrets and the known key formats (progress as scan:progress); findings
   * grouped by vault entry (entryId, to open its rotation) or rule, masked. ERR_SCAN_BUSY while another runs.
   */
  'scan:run': { input: ScanRunInput, output: ScanRunResult },
  /** Cancels the running scan; scan:run then answers with what was scanned (summary.cancelled). */
  'scan:cancel': { input: empty, output: z.object({ cancelled: z.boolean() }) },
  /** A page of audit events, newest first (filters: entryId, types, from/to; `cursor` pages on). Vault unlocked. */
  'audit:list': { input: AuditListQuery.optional(), output: AuditPage },
  /** The whole log checked against the chain and the sealed head: intact, or the first bad line and why. Vault unlocked. */
  'audit:verify': { input: empty, output: AuditVerification },
} as const satisfies Record<Channel, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
export type OutputOf<C extends Channel> = z.output<Contract[C]['output']>;

/** Payloads of main → renderer events. */
export const events = {
  'vault:statusChanged': VaultStatus,
  'vault:entriesChanged': z.object({ at: z.string() }),
  'inspector:recorded': InspectorSummary,
  'markets:update': MarketsUpdate,
  'rotation:changed': z.object({ entryId: z.string(), run: RotationRun.nullable() }),
  'rotation:reminded': RotationReminderView,
  'scan:progress': ScanProgress,
  'audit:appended': AuditAppended,
} as const satisfies Record<EventName, z.ZodType>;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
