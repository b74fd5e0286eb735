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
 */
import { constantTimeEqual, decodeBase64, getHeader, hmac, parseUrl, requireField, upperMethod, withHeaders } from '../encoding';
import { epochMs, readOptions } from '../sign-context';
import { signingInputError } from '../signing-error';
import type { Scheme, SchemeCredentials, SignableRequest, SignContext, SignResult, VerifyOptions, VerifyResult } from '../types';
import { windowReason } from '../window-reason';

const ID = 'coinbase-exchange-hmac';
const H = { key: 'CB-ACCESS-KEY', sign: 'CB-ACCESS-SIGN', timestamp: 'CB-ACCESS-TIMESTAMP', passphrase: 'CB-ACCESS-PASSPHRASE' } as const;
const SECONDS = /^\d{1,12}(\.\d{1,6})?$/;

function secretKey(credentials: SchemeCredentials): Buffer {
  const secret = requireField(credentials.secret, 'secret', 'the base64 API secret Coinbase Exchange issued');
  const key = decodeBase64(secret, 'credentials.secret');
  if (key.length === 0) throw signingInputError('credentials.secret', 'expected the base64 API secret Coinbase Exchange issued, not an empty value');
  return key;
}

function compute(request: SignableRequest, key: Buffer, timestamp: string) {
  const method = upperMethod(request);
  const url = parseUrl(request.url);
  const parts = [
    { label: 'timestamp (CB-ACCESS-TIMESTAMP, Unix seconds)', value: timestamp },
    { label: 'method', value: method },
    { label: 'request path (path and query as sent)', value: url.pathname + url.search },
    { label: 'body (as sent; empty when there is none)', value: request.body ?? '' },
  ];
  const canonical = parts.map((p) => p.value).join('');
  const digest = hmac('sha256', key, Buffer.from(canonical, 'utf8'));
  return { parts, canonical, digest, signature: digest.toString('base64') };
}

function sign(request: SignableRequest, credentials: SchemeCredentials, ctx: SignContext): SignResult {
  readOptions(ctx, [], ID);
  const apiKey = requireField(credentials.apiKey, 'apiKey', 'the Coinbase Exchange API key');
  const passphrase = requireField(credentials.passphrase, 'passphrase', 'the passphrase chosen when the Exchange API key was created');
  const key = secretKey(credentials);
  const given = getHeader(request.headers, H.timestamp);
  if (given !== undefined && !SECONDS.test(given)) throw signingInputError(`headers.${H.timestamp}`, 'expected Unix seconds, like 1764300000');
  const timestamp = given ?? String(Math.floor(epochMs(ctx) / 1000));
  const { parts, canonical, digest, signature } = compute(request, key, timestamp);
  key.fill(0);
  const headers = withHeaders(request.headers, { [H.key]: apiKey, [H.sign]: signature, [H.timestamp]: timestamp, [H.passphrase]: passphrase });
  return {
    request: { ...request, method: request.method.toUpperCase(), headers },
    canonical,
    canonicalParts: parts,
    signature,
    steps: [
      { label: 'Prehash: timestamp + METHOD + requestPath + body', value: canonical, encoding: 'text', note: given === undefined ? 'timestamp added from the clock' : 'timestamp taken from the request as given' },
      { label: 'HMAC-SHA256 keyed with the base64-decoded secret', value: digest.toString('hex'), encoding: 'hex', note: `${digest.length}-byte digest` },
      { label: 'Base64 of the digest (CB-ACCESS-SIGN)', value: signature, encoding: 'base64' },
      { label: 'Headers added', value: `${H.key}: ${apiKey}\n${H.sign}: ${signature}\n${H.timestamp}: ${timestamp}\n${H.passphrase}: (your passphrase, as typed)`, encoding: 'text' },
    ],
  };
}

function verify(request: SignableRequest, credentials: SchemeCredentials, opts: VerifyOptions): VerifyResult {
  const key = secretKey(credentials);
  const sent = getHeader(request.headers, H.sign);
  const timestamp = getHeader(request.headers, H.timestamp);
  if (sent === undefined) return { valid: false, reason: `The ${H.sign} header is missing: the request is not signed.`, canonical: '', expected: '' };
  if (timestamp === undefined || !SECONDS.test(timestamp)) {
    return { valid: false, reason: `The ${H.timestamp} header is ${timestamp === undefined ? 'missing' : `"${timestamp}", not Unix seconds`}: Coinbase signs it into the prehash.`, canonical: '', expected: '' };
  }
  const { canonical, signature } = compute(request, key, timestamp);
  key.fill(0);
  const invalid = (reason: string): VerifyResult => ({ valid: false, reason, canonical, expected: signature });
  const sentKey = getHeader(request.headers, H.key);
  if (credentials.apiKey !== undefined && sentKey !== credentials.apiKey) {
    return invalid(sentKey === undefined ? `The ${H.key} header is missing.` : `The request names API key "${sentKey}", not this key.`);
  }
  const sentPassphrase = getHeader(request.headers, H.passphrase);
  if (credentials.passphrase !== undefined && (sentPassphrase === undefined || !constantTimeEqual(sentPassphrase, credentials.passphrase))) {
    return invalid(`${H.passphrase} ${sentPassphrase === undefined ? 'is missing' : 'is not this key’s passphrase'}: Coinbase rejects the request before it checks the signature.`);
  }
  if (!constantTimeEqual(signature, sent.trim())) {
    return invalid('The signature does not match the request: check the secret (base64-decoded before use), and that timestamp, method, path with query, and body are exactly what was signed.');
  }
  const stale = windowReason(Number(timestamp) * 1000, opts, H.timestamp);
  if (stale) return invalid(stale);
  return { valid: true, reason: null, canonical, expected: signature };
}

export const coinbaseExchangeHmacScheme: Scheme = {
  id: ID,
  title: 'Coinbase Exchange (HMAC)',
  description: 'Coinbase Exchange REST: CB-ACCESS-SIGN = base64 HMAC-SHA256 with the base64-decoded secret over timestamp + METHOD + path?query + body; key, timestamp (s) and passphrase headers.',
  docs: 'https://docs.cdp.coinbase.com/exchange/rest-api/authentication',
  hosts: ['api.exchange.coinbase.com', 'api-public.sandbox.exchange.coinbase.com'],
  credentials: ['apiKey', 'secret', 'passphrase'],
  sign,
  verify,
};
