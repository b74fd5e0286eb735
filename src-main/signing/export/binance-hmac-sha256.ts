/**
 * `binance-hmac-sha256` written out (the rule is in ../binance-signed-request.ts): each run appends a fresh
 * `timestamp=` next to the parameters (unless the request carries its own, which is kept as typed), signs the query
 * string + body with HMAC-SHA256 keyed with SIGNET_SECRET, appends `signature=` and sends X-MBX-APIKEY. Signet
 * fixes at export time what does not change between runs: where the parameters travel and their percent-encoding.
 * The Ed25519 and RSA key types differ only in how the payload is signed, so `writeBinanceCode` takes that part as a
 * `BinanceCodeSigner` (binance-asymmetric.ts beside this file).
 */
import type { CredentialField } from '../../contract/providers';
import { rawQuery, withoutHeaders, getHeader } from '../encoding';
import { encodeFormText, formValue } from '../payload-text';
import {
  constantFor,
  curlCommand,
  docsNote,
  envVarFor,
  fieldWords,
  pySecretConstants,
  shellQuote,
  shellSecretChecks,
  stringLiteral,
  TS_REQUIRE_ENV,
  tsSecretConstants,
  type CodeFormat,
  type SignerInput,
  type WrittenCode,
  tsFetchAndRun,
} from './code-writer';
import { sendableUrl } from './keyed-hash-code';

/**
 * How one Binance key type signs, in each language. Each computes `SIGNATURE` / `signature` from the payload
 * `$QUERY$BODY` / `query + body`, ready to append (percent-encoded where the key type needs it).
 */
export interface BinanceCodeSigner {
  /** The credentials the code reads from the environment, the signing key first. */
  readonly fields: readonly CredentialField[];
  /** What the signature is, for the header comment. */
  readonly what: string;
  /** Tools and a word on how the secret reaches them, for the bash header. */
  readonly shellNote: string;
  readonly shell: readonly string[];
  readonly tsImport: string;
  /** Lines inside main(), indented two spaces. */
  readonly ts: readonly string[];
  /** Standard-library imports, then (pyPackages) imports of installed packages besides requests. */
  readonly pyImports: readonly string[];
  readonly pyPackages?: readonly string[];
  /** Python lines to put before the request (a note, e.g. a package to install). */
  readonly pyNote?: readonly string[];
  readonly py: readonly string[];
}

const HMAC_SIGNER: BinanceCodeSigner = {
  fields: ['secret'],
  what: 'HMAC-SHA256 (hex) of the query string + body, keyed with the secret key',
  shellNote: 'Needs bash, openssl and curl. openssl gets the secret as an argument: run this on a machine you trust.',
  shell: [`SIGNATURE=$(printf '%s' "$QUERY$BODY" | openssl dgst -sha256 -hmac "$SIGNET_SECRET" -r | cut -d' ' -f1)`],
  tsImport: "import { createHmac } from 'node:crypto';",
  ts: [`  const signature = createHmac('sha256', ${constantFor('secret')}).update(query + body, 'utf8').digest('hex');`],
  pyImports: ['import hashlib', 'import hmac'],
  py: [`signature = hmac.new(${constantFor('secret')}.encode("utf-8"), (query + body).encode("utf-8"), hashlib.sha256).hexdigest()`],
};

export function writeBinanceHmacCode(format: CodeFormat, input: SignerInput): WrittenCode {
  return writeBinanceCode(format, input, HMAC_SIGNER);
}

export function writeBinanceCode(format: CodeFormat, input: SignerInput, signer: BinanceCodeSigner): WrittenCode {
  const method = input.request.method.trim().toUpperCase();
  // The URL as curl, fetch and Python requests all send it unchanged (requests rewrites | { } ^ and %41): the query
  // is signed as it goes out.
  const url = sendableUrl(input.request.url);
  const base = `${url.origin}${url.pathname}`;
  const query = rawQuery(url);
  const body = input.request.body ? encodeFormText(input.request.body, 'body') : '';
  const inBody = body !== '';
  const where = inBody ? 'body' : 'query';
  const hasTimestamp = formValue(query, 'timestamp') !== undefined || formValue(body, 'timestamp') !== undefined;
  const typed = Object.entries(withoutHeaders(input.request.headers, ['x-mbx-apikey']));
  const headers: [string, string][] = inBody && getHeader(input.request.headers, 'content-type') === undefined ? [...typed, ['Content-Type', 'application/x-www-form-urlencoded']] : typed;
  const apiKey = input.publicCredentials.apiKey ?? '';
  const env = signer.fields.map(envVarFor);
  const intro = [
    `Signed with Signet's "${input.scheme.id}" scheme (${docsNote(input.scheme)}):`,
    `${signer.what}, appended as signature= to the ${inBody ? 'body' : 'query string'}.`,
    `The ${signer.fields.map(fieldWords).join(' and the ')} ${env.length > 1 ? 'are' : 'is'} read from ${env.join(' and ')}; ${env.length > 1 ? 'they are' : 'it is'} not in this file.`,
  ];
  const timestampNote = hasTimestamp ? 'The request carries its own timestamp=, kept as typed: Binance accepts it only within recvWindow.' : `A fresh timestamp= (Unix ms) goes to the ${inBody ? 'body' : 'query string'} on every run.`;

  if (format === 'curl') {
    const V = inBody ? 'BODY' : 'QUERY';
    const code = [
      '#!/usr/bin/env bash',
      ...intro.map((l) => `# ${l}`),
      `# ${timestampNote}`,
      `# ${signer.shellNote}`,
      'set -euo pipefail',
      ...shellSecretChecks(signer.fields),
      '',
      `API_KEY=${shellQuote(apiKey)}`,
      `QUERY=${shellQuote(query)}`,
      `BODY=${shellQuote(body)}`,
      ...(hasTimestamp ? [] : [`${V}="\${${V}:+$${V}&}timestamp=$(date +%s)000"`]),
      ...signer.shell,
      `${V}="\${${V}:+$${V}&}signature=$SIGNATURE"`,
      '',
      curlCommand(method, `"${base.replace(/[\\"$`]/g, (c) => `\\${c}`)}\${QUERY:+?$QUERY}"`, [...headers.map(([k, v]) => shellQuote(`${k}: ${v}`)), '"X-MBX-APIKEY: $API_KEY"'], inBody ? '"$BODY"' : null),
      '',
    ].join('\n');
    return { code, kind: 'signer', env };
  }

  if (format === 'fetch') {
    const code = [
      ...intro.map((l) => `// ${l}`),
      `// ${timestampNote}`,
      '// Run with Node 18+ (e.g. `npx tsx request.ts`).',
      signer.tsImport,
      '',
      TS_REQUIRE_ENV,
      '',
      `const API_KEY = ${stringLiteral(apiKey)};`,
      ...tsSecretConstants(signer.fields),
      '',
      "const append = (text: string, pair: string): string => (text === '' ? pair : `${text}&${pair}`);",
      '',
      'async function main(): Promise<void> {',
      `  let query = ${stringLiteral(query)};`,
      `  let body = ${stringLiteral(body)};`,
      ...(hasTimestamp ? [] : [`  ${where} = append(${where}, \`timestamp=\${Date.now()}\`);`]),
      ...signer.ts,
      `  ${where} = append(${where}, \`signature=\${signature}\`);`,
      ...tsFetchAndRun({
        url: `query === '' ? ${stringLiteral(base)} : \`${base.replace(/[`\\$]/g, (c) => `\\${c}`)}?\${query}\``,
        method: `method: ${stringLiteral(method)}`,
        headers: [...headers.map(([k, v]) => `${stringLiteral(k)}: ${stringLiteral(v)}`), "'X-MBX-APIKEY': API_KEY"],
        body: inBody ? 'body' : null,
      }),
    ].join('\n');
    return { code, kind: 'signer', env };
  }

  const code = [
    ...intro.map((l) => `# ${l}`),
    `# ${timestampNote}`,
    ...(signer.pyNote ?? []).map((l) => `# ${l}`),
    ...signer.pyImports,
    'import os',
    'import time',
    '',
    'import requests',
    ...(signer.pyPackages ?? []),
    '',
    `API_KEY = ${stringLiteral(apiKey)}`,
    ...pySecretConstants(signer.fields),
    '',
    '',
    'def append(text, pair):',
    '    return pair if text == "" else f"{text}&{pair}"',
    '',
    '',
    `query = ${stringLiteral(query)}`,
    `body = ${stringLiteral(body)}`,
    ...(hasTimestamp ? [] : [`${where} = append(${where}, f"timestamp={int(time.time() * 1000)}")`]),
    ...signer.py,
    `${where} = append(${where}, f"signature={signature}")`,
    `url = ${stringLiteral(base)} + ("?" + query if query else "")`,
    'headers = {',
    ...headers.map(([k, v]) => `    ${stringLiteral(k)}: ${stringLiteral(v)},`),
    '    "X-MBX-APIKEY": API_KEY,',
    '}',
    `response = requests.request(${stringLiteral(method)}, url, headers=headers, data=body.encode("utf-8") if body else None)`,
    'print(response.status_code, response.text)',
    '',
  ].join('\n');
  return { code, kind: 'signer', env };
}
