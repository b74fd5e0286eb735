/**
 * The `hmac` scheme written out (see schemes/hmac.ts for the rule): each format signs afresh when run, with the
 * secret from SIGNET_SECRET. The TypeScript and Python versions compute every part from the URL and body, so they
 * can be reused for other requests; the bash version computes the body hash, time, nonce and HMAC with openssl and
 * carries the path and sorted query Signet derived from the URL (bash has no URL parser worth trusting).
 */
import { parseUrl, withoutHeaders } from '../encoding';
import { sortedQuery } from '../schemes/hmac';
import {
  constantFor,
  curlCommand,
  docsNote,
  envVarFor,
  pySecretConstants,
  shellQuote,
  shellSecretChecks,
  stringLiteral,
  PY_SORTED_QUERY,
  TS_REQUIRE_ENV,
  TS_SORTED_QUERY,
  tsSecretConstants,
  type CodeFormat,
  type SignerInput,
  type WrittenCode,
  tsFetchAndRun,
} from './code-writer';

const HASHES = { 'hmac-sha256': 'sha256', 'hmac-sha512': 'sha512' } as const;

export function writeHmacCode(format: CodeFormat, input: SignerInput): WrittenCode {
  const algorithm = input.options.algorithm === 'hmac-sha512' ? 'hmac-sha512' : 'hmac-sha256';
  const hash = HASHES[algorithm];
  const algorithmField = algorithm === 'hmac-sha256' ? '' : `, algorithm="${algorithm}"`;
  const apiKey = input.publicCredentials.apiKey ?? '';
  const { method, body } = input.request;
  const url = parseUrl(input.request.url);
  // The scheme sets Authorization; a typed one would be replaced.
  const headers = Object.entries(withoutHeaders(input.request.headers, ['authorization']));
  const env = [envVarFor('secret')];
  const intro = [
    `Signed with Signet's "${input.scheme.id}" scheme (${docsNote(input.scheme)}): the method, path, sorted query,`,
    `SHA-256 of the body, Unix time and a nonce, joined with newlines; ${algorithm.toUpperCase()} keyed with the secret.`,
    `The secret is read from ${env[0]}; it is not in this file.`,
  ];
  const upper = method.trim().toUpperCase();

  if (format === 'curl') {
    const code = [
      '#!/usr/bin/env bash',
      ...intro.map((l) => `# ${l}`),
      '# Needs bash, openssl and curl. openssl gets the secret as an argument: run this on a machine you trust.',
      'set -euo pipefail',
      ...shellSecretChecks(['secret']),
      '',
      `API_KEY=${shellQuote(apiKey)}`,
      `METHOD=${shellQuote(upper)}`,
      `URL=${shellQuote(url.href)}`,
      `# From the URL: the path as sent, and the query sorted by key then value, RFC 3986-encoded.`,
      `REQUEST_PATH=${shellQuote(url.pathname)}`,
      `SORTED_QUERY=${shellQuote(sortedQuery(url))}`,
      `BODY=${shellQuote(body ?? '')}`,
      '',
      'TIMESTAMP=$(date +%s)',
      'NONCE=$(openssl rand -hex 16)',
      `BODY_HASH=$(printf '%s' "$BODY" | openssl dgst -sha256 -r | cut -d' ' -f1)`,
      `STRING_TO_SIGN=$(printf '%s\\n%s\\n%s\\n%s\\n%s\\n%s' "$METHOD" "$REQUEST_PATH" "$SORTED_QUERY" "$BODY_HASH" "$TIMESTAMP" "$NONCE")`,
      `SIGNATURE=$(printf '%s' "$STRING_TO_SIGN" | openssl dgst -${hash} -hmac "$SIGNET_SECRET" -r | cut -d' ' -f1)`,
      '',
      curlCommand(
        '"$METHOD"',
        '"$URL"',
        [...headers.map(([k, v]) => shellQuote(`${k}: ${v}`)), `"Authorization: HMAC apiKey=\\"$API_KEY\\", signature=\\"$SIGNATURE\\", timestamp=\\"$TIMESTAMP\\", nonce=\\"$NONCE\\"${algorithmField.replace(/"/g, '\\"')}"`],
        body !== null ? '"$BODY"' : null,
      ),
      '',
    ].join('\n');
    return { code, kind: 'signer', env };
  }

  if (format === 'fetch') {
    const code = [
      ...intro.map((l) => `// ${l}`),
      '// Run with Node 18+ (e.g. `npx tsx request.ts`).',
      "import { createHash, createHmac, randomBytes } from 'node:crypto';",
      '',
      TS_REQUIRE_ENV,
      '',
      `const API_KEY = ${stringLiteral(apiKey)};`,
      ...tsSecretConstants(['secret']),
      '',
      ...TS_SORTED_QUERY,
      'function hmacAuthorization(method: string, url: string, body: string | null): string {',
      '  const u = new URL(url);',
      '  const query = sortedQuery(u.search.slice(1));',
      '  const timestamp = String(Math.floor(Date.now() / 1000));',
      "  const nonce = randomBytes(16).toString('hex');",
      "  const bodyHash = createHash('sha256').update(body ?? '', 'utf8').digest('hex');",
      "  const stringToSign = [method.toUpperCase(), u.pathname, query, bodyHash, timestamp, nonce].join('\\n');",
      `  const signature = createHmac('${hash}', ${constantFor('secret')}).update(stringToSign, 'utf8').digest('hex');`,
      `  return \`HMAC apiKey="\${API_KEY}", signature="\${signature}", timestamp="\${timestamp}", nonce="\${nonce}"${algorithmField}\`;`,
      '}',
      '',
      'async function main(): Promise<void> {',
      `  const method = ${stringLiteral(upper)};`,
      `  const url = ${stringLiteral(url.href)};`,
      `  const body: string | null = ${body === null ? 'null' : stringLiteral(body)};`,
      ...tsFetchAndRun({
        url: 'url',
        method: 'method',
        headers: [...headers.map(([k, v]) => `${stringLiteral(k)}: ${stringLiteral(v)}`), 'Authorization: hmacAuthorization(method, url, body)'],
        body: '...(body !== null ? { body } : {})',
      }),
    ].join('\n');
    return { code, kind: 'signer', env };
  }

  const headerLines = headers.map(([k, v]) => `    ${stringLiteral(k)}: ${stringLiteral(v)},`);
  const code = [
    ...intro.map((l) => `# ${l}`),
    'import hashlib',
    'import hmac',
    'import os',
    'import secrets',
    'import time',
    'from urllib.parse import quote, unquote_to_bytes, urlsplit',
    '',
    'import requests',
    '',
    `API_KEY = ${stringLiteral(apiKey)}`,
    ...pySecretConstants(['secret']),
    '',
    '',
    ...PY_SORTED_QUERY,
    '',
    '',
    'def hmac_authorization(method, url, body):',
    '    parts = urlsplit(url)',
    '    query = sorted_query(parts.query)',
    '    timestamp = str(int(time.time()))',
    '    nonce = secrets.token_hex(16)',
    '    body_hash = hashlib.sha256((body or "").encode("utf-8")).hexdigest()',
    '    string_to_sign = "\\n".join([method.upper(), parts.path or "/", query, body_hash, timestamp, nonce])',
    `    signature = hmac.new(${constantFor('secret')}.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.${hash}).hexdigest()`,
    `    return f'HMAC apiKey="{API_KEY}", signature="{signature}", timestamp="{timestamp}", nonce="{nonce}"${algorithmField}'`,
    '',
    '',
    `method = ${stringLiteral(upper)}`,
    `url = ${stringLiteral(url.href)}`,
    `body = ${body === null ? 'None' : stringLiteral(body)}`,
    'headers = {',
    ...headerLines,
    '    "Authorization": hmac_authorization(method, url, body),',
    '}',
    'response = requests.request(method, url, headers=headers, data=None if body is None else body.encode("utf-8"))',
    'print(response.status_code, response.text)',
    '',
  ].join('\n');
  return { code, kind: 'signer', env };
}

