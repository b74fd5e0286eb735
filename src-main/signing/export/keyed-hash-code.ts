/**
 * The shared writer behind the exchange schemes' "Copy as" code (okx-v5, bybit-v5, kucoin-v2, coinbase-exchange-hmac,
 * kraken-spot, bitfinex-v2, gemini). Those schemes differ only in what they sign and where the result goes, so each
 * scheme's writer (a file beside this one) describes its request as a `KeyedHashSpec` — the pieces of the body, the
 * string to sign and the headers, fixed text where Signet can settle it at export time and a named value where it must
 * be computed on every run (the clock, the signature, a secret) — and this file writes that out as bash + openssl +
 * curl, TypeScript fetch and Python requests. Secrets are read from SIGNET_<FIELD>; the code never contains one.
 */
import type { CredentialField } from '../../contract/providers';
import { getHeader, parseUrl } from '../encoding';
import {
  constantFor,
  curlCommand,
  envVarFor,
  pySecretConstants,
  shellQuote,
  shellSecretChecks,
  stringLiteral,
  TS_REQUIRE_ENV,
  tsSecretConstants,
  type CodeFormat,
  type WrittenCode,
  tsFetchAndRun,
} from './code-writer';

/** How the fresh value of each run is written: ISO 8601 with ms, or Unix seconds / ms / µs. */
export type ClockFormat = 'iso-ms' | 's' | 'ms' | 'us';

/**
 * A piece of text: literal, or computed when the code runs. `clock` is the fresh timestamp (or nonce) of the run,
 * `body` the body as sent, `payload64` base64 of the payload, `signature` the encoded HMAC, `secret` a credential from
 * the environment, `kucoinPassphrase` base64 HMAC-SHA256 of the passphrase keyed with the secret.
 */
export type Piece =
  | { readonly text: string }
  | { readonly clock: true }
  | { readonly body: true }
  | { readonly payload64: true }
  | { readonly signature: true }
  | { readonly secret: CredentialField }
  | { readonly kucoinPassphrase: true };

export const text = (value: string): Piece => ({ text: value });
export const CLOCK: Piece = { clock: true };
export const BODY: Piece = { body: true };
export const PAYLOAD64: Piece = { payload64: true };
export const SIGNATURE: Piece = { signature: true };

export interface KeyedHashSpec {
  /** Comment lines at the top: what the code does, with the docs link. */
  readonly intro: readonly string[];
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

const isText = (p: Piece): p is Extract<Piece, { readonly text: string }> => 'text' in p;

function secretsOf(spec: KeyedHashSpec): CredentialField[] {
  const out: CredentialField[] = ['secret'];
  const all = [...(spec.body ?? []), ...(spec.payload ?? []), ...spec.message, ...spec.headers.flatMap(([, v]) => v)];
  for (const p of all) if ('secret' in p && !out.includes(p.secret)) out.push(p.secret);
  if (all.some((p) => 'kucoinPassphrase' in p) && !out.includes('passphrase')) out.push('passphrase');
  return out;
}

// ───────────────────────────── bash ─────────────────────────────

const SHELL_VARS = { clock: 'CLOCK', body: 'BODY', payload64: 'PAYLOAD64', signature: 'SIGNATURE', kucoinPassphrase: 'KC_PASSPHRASE' } as const;

function shellVar(p: Exclude<Piece, { readonly text: string }>): string {
  if ('secret' in p) return envVarFor(p.secret);
  const key = Object.keys(p)[0] as keyof typeof SHELL_VARS;
  return SHELL_VARS[key];
}

/** One bash word: single-quoted when all literal, else double-quoted with `${VAR}` for computed pieces. */
export function shellWord(pieces: readonly Piece[]): string {
  if (pieces.every(isText)) return shellQuote(pieces.map((p) => p.text).join(''));
  return `"${pieces.map((p) => (isText(p) ? p.text.replace(/[\\"$`]/g, (c) => `\\${c}`) : `\${${shellVar(p)}}`)).join('')}"`;
}

const SHELL_CLOCK: Record<ClockFormat, string> = {
  'iso-ms': `$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)`,
  s: '$(date +%s)',
  ms: '$(date +%s%3N)',
  us: '$(date +%s%6N)',
};

const SHELL_HEX = `od -An -v -tx1 | tr -d ' \\n'`;

function writeShell(spec: KeyedHashSpec, secrets: readonly CredentialField[]): string {
  const usesKucoin = spec.headers.some(([, v]) => v.some((p) => 'kucoinPassphrase' in p));
  const keyBytes = spec.key === 'base64' ? `printf '%s' "$SIGNET_SECRET" | openssl base64 -d -A` : `printf '%s' "$SIGNET_SECRET"`;
  const encode = spec.output === 'base64' ? 'openssl base64 -A' : SHELL_HEX;
  const mac = `openssl dgst -${spec.hash} -mac HMAC -macopt "hexkey:$KEY_HEX" -binary`;
  const message = `printf '%s' ${shellWord(spec.message)}`;
  const signed = spec.messagePrefix === undefined ? message : `{ printf '%s' ${shellQuote(spec.messagePrefix)}; ${message} | openssl dgst -sha256 -binary; }`;
  return [
    '#!/usr/bin/env bash',
    ...spec.intro.map((l) => `# ${l}`),
    `# Needs bash, GNU date, od, openssl and curl. openssl gets the key as an argument: run this on a machine you trust.`,
    'set -euo pipefail',
    ...shellSecretChecks(secrets),
    '',
    ...(spec.clock ? [`CLOCK=${SHELL_CLOCK[spec.clock]}`] : []),
    ...(spec.body ? [`BODY=${shellWord(spec.body)}`] : []),
    ...(spec.payload ? [`PAYLOAD64=$(printf '%s' ${shellWord(spec.payload)} | openssl base64 -A)`] : []),
    `# The HMAC key as hex (${spec.key === 'base64' ? 'the secret, base64-decoded' : 'the UTF-8 bytes of the secret'}), so that any byte can be passed to openssl.`,
    `KEY_HEX=$(${keyBytes} | ${SHELL_HEX})`,
    `SIGNATURE=$(${signed} | ${mac} | ${encode})`,
    ...(usesKucoin ? [`KC_PASSPHRASE=$(printf '%s' "$SIGNET_PASSPHRASE" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY_HEX" -binary | openssl base64 -A)`] : []),
    '',
    curlCommand(
      spec.method,
      shellQuote(spec.url),
      spec.headers.map(([k, v]) => shellWord([text(`${k}: `), ...v])),
      spec.body ? '"$BODY"' : null,
    ),
    '',
  ]
    .filter((l, i, all) => !(l === '' && all[i - 1] === ''))
    .join('\n');
}

// ───────────────────────────── TypeScript and Python ─────────────────────────────

const TS_VARS = { clock: 'clock', body: 'body', payload64: 'payload64', signature: 'signature', kucoinPassphrase: 'kcPassphrase' } as const;
const PY_VARS = { clock: 'clock', body: 'body', payload64: 'payload64', signature: 'signature', kucoinPassphrase: 'kc_passphrase' } as const;

function expression(pieces: readonly Piece[], vars: Readonly<Record<keyof typeof TS_VARS, string>>): string {
  if (pieces.length === 0) return stringLiteral('');
  return pieces
    .map((p) => {
      if (isText(p)) return stringLiteral(p.text);
      if ('secret' in p) return constantFor(p.secret);
      return vars[Object.keys(p)[0] as keyof typeof TS_VARS];
    })
    .join(' + ');
}

const TS_CLOCK: Record<ClockFormat, string> = {
  'iso-ms': 'new Date().toISOString()',
  s: 'String(Math.floor(Date.now() / 1000))',
  ms: 'String(Date.now())',
  us: 'String(Date.now() * 1000)',
};

const PY_CLOCK: Record<ClockFormat, string> = {
  'iso-ms': 'datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")',
  s: 'str(int(time.time()))',
  ms: 'str(int(time.time() * 1000))',
  us: 'str(int(time.time() * 1000) * 1000)',
};

/** TypeScript and Python expressions for pieces, over the variables the writers declare (clock, body, signature…). */
export const tsExpression = (pieces: readonly Piece[]): string => expression(pieces, TS_VARS);
export const pyExpression = (pieces: readonly Piece[]): string => expression(pieces, PY_VARS);

const sendable = (spec: KeyedHashSpec) => spec.headers.filter(([k]) => k.toLowerCase() !== 'content-length');

function writeFetch(spec: KeyedHashSpec, secrets: readonly CredentialField[]): string {
  const usesKucoin = spec.headers.some(([, v]) => v.some((p) => 'kucoinPassphrase' in p));
  const key = spec.key === 'base64' ? `Buffer.from(${constantFor('secret')}, 'base64')` : `Buffer.from(${constantFor('secret')}, 'utf8')`;
  const message = `Buffer.from(${expression(spec.message, TS_VARS)}, 'utf8')`;
  const signed = spec.messagePrefix === undefined ? message : `Buffer.concat([Buffer.from(${stringLiteral(spec.messagePrefix)}, 'utf8'), createHash('sha256').update(${message}).digest()])`;
  return [
    ...spec.intro.map((l) => `// ${l}`),
    '// Run with Node 18+ (e.g. `npx tsx request.ts`).',
    `import { ${spec.messagePrefix === undefined ? '' : 'createHash, '}createHmac } from 'node:crypto';`,
    '',
    TS_REQUIRE_ENV,
    '',
    ...tsSecretConstants(secrets),
    '',
    'async function main(): Promise<void> {',
    ...(spec.clock ? [`  const clock = ${TS_CLOCK[spec.clock]};`] : []),
    ...(spec.body ? [`  const body = ${expression(spec.body, TS_VARS)};`] : []),
    ...(spec.payload ? [`  const payload64 = Buffer.from(${expression(spec.payload, TS_VARS)}, 'utf8').toString('base64');`] : []),
    `  const key = ${key};`,
    `  const signature = createHmac('${spec.hash}', key).update(${signed}).digest('${spec.output}');`,
    ...(usesKucoin ? [`  const kcPassphrase = createHmac('sha256', key).update(${constantFor('passphrase')}, 'utf8').digest('base64');`] : []),
    ...tsFetchAndRun({
      url: stringLiteral(spec.url),
      method: `method: ${stringLiteral(spec.method)}`,
      headers: sendable(spec).map(([k, v]) => `${stringLiteral(k)}: ${expression(v, TS_VARS)}`),
      body: spec.body ? 'body' : null,
    }),
  ].join('\n');
}

function writePython(spec: KeyedHashSpec, secrets: readonly CredentialField[]): string {
  const usesKucoin = spec.headers.some(([, v]) => v.some((p) => 'kucoinPassphrase' in p));
  const key = spec.key === 'base64' ? `base64.b64decode(${constantFor('secret')}, validate=True)` : `${constantFor('secret')}.encode("utf-8")`;
  const message = `(${expression(spec.message, PY_VARS)}).encode("utf-8")`;
  const signed = spec.messagePrefix === undefined ? message : `${stringLiteral(spec.messagePrefix)}.encode("utf-8") + hashlib.sha256(${message}).digest()`;
  const digest = `hmac.new(key, ${signed}, hashlib.${spec.hash}).digest()`;
  const needsBase64 = spec.key === 'base64' || spec.output === 'base64' || spec.payload !== undefined || usesKucoin;
  return [
    ...spec.intro.map((l) => `# ${l}`),
    ...(needsBase64 ? ['import base64'] : []),
    'import hashlib',
    'import hmac',
    'import os',
    ...(spec.clock && spec.clock !== 'iso-ms' ? ['import time'] : []),
    ...(spec.clock === 'iso-ms' ? ['from datetime import datetime, timezone'] : []),
    '',
    'import requests',
    '',
    ...pySecretConstants(secrets),
    '',
    ...(spec.clock ? [`clock = ${PY_CLOCK[spec.clock]}`] : []),
    ...(spec.body ? [`body = ${expression(spec.body, PY_VARS)}`] : []),
    ...(spec.payload ? [`payload64 = base64.b64encode((${expression(spec.payload, PY_VARS)}).encode("utf-8")).decode("ascii")`] : []),
    `key = ${key}`,
    `signature = ${spec.output === 'base64' ? `base64.b64encode(${digest}).decode("ascii")` : `${digest}.hex()`}`,
    ...(usesKucoin ? [`kc_passphrase = base64.b64encode(hmac.new(key, ${constantFor('passphrase')}.encode("utf-8"), hashlib.sha256).digest()).decode("ascii")`] : []),
    'headers = {',
    ...sendable(spec).map(([k, v]) => `    ${stringLiteral(k)}: ${expression(v, PY_VARS)},`),
    '}',
    `response = requests.request(${stringLiteral(spec.method)}, ${stringLiteral(spec.url)}, headers=headers, data=${spec.body ? 'body.encode("utf-8")' : 'None'})`,
    'print(response.status_code, response.text)',
    '',
  ].join('\n');
}

export function writeKeyedHashCode(format: CodeFormat, spec: KeyedHashSpec): WrittenCode {
  const secrets = secretsOf(spec);
  const env = secrets.map(envVarFor);
  const code = format === 'curl' ? writeShell(spec, secrets) : format === 'fetch' ? writeFetch(spec, secrets) : writePython(spec, secrets);
  return { code, kind: 'signer', env };
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
