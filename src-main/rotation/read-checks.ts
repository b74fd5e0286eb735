/**
 * The signed read-only call that proves a key works, per provider: a rotation sends it with the new key before
 * switching to it. Each is a documented private read (balances or accounts): it needs a valid signature and no
 * permission beyond reading, and changes nothing. `accepts` says which answers prove the key: a 2xx, and for AWS a
 * 403 AccessDenied too (the signature and the key were accepted; only the permission is missing).
 */
import type { Credentials } from '../contract/schemas';

export interface ReadCheck {
  readonly method: 'GET' | 'POST';
  /** A path joined to the key's base URL (or the running sandbox), or a full URL. */
  readonly url: string;
  readonly body: string | null;
  readonly headers?: readonly { name: string; value: string }[];
  /** Beyond 2xx: answers that still prove the key was accepted. */
  readonly accepts?: (status: number, body: string) => boolean;
}

const get = (url: string): ReadCheck => ({ method: 'GET', url, body: null });
const post = (url: string, body: string | null, json = false): ReadCheck => ({ method: 'POST', url, body, ...(json && { headers: [{ name: 'Content-Type', value: 'application/json' }] }) });

const awsAccessDenied = (status: number, body: string) => status === 403 && /<Code>AccessDenied<\/Code>|"AccessDenied"|AccessDeniedException/.test(body);

/** The check for a key, or null when none is known (a custom API). */
export function readCheckFor(provider: string, credentials: Readonly<Credentials>): ReadCheck | null {
  switch (provider) {
    case 'sandbox':
      return get('/v1/account');
    case 'binance':
      return get('/api/v3/account?omitZeroBalances=true');
    case 'coinbase':
      // A CDP key (private key) signs Advanced Trade; a key with a secret and passphrase is an Exchange key.
      return credentials.privateKeyPem ? get('/api/v3/brokerage/accounts?limit=1') : get('/accounts');
    case 'kraken':
      return post('/0/private/Balance', null);
    case 'okx':
      return get('/api/v5/account/balance');
    case 'bybit':
      return get('/v5/account/wallet-balance?accountType=UNIFIED');
    case 'kucoin':
      return get('/api/v1/accounts');
    case 'bitfinex':
      return post('/v2/auth/r/wallets', '{}', true);
    case 'gemini':
      return post('/v1/balances', null);
    case 'coingecko':
      return get('/ping');
    case 'token-metrics':
      return get('/v2/tokens?limit=1');
    case 'aws': {
      const region = credentials.region ?? 'us-east-1';
      if (credentials.service === 'sts') return { ...get(`https://sts.${region}.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15`), accepts: awsAccessDenied };
      if (credentials.service === 's3') return { ...get(`https://s3.${region}.amazonaws.com/`), accepts: awsAccessDenied };
      return null;
    }
    default:
      return null;
  }
}

/** `GET /v1/account`: how a check is shown in a guide and a run's steps. */
export function describeReadCheck(check: ReadCheck | null): string | null {
  return check === null ? null : `${check.method} ${check.url}`;
}
