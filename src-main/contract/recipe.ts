/**
 * The `recipe` signing scheme's template: a declarative description of how an API Signet does not know signs its
 * requests. It lives in the contract because the renderer edits it (the Request page's recipe editor validates
 * with this very schema) and main signs with it; zod only, nothing else of ours.
 *
 * A recipe says, in order: which parts of the request make the string to sign and what joins them; which hash or
 * HMAC turns that string into bytes, keyed how; how the bytes are written out; and where the signature, the
 * timestamp, the nonce and the API key travel (a header, a query parameter or a body field).
 *
 * A recipe is a keyed MAC over request parts, never a way to read a function of a credential (a recipe that signed
 * only a literal returned SHA-256 of the passphrase, for an offline dictionary attack, or of the secret, which for a
 * secret longer than 64 bytes is HMAC-SHA256's effective key): the secret is only ever the key (never a component, a literal or a place), the passphrase is never used
 * at all, only the API key (public) may be signed or sent, and at least one component comes from the request (the
 * scheme also refuses a request whose signed parts are all empty).
 *
 * @example Binance's HMAC-SHA256 signed endpoints (raw query then body, timestamp in the query, signature last):
 * {"components":[{"type":"query"},{"type":"body"}],"algorithm":"hmac-sha256","output":"hex",
 *  "signature":{"in":"query","name":"signature"},"timestamp":{"format":"ms","in":"query","name":"timestamp"},
 *  "apiKey":{"in":"header","name":"X-MBX-APIKEY"}}
 */
import { z } from 'zod';
import { HEADER_NAME } from './field-rules';

const headerName = z
  .string()
  .min(1, 'expected a header name')
  .max(100, 'header names are at most 100 characters')
  .regex(HEADER_NAME, 'expected a header name: letters, digits and - _ . only');

/** A query parameter or body field name: printable ASCII without the characters that delimit them. */
const paramName = z
  .string()
  .min(1, 'expected a parameter name')
  .max(100, 'parameter names are at most 100 characters')
  .regex(/^[\x21-\x7e]+$/, 'expected printable ASCII without spaces')
  .refine((n) => !/[&=#?%+"\\]/.test(n), 'must not contain & = # ? % + " or \\');

export const RECIPE_HASHES = ['sha256', 'sha384', 'sha512'] as const;
export const RECIPE_ALGORITHMS = ['hmac-sha256', 'hmac-sha384', 'hmac-sha512', 'sha256', 'sha384', 'sha512'] as const;
export const RECIPE_KEY_DECODINGS = ['utf8', 'base64', 'hex'] as const;
export const RECIPE_OUTPUTS = ['hex', 'hex-upper', 'base64', 'base64url'] as const;
export const RECIPE_TIMESTAMP_FORMATS = ['s', 'ms', 'iso'] as const;
export const RECIPE_LOCATIONS = ['header', 'query', 'body'] as const;
export const RECIPE_COMPONENT_TYPES = ['method', 'host', 'path', 'query', 'body', 'bodyHash', 'timestamp', 'nonce', 'apiKey', 'header', 'literal'] as const;
/**
 * The components read from the request (not `literal`, fixed text, nor `apiKey`, a credential): a recipe signs at
 * least one, or its signature would be the same for every request, a function of the key alone.
 */
export const RECIPE_REQUEST_PARTS: readonly (typeof RECIPE_COMPONENT_TYPES)[number][] = ['method', 'host', 'path', 'query', 'body', 'bodyHash', 'timestamp', 'nonce', 'header'];
/** Why a recipe is keyed with the secret only; shown at `key.field`. */
export const RECIPE_KEY_FIELD_RULE =
  'expected secret: a recipe is keyed with the secret only. The passphrase is never a recipe\'s key: it is guessable, and one signature keyed with it lets anyone test guesses offline. APIs that sign the passphrase (KuCoin v2) have their own scheme';

/** Shown next to a part of the canonical string; defaults to a description of the component. */
const label = z.string().trim().min(1).max(60).optional();

const component = <K extends string, T extends z.ZodRawShape>(type: K, shape: T) => z.object({ type: z.literal(type), label, ...shape }).strict();

export const RecipeComponent = z.discriminatedUnion(
  'type',
  [
    /** Upper-case HTTP method. */
    component('method', {}),
    /** Host (and port, when not the default) as sent. */
    component('host', {}),
    /** The path as sent (percent-encoded). */
    component('path', {}),
    /**
     * The query: `raw` as sent (byte for byte, after Signet added what the recipe puts there) or `sorted` (split on
     * "&" and the first "=", percent-decoded with "+" a plus sign, sorted by key then value, re-encoded with RFC 3986:
     * docs/signing.md#the-sorted-query). `prefix` (e.g. "?") is written only when there is a query.
     */
    component('query', { format: z.enum(['raw', 'sorted']).default('raw'), prefix: z.string().max(8).default('') }),
    /** The body text as sent ("" when there is none). */
    component('body', {}),
    /** A digest of the body bytes (of "" when there is none). */
    component('bodyHash', { algorithm: z.enum(RECIPE_HASHES).default('sha256'), encoding: z.enum(['hex', 'base64']).default('hex') }),
    /** The timestamp as sent (in the recipe's `timestamp.format`). */
    component('timestamp', {}),
    /** The nonce as sent. */
    component('nonce', {}),
    /** The API key (credentials.apiKey). */
    component('apiKey', {}),
    /** A request header's value; the request must carry it. */
    component('header', { name: headerName }),
    /** Fixed text, e.g. a version tag. */
    component('literal', { value: z.string().max(1000) }),
  ],
  { error: `expected a component type: ${RECIPE_COMPONENT_TYPES.join(', ')}` },
);
export type RecipeComponent = z.infer<typeof RecipeComponent>;

export const RecipeLocation = z
  .object({
    in: z.enum(RECIPE_LOCATIONS, { error: 'expected header, query or body' }),
    name: z.string(),
  })
  .strict()
  .superRefine((loc, ctx) => {
    const check = (loc.in === 'header' ? headerName : paramName).safeParse(loc.name);
    if (!check.success) ctx.addIssue({ code: 'custom', path: ['name'], message: check.error.issues[0]?.message ?? 'invalid name' });
  });
export type RecipeLocation = z.infer<typeof RecipeLocation>;

export const Recipe = z
  .object({
    version: z.literal(1, { error: 'expected 1' }).default(1),
    name: z.string().trim().min(1).max(80).optional(),
    /** The string to sign: these parts, in this order, joined with `separator`. */
    components: z.array(RecipeComponent).min(1, 'expected at least one component').max(32, 'at most 32 components'),
    separator: z.string().max(16, 'at most 16 characters').default(''),
    /** HMAC keyed with the key, or a plain hash over the key and the string (`keyPosition`). */
    algorithm: z.enum(RECIPE_ALGORITHMS, { error: `expected one of ${RECIPE_ALGORITHMS.join(', ')}` }),
    /** For plain hashes: hash(key + string) (`prefix`, the default) or hash(string + key) (`suffix`). */
    keyPosition: z.enum(['prefix', 'suffix']).optional(),
    /**
     * How the key (always the secret) turns into bytes. `field` names the credential for clarity; it can only be
     * `secret` (RECIPE_KEY_FIELD_RULE says why the passphrase cannot be).
     */
    key: z
      .object({
        field: z.literal('secret', { error: RECIPE_KEY_FIELD_RULE }).default('secret'),
        decoding: z.enum(RECIPE_KEY_DECODINGS, { error: 'expected utf8, base64 or hex' }).default('utf8'),
      })
      .strict()
      .default({ field: 'secret', decoding: 'utf8' }),
    output: z.enum(RECIPE_OUTPUTS, { error: `expected one of ${RECIPE_OUTPUTS.join(', ')}` }).default('hex'),
    /** Where the signature goes; `prefix` (headers only) is written before it, e.g. "Signature ". */
    signature: z
      .object({ in: z.enum(RECIPE_LOCATIONS, { error: 'expected header, query or body' }), name: z.string(), prefix: z.string().max(100).optional() })
      .strict(),
    timestamp: z
      .object({
        format: z.enum(RECIPE_TIMESTAMP_FORMATS, { error: 'expected s (Unix seconds), ms (Unix milliseconds) or iso (ISO 8601)' }),
        in: z.enum(RECIPE_LOCATIONS, { error: 'expected header, query or body' }),
        name: z.string(),
      })
      .strict()
      .optional(),
    nonce: RecipeLocation.optional(),
    apiKey: RecipeLocation.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const places: [string, { in: string; name: string } | undefined][] = [
      ['signature', r.signature],
      ['timestamp', r.timestamp],
      ['nonce', r.nonce],
      ['apiKey', r.apiKey],
    ];
    const seen = new Map<string, string>();
    for (const [field, loc] of places) {
      if (!loc) continue;
      if (field === 'signature' || field === 'timestamp') {
        const check = (loc.in === 'header' ? headerName : paramName).safeParse(loc.name);
        if (!check.success) ctx.addIssue({ code: 'custom', path: [field, 'name'], message: check.error.issues[0]?.message ?? 'invalid name' });
      }
      const key = `${loc.in}:${loc.in === 'header' ? loc.name.toLowerCase() : loc.name}`;
      const other = seen.get(key);
      if (other) ctx.addIssue({ code: 'custom', path: [field, 'name'], message: `${other} already goes in ${loc.in} "${loc.name}"` });
      seen.set(key, field);
    }
    if (r.signature.prefix !== undefined && r.signature.in !== 'header') {
      ctx.addIssue({ code: 'custom', path: ['signature', 'prefix'], message: 'a prefix is only for signatures in a header' });
    }
    if (r.keyPosition !== undefined && r.algorithm.startsWith('hmac-')) {
      ctx.addIssue({ code: 'custom', path: ['keyPosition'], message: 'only plain hashes (sha256, sha384, sha512) take a key position; HMAC is keyed' });
    }
    // Literals and the API key alone make a signature that is the same for every request
    // (with a plain hash of an empty string, the hash of the secret: HMAC's own key for a long secret).
    if (!r.components.some((c) => RECIPE_REQUEST_PARTS.includes(c.type))) {
      ctx.addIssue({
        code: 'custom',
        path: ['components'],
        message: 'sign at least one part of the request (method, host, path, query, body, bodyHash, timestamp, nonce or a header): literals and the API key alone sign every request alike, a function of the key alone',
      });
    }
    r.components.forEach((c, i) => {
      if (c.type === 'timestamp' && !r.timestamp) {
        ctx.addIssue({ code: 'custom', path: ['components', i], message: 'the timestamp is signed, so say where it is sent: add "timestamp": {"format", "in", "name"}' });
      }
      if (c.type === 'nonce' && !r.nonce) {
        ctx.addIssue({ code: 'custom', path: ['components', i], message: 'the nonce is signed, so say where it is sent: add "nonce": {"in", "name"}' });
      }
      if (c.type === 'header' && r.signature.in === 'header' && c.name.toLowerCase() === r.signature.name.toLowerCase()) {
        ctx.addIssue({ code: 'custom', path: ['components', i, 'name'], message: 'the signature header cannot be part of what is signed' });
      }
    });
  });
export type Recipe = z.infer<typeof Recipe>;
/** What a person writes (defaults may be left out). */
export type RecipeInput = z.input<typeof Recipe>;
