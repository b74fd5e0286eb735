/**
 * `kraken-spot`: Kraken Spot REST private endpoints (docs: https://docs.kraken.com/api/docs/guides/spot-rest-auth).
 *
 *   API-Sign = base64( HMAC-SHA512( key = base64-decoded secret,
 *                                   message = URI path bytes ("/0/private/AddOrder") + SHA-256(nonce + POST data) ) )
 *
 * where POST data is the exact body sent, nonce included, and the SHA-256 enters the message as its 32 raw bytes.
 * Headers: `API-Key`, `API-Sign`. Private endpoints are POST with the parameters in the body, form-encoded (the
 * docs' example) or JSON (the docs' signing snippets also accept a JSON body, whose "nonce" member is the nonce).
 * A body that already has a nonce is signed as given; otherwise the nonce is added as the first field. Kraken's nonce
 * is an always-increasing unsigned 64-bit integer: the given nonce when numeric, else the timestamp in milliseconds.
 *
 * The canonical string is what the SHA-256 hashes, nonce + POST data; the steps show the rest. Verifying has no time
 * window: Kraken checks that nonces increase (optionally within a per-key nonce window), not a clock.
 */
import { constantTimeEqual, decodeBase64, getHeader, hmac, parseUrl, rawQuery, requireField, sha256, upperMethod, withHeaders } from '../encoding';
import { integerNonce } from '../integer-nonce';
import { assertFormText, encodeFormText, formDecode, formValue, jsonIntegerMember, parseJsonObject, prependJsonMembers } from '../payload-text';
import { readOptions } from '../sign-context';
import { signingInputError } from '../signing-error';
import type { Scheme, SchemeCredentials, SignableRequest, SignContext, SignResult, VerifyOptions, VerifyResult } from '../types';
import { defineScheme } from '../define-scheme';

const ID = 'kraken-spot';

export function isKrakenJson(request: SignableRequest): boolean {
  const contentType = getHeader(request.headers, 'content-type');
  if (contentType !== undefined) return /^\s*application\/json\s*(;|$)/i.test(contentType);
  return /^\s*[[{]/.test(request.body ?? '');
}

/** The nonce a body carries (form: the first nonce= parameter; JSON: the top-level "nonce" member), or undefined. */
export function bodyNonce(body: string, json: boolean): string | undefined {
  if (json) return jsonIntegerMember(body, parseJsonObject(body, 'body', 'expected a JSON object'), 'nonce');
  const raw = formValue(body, 'nonce');
  return raw === undefined ? undefined : formDecode(raw);
}

/** The JSON body with its nonce: as given when it has one, else added as the first member (a string of digits). */
function jsonWithNonce(text: string, ctx: SignContext): { body: string; nonce: string; nonceNote: string } {
  const body = text === '' ? '{}' : text;
  const parsed = parseJsonObject(body, 'body', 'expected a JSON object');
  if (parsed.nonce !== undefined) {
    const given = jsonIntegerMember(body, parsed, 'nonce');
    if (given === undefined) throw signingInputError('body.nonce', 'expected an unsigned integer (a number or a string of digits)');
    return { body, nonce: given, nonceNote: 'the nonce already in the body' };
  }
  const { value, note } = integerNonce(ctx, 'ms');
  return { body: prependJsonMembers(body, [['nonce', JSON.stringify(value)]], Object.keys(parsed).length === 0), nonce: value, nonceNote: note };
}

/** The form body with its nonce: as given when it has one, else added as the first field. */
function formWithNonce(text: string, ctx: SignContext): { body: string; nonce: string; nonceNote: string } {
  const body = encodeFormText(text, 'body');
  if (body !== '') assertFormText(body, 'body');
  const given = bodyNonce(body, false);
  if (given !== undefined) {
    if (!/^\d{1,20}$/.test(given)) throw signingInputError('body', `nonce= must be an unsigned integer, not ${JSON.stringify(given)}`);
    return { body, nonce: given, nonceNote: 'the nonce already in the body' };
  }
  const { value, note } = integerNonce(ctx, 'ms');
  return { body: body === '' ? `nonce=${value}` : `nonce=${value}&${body}`, nonce: value, nonceNote: note };
}

/** The HMAC's message: the URI path bytes, then the 32 raw bytes of SHA-256(nonce + POST data). */
export function krakenMessage(path: string, canonical: string): { pathBytes: Buffer; digest: Buffer; message: Buffer } {
  const digest = sha256(Buffer.from(canonical, 'utf8'));
  const pathBytes = Buffer.from(path, 'utf8');
  return { pathBytes, digest, message: Buffer.concat([pathBytes, digest]) };
}

function compute(path: string, nonce: string, body: string, secret: Buffer) {
  const canonical = nonce + body;
  const { pathBytes, digest, message } = krakenMessage(path, canonical);
  const mac = hmac('sha512', secret, message);
  return { canonical, digest, pathBytes, mac, signature: mac.toString('base64') };
}

function secretOf(credentials: SchemeCredentials): Buffer {
  const secret = decodeBase64(requireField(credentials.secret, 'secret', 'the private key Kraken issued (base64)'), 'credentials.secret');
  if (secret.length === 0) throw signingInputError('credentials.secret', 'expected base64 (as the API issued it)');
  return secret;
}

function sign(request: SignableRequest, credentials: SchemeCredentials, ctx: SignContext): SignResult {
  readOptions(ctx, [], ID);
  const apiKey = requireField(credentials.apiKey, 'apiKey', 'the public API key Kraken issued (sent as API-Key)');
  const secret = secretOf(credentials);
  const method = upperMethod(request);
  if (method !== 'POST') throw signingInputError('method', `Kraken private endpoints are POST, not ${method}`);
  const url = parseUrl(request.url);
  if (rawQuery(url) !== '') throw signingInputError('url', 'Kraken private endpoints take their parameters in the POST body: move the query string into the body');
  const json = isKrakenJson(request);

  const { body, nonce, nonceNote } = json ? jsonWithNonce(request.body ?? '', ctx) : formWithNonce(request.body ?? '', ctx);

  const path = url.pathname;
  const { canonical, digest, pathBytes, mac, signature } = compute(path, nonce, body, secret);
  const headers: Record<string, string> = { 'API-Key': apiKey, 'API-Sign': signature };
  if (getHeader(request.headers, 'content-type') === undefined) headers['Content-Type'] = json ? 'application/json' : 'application/x-www-form-urlencoded';
  return {
    request: { method, url: `${url.origin}${path}`, headers: withHeaders(request.headers, headers), body },
    canonical,
    canonicalParts: [
      { label: 'nonce', value: nonce },
      { label: 'POST data (the body as sent, nonce included)', value: body },
    ],
    signature,
    steps: [
      { label: 'URI path bytes', value: path, encoding: 'text', note: `${pathBytes.length} bytes, UTF-8` },
      { label: 'nonce + POST data', value: canonical, encoding: 'text', note: `nonce: ${nonceNote}` },
      { label: 'SHA-256 of nonce + POST data', value: digest.toString('hex'), encoding: 'hex', note: 'enters the HMAC message as 32 raw bytes, after the URI path bytes' },
      { label: 'HMAC-SHA512 of (URI path bytes + SHA-256), keyed with the base64-decoded secret', value: mac.toString('hex'), encoding: 'hex', note: `${secret.length}-byte key; message ${pathBytes.length + digest.length} bytes` },
      { label: 'API-Sign: the HMAC in base64', value: signature, encoding: 'base64' },
    ],
  };
}

function verify(request: SignableRequest, credentials: SchemeCredentials, opts: VerifyOptions): VerifyResult {
  readOptions({ options: opts.options }, [], ID);
  const secret = secretOf(credentials);
  const url = parseUrl(request.url);
  const body = request.body ?? '';
  const json = isKrakenJson(request);
  let nonce: string | undefined;
  try {
    nonce = bodyNonce(body, json);
  } catch {
    return { valid: false, reason: 'The body is not the JSON object its Content-Type says it is.', canonical: '', expected: '' };
  }
  if (nonce === undefined || !/^\d{1,20}$/.test(nonce)) {
    return { valid: false, reason: `The body carries no ${json ? '"nonce" member' : 'nonce= parameter'} with an unsigned integer: Kraken signs nonce + POST data, and rejects requests without a nonce.`, canonical: '', expected: '' };
  }
  const { canonical, signature } = compute(url.pathname, nonce, body, secret);
  const result = (reason: string | null): VerifyResult => ({ valid: reason === null, reason, canonical, expected: signature });
  const apiSign = getHeader(request.headers, 'api-sign');
  const apiKey = getHeader(request.headers, 'api-key');
  if (apiSign === undefined) return result('The API-Sign header is missing.');
  if (apiKey === undefined) return result('The API-Key header is missing: Kraken needs the public API key there.');
  if (credentials.apiKey !== undefined && credentials.apiKey !== '' && apiKey !== credentials.apiKey) return result(`The request names API key "${apiKey.slice(0, 12)}…" in API-Key, not this key.`);
  if (!constantTimeEqual(signature, apiSign.trim())) {
    return result('API-Sign does not match: check the secret (the base64 private key, decoded before use), that the URI path is the one signed, and that the body was not changed or re-encoded after signing.');
  }
  if (rawQuery(url) !== '') return result('The URL has a query string, which API-Sign does not cover: Kraken private endpoints take their parameters in the POST body.');
  if (upperMethod(request) !== 'POST') return result('Kraken private endpoints are POST.');
  return result(null);
}

export const krakenSpotScheme: Scheme = defineScheme({
  id: ID,
  title: 'Kraken Spot',
  description: 'Kraken Spot REST private endpoints: API-Sign = base64 HMAC-SHA512 (base64-decoded secret) of the URI path + SHA-256(nonce + POST data); API-Key header.',
  docs: 'https://docs.kraken.com/api/docs/guides/spot-rest-auth',
  hosts: ['api.kraken.com'],
  credentials: ['apiKey', 'secret'],
  sign,
  verify,
});
