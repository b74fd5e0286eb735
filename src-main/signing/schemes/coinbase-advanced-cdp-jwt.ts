/**
 * `coinbase-advanced-cdp-jwt`: Coinbase App / Advanced Trade REST (api.coinbase.com) with a CDP Secret API key.
 * Docs: https://docs.cdp.coinbase.com/coinbase-app/authentication-authorization/api-key-authentication
 * (JWT recipe: https://docs.cdp.coinbase.com/get-started/authentication/jwt-authentication)
 *
 *   Authorization: Bearer <JWT>, one JWT per request, valid for 2 minutes:
 *   header  {"alg": "ES256" | "EdDSA", "kid": <key name>, "nonce": <nonce>, "typ": "JWT"}
 *   claims  {"sub": <key name>, "iss": "cdp", "nbf": <seconds>, "exp": nbf + 120, "uri": "<METHOD> <host><path>"}
 *
 * The key name is `organizations/{org}/apiKeys/{id}` (credentials.apiKey). ECDSA keys come as a SEC1 PEM
 * ("-----BEGIN EC PRIVATE KEY-----", P-256) and sign ES256; Ed25519 keys come as base64 of 64 bytes (32-byte seed,
 * then the 32-byte public key) and sign EdDSA. A PKCS#8 PEM of either kind is accepted too. The uri claim has no query
 * string, and nothing in the JWT covers the body or the query: that is Coinbase's design, not an omission here.
 * The context's nonce becomes the header nonce and its timestamp sets nbf, so EdDSA tokens are reproducible; ES256
 * signatures are randomized, so two signings of the same request differ and both verify.
 *
 * jose builds and verifies the JWS; node:crypto reads the keys (jose imports only PKCS#8, not SEC1 or raw Ed25519).
 * The CDP v2 SDK (api.cdp.coinbase.com) uses a different claim set (aud ["cdp_service"], a `uris` array, iat), which
 * this scheme does not produce.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { base64url, compactVerify, decodeJwt, decodeProtectedHeader, SignJWT, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { AppError } from '../../base/errors';
import { constantTimeEqual, decodeBase64, getHeader, parseUrl, requireField, upperMethod, withHeaders } from '../encoding';
import { epochMs, readOptions } from '../sign-context';
import { signingInputError } from '../signing-error';
import type { Scheme, SchemeCredentials, SignableRequest, SignContext, SignResult, VerifyOptions, VerifyResult } from '../types';
import { formatDuration, windowEnabled } from '../window-reason';
import { cached } from '../pem-key';
import { defineScheme } from '../define-scheme';

const ID = 'coinbase-advanced-cdp-jwt';
export const LIFETIME_S = 120;
export const ISSUER = 'cdp';
const KEY_EXPECTED = 'expected the key Coinbase issued: an EC P-256 PEM (-----BEGIN EC PRIVATE KEY-----), the base64 Ed25519 secret (64 bytes), or a PKCS#8 PEM of either';
/** DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

type Algorithm = 'ES256' | 'EdDSA';

interface SigningKey {
  readonly privateKey: KeyObject;
  readonly alg: Algorithm;
  readonly kind: string;
}

/** Reads the key as Coinbase issues it (once per credentials object and key text); names the credential field on every failure. */
export function cdpSigningKey(credentials: SchemeCredentials): SigningKey {
  return cached(credentials, 'cdp', credentials.privateKeyPem ?? credentials.secret ?? '', () => readSigningKey(credentials));
}

function readSigningKey(credentials: SchemeCredentials): SigningKey {
  const field = credentials.privateKeyPem !== undefined ? 'privateKeyPem' : 'secret';
  // Key files pasted out of JSON often keep their newlines as the two characters "\n".
  const text = requireField(credentials.privateKeyPem ?? credentials.secret, field, KEY_EXPECTED).replace(/\\n/g, '\n').trim();
  const name = `credentials.${field}`;
  if (text.startsWith('-----BEGIN')) {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey({ key: text, format: 'pem' });
    } catch {
      throw signingInputError(name, `this PEM could not be read as a private key (is it complete, with its BEGIN and END lines?); ${KEY_EXPECTED}`);
    }
    if (privateKey.asymmetricKeyType === 'ec') {
      const curve = privateKey.asymmetricKeyDetails?.namedCurve;
      if (curve !== 'prime256v1') throw signingInputError(name, `ES256 needs a P-256 key; this EC key is on ${curve ?? 'an unknown curve'}`);
      return { privateKey, alg: 'ES256', kind: text.includes('BEGIN EC PRIVATE KEY') ? 'EC P-256, SEC1 PEM' : 'EC P-256, PKCS#8 PEM' };
    }
    if (privateKey.asymmetricKeyType === 'ed25519') return { privateKey, alg: 'EdDSA', kind: 'Ed25519, PKCS#8 PEM' };
    throw signingInputError(name, `a ${privateKey.asymmetricKeyType ?? 'unknown'} key cannot sign a Coinbase JWT; create an ECDSA or Ed25519 key in the CDP portal`);
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) throw signingInputError(name, KEY_EXPECTED);
  const bytes = decodeBase64(text, name);
  try {
    if (bytes.length !== 64) throw signingInputError(name, `the base64 Ed25519 secret Coinbase issues is 64 bytes (seed, then public key); this one is ${bytes.length}`);
    const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, bytes.subarray(0, 32)]), format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32);
    if (!publicKey.equals(bytes.subarray(32))) throw signingInputError(name, 'the last 32 bytes are not the public key of the first 32: the secret is damaged or truncated');
    return { privateKey, alg: 'EdDSA', kind: 'Ed25519, base64 seed + public key' };
  } finally {
    bytes.fill(0);
  }
}

/** The uri claim a request needs: "METHOD host/path", no query. */
export function expectedUri(request: SignableRequest): string {
  const method = upperMethod(request);
  const url = parseUrl(request.url);
  return `${method} ${url.host}${url.pathname}`;
}

interface Token {
  readonly header: { alg: Algorithm; kid: string; nonce: string; typ: 'JWT' };
  readonly claims: { sub: string; iss: string; nbf: number; exp: number; uri: string };
  readonly signingInput: string;
}

function tokenParts(keyName: string, alg: Algorithm, nonce: string, nbf: number, uri: string): Token {
  const header = { alg, kid: keyName, nonce, typ: 'JWT' as const };
  const claims = { sub: keyName, iss: ISSUER, nbf, exp: nbf + LIFETIME_S, uri };
  const signingInput = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(claims))}`;
  return { header, claims, signingInput };
}

async function signToken(t: Token, key: SigningKey): Promise<string> {
  const jwt = await new SignJWT({ ...t.claims }).setProtectedHeader({ ...t.header }).sign(key.privateKey);
  // jose serialises header and claims in insertion order; the canonical string shown must be what was signed.
  if (!jwt.startsWith(`${t.signingInput}.`)) throw new AppError('ERR_INTERNAL', 'jose serialised the JWT differently from the canonical string shown; nothing was sent.');
  return jwt;
}

function canonicalParts(t: Token) {
  const [h, c] = t.signingInput.split('.') as [string, string];
  return [
    { label: `protected header (base64url of ${JSON.stringify(t.header)})`, value: h },
    { label: 'separator', value: '.' },
    { label: `claims (base64url of ${JSON.stringify(t.claims)})`, value: c },
  ];
}

async function sign(request: SignableRequest, credentials: SchemeCredentials, ctx: SignContext): Promise<SignResult> {
  readOptions(ctx, [], ID);
  const keyName = requireField(credentials.apiKey, 'apiKey', 'the CDP API key name, like organizations/{org_id}/apiKeys/{key_id}');
  const key = cdpSigningKey(credentials);
  if (ctx.nonce === '') throw signingInputError('nonce', 'expected a non-empty nonce for the JWT header');
  const nbf = Math.floor(epochMs(ctx) / 1000);
  const t = tokenParts(keyName, key.alg, ctx.nonce, nbf, expectedUri(request));
  const jwt = await signToken(t, key);
  const authorization = `Bearer ${jwt}`;
  return {
    request: { ...request, method: request.method.toUpperCase(), headers: withHeaders(request.headers, { Authorization: authorization }) },
    canonical: t.signingInput,
    canonicalParts: canonicalParts(t),
    signature: jwt,
    steps: [
      { label: 'JWT header', value: JSON.stringify(t.header), encoding: 'json', note: `key: ${key.kind}` },
      { label: 'JWT claims', value: JSON.stringify(t.claims), encoding: 'json', note: `valid from nbf for ${LIFETIME_S} s; uri is METHOD host+path, without the query` },
      { label: 'Signing input: base64url(header) + "." + base64url(claims)', value: t.signingInput, encoding: 'text' },
      {
        label: key.alg === 'ES256' ? 'ES256: ECDSA P-256 over SHA-256 of the signing input, r||s, base64url' : 'EdDSA: Ed25519 over the signing input, base64url',
        value: jwt.slice(t.signingInput.length + 1),
        encoding: 'text',
        note: key.alg === 'ES256' ? 'randomized: each signing gives a different, equally valid signature' : 'deterministic: the same nonce and timestamp give the same token',
      },
      { label: 'Authorization header', value: authorization, encoding: 'text' },
    ],
  };
}

/** base64url that re-encodes to itself: a changed padding bit is an alteration, not an equivalent token. */
function canonicalBase64url(segment: string): boolean {
  try {
    return /^[A-Za-z0-9_-]*$/.test(segment) && base64url.encode(base64url.decode(segment)) === segment;
  } catch {
    return false;
  }
}

async function verify(request: SignableRequest, credentials: SchemeCredentials, opts: VerifyOptions): Promise<VerifyResult> {
  const keyName = requireField(credentials.apiKey, 'apiKey', 'the CDP API key name, like organizations/{org_id}/apiKeys/{key_id}');
  const key = cdpSigningKey(credentials);
  const uri = expectedUri(request);
  const unsigned = (reason: string): VerifyResult => ({ valid: false, reason, canonical: '', expected: '' });
  const m = /^Bearer\s+(\S+)$/i.exec(getHeader(request.headers, 'authorization')?.trim() ?? '');
  if (!m) return unsigned('The Authorization header is missing or is not "Bearer <JWT>".');
  const jwt = m[1] as string;
  let header: ProtectedHeaderParameters;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(jwt);
    claims = decodeJwt(jwt);
  } catch {
    return unsigned('The bearer token is not a well-formed JWT (three base64url parts: header, claims, signature).');
  }
  if (!jwt.split('.').every(canonicalBase64url)) return unsigned('The JWT’s base64url is not canonical: the token was altered after signing.');
  const nonce = typeof header.nonce === 'string' ? header.nonce : '';
  const nbf = typeof claims.nbf === 'number' && Number.isInteger(claims.nbf) ? claims.nbf : null;
  if (nonce === '' || nbf === null) return unsigned(`The JWT has no ${nonce === '' ? 'nonce in its header' : 'whole-second nbf claim'}: Coinbase requires both.`);
  const t = tokenParts(keyName, key.alg, nonce, nbf, uri);
  const expected = opts.expected === false ? '' : await signToken(t, key);
  const invalid = (reason: string): VerifyResult => ({ valid: false, reason, canonical: t.signingInput, expected });
  if (header.alg !== key.alg) return invalid(`The JWT is signed with ${String(header.alg)}, but this ${key.kind} key signs ${key.alg}.`);
  try {
    await compactVerify(jwt, createPublicKey(key.privateKey), { algorithms: [key.alg] });
  } catch {
    return invalid('The JWT signature does not verify with this key’s public key: it was signed with another key, or the token was altered.');
  }
  if (header.kid !== keyName) return invalid(`The JWT header kid is ${JSON.stringify(header.kid)}, not this key name.`);
  if (claims.sub !== keyName) return invalid(`The JWT sub claim is ${JSON.stringify(claims.sub)}, not this key name.`);
  if (claims.iss !== ISSUER) return invalid(`The JWT iss claim is ${JSON.stringify(claims.iss)}; Coinbase expects "${ISSUER}".`);
  if (typeof claims.uri !== 'string' || !constantTimeEqual(claims.uri, uri)) {
    return invalid(`The JWT was made for ${JSON.stringify(claims.uri)}, but this request is "${uri}": sign a new JWT for each method, host and path.`);
  }
  if (typeof claims.exp !== 'number' || claims.exp <= nbf) return invalid('The JWT’s exp is missing or not after nbf.');
  if (windowEnabled(opts)) {
    if (opts.now < nbf * 1000 - opts.windowMs) return invalid(`The JWT is not valid yet: nbf is ${formatDuration(nbf * 1000 - opts.now)} ahead of now (window ±${formatDuration(opts.windowMs)}). Check the clock.`);
    if (opts.now > claims.exp * 1000) return invalid(`The JWT expired ${formatDuration(opts.now - claims.exp * 1000)} ago: JWTs live ${LIFETIME_S} s, so sign a new one for each request.`);
  }
  return { valid: true, reason: null, canonical: t.signingInput, expected };
}

export const coinbaseAdvancedCdpJwtScheme: Scheme = defineScheme({
  id: ID,
  title: 'Coinbase Advanced Trade (CDP key JWT)',
  description: 'Coinbase App / Advanced Trade with a CDP Secret API key: a 2-minute JWT (ES256 for ECDSA keys, EdDSA for Ed25519 keys) with kid, nonce, sub, iss "cdp", nbf, exp and uri "METHOD host/path", sent as Authorization: Bearer.',
  docs: 'https://docs.cdp.coinbase.com/coinbase-app/authentication-authorization/api-key-authentication',
  hosts: ['api.coinbase.com'],
  credentials: ['apiKey', ['secret', 'privateKeyPem']],
  sign,
  verify,
});
