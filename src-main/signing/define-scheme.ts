/**
 * The engine's one entry check: every scheme is made with `defineScheme`, so its sign and
 * verify first check what a plain-JavaScript caller may hand them — the request (method and url strings, headers an
 * object of string values, body a string or null), the credentials (an object whose credential fields are strings),
 * and the context or verify options — and a wrong type is ERR_SIGNING_INPUT naming the field (`headers.x-foo:
 * expected a string, got number`), never a TypeError from deep inside a scheme. A header name or value with CR, LF or
 * NUL is refused here for every scheme: it would split the header on the wire (header injection) while the
 * signature covers the unsplit text. Schemes check what is theirs (URL syntax, credential formats, option values).
 *
 * This runs on every signature, so it allocates nothing on the good path: typeof checks, one loop over the headers.
 */
import { CREDENTIAL_FIELDS } from '../contract/providers';
import { signingInputError } from './signing-error';
import type { Scheme, SchemeCredentials, SignableRequest, SignContext, SignResult, VerifyOptions, VerifyResult } from './types';

const LINE_BREAK_OR_NUL = /[\r\n\0]/;
const MAX_EPOCH_MS = 8.64e15;

/** `number`, `null`, `array`, `object`…: what a caller passed, for the message. */
function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A header name as the message names it: control characters escaped, so the error stays one line. */
function shownName(name: string): string {
  const escaped = JSON.stringify(name).slice(1, -1);
  return escaped.length > 60 ? `${escaped.slice(0, 60)}…` : escaped;
}

/** The request as the engine takes it. */
export function checkRequest(request: unknown): asserts request is SignableRequest {
  if (!isObject(request)) throw signingInputError('request', `expected an object { method, url, headers, body }, got ${kind(request)}`);
  const { method, url, headers, body } = request;
  if (typeof method !== 'string') throw signingInputError('method', `expected a string like "GET" or "POST", got ${kind(method)}`);
  if (typeof url !== 'string') throw signingInputError('url', `expected a string (an absolute http(s) URL like https://api.example.com/v1/path), got ${kind(url)}`);
  if (!isObject(headers)) throw signingInputError('headers', `expected an object of header names to string values (e.g. { "Accept": "application/json" }), got ${kind(headers)}`);
  for (const name in headers) {
    if (!Object.hasOwn(headers, name)) continue;
    const value = headers[name];
    if (typeof value !== 'string') throw signingInputError(`headers.${shownName(name)}`, `expected a string, got ${kind(value)}`);
    if (LINE_BREAK_OR_NUL.test(name)) throw signingInputError(`headers.${shownName(name)}`, 'the header name must not contain CR, LF or NUL (a line break would start another header); remove it');
    if (LINE_BREAK_OR_NUL.test(value)) throw signingInputError(`headers.${shownName(name)}`, 'must not contain CR, LF or NUL (a line break would start another header after signing); remove the line break');
  }
  if (body !== null && typeof body !== 'string') throw signingInputError('body', `expected a string or null, got ${kind(body)} (send the body as text: JSON.stringify an object first)`);
}

/** Credentials: an object; each credential field it has is a string (a scheme says which it needs). */
export function checkCredentials(credentials: unknown): asserts credentials is SchemeCredentials {
  if (!isObject(credentials)) throw signingInputError('credentials', `expected an object of credential fields (${CREDENTIAL_FIELDS.join(', ')}), got ${kind(credentials)}`);
  for (const field of CREDENTIAL_FIELDS) {
    const value = credentials[field];
    if (value !== undefined && typeof value !== 'string') throw signingInputError(`credentials.${field}`, `expected a string, got ${kind(value)}`);
  }
}

/** Scheme options: absent, or an object of strings. */
export function checkOptions(options: unknown): void {
  if (options === undefined) return;
  if (!isObject(options)) throw signingInputError('options', `expected an object of option names to strings (e.g. { "algorithm": "hmac-sha512" }), got ${kind(options)}`);
  for (const key in options) {
    if (Object.hasOwn(options, key) && typeof options[key] !== 'string') throw signingInputError(`option ${key}`, `expected a string, got ${kind(options[key])}`);
  }
}

/** Epoch milliseconds: a finite number from 0 to the last date JavaScript can write. */
export function checkEpochMs(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_EPOCH_MS) {
    throw signingInputError(field, `expected epoch milliseconds, like 1764300000000 (a number), got ${typeof value === 'number' ? String(value) : kind(value)}`);
  }
}

export function checkNonce(value: unknown): void {
  if (typeof value !== 'string') throw signingInputError('nonce', `expected a string, got ${kind(value)}`);
}

/**
 * The sign context. A timestamp or nonce that is a property of the object is checked; one a getter supplies on first
 * read (the library's context: the clock and a random nonce only when a scheme asks) is checked where it is given.
 */
function checkContext(ctx: unknown): asserts ctx is SignContext {
  if (!isObject(ctx)) throw signingInputError('context', `expected an object { timestamp, nonce, options? }, got ${kind(ctx)}`);
  if (Object.hasOwn(ctx, 'timestamp')) checkEpochMs(ctx.timestamp, 'timestamp');
  if (Object.hasOwn(ctx, 'nonce')) checkNonce(ctx.nonce);
  checkOptions(ctx.options);
}

export function checkVerifyOptions(opts: unknown): asserts opts is VerifyOptions {
  if (!isObject(opts)) throw signingInputError('verify options', `expected an object { now, windowMs, options? }, got ${kind(opts)}`);
  checkEpochMs(opts.now, 'now');
  const w = opts.windowMs;
  if (typeof w !== 'number' || Number.isNaN(w) || w < 0) {
    throw signingInputError('windowMs', `expected a number of milliseconds, 0 or more (0 or Infinity turns the timestamp check off), got ${typeof w === 'number' ? String(w) : kind(w)}`);
  }
  checkOptions(opts.options);
  if (opts.expected !== undefined && typeof opts.expected !== 'boolean') throw signingInputError('expected', `expected true or false, got ${kind(opts.expected)}`);
}

/** A scheme whose sign and verify check their input first (see the module header). */
export function defineScheme(scheme: Scheme): Scheme {
  const { sign, verify } = scheme;
  return {
    ...scheme,
    sign(request: SignableRequest, credentials: SchemeCredentials, ctx: SignContext): SignResult | Promise<SignResult> {
      checkRequest(request);
      checkCredentials(credentials);
      checkContext(ctx);
      return sign(request, credentials, ctx);
    },
    verify(request: SignableRequest, credentials: SchemeCredentials, opts: VerifyOptions): VerifyResult | Promise<VerifyResult> {
      checkRequest(request);
      checkCredentials(credentials);
      checkVerifyOptions(opts);
      return verify(request, credentials, opts);
    },
  };
}
