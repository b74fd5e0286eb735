/**
 * `coinbase-exchange-hmac`: Coinbase Exchange REST private endpoints (api.exchange.coinbase.com).
 * Docs: https://docs.cdp.coinbase.com/exchange/rest-api/authentication
 *
 *   CB-ACCESS-KEY        the API key
 *   CB-ACCESS-SIGN       base64(HMAC-SHA256(key = base64-DECODED secret, prehash))
 *   CB-ACCESS-TIMESTAMP  Unix seconds, emitted as an integer
 *   CB-ACCESS-PASSPHRASE the passphrase chosen when the key was created, as typed
 *
 *   prehash = timestamp + METHOD + requestPath + body
 *
 * requestPath is the path and, when there is one, `?` and the query exactly as sent (`/orders?status=open`); body is
 * the body exactly as sent, or nothing. A request that already carries CB-ACCESS-TIMESTAMP is signed with it as given,
 * decimals included (older Exchange docs allowed fractional seconds; the INTX, Derivatives and Prime pages forbid them).
 * The Exchange page names requestPath without saying whether the query belongs to it; Coinbase's Exchange clients (and
 * the brief this scheme was written to) sign it, while the sibling INTX, Derivatives and Prime pages say to leave the
 * query out. This scheme signs it, for the Exchange.
 *
 * The shape shared with OKX and KuCoin (order of checks, steps, headers) is in ../prehash-header-scheme.ts.
 */
import { decodeBase64 } from '../encoding';
import { plainPassphrase, prehashHeaderScheme, type PrehashHeaderExchange } from '../prehash-header-scheme';
import { signingInputError } from '../signing-error';

const SECONDS = /^\d{1,12}(\.\d{1,6})?$/;

/** The exchange's description, which the scheme and the debugger's model (debug/models/prehash-header.ts) share. */
export const coinbaseExchangeHmacExchange: PrehashHeaderExchange = {
  id: 'coinbase-exchange-hmac',
  title: 'Coinbase Exchange (HMAC)',
  description: 'Coinbase Exchange REST: CB-ACCESS-SIGN = base64 HMAC-SHA256 with the base64-decoded secret over timestamp + METHOD + path?query + body; key, timestamp (s) and passphrase headers.',
  docs: 'https://docs.cdp.coinbase.com/exchange/rest-api/authentication',
  hosts: ['api.exchange.coinbase.com', 'api-public.sandbox.exchange.coinbase.com'],
  exchange: 'Coinbase',
  headers: { key: 'CB-ACCESS-KEY', sign: 'CB-ACCESS-SIGN', timestamp: 'CB-ACCESS-TIMESTAMP', passphrase: 'CB-ACCESS-PASSPHRASE' },
  expect: { apiKey: 'the Coinbase Exchange API key', passphrase: 'the passphrase chosen when the Exchange API key was created', secret: 'the base64 API secret Coinbase Exchange issued' },
  timestamp: {
    ms: (value) => (SECONDS.test(value) ? Number(value) * 1000 : null),
    fresh: (ms) => String(Math.floor(ms / 1000)),
    unit: 'Unix seconds',
    expected: 'expected Unix seconds, like 1764300000',
    notA: 'Unix seconds',
  },
  key: {
    bytes(secret) {
      const key = decodeBase64(secret, 'credentials.secret');
      if (key.length === 0) throw signingInputError('credentials.secret', 'expected the base64 API secret Coinbase Exchange issued, not an empty value');
      return key;
    },
    label: 'HMAC-SHA256 keyed with the base64-decoded secret',
    digestNote: true,
  },
  path: { term: 'requestPath', label: 'request path (path and query as sent)', value: (pathAndQuery) => pathAndQuery },
  passphrase: plainPassphrase(': Coinbase rejects the request before it checks the signature.'),
  mismatch: 'The signature does not match the request: check the secret (base64-decoded before use), and that timestamp, method, path with query, and body are exactly what was signed.',
};

export const coinbaseExchangeHmacScheme = prehashHeaderScheme(coinbaseExchangeHmacExchange);
