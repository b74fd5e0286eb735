/**
 * `kucoin-v2` written out (the rule is in ../schemes/kucoin-v2.ts): each run takes fresh epoch milliseconds (unless
 * the request carries KC-API-TIMESTAMP, kept as typed), signs timestamp + METHOD + URL-decoded path?query + body
 * with HMAC-SHA256 keyed with SIGNET_SECRET, base64, and sends the passphrase (SIGNET_PASSPHRASE) as base64
 * HMAC-SHA256 of it keyed with the secret, as v2 keys require. Signet URL-decodes the endpoint at export time.
 */
import { urlDecoded } from '../schemes/kucoin-v2';
import { docsNote, type CodeFormat, type SignerInput, type WrittenCode } from './code-writer';
import { BODY, givenOrClock, headersWith, sendableUrl, SIGNATURE, text, writeKeyedHashCode } from './keyed-hash-code';

export function writeKucoinV2Code(format: CodeFormat, input: SignerInput): WrittenCode {
  const { request } = input;
  const method = request.method.trim().toUpperCase();
  const url = sendableUrl(request.url);
  const ts = givenOrClock(request.headers, 'KC-API-TIMESTAMP', 'ms');
  return writeKeyedHashCode(format, {
    intro: [
      `Signed with Signet's "${input.scheme.id}" scheme (${docsNote(input.scheme)}):`,
      'KC-API-SIGN = base64(HMAC-SHA256(secret, timestamp + METHOD + URL-decoded path?query + body));',
      'KC-API-PASSPHRASE = base64(HMAC-SHA256(secret, passphrase)).',
      ts.note,
      'The secret and the passphrase are read from SIGNET_SECRET and SIGNET_PASSPHRASE; they are not in this file.',
    ],
    method,
    url: url.href,
    clock: ts.clock,
    body: request.body === null ? null : [text(request.body)],
    message: [ts.value, text(method + urlDecoded(url.pathname + url.search)), ...(request.body === null ? [] : [BODY])],
    hash: 'sha256',
    key: 'utf8',
    output: 'base64',
    headers: headersWith(request.headers, [
      ['KC-API-KEY', [text(input.publicCredentials.apiKey ?? '')]],
      ['KC-API-SIGN', [SIGNATURE]],
      ['KC-API-TIMESTAMP', [ts.value]],
      ['KC-API-PASSPHRASE', [{ kucoinPassphrase: true }]],
      ['KC-API-KEY-VERSION', [text(input.options.keyVersion ?? '2')]],
    ]),
  });
}
