/**
 * `coinbase-exchange-hmac` written out (the rule is in ../schemes/coinbase-exchange-hmac.ts): each run takes fresh
 * Unix seconds (unless the request carries CB-ACCESS-TIMESTAMP, kept as typed), signs timestamp + METHOD +
 * path?query + body with HMAC-SHA256 keyed with the base64-decoded SIGNET_SECRET, base64, and sends the passphrase
 * from SIGNET_PASSPHRASE.
 */
import type { CodeFormat, SignerInput, WrittenCode } from './code-writer';
import { writePrehashHeaderCode } from './prehash-header-code';

export function writeCoinbaseExchangeHmacCode(format: CodeFormat, input: SignerInput): WrittenCode {
  return writePrehashHeaderCode(format, input, {
    headers: { key: 'CB-ACCESS-KEY', sign: 'CB-ACCESS-SIGN', timestamp: 'CB-ACCESS-TIMESTAMP', passphrase: 'CB-ACCESS-PASSPHRASE' },
    clock: 's',
    key: 'base64',
    rule: ['CB-ACCESS-SIGN = base64(HMAC-SHA256(base64-decoded secret, timestamp + METHOD + path?query + body)).'],
  });
}
