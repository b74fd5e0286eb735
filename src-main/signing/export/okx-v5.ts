/**
 * `okx-v5` written out (the rule is in ../schemes/okx-v5.ts): each run takes a fresh ISO 8601 timestamp (unless the
 * request carries OK-ACCESS-TIMESTAMP, kept as typed), signs timestamp + METHOD + path?query + body with
 * HMAC-SHA256 keyed with SIGNET_SECRET (as text), base64, and sends the passphrase from SIGNET_PASSPHRASE.
 */
import type { CodeFormat, SignerInput, WrittenCode } from './code-writer';
import { writePrehashHeaderCode } from './prehash-header-code';

export function writeOkxV5Code(format: CodeFormat, input: SignerInput): WrittenCode {
  return writePrehashHeaderCode(format, input, {
    headers: { key: 'OK-ACCESS-KEY', sign: 'OK-ACCESS-SIGN', timestamp: 'OK-ACCESS-TIMESTAMP', passphrase: 'OK-ACCESS-PASSPHRASE' },
    clock: 'iso-ms',
    key: 'utf8',
    rule: ['OK-ACCESS-SIGN = base64(HMAC-SHA256(secret as text, timestamp + METHOD + path?query + body)).'],
  });
}
