/**
 * `binance-hmac-sha256`: Binance SIGNED endpoints with an HMAC key
 * (docs: https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security#hmac-keys).
 *
 *   payload   = query string (without "?") + request body, concatenated without separator, exactly as sent
 *   signature = lowercase hex HMAC-SHA256(key = the secret key's UTF-8 bytes, payload)
 *
 * sent as the last parameter `signature=` (of the body when the parameters are there, else of the query string),
 * with the API key in `X-MBX-APIKEY`. The request rules (timestamp, non-ASCII, placement) are in
 * ../binance-signed-request.ts. Binance treats HMAC signatures as case-insensitive, so verifying does too.
 */
import { createHmac } from 'node:crypto';
import { binanceScheme, BINANCE_DOCS, mismatchReason } from '../binance-signed-request';
import { constantTimeEqual, requireField, utf8HmacKey } from '../encoding';
import type { SchemeCredentials } from '../types';

function signature(payload: string, credentials: SchemeCredentials): string {
  const secret = requireField(credentials.secret, 'secret', 'the secret key Binance issued with the API key');
  // The key as UTF-8 bytes (as Binance keys), made once per credentials object; the payload as a string (UTF-8) and a
  // hex digest: on this hot path a Buffer round trip costs a third of the HMAC again (signRequest's throughput is
  // benchmarked against a bare createHmac).
  return createHmac('sha256', utf8HmacKey(credentials, secret)).update(payload).digest('hex');
}

export const binanceHmacSha256Scheme = binanceScheme({
  id: 'binance-hmac-sha256',
  title: 'Binance (HMAC-SHA256 key)',
  description: 'Binance SIGNED endpoints with an HMAC key: hex HMAC-SHA256 of the query string + body, appended as signature=; X-MBX-APIKEY header.',
  docs: `${BINANCE_DOCS}#hmac-keys`,
  credentials: ['apiKey', 'secret'],
  urlEncoded: false,
  sign(payload, credentials) {
    const hex = signature(payload, credentials);
    return { signature: hex, steps: [{ label: 'HMAC-SHA256 of the payload, keyed with the secret key (UTF-8), as hex', value: hex, encoding: 'hex' }] };
  },
  check(payload, received, credentials) {
    const expected = signature(payload, credentials);
    const valid = constantTimeEqual(expected, received.toLowerCase());
    return { valid, expected, reason: valid ? null : mismatchReason('secret key') };
  },
});
