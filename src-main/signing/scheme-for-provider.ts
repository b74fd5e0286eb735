/**
 * Which scheme a vault entry implies, and which schemes a host suggests. A provider is not always enough: Binance
 * keys sign with HMAC, Ed25519 or RSA depending on the key the user registered, and a Coinbase key is either an
 * Exchange HMAC secret with a passphrase or an Advanced Trade (CDP) private key. So the decision reads the key
 * type from the credentials themselves (node:crypto parses the PEM; nothing is kept).
 *
 * Used by the CLI (`signet sign --key ENTRY` without --scheme) and the Request page's suggestion.
 */
import { createPrivateKey } from 'node:crypto';
import { SCHEMES } from './registry';
import { signingInputError } from './signing-error';
import type { Scheme, SchemeCredentials } from './types';
import { providerInfo } from '../contract/providers';

export interface SchemeChoice {
  /** null: the provider's keys are not signed (sent as they are), so no scheme applies. */
  readonly schemeId: string | null;
  /** Why, in a sentence a person can check against their key. */
  readonly reason: string;
}

/** Providers whose keys map to one scheme whatever the credentials. */
const FIXED: Readonly<Record<string, { schemeId: string; reason: string }>> = {
  sandbox: { schemeId: 'hmac', reason: 'The sandbox exchange verifies Signet’s own HMAC scheme.' },
  kraken: { schemeId: 'kraken-spot', reason: 'Kraken spot REST keys sign with API-Sign (HMAC-SHA512).' },
  okx: { schemeId: 'okx-v5', reason: 'OKX v5 keys sign with OK-ACCESS-SIGN (HMAC-SHA256, base64).' },
  bybit: { schemeId: 'bybit-v5', reason: 'Bybit v5 keys sign with X-BAPI-SIGN (HMAC-SHA256).' },
  kucoin: { schemeId: 'kucoin-v2', reason: 'KuCoin keys sign with KC-API-SIGN and a signed passphrase (key version 2).' },
  bitfinex: { schemeId: 'bitfinex-v2', reason: 'Bitfinex v2 keys sign with bfx-signature (HMAC-SHA384).' },
  gemini: { schemeId: 'gemini', reason: 'Gemini keys sign the base64 payload with HMAC-SHA384.' },
  aws: { schemeId: 'aws-sigv4', reason: 'AWS access keys sign with Signature Version 4.' },
  custom: { schemeId: 'recipe', reason: 'A custom API signs as its recipe describes (options.recipe).' },
};

const UNSIGNED: Readonly<Record<string, string>> = {
  coingecko: 'CoinGecko keys are sent as a header as they are; requests are not signed.',
  'token-metrics': 'Token Metrics keys are sent as a header as they are; requests are not signed.',
};

/**
 * The schemes a key of each provider may be signed with: its provider's own (Binance and Coinbase keys have several,
 * decided by the key type). Signing a key with another API's scheme would turn it into an oracle for a computation its
 * provider never asked of it (an HMAC of attacker-chosen text in another layout, a digest of the passphrase), so a
 * draft that names a scheme is held to this list. Sandbox and custom keys may also be signed with a recipe: that is
 * how a custom API is described, and the sandbox is where recipes are tried out.
 */
const PROVIDER_SCHEMES: Readonly<Record<string, readonly string[]>> = {
  binance: ['binance-hmac-sha256', 'binance-ed25519', 'binance-rsa'],
  coinbase: ['coinbase-advanced-cdp-jwt', 'coinbase-exchange-hmac'],
  sandbox: ['hmac', 'recipe'],
  custom: ['recipe', 'hmac'],
};

/** The schemes `provider`'s keys sign with (none for a provider whose keys are sent unsigned). */
export function providerSchemeIds(provider: string): readonly string[] {
  if (Object.hasOwn(PROVIDER_SCHEMES, provider)) return PROVIDER_SCHEMES[provider]!;
  return Object.hasOwn(FIXED, provider) ? [FIXED[provider]!.schemeId] : [];
}

/** Throws ERR_SIGNING_INPUT when a key of `provider` may not be signed with `schemeId`, naming the schemes it may. */
export function assertSchemeForProvider(provider: string, schemeId: string): void {
  const allowed = providerSchemeIds(provider);
  if (allowed.includes(schemeId)) return;
  const name = providerInfo(provider)?.name ?? provider;
  throw signingInputError(
    'scheme',
    allowed.length === 0
      ? `${name} keys are sent as they are and never signed; send this one without a scheme`
      : `${name} keys sign only with ${allowed.join(' or ')}, not ${schemeId}; choose ${allowed.length > 1 ? 'one of those' : 'that scheme'} (or a key made for ${schemeId})`,
  );
}

/** Whether a key of `provider` is sent as it is, unsigned (so its API key is the whole secret). */
export function sendsKeyUnsigned(provider: string): boolean {
  return Object.hasOwn(UNSIGNED, provider);
}

const isPem = (s: string | undefined): s is string => s !== undefined && /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(s);

/** The private key's type (`ed25519`, `rsa`, `ec`, …) from a PEM, or a signing input error naming `field`. */
export function privateKeyType(pem: string, field: string): string {
  try {
    return createPrivateKey({ key: pem, format: 'pem' }).asymmetricKeyType ?? 'unknown';
  } catch {
    throw signingInputError(`credentials.${field}`, 'expected a PEM private key (-----BEGIN PRIVATE KEY----- …)');
  }
}

/** The PEM private key in the credentials, and the field it came in (privateKeyPem, or a secret issued as a PEM). */
function pemOf(credentials: SchemeCredentials): { pem: string; field: 'privateKeyPem' | 'secret' } | null {
  if (credentials.privateKeyPem) return { pem: credentials.privateKeyPem, field: 'privateKeyPem' };
  if (isPem(credentials.secret)) return { pem: credentials.secret, field: 'secret' };
  return null;
}

/**
 * The scheme an entry's provider implies, deciding by the credentials where the provider has several:
 * Binance by the key type (HMAC secret, Ed25519 or RSA private key), Coinbase by the kind of key (a CDP private
 * key for Advanced Trade, or a secret with a passphrase for Exchange).
 */
export function schemeForProvider(provider: string, credentials: SchemeCredentials): SchemeChoice {
  const fixed = FIXED[provider];
  if (fixed) return fixed;
  if (provider in UNSIGNED) return { schemeId: null, reason: UNSIGNED[provider]! };
  if (provider === 'binance') {
    const key = pemOf(credentials);
    if (!key) return { schemeId: 'binance-hmac-sha256', reason: 'A Binance key with an HMAC secret signs with HMAC-SHA256.' };
    const type = privateKeyType(key.pem, key.field);
    if (type === 'ed25519') return { schemeId: 'binance-ed25519', reason: 'A Binance key with an Ed25519 private key signs with Ed25519.' };
    if (type === 'rsa') return { schemeId: 'binance-rsa', reason: 'A Binance key with an RSA private key signs with RSASSA-PKCS1-v1_5 SHA-256.' };
    throw signingInputError(`credentials.${key.field}`, `Binance accepts Ed25519 or RSA private keys; this one is ${type}`);
  }
  if (provider === 'coinbase') {
    const key = pemOf(credentials);
    if (key) {
      const type = privateKeyType(key.pem, key.field);
      if (type !== 'ec' && type !== 'ed25519') throw signingInputError(`credentials.${key.field}`, `Coinbase CDP keys are EC (ES256) or Ed25519; this one is ${type}`);
      return { schemeId: 'coinbase-advanced-cdp-jwt', reason: `A Coinbase CDP key (${type === 'ec' ? 'ES256' : 'EdDSA'}) signs a JWT for Advanced Trade.` };
    }
    if (credentials.secret && credentials.passphrase) {
      return { schemeId: 'coinbase-exchange-hmac', reason: 'A Coinbase Exchange key (secret and passphrase) signs with CB-ACCESS-SIGN (HMAC-SHA256).' };
    }
    if (credentials.secret) {
      // CDP Ed25519 keys are issued as base64 (not PEM) and come without a passphrase; Exchange keys always have one.
      return { schemeId: 'coinbase-advanced-cdp-jwt', reason: 'A Coinbase key without a passphrase is a CDP key: it signs a JWT for Advanced Trade.' };
    }
    throw signingInputError('credentials.secret', 'a Coinbase key needs a CDP private key, or a secret and passphrase (Exchange)');
  }
  throw signingInputError('provider', `no scheme is known for provider "${provider}"; choose one with --scheme`);
}

/** Whether `host` (a hostname, lower case, no port) matches a scheme's host pattern (`api.x.com` or `*.x.com`). */
function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) return host.endsWith(p.slice(1));
  return host === p;
}

/** The hostname of a URL or a bare host[:port], lower case; null when there is none. */
function hostnameOf(hostOrUrl: string): string | null {
  const text = hostOrUrl.trim();
  if (text === '') return null;
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`).hostname.toLowerCase().replace(/^\[|\]$/g, '');
  } catch {
    return null;
  }
}

/** Schemes whose `hosts` name this host (or URL), in registry order; the first is the natural suggestion. */
export function schemesForHost(hostOrUrl: string, schemes: readonly Scheme[] = SCHEMES): Scheme[] {
  const host = hostnameOf(hostOrUrl);
  if (host === null) return [];
  return schemes.filter((s) => s.hosts.some((h) => hostMatches(h, host)));
}
