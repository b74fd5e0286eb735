/**
 * `recipe`: a user-defined scheme for APIs Signet does not know (docs: docs/signing.md#recipe). The template is a
 * JSON `Recipe` (src-main/contract/recipe.ts, the same schema the Request page's editor uses), passed as
 * `SignContext.options.recipe` / `VerifyOptions.options.recipe`.
 *
 * Signing, in this order:
 *   1. the timestamp, nonce and API key go where the recipe says (a header, a query parameter or a body field).
 *      A timestamp or nonce the request already carries there is signed as given;
 *   2. the string to sign is the recipe's components, read from that request, joined with its separator;
 *   3. HMAC (or a plain hash over key + string) with the key decoded as the recipe says, written out as hex,
 *      upper-case hex, base64 or base64url;
 *   4. the signature goes where the recipe says: a header (after an optional prefix), or appended as the last
 *      query parameter or body field (a form field, or the last member of a JSON object body).
 * Verifying takes the signature out of the request (the exact inverse of step 4), recomputes 2–3 from what is
 * left, compares in constant time and checks the timestamp against the window.
 *
 * Query parameters and body fields are added and removed as text, never by re-serializing: the bytes the server
 * sees are the bytes that were signed.
 *
 * No credential reaches the output but through the MAC (otherwise a recipe that signs only a literal returns a hash of
 * the passphrase, for an offline dictionary attack, or of a long secret, which is HMAC's effective key): the key is
 * the secret (the contract refuses the passphrase), the string to sign holds request parts, literals and the public
 * API key only, at least one request part is signed (the contract) and not all of them may be empty (here). Nothing here compares a
 * credential with the request's text: such a check would itself answer "is this the secret?" for every guess.
 */
import { createHash, createHmac } from 'node:crypto';
import { Recipe, RECIPE_REQUEST_PARTS, type RecipeComponent, type RecipeInput } from '../../contract/recipe';
import { constantTimeEqual, decodeBase64, getHeader, parseUrl, rawQuery, requireField, rfc3986, sortedQueryString, upperMethod, withHeaders, withoutHeaders } from '../encoding';
import { signingInputError } from '../signing-error';
import type { CanonicalPart, Scheme, SchemeCredentials, SignableRequest, SignContext, SignResult, SignStep, VerifyOptions, VerifyResult } from '../types';
import { defineScheme } from '../define-scheme';

type Location = { readonly in: 'header' | 'query' | 'body'; readonly name: string };

/**
 * Parses and validates a recipe given as JSON text (or an object, for callers that hold one). Any problem is an
 * ERR_SIGNING_INPUT naming the recipe field: `recipe.components.2.type: expected a component type: …`.
 */
export function parseRecipe(source: string | RecipeInput | undefined): Recipe {
  if (source === undefined || source === '') {
    throw signingInputError('option recipe', 'the recipe scheme needs its template as JSON in options.recipe (CLI: --option recipe=@recipe.json)');
  }
  let raw: unknown = source;
  if (typeof source === 'string') {
    try {
      raw = JSON.parse(source);
    } catch (e) {
      throw signingInputError('recipe', `expected a JSON object (${e instanceof Error ? e.message : 'not JSON'})`);
    }
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw signingInputError('recipe', 'expected a JSON object');
  const parsed = Recipe.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = ['recipe', ...issue.path.map(String)];
  if (issue.code === 'unrecognized_keys') {
    return fail(`${path.join('.')}.${issue.keys[0]}`, 'not a recipe field (see docs/signing.md#recipe)');
  }
  if (issue.code === 'invalid_type') {
    const missing = /received undefined/.test(issue.message);
    return fail(path.join('.'), missing ? `required (${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`})` : `expected ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`);
  }
  return fail(path.join('.'), issue.message);
}

function fail(field: string, expected: string): never {
  throw signingInputError(field, expected);
}

function recipeOf(options: Readonly<Record<string, string>> | undefined): Recipe {
  const extra = Object.keys(options ?? {}).filter((k) => k !== 'recipe');
  if (extra.length) throw signingInputError(`option ${extra[0]}`, 'the recipe scheme takes only recipe=<JSON>');
  return parseRecipe(options?.recipe);
}

// ───────────────────────────── where values travel ─────────────────────────────

/** A request being signed: the query and body as raw text, edited as text. */
interface Draft {
  readonly method: string;
  readonly url: URL;
  query: string;
  headers: Record<string, string>;
  body: string | null;
}

export const where = (loc: Location): string => (loc.in === 'header' ? `header ${loc.name}` : loc.in === 'query' ? `query parameter ${loc.name}` : `body field ${loc.name}`);

function decodeFormPart(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** `a=1&b=2` split into segments, with each segment's decoded key. */
function formSegments(text: string): { raw: string; key: string; value: string }[] {
  if (text === '') return [];
  return text.split('&').map((raw) => {
    const eq = raw.indexOf('=');
    return { raw, key: decodeFormPart(eq < 0 ? raw : raw.slice(0, eq)), value: decodeFormPart(eq < 0 ? '' : raw.slice(eq + 1)) };
  });
}

export const isJsonBody = (body: string | null): body is string => body !== null && body.trimStart().startsWith('{');

export function jsonObject(body: string, loc: Location): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    throw signingInputError('body', `expected a JSON object or form fields (a=1&b=2): the recipe puts ${loc.name} in a body field`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw signingInputError('body', `expected a JSON object: the recipe puts ${loc.name} in a body field`);
  return v as Record<string, unknown>;
}

/** `{ "a": 1 }\n` → `{ "a": 1}`: the closing brace right after the last member, so a member appended and removed leaves it as it was. */
export function tidyJsonEnd(body: string): string {
  return `${body.trimEnd().slice(0, -1).trimEnd()}}`;
}

type Found = { readonly value: string } | { readonly missing: true } | { readonly error: string };

function readAt(d: Draft, loc: Location): Found {
  if (loc.in === 'header') {
    const v = getHeader(d.headers, loc.name);
    return v === undefined ? { missing: true } : { value: v };
  }
  if (loc.in === 'body' && isJsonBody(d.body)) {
    const obj = jsonObject(d.body, loc);
    if (!(loc.name in obj)) return { missing: true };
    const v = obj[loc.name];
    if (typeof v === 'string' || typeof v === 'number') return { value: String(v) };
    return { error: `${where(loc)} is not a string or a number` };
  }
  const found = formSegments(loc.in === 'query' ? d.query : (d.body ?? '')).filter((s) => s.key === loc.name);
  if (found.length === 0) return { missing: true };
  if (found.length > 1) return { error: `${where(loc)} appears ${found.length} times` };
  return { value: found[0]!.value };
}

function writeAt(d: Draft, loc: Location, value: string): void {
  if (loc.in === 'header') {
    d.headers = withHeaders(d.headers, { [loc.name]: value });
    return;
  }
  if (loc.in === 'body' && isJsonBody(d.body)) {
    const obj = jsonObject(d.body, loc);
    const head = tidyJsonEnd(d.body).slice(0, -1);
    d.body = `${head}${Object.keys(obj).length ? ',' : ''}${JSON.stringify(loc.name)}:${JSON.stringify(value)}}`;
    return;
  }
  const segment = `${rfc3986(loc.name)}=${rfc3986(value)}`;
  if (loc.in === 'query') d.query = d.query === '' ? segment : `${d.query}&${segment}`;
  else d.body = d.body === null || d.body === '' ? segment : `${d.body}&${segment}`;
}

/** Takes the signature out: the exact inverse of `writeAt` for the last thing written. */
function takeAt(d: Draft, loc: Location): Found {
  if (loc.in === 'header') {
    const v = getHeader(d.headers, loc.name);
    if (v === undefined) return { missing: true };
    d.headers = withoutHeaders(d.headers, [loc.name]);
    return { value: v };
  }
  if (loc.in === 'body' && isJsonBody(d.body)) {
    let obj: Record<string, unknown>;
    try {
      obj = jsonObject(d.body, loc);
    } catch {
      return { error: 'the body is not a JSON object' };
    }
    const v = obj[loc.name];
    if (v === undefined) return { missing: true };
    if (typeof v !== 'string') return { error: `${where(loc)} is not a string` };
    const member = `${JSON.stringify(loc.name)}:${JSON.stringify(v)}}`;
    const trimmed = d.body.trimEnd();
    if (!trimmed.endsWith(member)) return { error: `${where(loc)} is not the last member of the JSON body, where the recipe puts it` };
    const head = trimmed.slice(0, -member.length);
    d.body = `${head.endsWith(',') ? head.slice(0, -1) : head}}`;
    return { value: v };
  }
  const text = loc.in === 'query' ? d.query : (d.body ?? '');
  const segments = formSegments(text);
  const at = segments.flatMap((s, i) => (s.key === loc.name ? [i] : []));
  if (at.length === 0) return { missing: true };
  if (at.length > 1) return { error: `${where(loc)} appears ${at.length} times` };
  const rest = segments.filter((_, i) => i !== at[0]).map((s) => s.raw).join('&');
  if (loc.in === 'query') d.query = rest;
  else d.body = rest;
  return { value: segments[at[0]!]!.value };
}

// ───────────────────────────── the string to sign ─────────────────────────────

const HASH_NAMES = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' } as const;

interface Signed {
  readonly timestamp: string | null;
  readonly nonce: string | null;
  readonly apiKey: string | null;
}

function part(c: RecipeComponent, d: Draft, v: Signed, forVerify: boolean): CanonicalPart {
  const label = (fallback: string) => c.label ?? fallback;
  switch (c.type) {
    case 'method':
      return { label: label('method'), value: d.method };
    case 'host':
      return { label: label('host'), value: d.url.host };
    case 'path':
      return { label: label('path'), value: d.url.pathname };
    case 'query': {
      const q = c.format === 'sorted' ? sortedQueryString(d.query) : d.query;
      return { label: label(c.format === 'sorted' ? 'sorted query (RFC 3986)' : 'query (as sent)'), value: q === '' ? '' : `${c.prefix}${q}` };
    }
    case 'body':
      return { label: label('body'), value: d.body ?? '' };
    case 'bodyHash':
      return { label: label(`${HASH_NAMES[c.algorithm]} of the body (${c.encoding})`), value: createHash(c.algorithm).update(d.body ?? '', 'utf8').digest(c.encoding) };
    case 'timestamp':
      return { label: label('timestamp'), value: v.timestamp ?? '' };
    case 'nonce':
      return { label: label('nonce'), value: v.nonce ?? '' };
    case 'apiKey':
      if (v.apiKey === null) throw signingInputError('credentials.apiKey', 'the recipe signs the API key');
      return { label: label('API key'), value: v.apiKey };
    case 'header': {
      const h = getHeader(d.headers, c.name);
      if (h === undefined) {
        if (forVerify) throw new MissingHeader(c.name);
        throw signingInputError(`headers.${c.name}`, 'the recipe signs this header, so the request must carry it');
      }
      return { label: label(`header ${c.name}`), value: h };
    }
    case 'literal':
      return { label: label('literal'), value: c.value };
  }
}

class MissingHeader extends Error {
  constructor(readonly header: string) {
    super(header);
  }
}

function keyBytes(recipe: Recipe, credentials: SchemeCredentials): Buffer {
  const field = recipe.key.field;
  const value = requireField(credentials[field], field, `the recipe keys its ${recipe.algorithm} with credentials.${field}`);
  switch (recipe.key.decoding) {
    case 'utf8':
      return Buffer.from(value, 'utf8');
    case 'base64':
      return decodeBase64(value, `credentials.${field}`);
    case 'hex':
      if (!/^(?:[0-9a-fA-F]{2})+$/.test(value.trim())) throw signingInputError(`credentials.${field}`, 'expected hex (the recipe decodes the key as hex)');
      return Buffer.from(value.trim(), 'hex');
  }
}

function digest(recipe: Recipe, key: Buffer, canonical: string): Buffer {
  const data = Buffer.from(canonical, 'utf8');
  if (recipe.algorithm.startsWith('hmac-')) return createHmac(recipe.algorithm.slice(5), key).update(data).digest();
  const h = createHash(recipe.algorithm);
  return (recipe.keyPosition === 'suffix' ? h.update(data).update(key) : h.update(key).update(data)).digest();
}

function encodeOutput(recipe: Recipe, bytes: Buffer): string {
  switch (recipe.output) {
    case 'hex':
      return bytes.toString('hex');
    case 'hex-upper':
      return bytes.toString('hex').toUpperCase();
    case 'base64':
      return bytes.toString('base64');
    case 'base64url':
      return bytes.toString('base64url');
  }
}

function algorithmLabel(recipe: Recipe): string {
  const keyText = `the ${recipe.key.field}${recipe.key.decoding === 'utf8' ? ' (UTF-8)' : `, ${recipe.key.decoding}-decoded`}`;
  if (recipe.algorithm.startsWith('hmac-')) return `${recipe.algorithm.toUpperCase()} keyed with ${keyText}`;
  const name = HASH_NAMES[recipe.algorithm as keyof typeof HASH_NAMES];
  return recipe.keyPosition === 'suffix' ? `${name} of the string followed by ${keyText}` : `${name} of ${keyText} followed by the string`;
}

function compute(recipe: Recipe, d: Draft, v: Signed, key: Buffer, forVerify: boolean) {
  const values = recipe.components.map((c) => part(c, d, v, forVerify));
  // The recipe signs at least one request part (contract/recipe.ts); when all of them are empty for this request, the
  // signature would be a function of the key alone (a plain hash of "" is the secret's hash: HMAC's own key for a long
  // secret). Refused when verifying too: verify returns the signature it expects.
  if (recipe.components.every((c, i) => !RECIPE_REQUEST_PARTS.includes(c.type) || values[i]!.value === '')) {
    const signed = [...new Set(recipe.components.filter((c) => RECIPE_REQUEST_PARTS.includes(c.type)).map((c) => (c.type === 'header' ? `header ${c.name}` : c.type)))];
    throw signingInputError('recipe.components', `every part of the request this recipe signs is empty for this request (${signed.join(', ')}): the signature would depend on the key alone. Sign the method, the path or a timestamp too, or send a query or body`);
  }
  const canonical = values.map((p) => p.value).join(recipe.separator);
  // The separator belongs to the part it follows: concatenated, the parts are exactly the canonical string.
  const parts = recipe.separator === '' ? values : values.map((p, i) => (i < values.length - 1 ? { ...p, value: p.value + recipe.separator } : p));
  const signature = encodeOutput(recipe, digest(recipe, key, canonical));
  return { parts, canonical, signature };
}

// ───────────────────────────── timestamps ─────────────────────────────

export const TIMESTAMP_TEXT = { s: 'Unix seconds', ms: 'Unix milliseconds', iso: 'ISO 8601' } as const;

function formatTimestamp(format: 's' | 'ms' | 'iso', ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw signingInputError('timestamp', 'expected epoch milliseconds');
  if (format === 's') return String(Math.floor(ms / 1000));
  if (format === 'ms') return String(Math.floor(ms));
  return new Date(ms).toISOString();
}

/** The epoch ms a timestamp as sent stands for, or null when it is not in the recipe's format. */
function timestampMs(format: 's' | 'ms' | 'iso', text: string): number | null {
  if (format === 's') return /^\d{1,12}(\.\d{1,6})?$/.test(text) ? Number(text) * 1000 : null;
  if (format === 'ms') return /^\d{1,15}$/.test(text) ? Number(text) : null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : t;
}

function checkHeaderValue(loc: Location, value: string, field: string): void {
  if (loc.in === 'header' && !/^[\x20-\x7e]*$/.test(value)) throw signingInputError(field, `goes in header ${loc.name}, so it must be printable ASCII (no line breaks)`);
}

// ───────────────────────────── sign and verify ─────────────────────────────

function draftOf(request: SignableRequest): Draft {
  const url = parseUrl(request.url);
  return { method: upperMethod(request), url, query: rawQuery(url), headers: { ...request.headers }, body: request.body };
}

function urlOf(d: Draft): string {
  return `${d.url.origin}${d.url.pathname}${d.query === '' ? '' : `?${d.query}`}${d.url.hash}`;
}

function sign(request: SignableRequest, credentials: SchemeCredentials, ctx: SignContext): SignResult {
  const recipe = recipeOf(ctx.options);
  const key = keyBytes(recipe, credentials);
  const d = draftOf(request);
  const steps: SignStep[] = [];

  const sig = recipe.signature;
  if (sig.in !== 'header' && 'value' in readAt(d, sig)) {
    throw signingInputError(sig.in === 'query' ? 'url' : 'body', `already carries the signature (${where(sig)}); remove it before signing`);
  }
  if (isJsonBody(d.body) && [recipe.signature, recipe.timestamp, recipe.nonce, recipe.apiKey].some((l) => l?.in === 'body')) {
    jsonObject(d.body, sig.in === 'body' ? sig : (recipe.timestamp ?? recipe.nonce ?? recipe.apiKey)!);
    d.body = tidyJsonEnd(d.body);
  }

  let timestamp: string | null = null;
  if (recipe.timestamp) {
    const loc = recipe.timestamp;
    const found = readAt(d, loc);
    if ('error' in found) throw signingInputError(where(loc), found.error);
    if ('value' in found) {
      if (timestampMs(loc.format, found.value) === null) throw signingInputError(where(loc), `the request carries ${JSON.stringify(found.value)}; expected ${TIMESTAMP_TEXT[loc.format]}`);
      timestamp = found.value;
      steps.push({ label: `Timestamp (${TIMESTAMP_TEXT[loc.format]}), already in ${where(loc)}: signed as given`, value: timestamp, encoding: 'text' });
    } else {
      timestamp = formatTimestamp(loc.format, ctx.timestamp);
      writeAt(d, loc, timestamp);
      steps.push({ label: `Timestamp (${TIMESTAMP_TEXT[loc.format]}), added as ${where(loc)}`, value: timestamp, encoding: 'text' });
    }
  }

  let nonce: string | null = null;
  if (recipe.nonce) {
    const loc = recipe.nonce;
    const found = readAt(d, loc);
    if ('error' in found) throw signingInputError(where(loc), found.error);
    if ('value' in found) {
      nonce = found.value;
      steps.push({ label: `Nonce, already in ${where(loc)}: signed as given`, value: nonce, encoding: 'text' });
    } else {
      if (ctx.nonce === '') throw signingInputError('nonce', 'the recipe sends a nonce; give one');
      checkHeaderValue(loc, ctx.nonce, 'nonce');
      nonce = ctx.nonce;
      writeAt(d, loc, nonce);
      steps.push({ label: `Nonce, added as ${where(loc)}`, value: nonce, encoding: 'text' });
    }
  }

  const needsKey = recipe.apiKey !== undefined || recipe.components.some((c) => c.type === 'apiKey');
  const apiKey = needsKey ? requireField(credentials.apiKey, 'apiKey', 'the recipe sends or signs the API key') : null;
  if (recipe.apiKey && apiKey !== null) {
    const loc = recipe.apiKey;
    checkHeaderValue(loc, apiKey, 'credentials.apiKey');
    const found = readAt(d, loc);
    if ('error' in found) throw signingInputError(where(loc), found.error);
    if (loc.in === 'header' || !('value' in found)) writeAt(d, loc, apiKey);
    else if (found.value !== apiKey) throw signingInputError(where(loc), 'the request already names another API key; remove it');
    steps.push({ label: `API key, as ${where(loc)}`, value: apiKey, encoding: 'text' });
  }

  const { parts, canonical, signature } = compute(recipe, d, { timestamp, nonce, apiKey }, key, false);
  for (const c of recipe.components) {
    if (c.type === 'bodyHash') {
      steps.push({ label: `${HASH_NAMES[c.algorithm]} of the body bytes`, value: createHash(c.algorithm).update(d.body ?? '', 'utf8').digest(c.encoding), encoding: c.encoding, note: d.body ? `${Buffer.byteLength(d.body)} bytes` : 'no body: digest of the empty string' });
    }
  }
  const joined = recipe.separator === '' ? 'parts concatenated' : `parts joined with ${JSON.stringify(recipe.separator)}`;
  steps.push({ label: `String to sign (${joined})`, value: canonical, encoding: 'text' });
  steps.push({
    label: algorithmLabel(recipe),
    value: signature,
    encoding: recipe.output === 'hex' || recipe.output === 'hex-upper' ? 'hex' : recipe.output === 'base64' ? 'base64' : 'text',
    // Nothing of the key here, not even its length: a step shows what anyone may see.
    note: `output ${recipe.output}`,
  });
  const placed = sig.in === 'header' ? `${sig.prefix ?? ''}${signature}` : signature;
  writeAt(d, sig, placed);
  steps.push({ label: `Signature, as ${where(sig)}`, value: placed, encoding: 'text' });

  return {
    request: { method: d.method, url: urlOf(d), headers: d.headers, body: d.body },
    canonical,
    canonicalParts: parts,
    signature,
    steps,
  };
}

// ───────────── for the debugger (signing/debug/models/recipe.ts): where a recipe's values are ─────────────

/** The request with the recipe's signature taken out (verify's first step), and the signature as found there. */
export function takeRecipeSignature(recipe: Recipe, request: SignableRequest): { request: SignableRequest; signature: string | null; error: string | null } {
  const d = draftOf(request);
  const taken = takeAt(d, recipe.signature);
  const rest = { method: request.method, url: urlOf(d), headers: d.headers, body: d.body };
  if ('missing' in taken) return { request: rest, signature: null, error: null };
  if ('error' in taken) return { request, signature: null, error: taken.error };
  const prefix = recipe.signature.in === 'header' ? (recipe.signature.prefix ?? '') : '';
  return { request: rest, signature: taken.value.startsWith(prefix) ? taken.value.slice(prefix.length) : taken.value, error: null };
}

/** The value the request carries where `loc` says; null when absent or unreadable. */
export function readRecipeValue(request: SignableRequest, loc: Location): string | null {
  try {
    const found = readAt(draftOf(request), loc);
    return 'value' in found ? found.value : null;
  } catch {
    return null;
  }
}

/** The request with the value at `loc` replaced in place, as text (null when the request does not carry it). */
export function withRecipeValue(request: SignableRequest, loc: Location, value: string): SignableRequest | null {
  if (readRecipeValue(request, loc) === null) return null;
  if (loc.in === 'header') return { ...request, headers: withHeaders(request.headers, { [Object.keys(request.headers).find((k) => k.toLowerCase() === loc.name.toLowerCase()) ?? loc.name]: value }) };
  const d = draftOf(request);
  if (loc.in === 'body' && isJsonBody(d.body)) {
    const member = new RegExp(`(${JSON.stringify(loc.name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)`);
    return { ...request, body: d.body.replace(member, (_, head: string, old: string) => `${head}${old.startsWith('"') ? JSON.stringify(value) : /^\d+$/.test(value) ? value : JSON.stringify(value)}`) };
  }
  const text = loc.in === 'query' ? d.query : (d.body ?? '');
  const next = formSegments(text)
    .map((s) => (s.key === loc.name ? `${s.raw.slice(0, s.raw.indexOf('=') < 0 ? s.raw.length : s.raw.indexOf('='))}=${rfc3986(value)}` : s.raw))
    .join('&');
  if (loc.in === 'query') d.query = next;
  else d.body = next;
  return { method: request.method, url: urlOf(d), headers: d.headers, body: d.body };
}

/** The epoch ms a timestamp as sent stands for in the recipe's format (null when it is not in that format). */
export const recipeTimestampMs = (format: 's' | 'ms' | 'iso', text: string): number | null => timestampMs(format, text);

function verify(request: SignableRequest, credentials: SchemeCredentials, opts: VerifyOptions): VerifyResult {
  const recipe = recipeOf(opts.options);
  const key = keyBytes(recipe, credentials);
  const d = draftOf(request);
  const invalid = (reason: string, canonical = '', expected = ''): VerifyResult => ({ valid: false, reason, canonical, expected });

  const sig = recipe.signature;
  const taken = takeAt(d, sig);
  if ('missing' in taken) return invalid(`The request carries no signature: the recipe puts it in ${where(sig)}.`);
  if ('error' in taken) return invalid(`Malformed signature: ${taken.error}.`);
  let given = taken.value;
  if (sig.in === 'header' && sig.prefix) {
    if (!given.startsWith(sig.prefix)) return invalid(`The ${where(sig)} does not start with ${JSON.stringify(sig.prefix)}, as the recipe writes it.`);
    given = given.slice(sig.prefix.length);
  }

  const read = (loc: Location | undefined, what: string): string | null | VerifyResult => {
    if (!loc) return null;
    const found = readAt(d, loc);
    if ('missing' in found) return invalid(`The request carries no ${what}: the recipe puts it in ${where(loc)}.`);
    if ('error' in found) return invalid(`Malformed ${what}: ${found.error}.`);
    return found.value;
  };
  let timestamp: string | null;
  let nonce: string | null;
  let sentKey: string | null;
  try {
    const t = read(recipe.timestamp, 'timestamp');
    const n = read(recipe.nonce, 'nonce');
    const k = read(recipe.apiKey, 'API key');
    for (const x of [t, n, k]) if (x !== null && typeof x === 'object') return x;
    [timestamp, nonce, sentKey] = [t as string | null, n as string | null, k as string | null];
  } catch (e) {
    return invalid(`Malformed body: ${e instanceof Error ? e.message : String(e)}.`);
  }
  const ms = recipe.timestamp && timestamp !== null ? timestampMs(recipe.timestamp.format, timestamp) : null;
  if (recipe.timestamp && ms === null) return invalid(`The timestamp ${JSON.stringify(timestamp)} is not ${TIMESTAMP_TEXT[recipe.timestamp.format]}, as the recipe says.`);

  let result: ReturnType<typeof compute>;
  try {
    result = compute(recipe, d, { timestamp, nonce, apiKey: credentials.apiKey ?? sentKey }, key, true);
  } catch (e) {
    if (e instanceof MissingHeader) return invalid(`The request has no ${e.header} header, which the recipe signs.`);
    throw e;
  }
  const { canonical, signature } = result;
  if (sentKey !== null && credentials.apiKey !== undefined && sentKey !== credentials.apiKey) {
    return invalid(`The request names API key "${sentKey}", not this key.`, canonical, signature);
  }
  if (!constantTimeEqual(signature, given)) {
    return invalid('The signature does not match the request: check the secret, and that every part the recipe signs (method, path, query, body, headers, timestamp, nonce) is exactly what was signed.', canonical, signature);
  }
  if (ms !== null) {
    const skew = Math.abs(opts.now - ms);
    if (opts.windowMs > 0 && Number.isFinite(opts.windowMs) && skew > opts.windowMs) {
      return invalid(`The timestamp is ${Math.round(skew / 1000)} s away from now; the window is ±${Math.round(opts.windowMs / 1000)} s. Check the clock.`, canonical, signature);
    }
  }
  return { valid: true, reason: null, canonical, expected: signature };
}

export const recipeScheme: Scheme = defineScheme({
  id: 'recipe',
  title: 'Recipe (user-defined)',
  description: 'A user-defined scheme for APIs Signet does not know: a JSON template (options.recipe) of components, separator, hash or HMAC, key decoding, output encoding and where signature, timestamp, nonce and API key go.',
  docs: 'docs/signing.md#recipe',
  hosts: [],
  credentials: ['secret'],
  sign,
  verify,
});
