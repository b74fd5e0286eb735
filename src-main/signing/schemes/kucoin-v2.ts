/**
 * `kucoin-v2`: KuCoin REST private endpoints with a version 2 API key (api.kucoin.com).
 * Docs: https://www.kucoin.com/docs-new/authentication
 *
 *   KC-API-KEY          the API key
 *   KC-API-SIGN         base64(HMAC-SHA256(key = the secret's UTF-8 bytes, prehash))
 *   KC-API-TIMESTAMP    epoch milliseconds
 *   KC-API-PASSPHRASE   base64(HMAC-SHA256(key = the secret, the passphrase)): v2 keys never send it in plain text
 *   KC-API-KEY-VERSION  2 (option keyVersion=3 for v3 keys, which the docs sign the same way)
 *
 *   prehash = timestamp + METHOD + endpoint + body
 *
 * endpoint is the path and `?query`, URL-DECODED: "When generating signature, the URL must use the content that has
 * not been URL-encoded" (…?passphrase=abc%21%40%2311 is signed as …?passphrase=abc!@#11). body is the JSON body
 * as sent, or nothing. A request that already carries KC-API-TIMESTAMP is signed with it as given.
 *
 * The shape shared with Coinbase Exchange and OKX (order of checks, steps, headers) is in ../prehash-header-scheme.ts.
 */
import { constantTimeEqual, hmac } from '../encoding';
import { prehashHeaderScheme, type PrehashHeaderExchange } from '../prehash-header-scheme';
import { signingInputError } from '../signing-error';

const MS = /^\d{1,15}$/;
const VERSIONS = ['2', '3'];
const PASSPHRASE = 'KC-API-PASSPHRASE';
const VERSION = 'KC-API-KEY-VERSION';

/** Decodes each run of %XX escapes that forms valid UTF-8; anything else stays as typed. */
export function urlDecoded(value: string): string {
  return value.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** KC-API-PASSPHRASE for v2/v3 keys. */
export function kucoinPassphrase(secret: string, passphrase: string): string {
  return hmac('sha256', Buffer.from(secret, 'utf8'), Buffer.from(passphrase, 'utf8')).toString('base64');
}

/** The exchange's description, which the scheme and the debugger's model (debug/models/prehash-header.ts) share. */
export const kucoinV2Exchange: PrehashHeaderExchange = {
  id: 'kucoin-v2',
  title: 'KuCoin (API key v2)',
  description: 'KuCoin REST: KC-API-SIGN = base64 HMAC-SHA256 over ms timestamp + METHOD + URL-decoded path?query + body; the passphrase is sent as base64 HMAC-SHA256 of it; KC-API-KEY-VERSION 2.',
  docs: 'https://www.kucoin.com/docs-new/authentication',
  hosts: ['api.kucoin.com', 'api-futures.kucoin.com'],
  exchange: 'KuCoin',
  headers: { key: 'KC-API-KEY', sign: 'KC-API-SIGN', timestamp: 'KC-API-TIMESTAMP', passphrase: PASSPHRASE },
  expect: { apiKey: 'the KuCoin API key', secret: 'the KuCoin API secret, as issued', passphrase: 'the passphrase chosen when the KuCoin API key was created' },
  timestamp: {
    ms: (value) => (MS.test(value) ? Number(value) : null),
    fresh: String,
    unit: 'ms',
    expected: 'expected epoch milliseconds, like 1764300000000',
    notA: 'epoch milliseconds',
  },
  key: { bytes: (secret) => Buffer.from(secret, 'utf8'), label: 'HMAC-SHA256 keyed with the secret (UTF-8)' },
  path: { term: 'endpoint', label: 'endpoint (path and query, URL-decoded)', value: urlDecoded, note: 'endpoint URL-decoded as KuCoin requires' },
  passphrase: {
    value: kucoinPassphrase,
    shown: '(HMAC of your passphrase)',
    step: { label: `${PASSPHRASE} = base64(HMAC-SHA256 keyed with the secret, over the passphrase)`, value: '(derived from your passphrase; not shown)', encoding: 'text' },
    check(sent, passphrase, secret) {
      if (sent === undefined) return `The ${PASSPHRASE} header is missing.`;
      if (constantTimeEqual(sent.trim(), kucoinPassphrase(secret, passphrase))) return null;
      // A v1 habit: say so, rather than only "wrong passphrase".
      return constantTimeEqual(sent, passphrase)
        ? `${PASSPHRASE} carries the passphrase in plain text; v2 keys send base64(HMAC-SHA256(secret, passphrase)).`
        : `${PASSPHRASE} is not the HMAC of this key’s passphrase: check the passphrase and the secret.`;
    },
  },
  extraHeader: {
    name: VERSION,
    option: 'keyVersion',
    value(option) {
      const keyVersion = option ?? '2';
      if (!VERSIONS.includes(keyVersion)) throw signingInputError('option keyVersion', 'expected 2 or 3 (version 1 keys sent the passphrase in plain text and are retired)');
      return keyVersion;
    },
    check: (sent) =>
      sent === undefined || !VERSIONS.includes(sent.trim()) ? `${VERSION} is ${sent === undefined ? 'missing' : `"${sent}"`}: a v2 key must say 2 (v3: 3), or KuCoin expects a plain-text passphrase.` : null,
  },
  mismatch: 'The signature does not match the request: check the secret, and that timestamp, method, endpoint (URL-decoded, with its query) and body are exactly what was signed.',
};

export const kucoinV2Scheme = prehashHeaderScheme(kucoinV2Exchange);
