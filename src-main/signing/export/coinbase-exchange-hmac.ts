/**
 * `coinbase-exchange-hmac` written out (the rule is in ../schemes/coinbase-exchange-hmac.ts): each run takes fresh
 * Unix seconds (unless the request carries CB-ACCESS-TIMESTAMP, kept as typed), signs timestamp + METHOD +
 * path?query + body with HMAC-SHA256 keyed with the base64-decoded SIGNET_SECRET, base64, and sends the passphrase
 * from SIGNET_PASSPHRASE.
 */
import { docsNote, type CodeFormat, type SignerInput, type WrittenCode } from './code-writer';
import { BODY, givenOrClock, headersWith, sendableUrl, SIGNATURE, text, writeKeyedHashCode } from './keyed-hash-code';

export function writeCoinbaseExchangeHmacCode(format: CodeFormat, input: SignerInput): WrittenCode {
  const { request } = input;
  const method = request.method.trim().toUpperCase();
  const url = sendableUrl(request.url);
  const ts = givenOrClock(request.headers, 'CB-ACCESS-TIMESTAMP', 's');
  return writeKeyedHashCode(format, {
    intro: [
      `Signed with Signet's "${input.scheme.id}" scheme (${docsNote(input.scheme)}):`,
      'CB-ACCESS-SIGN = base64(HMAC-SHA256(base64-decoded secret, timestamp + METHOD + path?query + body)).',
      ts.note,
      'The secret and the passphrase are read from SIGNET_SECRET and SIGNET_PASSPHRASE; they are not in this file.',
    ],
    method,
    url: url.href,
    clock: ts.clock,
    body: request.body === null ? null : [text(request.body)],
    message: [ts.value, text(method + url.pathname + url.search), ...(request.body === null ? [] : [BODY])],
    hash: 'sha256',
    key: 'base64',
    output: 'base64',
    headers: headersWith(request.headers, [
      ['CB-ACCESS-KEY', [text(input.publicCredentials.apiKey ?? '')]],
      ['CB-ACCESS-SIGN', [SIGNATURE]],
      ['CB-ACCESS-TIMESTAMP', [ts.value]],
      ['CB-ACCESS-PASSPHRASE', [{ secret: 'passphrase' }]],
    ]),
  });
}
