/**
 * `--scheme auto`: which scheme signed a request, from what it carries — the exchange's own signature header first
 * (each exchange names its headers differently), then the Authorization form, then a `signature=` parameter and
 * the host — with the reason, so a person can check the guess.
 */
import { getHeader, parseUrl } from '../encoding';
import { formValue } from '../payload-text';
import { SCHEMES } from '../registry';
import type { SignableRequest } from '../types';

const BY_HEADER: readonly (readonly [header: string, schemeId: string])[] = [
  ['OK-ACCESS-SIGN', 'okx-v5'],
  ['X-BAPI-SIGN', 'bybit-v5'],
  ['KC-API-SIGN', 'kucoin-v2'],
  ['CB-ACCESS-SIGN', 'coinbase-exchange-hmac'],
  ['API-Sign', 'kraken-spot'],
  ['X-GEMINI-SIGNATURE', 'gemini'],
  ['bfx-signature', 'bitfinex-v2'],
];

function jwtAlg(token: string): string | null {
  const head = token.split('.')[0] ?? '';
  try {
    const parsed = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof parsed.alg === 'string' ? parsed.alg : null;
  } catch {
    return null;
  }
}

function hostOf(url: string): string | null {
  try {
    return parseUrl(url).hostname;
  } catch {
    return null;
  }
}

export function detectScheme(request: SignableRequest): { schemeId: string; reason: string } | null {
  for (const [header, schemeId] of BY_HEADER) {
    if (getHeader(request.headers, header) !== undefined) return { schemeId, reason: `detected from the ${header} header` };
  }
  const auth = getHeader(request.headers, 'authorization')?.trim() ?? '';
  if (/^HMAC\s/i.test(auth)) return { schemeId: 'hmac', reason: 'detected from the Authorization: HMAC … header (Signet’s own scheme, the sandbox)' };
  if (/^AWS4-HMAC-SHA256\s/.test(auth)) return { schemeId: 'aws-sigv4', reason: 'detected from the Authorization: AWS4-HMAC-SHA256 … header' };
  const bearer = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(auth);
  if (bearer?.[1]) {
    const alg = jwtAlg(bearer[1]);
    if (alg === 'ES256' || alg === 'EdDSA') return { schemeId: 'coinbase-advanced-cdp-jwt', reason: `detected from the Authorization: Bearer JWT (${alg}, Coinbase CDP)` };
  }
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1).split('#')[0] ?? '' : '';
  const sig = formValue(query, 'signature') ?? formValue(request.body ?? '', 'signature');
  if (sig !== undefined || getHeader(request.headers, 'x-mbx-apikey') !== undefined) {
    const why = sig !== undefined ? 'a signature= parameter' : 'the X-MBX-APIKEY header';
    let value = sig ?? '';
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep it as sent
    }
    if (/^[0-9a-fA-F]{64}$/.test(value) || value === '') return { schemeId: 'binance-hmac-sha256', reason: `detected from ${why} (a 64-character hex signature: an HMAC key)` };
    const bytes = Buffer.from(value, 'base64').length;
    if (bytes === 64) return { schemeId: 'binance-ed25519', reason: `detected from ${why} (a 64-byte base64 signature: an Ed25519 key)` };
    return { schemeId: 'binance-rsa', reason: `detected from ${why} (a ${bytes}-byte base64 signature: an RSA key)` };
  }
  if (/(^|&)X-Amz-Signature=/.test(query)) return { schemeId: 'aws-sigv4', reason: 'detected from the X-Amz-Signature query parameter (a presigned URL)' };
  const host = hostOf(request.url);
  if (host) {
    const byHost = SCHEMES.find((s) => s.id !== 'recipe' && s.hosts.some((h) => host === h || host.endsWith(`.${h}`)));
    if (byHost) return { schemeId: byHost.id, reason: `guessed from the host ${host} (no signature header was found)` };
  }
  return null;
}
