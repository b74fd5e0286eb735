/**
 * What the egress reports about a request it sent, and what the Inspector lists. A record never
 * holds a secret: secret credential values (a passphrase header, a key sent as a header) are replaced by ••••
 * before the record exists, and signature-bearing values and the key's API key are masked until the user reveals them
 * (`inspector:reveal`, which main answers from the record it keeps).
 */
import { z } from 'zod';

/** Where the time went, in ms; null where undici could not tell (a reused connection has no DNS, connect or TLS). */
export const RequestTimings = z.object({
  dnsMs: z.number().nullable(),
  connectMs: z.number().nullable(),
  tlsMs: z.number().nullable(),
  /** From the request leaving to the first response byte. */
  firstByteMs: z.number().nullable(),
  totalMs: z.number(),
});
export type RequestTimings = z.infer<typeof RequestTimings>;

export const RecordedHeader = z.object({
  name: z.string(),
  /** The value as sent, or •••• for a secret, or a masked signature (`a1b2…f9 (64 chars)`) until revealed. */
  value: z.string(),
  /** Added or changed by the signing scheme. */
  signed: z.boolean(),
  /** `secret`: never shown (a passphrase); `signature` and `key` (the API key, as ••••3f9a): shown on reveal; `none`: shown as is. */
  masking: z.enum(['none', 'signature', 'key', 'secret']),
});
export type RecordedHeader = z.infer<typeof RecordedHeader>;

/** What the user typed, so that re-send and "open in the Request page" start from the unsigned request. */
export const RecordedDraft = z.object({
  entryId: z.string().nullable(),
  schemeId: z.string().nullable(),
  method: z.string(),
  url: z.string(),
  headers: z.array(z.object({ name: z.string(), value: z.string() })),
  body: z.string().nullable(),
  options: z.record(z.string(), z.string()).optional(),
});
export type RecordedDraft = z.infer<typeof RecordedDraft>;

export const InspectorOutcome = z.enum(['ok', 'client-error', 'server-error', 'failed']);
export type InspectorOutcome = z.infer<typeof InspectorOutcome>;

export const InspectorRecord = z.object({
  id: z.string(),
  /** ISO time the request was sent. */
  at: z.string(),
  /** Provider id (sandbox, binance, …) the request went to, by the key's provider or the URL's host. */
  provider: z.string(),
  entryId: z.string().nullable(),
  entryLabel: z.string().nullable(),
  schemeId: z.string().nullable(),
  method: z.string(),
  /** The URL as sent, with a signature query parameter masked. */
  url: z.string(),
  requestHeaders: z.array(RecordedHeader),
  /** The body as sent (a signature parameter masked); bounded. */
  requestBody: z.string().nullable(),
  canonical: z.string().nullable(),
  /** HTTP status; null when no response came (refused by the allowlist, timeout, connection error). */
  status: z.number().int().nullable(),
  outcome: InspectorOutcome,
  /** Why it failed without a response, or the error the API returned, in words a person can act on. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  responseHeaders: z.array(z.object({ name: z.string(), value: z.string() })),
  /** The response body as text, cut at the bound (responseTruncated says so). */
  responseBody: z.string().nullable(),
  responseBytes: z.number().int(),
  responseTruncated: z.boolean(),
  timings: RequestTimings,
  /** 1 when the first try answered; more when 429/5xx retries happened (each with its wait). */
  attempts: z.number().int(),
  draft: RecordedDraft,
});
export type InspectorRecord = z.infer<typeof InspectorRecord>;

/** A record as the renderer gets it: with whether its masked signature values can be revealed (kept in memory only). */
export const InspectorRecordView = InspectorRecord.extend({ revealable: z.boolean() });
export type InspectorRecordView = z.infer<typeof InspectorRecordView>;

/** One row of the Inspector's list. */
export const InspectorSummary = InspectorRecord.pick({ id: true, at: true, provider: true, entryId: true, entryLabel: true, method: true, url: true, status: true, outcome: true, attempts: true }).extend({
  totalMs: z.number(),
  errorCode: z.string().nullable(),
});
export type InspectorSummary = z.infer<typeof InspectorSummary>;

export const InspectorQuery = z
  .object({
    provider: z.string().max(40).optional(),
    outcome: InspectorOutcome.optional(),
    /** An exact status code. */
    status: z.number().int().min(100).max(599).optional(),
    entryId: z.string().max(64).optional(),
    /** Matched against method, URL and error code, case-insensitively. */
    text: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type InspectorQuery = z.input<typeof InspectorQuery>;

export const InspectorList = z.object({
  records: z.array(InspectorSummary),
  total: z.number().int(),
  /** Why the saved history could not be read (the file is left as it is; this session is kept in memory only). */
  loadError: z.string().nullable().default(null),
});
export type InspectorList = z.infer<typeof InspectorList>;

/** The masked signature and API key values of one record, in full (main keeps them; the renderer asks when the user clicks). */
export const RevealedSignatures = z.object({
  headers: z.array(z.object({ name: z.string(), value: z.string() })),
  url: z.string(),
  requestBody: z.string().nullable(),
  /** The string that was signed with the API key in it (null: none was signed). */
  canonical: z.string().nullable().optional(),
});
export type RevealedSignatures = z.infer<typeof RevealedSignatures>;

/** The embedded sandbox exchange as the app runs it. */
export const SandboxStatus = z.object({
  running: z.boolean(),
  url: z.string().nullable(),
  symbols: z.number().int(),
  /** Why it is not running, when it is not. */
  error: z.string().nullable(),
});
export type SandboxStatus = z.infer<typeof SandboxStatus>;
