/**
 * A signed request written out as it is: for a scheme without a signer writer (see export-request.ts; every scheme
 * Signet ships has one, so this serves schemes added without one).
 * The code carries this signature, timestamp and nonce, so it works once, within the API's time window; a secret
 * credential the request carries (a passphrase header) is read from the environment, never written in.
 */
import {
  concatExpression,
  constantFor,
  curlCommand,
  docsNote,
  envVarFor,
  pySecretConstants,
  shellSecretChecks,
  shellTemplate,
  stringLiteral,
  TS_REQUIRE_ENV,
  tsSecretConstants,
  uniqueSecrets,
  type CodeFormat,
  type SnapshotInput,
  type WrittenCode,
  tsFetchAndRun,
} from './code-writer';

export function writeSnapshotCode(format: CodeFormat, input: SnapshotInput): WrittenCode {
  const { request, scheme } = input;
  const secrets = uniqueSecrets([request.url, request.body, ...request.headers.map(([, v]) => v)]);
  const env = secrets.map(envVarFor);
  const at = new Date(input.timestamp).toISOString();
  const intro = [
    `${scheme.title} request signed by Signet at ${at} (nonce ${input.nonce}); docs: ${docsNote(scheme)}.`,
    'This is the signature for that moment only: APIs accept it within a short window. Copy it again to re-sign.',
    ...(env.length ? [`Read from the environment, never written here: ${env.join(', ')}.`] : []),
  ];
  const method = request.method;

  if (format === 'curl') {
    const code = [
      ...(env.length ? ['#!/usr/bin/env bash'] : []),
      ...intro.map((l) => `# ${l}`),
      ...(env.length ? ['set -euo pipefail', ...shellSecretChecks(secrets), ''] : []),
      curlCommand(
        method,
        shellTemplate(request.url),
        request.headers.map(([k, v]) => shellTemplate([{ text: `${k}: ` }, ...v])),
        request.body ? shellTemplate(request.body) : null,
      ),
      '',
    ].join('\n');
    return { code, kind: 'snapshot', env };
  }

  if (format === 'fetch') {
    const code = [
      ...intro.map((l) => `// ${l}`),
      '// Run with Node 18+ (e.g. `npx tsx request.ts`).',
      ...(secrets.length ? ['', TS_REQUIRE_ENV, '', ...tsSecretConstants(secrets)] : []),
      '',
      'async function main(): Promise<void> {',
      ...tsFetchAndRun({
        url: concatExpression(request.url, constantFor),
        method: `method: ${stringLiteral(method)}`,
        headers: request.headers.map(([k, v]) => `${stringLiteral(k)}: ${concatExpression(v, constantFor)}`),
        body: request.body ? `body: ${concatExpression(request.body, constantFor)}` : null,
      }),
    ].join('\n');
    return { code, kind: 'snapshot', env };
  }

  const code = [
    ...intro.map((l) => `# ${l}`),
    ...(secrets.length ? ['import os', ''] : []),
    'import requests',
    '',
    ...(secrets.length ? [...pySecretConstants(secrets), ''] : []),
    `url = ${concatExpression(request.url, constantFor)}`,
    'headers = {',
    ...request.headers.map(([k, v]) => `    ${stringLiteral(k)}: ${concatExpression(v, constantFor)},`),
    '}',
    `body = ${request.body ? concatExpression(request.body, constantFor) : 'None'}`,
    `response = requests.request(${stringLiteral(method)}, url, headers=headers, data=None if body is None else body.encode("utf-8"))`,
    'print(response.status_code, response.text)',
    '',
  ].join('\n');
  return { code, kind: 'snapshot', env };
}
