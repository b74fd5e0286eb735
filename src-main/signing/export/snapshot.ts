/**
 * A signed request written out as it is: for a scheme without a signer writer (see export-request.ts; every scheme
 * Signet ships has one, so this serves schemes added without one).
 * The code carries this signature, timestamp and nonce, so it works once, within the API's time window; a secret
 * credential the request carries (a passphrase header) is read from the environment, never written in.
 */
import { code, docsNote, envVarFor, text, uniqueSecrets, type CodeFormat, type SnapshotInput, type WrittenCode } from './code-writer';
import { LANGUAGES, writeProgram } from './languages';

/** The snapshot's "Copy as" code. */
export function writeSnapshotCode(format: CodeFormat, input: SnapshotInput): WrittenCode {
  const { request, scheme } = input;
  const secrets = uniqueSecrets([request.url, request.body, ...request.headers.map(([, v]) => v)]);
  const env = secrets.map(envVarFor);
  const at = new Date(input.timestamp).toISOString();
  const py = LANGUAGES.python.expression;
  return writeProgram(format, {
    kind: 'snapshot',
    intro: [
      `${scheme.title} request signed by Signet at ${at} (nonce ${input.nonce}); docs: ${docsNote(scheme)}.`,
      'This is the signature for that moment only: APIs accept it within a short window. Copy it again to re-sign.',
      ...(env.length ? [`Read from the environment, never written here: ${env.join(', ')}.`] : []),
    ],
    imports: { python: secrets.length ? ['import os'] : [] },
    constants: secrets.map((secret) => ({ secret })),
    steps: [{ let: 'url', value: request.url, in: ['python'] }],
    request: {
      method: [text(request.method)],
      url: [code({ curl: LANGUAGES.curl.expression(request.url), fetch: LANGUAGES.fetch.expression(request.url), python: 'url' })],
      headers: request.headers.map(([name, value]) => ({ name, value })),
      body: request.body,
      pythonBeforeCall: [`body = ${request.body ? py(request.body) : 'None'}`],
      pythonData: 'None if body is None else body.encode("utf-8")',
    },
  });
}
