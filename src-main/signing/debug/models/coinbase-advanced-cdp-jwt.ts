/**
 * The debugger's knowledge of `coinbase-advanced-cdp-jwt` (schemes/coinbase-advanced-cdp-jwt.ts): the request carries
 * a JWT in `Authorization: Bearer`, signed ES256 (ECDSA P-256, randomized) or EdDSA (Ed25519), whose header names the
 * key (kid) and a nonce, and whose claims name the key again (sub), the issuer "cdp", nbf and exp (seconds, 120 s
 * apart) and the uri "METHOD host/path". A randomized signature cannot be recomputed and compared, so this model
 * verifies the token's own signature with the key (`findings`) and then reads its claims against the request: the
 * query in the uri, another host, the method's case, another key's name. nbf is the timestamp the engine judges;
 * the JWT covers neither the query nor the body, so no mistake there changes the signature.
 */
import { createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import { base64url, compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { getHeader, withHeaders, withoutHeaders } from '../../encoding';
import { cdpSigningKey, expectedUri, ISSUER, LIFETIME_S } from '../../schemes/coinbase-advanced-cdp-jwt';
import type { SchemeCredentials, SignableRequest } from '../../types';
import type { DebugModel, Finding, MissingPart, ReadRequest } from '../model';

interface Token {
  readonly jwt: string;
  readonly header: ProtectedHeaderParameters;
  readonly claims: JWTPayload;
}

function tokenOf(request: SignableRequest): Token | null {
  const m = /^Bearer\s+(\S+)$/i.exec(getHeader(request.headers, 'authorization')?.trim() ?? '');
  if (!m) return null;
  const jwt = m[1] as string;
  try {
    return { jwt, header: decodeProtectedHeader(jwt), claims: decodeJwt(jwt) };
  } catch {
    return null;
  }
}

/** nbf as epoch ms: whole seconds as the API wants, or milliseconds, a client's mistake the engine names. */
function nbfMs(nbf: number): number {
  return nbf >= 1e11 ? nbf : nbf * 1000;
}

async function verifies(jwt: string, key: KeyObject, alg: string): Promise<boolean> {
  try {
    await compactVerify(jwt, key, { algorithms: [alg] });
    return true;
  } catch {
    return false;
  }
}

/** The token's signature, checked as sent and in the encodings clients get wrong; null when it is not this key's. */
async function signatureCheck(t: Token, credentials: SchemeCredentials): Promise<{ findings: Finding[] } | null> {
  let key: ReturnType<typeof cdpSigningKey>;
  try {
    key = cdpSigningKey(credentials);
  } catch {
    return null;
  }
  const publicKey = createPublicKey(key.privateKey);
  const [h, c, s] = t.jwt.split('.') as [string, string, string];
  const alg = String(t.header.alg);
  // jose reads "=" padding too; Coinbase (and the scheme) take base64url as written, without it.
  const plain = !/[+/=]/.test(s);
  if (alg === key.alg && plain && (await verifies(t.jwt, publicKey, key.alg))) return { findings: [] };
  if (alg !== key.alg) {
    // "Ed25519" is the newer JOSE name of the same signature (RFC 9864); Coinbase wants "EdDSA".
    if (key.alg === 'EdDSA' && alg === 'Ed25519' && (await verifies(t.jwt, publicKey, 'Ed25519'))) {
      return { findings: [{ cause: 'wrong-algorithm', explanation: `The JWT header says "alg": "Ed25519"; Coinbase expects "EdDSA" for Ed25519 keys. The signature itself is right (Ed25519 over the same bytes): sign with alg EdDSA.` }] };
    }
    return null;
  }
  const input = Buffer.from(`${h}.${c}`, 'ascii');
  let bytes: Buffer;
  try {
    bytes = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  } catch {
    return null;
  }
  if (!plain && (await verifies(`${h}.${c}.${base64url.encode(bytes)}`, publicKey, key.alg))) {
    return { findings: [{ cause: 'signature-encoding', explanation: `The JWT’s signature is right, but written in standard base64 (with "+", "/" or "=" padding); a JWT writes it base64url without padding.` }] };
  }
  if (key.alg === 'ES256' && bytes[0] === 0x30 && bytes.length !== 64 && verifySignature('sha256', input, { key: publicKey, dsaEncoding: 'der' }, bytes)) {
    return {
      findings: [{ cause: 'signature-encoding', explanation: `The JWT’s ES256 signature is right, but DER-encoded (${bytes.length} bytes, as node:crypto and OpenSSL write ECDSA by default); a JWT carries the 64-byte r||s form (JOSE). Sign with dsaEncoding "ieee-p1363", or use a JWT library.` }],
    };
  }
  return null;
}

/** The claims against the request and the key, once the signature is known to be this key's. */
function claimFindings(t: Token, request: SignableRequest, credentials: SchemeCredentials): Finding[] {
  const out: Finding[] = [];
  const keyName = credentials.apiKey ?? '';
  const { kid } = t.header;
  const { sub, iss, uri } = t.claims;
  if (kid !== keyName || sub !== keyName) {
    const named = kid !== keyName ? kid : sub;
    out.push({
      cause: 'missing-component',
      explanation: `The JWT is signed with this key, but its ${kid !== keyName && sub !== keyName ? 'kid and sub name' : kid !== keyName ? 'header kid names' : 'sub claim names'} ${JSON.stringify(named)}, not this key’s name ${JSON.stringify(keyName)}: Coinbase finds the public key by that name, so both must be the key name (organizations/…/apiKeys/…) that belongs to this private key.`,
      fix: { action: 'add-component', component: 'kid and sub: the key name', where: 'header' },
    });
  }
  if (iss !== ISSUER) out.push({ cause: 'missing-component', explanation: `The JWT’s iss claim is ${JSON.stringify(iss)}; Coinbase requires "${ISSUER}".`, fix: { action: 'add-component', component: 'iss', where: 'header' } });
  let wanted: string;
  try {
    wanted = expectedUri(request);
  } catch {
    return out;
  }
  if (typeof uri !== 'string' || uri === wanted) return out;
  const sp = uri.indexOf(' ');
  const [method, target] = sp < 0 ? ['', uri] : [uri.slice(0, sp), uri.slice(sp + 1)];
  const [wantedMethod, wantedTarget] = [wanted.slice(0, wanted.indexOf(' ')), wanted.slice(wanted.indexOf(' ') + 1)];
  if (method !== wantedMethod && method.toUpperCase() === wantedMethod) {
    out.push({ cause: 'method-case', explanation: `The JWT’s uri claim has the method as "${method}"; Coinbase wants it upper case: "${wanted}".` });
  }
  if (method.toUpperCase() !== wantedMethod) {
    // A token made for another request (its method): nothing about the path, but the uri is what differs.
    out.push({ cause: 'path-form', explanation: `The JWT’s uri claim is "${uri}", made for a ${method || 'missing'} request, but this request is "${wanted}": the uri names the method, host and path, so each request needs its own JWT.` });
  } else if (target !== wantedTarget) {
    const bare = target.replace(/^https?:\/\//i, '');
    const host = wantedTarget.slice(0, wantedTarget.indexOf('/'));
    const why =
      bare.split('?')[0] === wantedTarget && bare.includes('?')
        ? `includes the query string (${target}); the uri is host and path only, without the query: "${wanted}"`
        : bare !== target && bare === wantedTarget
          ? `starts with the URL scheme (${target}); the uri is host and path only: "${wanted}"`
          : target.startsWith('/') && `${host}${target}` === wantedTarget
            ? `has the path without the host (${target}); the uri is host then path: "${wanted}"`
            : bare.slice(bare.indexOf('/')) === wantedTarget.slice(wantedTarget.indexOf('/')) && !bare.startsWith(host + '/')
              ? `names the host ${bare.slice(0, bare.indexOf('/'))}, but the request goes to ${host}: "${wanted}"`
              : `is "${uri}", but this request is "${wanted}": sign a new JWT for each method, host and path`;
    out.push({ cause: 'path-form', explanation: `The JWT’s uri claim ${why}.` });
  }
  return out;
}

export const coinbaseAdvancedCdpJwtModel: DebugModel = {
  schemeId: 'coinbase-advanced-cdp-jwt',
  signatureParams: [],
  authHeaders: ['Authorization'],
  units: 's',
  read(request): ReadRequest {
    const header = getHeader(request.headers, 'authorization');
    const t = tokenOf(request);
    if (t === null) {
      return {
        signature: null,
        timestamp: null,
        nonce: null,
        missing: [{ component: 'Authorization', where: 'header', explanation: header === undefined ? 'The Authorization header is missing: Coinbase wants "Bearer <JWT>", a JWT signed with the CDP key for this request.' : 'The Authorization header is not "Bearer <JWT>" with a well-formed JWT (three base64url parts).' }],
      };
    }
    const missing: MissingPart[] = [];
    const nonce = typeof t.header.nonce === 'string' && t.header.nonce !== '' ? t.header.nonce : null;
    const nbf = typeof t.claims.nbf === 'number' && Number.isInteger(t.claims.nbf) ? t.claims.nbf : null;
    if (nonce === null) missing.push({ component: 'nonce', where: 'header', explanation: 'The JWT header has no nonce: Coinbase requires a random nonce in it, new for each token.' });
    if (nbf === null) missing.push({ component: 'nbf', where: 'header', explanation: 'The JWT has no whole-second nbf claim: Coinbase requires nbf and exp (nbf + 120 s).' });
    return {
      signature: t.jwt,
      timestamp: nbf === null ? null : { raw: String(nbf), atMs: nbfMs(nbf), units: nbf >= 1e11 ? 'ms' : 's', where: `The JWT’s nbf (it expires ${LIFETIME_S} s later, at exp)` },
      nonce,
      missing,
    };
  },
  unsigned(request) {
    const t = tokenOf(request);
    const nbf = typeof t?.claims.nbf === 'number' ? nbfMs(t.claims.nbf) : null;
    return { request: { ...request, headers: withoutHeaders(request.headers, ['authorization']) }, timestamp: nbf, nonce: typeof t?.header.nonce === 'string' ? t.header.nonce : null };
  },
  withSignature: (request, signature) => ({ ...request, headers: withHeaders(request.headers, { Authorization: `Bearer ${signature}` }) }),
  async findings(request, credentials) {
    const t = tokenOf(request);
    if (t === null) return [];
    const checked = await signatureCheck(t, credentials);
    if (checked === null) return [];
    return [...checked.findings, ...claimFindings(t, request, credentials)];
  },
};
