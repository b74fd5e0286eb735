/**
 * `okx-v5`: OKX v5 REST private endpoints (www.okx.com).
 * Docs: https://www.okx.com/docs-v5/en/#overview-rest-authentication-making-requests
 *
 *   OK-ACCESS-KEY        the API key
 *   OK-ACCESS-SIGN       base64(HMAC-SHA256(key = the SecretKey's UTF-8 bytes, prehash))
 *   OK-ACCESS-TIMESTAMP  ISO 8601 UTC with milliseconds, e.g. 2020-12-08T09:08:57.715Z
 *   OK-ACCESS-PASSPHRASE the passphrase chosen when the key was created, as typed
 *
 *   prehash = timestamp + METHOD + requestPath + body
 *
 * requestPath is the path plus `?query` as sent ("GET request parameters are counted as requestPath, not body"); body
 * is the JSON body as sent, or nothing. The SecretKey looks like hex but is used as text, not decoded. A request that
 * already carries OK-ACCESS-TIMESTAMP is signed with it as given.
 *
 * The shape shared with Coinbase Exchange and KuCoin (order of checks, steps, headers) is in ../prehash-header-scheme.ts.
 */
import { plainPassphrase, prehashHeaderScheme, type PrehashHeaderExchange } from '../prehash-header-scheme';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function isoTimestamp(value: string): number | null {
  if (!ISO_MS.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** The exchange's description, which the scheme and the debugger's model (debug/models/prehash-header.ts) share. */
export const okxV5Exchange: PrehashHeaderExchange = {
  id: 'okx-v5',
  title: 'OKX v5',
  description: 'OKX v5 REST: OK-ACCESS-SIGN = base64 HMAC-SHA256 with the SecretKey over ISO-8601 timestamp + METHOD + path?query + body; key, timestamp and passphrase headers.',
  docs: 'https://www.okx.com/docs-v5/en/#overview-rest-authentication-making-requests',
  hosts: ['www.okx.com', 'okx.com', 'aws.okx.com'],
  exchange: 'OKX',
  headers: { key: 'OK-ACCESS-KEY', sign: 'OK-ACCESS-SIGN', timestamp: 'OK-ACCESS-TIMESTAMP', passphrase: 'OK-ACCESS-PASSPHRASE' },
  expect: { apiKey: 'the OKX API key', secret: 'the OKX SecretKey, as issued', passphrase: 'the passphrase chosen when the OKX API key was created' },
  timestamp: {
    ms: isoTimestamp,
    fresh: (ms) => new Date(ms).toISOString(),
    unit: 'ISO 8601 with ms',
    expected: 'expected ISO 8601 UTC with milliseconds, like 2020-12-08T09:08:57.715Z',
    notA: 'ISO 8601 with milliseconds (2020-12-08T09:08:57.715Z)',
  },
  key: { bytes: (secret) => Buffer.from(secret, 'utf8'), label: 'HMAC-SHA256 keyed with the SecretKey (its UTF-8 bytes, not decoded)' },
  path: { term: 'requestPath', label: 'request path (path and query as sent)', value: (pathAndQuery) => pathAndQuery },
  passphrase: plainPassphrase('.'),
  mismatch: 'The signature does not match the request: check the SecretKey (used as text), and that timestamp, method, path with query, and body are exactly what was signed.',
};

export const okxV5Scheme = prehashHeaderScheme(okxV5Exchange);
