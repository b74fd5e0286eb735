/**
 * The prehash-and-headers shape that Coinbase Exchange, OKX v5 and KuCoin share, in one place so a fix to the
 * signing or verifying order reaches all three:
 *
 *   prehash   = timestamp + METHOD + requestPath + body   (path with `?query`, body as sent or nothing)
 *   signature = base64(HMAC-SHA256(key, prehash))
 *   headers   key, sign, timestamp, passphrase (in that order), then any the exchange adds
 *
 * Verify checks in a fixed order: sign header present → timestamp present and well formed (both before anything is
 * computed, since the timestamp is part of the prehash) → API key header → any extra header → passphrase (exchanges
 * reject a wrong one before looking at the signature) → signature, in constant time → the verifier's time window.
 *
 * What differs (header names, the timestamp format, how the secret becomes the HMAC key, whether the path is
 * URL-decoded, how the passphrase travels, wording) is a small description per exchange in ./schemes.
 */
import { constantTimeEqual, getHeader, hmac, parseUrl, requireField, upperMethod, withHeaders } from './encoding';
import { epochMs, readOptions } from './sign-context';
import { signingInputError } from './signing-error';
import type { CanonicalPart, Scheme, SchemeCredentials, SignableRequest, SignContext, SignResult, SignStep, VerifyOptions, VerifyResult } from './types';
import { windowReason } from './window-reason';
import { defineScheme } from './define-scheme';

/** A timestamp format: how a given one is read, how a fresh one is written, and how both are named in messages. */
export interface PrehashTimestamp {
  /** Epoch milliseconds of a well-formed value; null when the value is not in this format. */
  ms(value: string): number | null;
  /** The value signed when the request carries none. */
  fresh(epochMs: number): string;
  /** Its canonical part label, after the header name: "timestamp (<header>, <unit>)". */
  readonly unit: string;
  /** Why a given value was refused when signing: "expected …, like …". */
  readonly expected: string;
  /** What a malformed value is not, in verify's reason: `"<value>", not <notA>`. */
  readonly notA: string;
}

/** How the passphrase travels and how a received one is checked. */
export interface PrehashPassphrase {
  /** The header value for `passphrase`. */
  value(secret: string, passphrase: string): string;
  /** What the "Headers added" step shows instead of the value. */
  readonly shown: string;
  /** A step shown before "Headers added", when the value is derived. */
  readonly step?: SignStep;
  /** Null when `sent` carries this key's passphrase; otherwise the reason. */
  check(sent: string | undefined, passphrase: string, secret: string, header: string): string | null;
}

/** A header some exchanges add after the four (KuCoin's key version), set from an option and checked on verify. */
export interface PrehashExtraHeader {
  readonly name: string;
  readonly option: string;
  /** The value to send for the option's value (undefined when not given); throws on a value the exchange refuses. */
  value(option: string | undefined): string;
  /** Null when the received header is acceptable; otherwise the reason. */
  check(sent: string | undefined): string | null;
}

export interface PrehashHeaderExchange {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly docs: string;
  readonly hosts: readonly string[];
  /** The exchange as messages name it ("Coinbase signs it into the prehash"). */
  readonly exchange: string;
  readonly headers: { readonly key: string; readonly sign: string; readonly timestamp: string; readonly passphrase: string };
  /** What each credential should be, for the error when it is missing; sign asks for them in this order. */
  readonly expect: { readonly apiKey: string; readonly secret: string; readonly passphrase: string };
  readonly timestamp: PrehashTimestamp;
  readonly key: {
    /** The HMAC key from the secret; a fresh buffer, wiped after use. May throw when the secret is malformed. */
    bytes(secret: string): Buffer;
    /** The HMAC step's label. */
    readonly label: string;
    /** Whether the HMAC step notes the digest length. */
    readonly digestNote?: boolean;
  };
  readonly path: {
    /** The prehash's name for it in the step label ("requestPath", "endpoint"). */
    readonly term: string;
    readonly label: string;
    /** The path and `?query` as signed, from the path and query as sent. */
    value(pathAndQuery: string): string;
    /** Appended to the prehash step's note. */
    readonly note?: string;
  };
  readonly passphrase: PrehashPassphrase;
  readonly extraHeader?: PrehashExtraHeader;
  /** verify's reason when the signature does not match. */
  readonly mismatch: string;
}

/** Passphrase sent as typed (Coinbase, OKX); `suffix` ends the reason when it is missing or wrong. */
export function plainPassphrase(suffix: string): PrehashPassphrase {
  return {
    value: (_secret, passphrase) => passphrase,
    shown: '(your passphrase, as typed)',
    check: (sent, passphrase, _secret, header) =>
      sent === undefined || !constantTimeEqual(sent, passphrase) ? `${header} ${sent === undefined ? 'is missing' : 'is not this key’s passphrase'}${suffix}` : null,
  };
}

/** The prehash's four parts (timestamp, method, path, body) for a timestamp; the debugger edits them one by one. */
export function prehashParts(d: PrehashHeaderExchange, request: SignableRequest, timestamp: string): CanonicalPart[] {
  const url = parseUrl(request.url);
  return [
    { label: `timestamp (${d.headers.timestamp}, ${d.timestamp.unit})`, value: timestamp },
    { label: 'method', value: upperMethod(request) },
    { label: d.path.label, value: d.path.value(url.pathname + url.search) },
    { label: 'body (as sent; empty when there is none)', value: request.body ?? '' },
  ];
}

function compute(d: PrehashHeaderExchange, request: SignableRequest, key: Buffer, timestamp: string) {
  const parts = prehashParts(d, request, timestamp);
  const canonical = parts.map((p) => p.value).join('');
  const digest = hmac('sha256', key, Buffer.from(canonical, 'utf8'));
  return { parts, canonical, digest, signature: digest.toString('base64') };
}

function signRequest(d: PrehashHeaderExchange, request: SignableRequest, credentials: SchemeCredentials, ctx: SignContext): SignResult {
  const options: Partial<Record<string, string>> = readOptions(ctx, d.extraHeader ? [d.extraHeader.option] : [], d.id);
  // In the order `expect` lists them, so each exchange names the same missing credential first as it always did.
  for (const [field, text] of Object.entries(d.expect) as [keyof PrehashHeaderExchange['expect'], string][]) requireField(credentials[field], field, text);
  const apiKey = credentials.apiKey as string;
  const secret = credentials.secret as string;
  const passphrase = credentials.passphrase as string;
  const key = d.key.bytes(secret);
  try {
    return signWithKey(d, request, ctx, options, apiKey, d.passphrase.value(secret, passphrase), key);
  } finally {
    key.fill(0);
  }
}

function signWithKey(d: PrehashHeaderExchange, request: SignableRequest, ctx: SignContext, options: Partial<Record<string, string>>, apiKey: string, passphrase: string, key: Buffer): SignResult {
  const H = d.headers;
  const extra = d.extraHeader && { name: d.extraHeader.name, value: d.extraHeader.value(options[d.extraHeader.option]) };
  const given = getHeader(request.headers, H.timestamp);
  if (given !== undefined && d.timestamp.ms(given) === null) throw signingInputError(`headers.${H.timestamp}`, d.timestamp.expected);
  const timestamp = given ?? d.timestamp.fresh(epochMs(ctx));
  const { parts, canonical, digest, signature } = compute(d, request, key, timestamp);
  const set: Record<string, string> = { [H.key]: apiKey, [H.sign]: signature, [H.timestamp]: timestamp, [H.passphrase]: passphrase };
  if (extra) set[extra.name] = extra.value;
  const clock = given === undefined ? 'timestamp added from the clock' : 'timestamp taken from the request as given';
  const keyStep: SignStep = { label: d.key.label, value: digest.toString('hex'), encoding: 'hex' };
  const steps: SignStep[] = [
    { label: `Prehash: timestamp + METHOD + ${d.path.term} + body`, value: canonical, encoding: 'text', note: d.path.note === undefined ? clock : `${clock}; ${d.path.note}` },
    d.key.digestNote ? { ...keyStep, note: `${digest.length}-byte digest` } : keyStep,
    { label: `Base64 of the digest (${H.sign})`, value: signature, encoding: 'base64' },
  ];
  if (d.passphrase.step) steps.push(d.passphrase.step);
  const added = `${H.key}: ${apiKey}\n${H.sign}: ${signature}\n${H.timestamp}: ${timestamp}\n${H.passphrase}: ${d.passphrase.shown}`;
  steps.push({ label: 'Headers added', value: extra ? `${added}\n${extra.name}: ${extra.value}` : added, encoding: 'text' });
  return { request: { ...request, method: request.method.toUpperCase(), headers: withHeaders(request.headers, set) }, canonical, canonicalParts: parts, signature, steps };
}

function verifyRequest(d: PrehashHeaderExchange, request: SignableRequest, credentials: SchemeCredentials, opts: VerifyOptions): VerifyResult {
  const secret = requireField(credentials.secret, 'secret', d.expect.secret);
  // Made before anything is read, so a malformed secret is an error even for an unsigned request.
  const key = d.key.bytes(secret);
  try {
    return verifyWithKey(d, request, credentials, opts, secret, key);
  } finally {
    key.fill(0);
  }
}

function verifyWithKey(d: PrehashHeaderExchange, request: SignableRequest, credentials: SchemeCredentials, opts: VerifyOptions, secret: string, key: Buffer): VerifyResult {
  const H = d.headers;
  const sent = getHeader(request.headers, H.sign);
  const timestamp = getHeader(request.headers, H.timestamp);
  if (sent === undefined) return { valid: false, reason: `The ${H.sign} header is missing: the request is not signed.`, canonical: '', expected: '' };
  const ms = timestamp === undefined ? null : d.timestamp.ms(timestamp);
  if (timestamp === undefined || ms === null) {
    return { valid: false, reason: `The ${H.timestamp} header is ${timestamp === undefined ? 'missing' : `"${timestamp}", not ${d.timestamp.notA}`}: ${d.exchange} signs it into the prehash.`, canonical: '', expected: '' };
  }
  const { canonical, signature } = compute(d, request, key, timestamp);
  const invalid = (reason: string): VerifyResult => ({ valid: false, reason, canonical, expected: signature });
  const sentKey = getHeader(request.headers, H.key);
  if (credentials.apiKey !== undefined && sentKey !== credentials.apiKey) {
    return invalid(sentKey === undefined ? `The ${H.key} header is missing.` : `The request names API key "${sentKey}", not this key.`);
  }
  const extraReason = d.extraHeader ? d.extraHeader.check(getHeader(request.headers, d.extraHeader.name)) : null;
  if (extraReason !== null) return invalid(extraReason);
  if (credentials.passphrase !== undefined) {
    const passphraseReason = d.passphrase.check(getHeader(request.headers, H.passphrase), credentials.passphrase, secret, H.passphrase);
    if (passphraseReason !== null) return invalid(passphraseReason);
  }
  if (!constantTimeEqual(signature, sent.trim())) return invalid(d.mismatch);
  const stale = windowReason(ms, opts, H.timestamp);
  if (stale) return invalid(stale);
  return { valid: true, reason: null, canonical, expected: signature };
}

/** A scheme from its exchange's description. */
export function prehashHeaderScheme(d: PrehashHeaderExchange): Scheme {
  return defineScheme({
    id: d.id,
    title: d.title,
    description: d.description,
    docs: d.docs,
    hosts: d.hosts,
    credentials: ['apiKey', 'secret', 'passphrase'],
    sign: (request, credentials, ctx) => signRequest(d, request, credentials, ctx),
    verify: (request, credentials, opts) => verifyRequest(d, request, credentials, opts),
  });
}
