/**
 * The shared writer behind the exchange schemes' "Copy as" code (okx-v5, bybit-v5, kucoin-v2, coinbase-exchange-hmac,
 * kraken-spot, bitfinex-v2, gemini). Those schemes differ only in what they sign and where the result goes, so each
 * scheme's writer (a file beside this one) describes its request as a `KeyedHashSpec` — the pieces of the body, the
 * string to sign and the headers, fixed text where Signet can settle it at export time and a named value where it must
 * be computed on every run (the clock, the signature, a secret) — and this file turns it into the steps of a
 * `Program` (fresh clock, body, key, HMAC) that the language table writes out as bash + openssl + curl, TypeScript
 * fetch and Python requests. Secrets are read from SIGNET_<FIELD>; the code never contains one.
 */
import type { CredentialField } from '../../contract/providers';
import { getHeader, parseUrl } from '../encoding';
import { readFrom, ref, signedWith, text, type CodeFormat, type Piece, type SchemeRef, type WrittenCode } from './code-writer';
import { writeProgram } from './languages';
import type { Bytes, ClockFormat as AnyClock, Step } from './program';

export { text, type Piece };

/** How the fresh value of each run is written: ISO 8601 with ms, or Unix seconds / ms / µs. */
export type ClockFormat = Extract<AnyClock, 'iso-ms' | 's' | 'ms' | 'us'>;

/** The run's fresh timestamp (or nonce). */
export const CLOCK = ref('clock');
/** The body as sent. */
export const BODY = ref('body');
/** Base64 of the payload. */
export const PAYLOAD64 = ref('payload64');
/** The encoded HMAC. */
export const SIGNATURE = ref('signature');
/** Base64 HMAC-SHA256 of the passphrase keyed with the secret (KuCoin v2). */
export const KC_PASSPHRASE = ref('kcPassphrase');

/** What an exchange signs and sends: the request, the message to sign, the HMAC, the headers. */
export interface KeyedHashSpec {
  readonly scheme: SchemeRef;
  /** The comment lines stating the rule, after the line naming the scheme. */
  readonly rule: readonly string[];
  /** The comment line on the fresh value (or the request's own). */
  readonly note: string;
  readonly method: string;
  readonly url: string;
  /** null: the run needs no fresh value (the request carries its own, signed as given). */
  readonly clock: ClockFormat | null;
  readonly body: readonly Piece[] | null;
  /** A payload sent as base64 (Gemini): PAYLOAD64 is base64 of its UTF-8 bytes. */
  readonly payload?: readonly Piece[];
  readonly message: readonly Piece[];
  /** Kraken: the HMAC is over these bytes followed by SHA-256(message), not over the message. */
  readonly messagePrefix?: string;
  readonly hash: 'sha256' | 'sha384' | 'sha512';
  /** How the secret becomes the HMAC key: its UTF-8 bytes, or base64-decoded. */
  readonly key: 'utf8' | 'base64';
  readonly output: 'hex' | 'base64';
  /** Sent as they are listed; fetch and Python leave Content-Length to the HTTP client. */
  readonly headers: readonly (readonly [string, readonly Piece[]])[];
}

function secretsOf(spec: KeyedHashSpec): CredentialField[] {
  const out: CredentialField[] = ['secret'];
  const all = [...(spec.body ?? []), ...(spec.payload ?? []), ...spec.message, ...spec.headers.flatMap(([, v]) => v)];
  for (const p of all) if ('secret' in p && !out.includes(p.secret)) out.push(p.secret);
  if (all.some((p) => 'ref' in p && p.ref === 'kcPassphrase') && !out.includes('passphrase')) out.push('passphrase');
  return out;
}

function steps(spec: KeyedHashSpec, kucoin: boolean): Step[] {
  const message: Bytes = spec.messagePrefix === undefined ? { utf8: spec.message } : { prefix: spec.messagePrefix, sha256Of: { utf8: spec.message } };
  return [
    ...(spec.clock ? [{ let: 'clock', clock: spec.clock }] : []),
    ...(spec.body ? [{ let: 'body', value: spec.body }] : []),
    ...(spec.payload ? [{ let: 'payload64', base64Of: spec.payload }] : []),
    { comment: `The HMAC key as hex (${spec.key === 'base64' ? 'the secret, base64-decoded' : 'the UTF-8 bytes of the secret'}), so that any byte can be passed to openssl.`, in: ['curl'] },
    { key: 'secret', decoding: spec.key },
    { let: 'signature', hash: spec.hash, keyed: 'hmac', over: message, output: spec.output },
    ...(kucoin ? [{ let: 'kcPassphrase', hash: 'sha256', keyed: 'hmac', over: { utf8Of: { secret: 'passphrase' } }, output: 'base64' } as const] : []),
  ];
}

/** The code for a keyed-hash spec: the same program in each language, signing afresh on every run. */
export function writeKeyedHashCode(format: CodeFormat, spec: KeyedHashSpec): WrittenCode {
  const kucoin = spec.headers.some(([, v]) => v.some((p) => 'ref' in p && p.ref === 'kcPassphrase'));
  const needsBase64 = spec.key === 'base64' || spec.output === 'base64' || spec.payload !== undefined || kucoin;
  const secrets = secretsOf(spec);
  return writeProgram(format, {
    kind: 'signer',
    intro: [`${signedWith(spec.scheme)}:`, ...spec.rule, spec.note, readFrom(secrets)],
    notes: { curl: ['Needs bash, GNU date, od, openssl and curl. openssl gets the key as an argument: run this on a machine you trust.'] },
    imports: {
      fetch: [...(spec.messagePrefix === undefined ? [] : ['createHash']), 'createHmac'],
      python: [
        ...(needsBase64 ? ['import base64'] : []),
        'import hashlib',
        'import hmac',
        'import os',
        ...(spec.clock && spec.clock !== 'iso-ms' ? ['import time'] : []),
        ...(spec.clock === 'iso-ms' ? ['from datetime import datetime, timezone'] : []),
      ],
    },
    constants: secrets.map((secret) => ({ secret })),
    steps: steps(spec, kucoin),
    request: {
      method: [text(spec.method)],
      url: [text(spec.url)],
      headers: spec.headers.map(([name, value]) => ({ name, value })),
      body: spec.body ? [BODY] : null,
      clientSetsContentLength: true,
    },
  });
}

/**
 * Splits text built with `marker` standing for the run's fresh value into pieces (the writers let the scheme's own
 * helpers build a body, e.g. prependJsonMembers, then mark where the value goes).
 */
export function piecesAround(built: string, marker: string): Piece[] {
  const out: Piece[] = [];
  built.split(marker).forEach((chunk, i) => {
    if (i > 0) out.push(CLOCK);
    if (chunk !== '') out.push(text(chunk));
  });
  return out;
}

/** The typed headers the scheme keeps (it replaces those it sets, whatever their case), then the scheme's own. */
export function headersWith(
  typed: Readonly<Record<string, string>>,
  set: readonly (readonly [string, readonly Piece[]])[],
): (readonly [string, readonly Piece[]])[] {
  const replaced = new Set(set.map(([k]) => k.toLowerCase()));
  return [...Object.entries(typed).filter(([k]) => !replaced.has(k.toLowerCase())).map(([k, v]) => [k, [text(v)]] as const), ...set];
}

/** The request's own timestamp header, signed as given; else the run's fresh clock in `format`. */
export function givenOrClock(headers: Readonly<Record<string, string>>, name: string, format: ClockFormat): { clock: ClockFormat | null; value: Piece; note: string } {
  const given = getHeader(headers, name);
  return given === undefined
    ? { clock: format, value: CLOCK, note: `A fresh ${name} is taken from the clock on every run.` }
    : { clock: null, value: text(given), note: `The request carries its own ${name}, kept as typed: the API accepts it only within its time window.` };
}

/**
 * The URL in the one spelling curl, fetch and Python requests all send unchanged, so that the path and query the code
 * signs are the bytes the server receives. requests re-quotes URLs: it decodes %XX escapes of unreserved characters
 * (%41 → A) and percent-encodes characters outside its safe set that WHATWG URLs leave raw (| ^ ` { } \). Both
 * spellings mean the same URL (RFC 3986 §6.2.2); the code uses the one no client rewrites.
 */
export function sendableUrl(href: string): URL {
  const url = parseUrl(href);
  const fix = (part: string): string =>
    part
      .replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
        const c = String.fromCharCode(parseInt(hex, 16));
        return /^[A-Za-z0-9\-._~]$/.test(c) ? c : escape;
      })
      .replace(/[^A-Za-z0-9\-._~!#$%&'()*+,/:;=?@]/g, (c) => encodeURIComponent(c)); // [ ] too: curl globs them
  return parseUrl(`${url.origin}${fix(url.pathname)}${fix(url.search)}`);
}
