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
 */
import { constantTimeEqual, getHeader, hmac, parseUrl, requireField, upperMethod, withHeaders } from '../encoding';
import { epochMs, readOptions } from '../sign-context';
import { signingInputError } from '../signing-error';
import type { Scheme, SchemeCredentials, SignableRequest, SignContext, SignResult, VerifyOptions, VerifyResult } from '../types';
import { windowReason } from '../window-reason';

const ID = 'kucoin-v2';
const H = { key: 'KC-API-KEY', sign: 'KC-API-SIGN', timestamp: 'KC-API-TIMESTAMP', passphrase: 'KC-API-PASSPHRASE', version: 'KC-API-KEY-VERSION' } as const;
const MS = /^\d{1,15}$/;
const VERSIONS = ['2', '3'];

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

function compute(request: SignableRequest, secret: string, timestamp: string) {
  const method = upperMethod(request);
  const url = parseUrl(request.url);
  const parts = [
    { label: 'timestamp (KC-API-TIMESTAMP, ms)', value: timestamp },
    { label: 'method', value: method },
    { label: 'endpoint (path and query, URL-decoded)', value: urlDecoded(url.pathname + url.search) },
    { label: 'body (as sent; empty when there is none)', value: request.body ?? '' },
  ];
  const canonical = parts.map((p) => p.value).join('');
  const digest = hmac('sha256', Buffer.from(secret, 'utf8'), Buffer.from(canonical, 'utf8'));
  return { parts, canonical, digest, signature: digest.toString('base64') };
}

function sign(request: SignableRequest, credentials: SchemeCredentials, ctx: SignContext): SignResult {
  const options = readOptions(ctx, ['keyVersion'], ID);
  const apiKey = requireField(credentials.apiKey, 'apiKey', 'the KuCoin API key');
  const secret = requireField(credentials.secret, 'secret', 'the KuCoin API secret, as issued');
  const passphrase = requireField(credentials.passphrase, 'passphrase', 'the passphrase chosen when the KuCoin API key was created');
  const keyVersion = options.keyVersion ?? '2';
  if (!VERSIONS.includes(keyVersion)) throw signingInputError('option keyVersion', 'expected 2 or 3 (version 1 keys sent the passphrase in plain text and are retired)');
  const given = getHeader(request.headers, H.timestamp);
  if (given !== undefined && !MS.test(given)) throw signingInputError(`headers.${H.timestamp}`, 'expected epoch milliseconds, like 1764300000000');
  const timestamp = given ?? String(epochMs(ctx));
  const { parts, canonical, digest, signature } = compute(request, secret, timestamp);
  const encryptedPassphrase = kucoinPassphrase(secret, passphrase);
  const headers = withHeaders(request.headers, { [H.key]: apiKey, [H.sign]: signature, [H.timestamp]: timestamp, [H.passphrase]: encryptedPassphrase, [H.version]: keyVersion });
  return {
    request: { ...request, method: request.method.toUpperCase(), headers },
    canonical,
    canonicalParts: parts,
    signature,
    steps: [
      { label: 'Prehash: timestamp + METHOD + endpoint + body', value: canonical, encoding: 'text', note: given === undefined ? 'timestamp added from the clock; endpoint URL-decoded as KuCoin requires' : 'timestamp taken from the request as given; endpoint URL-decoded as KuCoin requires' },
      { label: 'HMAC-SHA256 keyed with the secret (UTF-8)', value: digest.toString('hex'), encoding: 'hex' },
      { label: 'Base64 of the digest (KC-API-SIGN)', value: signature, encoding: 'base64' },
      { label: 'KC-API-PASSPHRASE = base64(HMAC-SHA256 keyed with the secret, over the passphrase)', value: '(derived from your passphrase; not shown)', encoding: 'text' },
      { label: 'Headers added', value: `${H.key}: ${apiKey}\n${H.sign}: ${signature}\n${H.timestamp}: ${timestamp}\n${H.passphrase}: (HMAC of your passphrase)\n${H.version}: ${keyVersion}`, encoding: 'text' },
    ],
  };
}

function verify(request: SignableRequest, credentials: SchemeCredentials, opts: VerifyOptions): VerifyResult {
  const secret = requireField(credentials.secret, 'secret', 'the KuCoin API secret, as issued');
  const sent = getHeader(request.headers, H.sign);
  const timestamp = getHeader(request.headers, H.timestamp);
  if (sent === undefined) return { valid: false, reason: `The ${H.sign} header is missing: the request is not signed.`, canonical: '', expected: '' };
  if (timestamp === undefined || !MS.test(timestamp)) {
    return { valid: false, reason: `The ${H.timestamp} header is ${timestamp === undefined ? 'missing' : `"${timestamp}", not epoch milliseconds`}: KuCoin signs it into the prehash.`, canonical: '', expected: '' };
  }
  const { canonical, signature } = compute(request, secret, timestamp);
  const invalid = (reason: string): VerifyResult => ({ valid: false, reason, canonical, expected: signature });
  const sentKey = getHeader(request.headers, H.key);
  if (credentials.apiKey !== undefined && sentKey !== credentials.apiKey) {
    return invalid(sentKey === undefined ? `The ${H.key} header is missing.` : `The request names API key "${sentKey}", not this key.`);
  }
  const version = getHeader(request.headers, H.version);
  if (version === undefined || !VERSIONS.includes(version.trim())) {
    return invalid(`${H.version} is ${version === undefined ? 'missing' : `"${version}"`}: a v2 key must say 2 (v3: 3), or KuCoin expects a plain-text passphrase.`);
  }
  const sentPassphrase = getHeader(request.headers, H.passphrase);
  if (credentials.passphrase !== undefined) {
    if (sentPassphrase === undefined) return invalid(`The ${H.passphrase} header is missing.`);
    if (!constantTimeEqual(sentPassphrase.trim(), kucoinPassphrase(secret, credentials.passphrase))) {
      return invalid(
        constantTimeEqual(sentPassphrase, credentials.passphrase)
          ? `${H.passphrase} carries the passphrase in plain text; v2 keys send base64(HMAC-SHA256(secret, passphrase)).`
          : `${H.passphrase} is not the HMAC of this key’s passphrase: check the passphrase and the secret.`,
      );
    }
  }
  if (!constantTimeEqual(signature, sent.trim())) {
    return invalid('The signature does not match the request: check the secret, and that timestamp, method, endpoint (URL-decoded, with its query) and body are exactly what was signed.');
  }
  const stale = windowReason(Number(timestamp), opts, H.timestamp);
  if (stale) return invalid(stale);
  return { valid: true, reason: null, canonical, expected: signature };
}

export const kucoinV2Scheme: Scheme = {
  id: ID,
  title: 'KuCoin (API key v2)',
  description: 'KuCoin REST: KC-API-SIGN = base64 HMAC-SHA256 over ms timestamp + METHOD + URL-decoded path?query + body; the passphrase is sent as base64 HMAC-SHA256 of it; KC-API-KEY-VERSION 2.',
  docs: 'https://www.kucoin.com/docs-new/authentication',
  hosts: ['api.kucoin.com', 'api-futures.kucoin.com'],
  credentials: ['apiKey', 'secret', 'passphrase'],
  sign,
  verify,
};
