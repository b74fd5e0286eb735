/**
 * The signature debugger's vocabulary: the cause codes (a CLI and library contract: scripts match on them), the
 * machine-readable fixes the engine can apply, and the report both the CLI (`signet debug --json`) and the Debugger
 * page receive. A report never holds a secret: credential values in it are masked before it leaves main.
 */
import { z } from 'zod';

/** Why a request is refused, most specific first. Each names one client mistake. */
export const CAUSES = [
  'scheme-mismatch',
  'missing-component',
  'signature-encoding',
  'method-case',
  'path-form',
  'query-order',
  'url-encoding',
  'body-mismatch',
  'secret-encoding',
  'wrong-algorithm',
  'timestamp-units',
  'timestamp-skew',
  'replayed-nonce',
  'wrong-secret',
] as const;
export const Cause = z.enum(CAUSES);
export type Cause = z.infer<typeof Cause>;

/** One line per cause: what it means, as the CLI's help and the Debugger's legend say it. */
export const CAUSE_TITLES: Readonly<Record<Cause, string>> = {
  'missing-component': 'A required header, parameter or passphrase is absent',
  'scheme-mismatch': 'The request is signed the way another API signs',
  'signature-encoding': 'The right signature, written in the wrong encoding or letter case',
  'method-case': 'The HTTP method was signed in the wrong letter case',
  'path-form': 'The signed path has a prefix too many or too few, or the query in the wrong place',
  'query-order': 'The query parameters were signed in another order than sent',
  'url-encoding': 'The query or path was signed with another percent-encoding than sent',
  'body-mismatch': 'The signed body differs from the body sent',
  'secret-encoding': 'The secret was used as text instead of decoded (or the reverse)',
  'wrong-algorithm': 'The signature was made with another hash than the API requires',
  'timestamp-units': 'The timestamp is in seconds where the API wants milliseconds (or the reverse)',
  'timestamp-skew': "The timestamp is outside the API's window",
  'replayed-nonce': 'The nonce was used before',
  'wrong-secret': 'Nothing else explains it: the request is well formed but signed with another secret',
};

/**
 * What the engine changes to correct the request. `resign` signs the request again as the scheme expects,
 * keeping its timestamp and nonce unless told otherwise; the others name the one edit.
 */
export const Fix = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('resign'),
    /** `now`: a fresh timestamp (skew, units); `keep`: the request's own. */
    timestamp: z.enum(['keep', 'now']),
    /** `fresh`: a new nonce (replay); `keep`: the request's own. */
    nonce: z.enum(['keep', 'fresh']),
  }),
  z.object({ action: z.literal('reencode-signature'), from: z.string(), to: z.string() }),
  z.object({ action: z.literal('use-scheme'), scheme: z.string() }),
  z.object({ action: z.literal('add-component'), component: z.string(), where: z.enum(['header', 'query', 'body', 'credentials']) }),
  z.object({ action: z.literal('check-secret') }),
]);
export type Fix = z.infer<typeof Fix>;

export const Diagnosis = z.object({
  cause: Cause,
  /** Plain words: what happened, with the values that show it. */
  explanation: z.string(),
  fix: Fix,
  /** Reproduced: the received signature was recomputed from the mistake (not only suspected). */
  reproduced: z.boolean(),
  /** The canonical string the client signed, when the mistake reproduces it. */
  signedCanonical: z.string().nullable(),
  /** Raised by the server's documented error code. */
  fromServer: z.boolean(),
});
export type Diagnosis = z.infer<typeof Diagnosis>;

export const DiffSegment = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });
export type DiffSegment = z.infer<typeof DiffSegment>;

export const DebugRequest = z.object({
  method: z.string(),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.string().nullable(),
});
export type DebugRequest = z.infer<typeof DebugRequest>;

export const DebugStep = z.object({
  label: z.string(),
  value: z.string(),
  encoding: z.enum(['text', 'hex', 'base64', 'json']),
  note: z.string().optional(),
});

export const TimingCheck = z.object({
  /** The request's timestamp as sent, and read as epoch ms (null when it has none the scheme reads). */
  raw: z.string().nullable(),
  atMs: z.number().nullable(),
  units: z.enum(['s', 'ms', 'us', 'iso', 'none']),
  /** Request time − local clock, ms. */
  localSkewMs: z.number().nullable(),
  /** Request time − the exchange's clock, ms, when it was fetched. */
  serverSkewMs: z.number().nullable(),
  serverTime: z.number().nullable(),
  /** The API's window, ms (Binance: the request's recvWindow or 5000). */
  windowMs: z.number().nullable(),
  nonce: z.string().nullable(),
  /** Earlier Inspector records that sent the same nonce with this key. */
  nonceSeenBefore: z.number().int(),
});

export const ServerAnswer = z.object({
  status: z.number().int().min(100).max(599).nullable(),
  body: z.string().max(65_536),
});
export type ServerAnswer = z.infer<typeof ServerAnswer>;

/**
 * The request as a careful server judges it (the sandbox's order): well formed → signature (constant-time) →
 * timestamp window → nonce unused. A check after a failed one is not reached, so only the secret's holder learns
 * about the clock or spends a nonce.
 */
export const ServerView = z.object({
  accepted: z.boolean(),
  checks: z.array(z.object({ check: z.string(), outcome: z.enum(['passed', 'failed', 'not-reached', 'not-checked']), detail: z.string() })),
});
export type ServerView = z.infer<typeof ServerView>;

export const DebugReport = z.object({
  /** The request would be accepted: the signature matches and nothing else would be refused. */
  valid: z.boolean(),
  scheme: z.string(),
  /** How the scheme was chosen: given, or detected (and from what). */
  schemeReason: z.string(),
  expected: z.object({ canonical: z.string(), signature: z.string() }),
  received: z.object({ signature: z.string().nullable(), canonical: z.string() }),
  /** expected.canonical against received.canonical, character by character. */
  diff: z.array(DiffSegment),
  steps: z.array(DebugStep),
  timing: TimingCheck,
  /** The server's documented error, when its answer was given and matched one. */
  serverError: z.object({ code: z.string(), meaning: z.string() }).nullable(),
  diagnosis: z.array(Diagnosis),
  serverView: ServerView,
  /** The corrected request (the first diagnosis's fix applied); null when nothing needs fixing or no fix applies. */
  fixed: DebugRequest.nullable(),
});
export type DebugReport = z.infer<typeof DebugReport>;

/** Where the request to debug comes from. */
export const DebugSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('http'), text: z.string().max(1_048_576) }).strict(),
  z.object({ kind: z.literal('curl'), text: z.string().max(1_048_576) }).strict(),
  z.object({ kind: z.literal('har'), text: z.string().max(16_777_216), entry: z.number().int().min(0).optional() }).strict(),
  z.object({ kind: z.literal('record'), recordId: z.string().min(1).max(64) }).strict(),
]);
export type DebugSource = z.infer<typeof DebugSource>;

export const DebugRunInput = z
  .object({
    source: DebugSource,
    /** A scheme id, or `auto`. */
    scheme: z.string().min(1).max(60).default('auto'),
    key: z.union([z.object({ entryId: z.string().min(1).max(64) }).strict(), z.object({ session: z.literal(true) }).strict()]),
    response: ServerAnswer.nullable().optional(),
    now: z.number().int().min(0).max(8_640_000_000_000_000).optional(),
    serverTime: z.boolean().default(false),
    options: z.record(z.string().max(40), z.string().max(65_536)).optional(),
  })
  .strict();
export type DebugRunInput = z.input<typeof DebugRunInput>;

/** The report with the request as read, what the reader noted, and the fixed request as a draft to send again. */
export const DebugRun = DebugReport.extend({
  request: DebugRequest,
  notes: z.array(z.string()),
  draft: z.object({ method: z.string(), url: z.string(), headers: z.array(z.object({ name: z.string(), value: z.string() })), body: z.string().nullable() }).nullable(),
  entryId: z.string().nullable(),
});
export type DebugRun = z.infer<typeof DebugRun>;

/** Which credential fields the session holds (never their values). */
export const DebugSession = z.object({ fields: z.array(z.string()) });
export type DebugSession = z.infer<typeof DebugSession>;
