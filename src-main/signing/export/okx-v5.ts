/**
 * `okx-v5` written out (the rule is in ../schemes/okx-v5.ts): each run takes a fresh ISO 8601 timestamp (unless the
 * request carries OK-ACCESS-TIMESTAMP, kept as typed), signs timestamp + METHOD + path?query + body with
 * HMAC-SHA256 keyed with SIGNET_SECRET (as text), base64, and sends the passphrase from SIGNET_PASSPHRASE.
 */
import { docsNote, type CodeFormat, type SignerInput, type WrittenCode } from './code-writer';
import { BODY, givenOrClock, headersWith, sendableUrl, SIGNATURE, text, writeKeyedHashCode } from './keyed-hash-code';

export function writeOkxV5Code(format: CodeFormat, input: SignerInput): WrittenCode {
  const { request } = input;
  const method = request.method.trim().toUpperCase();
  const url = sendableUrl(request.url);
  const ts = givenOrClock(request.headers, 'OK-ACCESS-TIMESTAMP', 'iso-ms');
  return writeKeyedHashCode(format, {
    intro: [
      `Signed with Signet's "${input.scheme.id}" scheme (${docsNote(input.scheme)}):`,
      'OK-ACCESS-SIGN = base64(HMAC-SHA256(secret as text, timestamp + METHOD + path?query + body)).',
      ts.note,
      'The secret and the passphrase are read from SIGNET_SECRET and SIGNET_PASSPHRASE; they are not in this file.',
    ],
    method,
    url: url.href,
    clock: ts.clock,
    body: request.body === null ? null : [text(request.body)],
    message: [ts.value, text(method + url.pathname + url.search), ...(request.body === null ? [] : [BODY])],
    hash: 'sha256',
    key: 'utf8',
    output: 'base64',
    headers: headersWith(request.headers, [
      ['OK-ACCESS-KEY', [text(input.publicCredentials.apiKey ?? '')]],
      ['OK-ACCESS-SIGN', [SIGNATURE]],
      ['OK-ACCESS-TIMESTAMP', [ts.value]],
      ['OK-ACCESS-PASSPHRASE', [{ secret: 'passphrase' }]],
    ]),
  });
}
