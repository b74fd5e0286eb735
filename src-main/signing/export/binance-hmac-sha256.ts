/**
 * `binance-hmac-sha256` written out (the rule is in ../binance-signed-request.ts): each run appends a fresh
 * `timestamp=` next to the parameters (unless the request carries its own, which is kept as typed), signs the query
 * string + body with HMAC-SHA256 keyed with SIGNET_SECRET, appends `signature=` and sends X-MBX-APIKEY. Signet
 * fixes at export time what does not change between runs: where the parameters travel and their percent-encoding.
 */
import { rawQuery, withoutHeaders, getHeader } from '../encoding';
import { encodeFormText, formValue } from '../payload-text';
import {
  constantFor,
  curlCommand,
  docsNote,
  envVarFor,
  pySecretConstants,
  shellQuote,
  shellSecretChecks,
  stringLiteral,
  TS_REQUIRE_ENV,
  tsSecretConstants,
  type CodeFormat,
  type SignerInput,
  type WrittenCode,
} from './code-writer';
import { sendableUrl } from './keyed-hash-code';

export function writeBinanceHmacCode(format: CodeFormat, input: SignerInput): WrittenCode {
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
  const env = [envVarFor('secret')];
  const intro = [
    `Signed with Signet's "${input.scheme.id}" scheme (${docsNote(input.scheme)}):`,
    `HMAC-SHA256 (hex) of the query string + body, keyed with the secret key, appended as signature= to the ${inBody ? 'body' : 'query string'}.`,
    `The secret is read from ${env[0]}; it is not in this file.`,
  ];
  const timestampNote = hasTimestamp ? 'The request carries its own timestamp=, kept as typed: Binance accepts it only within recvWindow.' : `A fresh timestamp= (Unix ms) goes to the ${inBody ? 'body' : 'query string'} on every run.`;

  if (format === 'curl') {
    const V = inBody ? 'BODY' : 'QUERY';
    const code = [
      '#!/usr/bin/env bash',
      ...intro.map((l) => `# ${l}`),
      `# ${timestampNote}`,
      '# Needs bash, openssl and curl. openssl gets the secret as an argument: run this on a machine you trust.',
      'set -euo pipefail',
      ...shellSecretChecks(['secret']),
      '',
      `API_KEY=${shellQuote(apiKey)}`,
      `QUERY=${shellQuote(query)}`,
      `BODY=${shellQuote(body)}`,
      ...(hasTimestamp ? [] : [`${V}="\${${V}:+$${V}&}timestamp=$(date +%s)000"`]),
      `SIGNATURE=$(printf '%s' "$QUERY$BODY" | openssl dgst -sha256 -hmac "$SIGNET_SECRET" -r | cut -d' ' -f1)`,
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
      "import { createHmac } from 'node:crypto';",
      '',
      TS_REQUIRE_ENV,
      '',
      `const API_KEY = ${stringLiteral(apiKey)};`,
      ...tsSecretConstants(['secret']),
      '',
      "const append = (text: string, pair: string): string => (text === '' ? pair : `${text}&${pair}`);",
      '',
      'async function main(): Promise<void> {',
      `  let query = ${stringLiteral(query)};`,
      `  let body = ${stringLiteral(body)};`,
      ...(hasTimestamp ? [] : [`  ${where} = append(${where}, \`timestamp=\${Date.now()}\`);`]),
      `  const signature = createHmac('sha256', ${constantFor('secret')}).update(query + body, 'utf8').digest('hex');`,
      `  ${where} = append(${where}, \`signature=\${signature}\`);`,
      `  const response = await fetch(query === '' ? ${stringLiteral(base)} : \`${base.replace(/[`\\$]/g, (c) => `\\${c}`)}?\${query}\`, {`,
      `    method: ${stringLiteral(method)},`,
      '    headers: {',
      ...headers.map(([k, v]) => `      ${stringLiteral(k)}: ${stringLiteral(v)},`),
      "      'X-MBX-APIKEY': API_KEY,",
      '    },',
      ...(inBody ? ['    body,'] : []),
      '  });',
      '  console.log(response.status, await response.text());',
      '}',
      '',
      'main().catch((error: unknown) => {',
      '  console.error(error);',
      '  process.exitCode = 1;',
      '});',
      '',
    ].join('\n');
    return { code, kind: 'signer', env };
  }

  const code = [
    ...intro.map((l) => `# ${l}`),
    `# ${timestampNote}`,
    'import hashlib',
    'import hmac',
    'import os',
    'import time',
    '',
    'import requests',
    '',
    `API_KEY = ${stringLiteral(apiKey)}`,
    ...pySecretConstants(['secret']),
    '',
    '',
    'def append(text, pair):',
    '    return pair if text == "" else f"{text}&{pair}"',
    '',
    '',
    `query = ${stringLiteral(query)}`,
    `body = ${stringLiteral(body)}`,
    ...(hasTimestamp ? [] : [`${where} = append(${where}, f"timestamp={int(time.time() * 1000)}")`]),
    `signature = hmac.new(${constantFor('secret')}.encode("utf-8"), (query + body).encode("utf-8"), hashlib.sha256).hexdigest()`,
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
