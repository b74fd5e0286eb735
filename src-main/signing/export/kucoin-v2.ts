/**
 * `kucoin-v2` written out (the rule is in ../schemes/kucoin-v2.ts): each run takes fresh epoch milliseconds (unless
 * the request carries KC-API-TIMESTAMP, kept as typed), signs timestamp + METHOD + URL-decoded path?query + body
 * with HMAC-SHA256 keyed with SIGNET_SECRET, base64, and sends the passphrase (SIGNET_PASSPHRASE) as base64
 * HMAC-SHA256 of it keyed with the secret, as v2 keys require. Signet URL-decodes the endpoint at export time.
 */
import { urlDecoded } from '../schemes/kucoin-v2';
import type { CodeFormat, SignerInput, WrittenCode } from './code-writer';
import { KC_PASSPHRASE, text } from './keyed-hash-code';
import { writePrehashHeaderCode } from './prehash-header-code';

export function writeKucoinV2Code(format: CodeFormat, input: SignerInput): WrittenCode {
  return writePrehashHeaderCode(format, input, {
    headers: { key: 'KC-API-KEY', sign: 'KC-API-SIGN', timestamp: 'KC-API-TIMESTAMP', passphrase: 'KC-API-PASSPHRASE' },
    clock: 'ms',
    key: 'utf8',
    rule: ['KC-API-SIGN = base64(HMAC-SHA256(secret, timestamp + METHOD + URL-decoded path?query + body));', 'KC-API-PASSPHRASE = base64(HMAC-SHA256(secret, passphrase)).'],
    signedPath: urlDecoded,
    passphrase: KC_PASSPHRASE,
    extraHeaders: [['KC-API-KEY-VERSION', [text(input.options.keyVersion ?? '2')]]],
  });
}
