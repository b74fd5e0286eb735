/** Which scheme a vault entry's provider and key type imply, and which schemes a host suggests. */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../../src-main/contract/providers';
import { SCHEMES } from '../../../src-main/signing/registry';
import { privateKeyType, schemeForProvider, schemesForHost } from '../../../src-main/signing/scheme-for-provider';

const pem = (type: 'ed25519' | 'rsa' | 'ec'): string => {
  const pair = type === 'ed25519' ? generateKeyPairSync('ed25519') : type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
};
const ED = pem('ed25519');
const RSA = pem('rsa');
const EC = pem('ec');

describe('schemeForProvider', () => {
  it('maps every provider of the catalog to a registered scheme, or says its keys are not signed', () => {
    const ids = new Set(SCHEMES.map((s) => s.id));
    for (const p of PROVIDERS) {
      for (const fields of p.required) {
        const credentials = Object.fromEntries(fields.map((f) => [f, f === 'privateKeyPem' ? (p.id === 'coinbase' ? EC : ED) : `value-of-${f}`]));
        const choice = schemeForProvider(p.id, credentials);
        expect(choice.reason, p.id).not.toBe('');
        if (choice.schemeId === null) expect(['coingecko', 'token-metrics']).toContain(p.id);
        else expect(ids.has(choice.schemeId), `${p.id} → ${choice.schemeId}`).toBe(true);
      }
    }
  });

  it.each([
    ['sandbox', 'hmac'],
    ['kraken', 'kraken-spot'],
    ['okx', 'okx-v5'],
    ['bybit', 'bybit-v5'],
    ['kucoin', 'kucoin-v2'],
    ['bitfinex', 'bitfinex-v2'],
    ['gemini', 'gemini'],
    ['aws', 'aws-sigv4'],
    ['custom', 'recipe'],
  ])('%s → %s', (provider, id) => {
    expect(schemeForProvider(provider, { apiKey: 'k', secret: 's', passphrase: 'p' }).schemeId).toBe(id);
  });

  it('Binance: decides by the key type (HMAC secret, Ed25519 or RSA private key, in privateKeyPem or as the secret)', () => {
    expect(schemeForProvider('binance', { apiKey: 'k', secret: 'hmac-secret' }).schemeId).toBe('binance-hmac-sha256');
    expect(schemeForProvider('binance', { apiKey: 'k', privateKeyPem: ED }).schemeId).toBe('binance-ed25519');
    expect(schemeForProvider('binance', { apiKey: 'k', privateKeyPem: RSA }).schemeId).toBe('binance-rsa');
    expect(schemeForProvider('binance', { apiKey: 'k', secret: ED }).schemeId).toBe('binance-ed25519');
    expect(schemeForProvider('binance', { apiKey: 'k', secret: RSA }).schemeId).toBe('binance-rsa');
    expect(() => schemeForProvider('binance', { apiKey: 'k', privateKeyPem: EC })).toThrow(/^credentials\.privateKeyPem: Binance accepts Ed25519 or RSA private keys; this one is ec/);
    expect(() => schemeForProvider('binance', { apiKey: 'k', privateKeyPem: 'not a pem' })).toThrow(/^credentials\.privateKeyPem: expected a PEM private key/);
  });

  it('Coinbase: a CDP private key (ES256 or Ed25519) → Advanced Trade JWT; secret and passphrase → Exchange HMAC', () => {
    expect(schemeForProvider('coinbase', { apiKey: 'organizations/o/apiKeys/k', privateKeyPem: EC })).toMatchObject({ schemeId: 'coinbase-advanced-cdp-jwt', reason: expect.stringContaining('ES256') });
    expect(schemeForProvider('coinbase', { apiKey: 'k', secret: ED })).toMatchObject({ schemeId: 'coinbase-advanced-cdp-jwt', reason: expect.stringContaining('EdDSA') });
    expect(schemeForProvider('coinbase', { apiKey: 'k', secret: 'c2VjcmV0', passphrase: 'p' }).schemeId).toBe('coinbase-exchange-hmac');
    expect(schemeForProvider('coinbase', { apiKey: 'k', secret: Buffer.alloc(64, 7).toString('base64') }).schemeId).toBe('coinbase-advanced-cdp-jwt');
    expect(() => schemeForProvider('coinbase', { apiKey: 'k', privateKeyPem: RSA })).toThrow(/^credentials\.privateKeyPem: Coinbase CDP keys are EC/);
    expect(() => schemeForProvider('coinbase', { apiKey: 'k' })).toThrow(/^credentials\.secret:/);
  });

  it('an unknown provider names the field', () => {
    expect(() => schemeForProvider('acme', { secret: 's' })).toThrow(/^provider: no scheme is known for provider "acme"/);
  });

  it('privateKeyType reads the type and names the field on a bad PEM', () => {
    expect(privateKeyType(ED, 'privateKeyPem')).toBe('ed25519');
    expect(privateKeyType(EC, 'secret')).toBe('ec');
    expect(() => privateKeyType('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', 'secret')).toThrow(/^credentials\.secret:/);
  });
});

describe('schemesForHost', () => {
  const ids = (host: string) => schemesForHost(host).map((s) => s.id);
  it('suggests by exact host and by *.domain patterns, from a host, host:port or URL', () => {
    expect(ids('api.binance.com')).toEqual(['binance-hmac-sha256', 'binance-ed25519', 'binance-rsa']);
    expect(ids('https://API.Bybit.com/v5/order/create?x=1')).toEqual(['bybit-v5']);
    expect(ids('https://s3.us-east-1.amazonaws.com/bucket/key')).toEqual(['aws-sigv4']);
    expect(ids('localhost:8443')).toEqual(['hmac']);
    expect(ids('http://127.0.0.1:8443/v1/account')).toEqual(['hmac']);
    expect(ids('api.kraken.com')).toEqual(['kraken-spot']);
  });

  it('suggests nothing for unknown or look-alike hosts', () => {
    expect(ids('example.com')).toEqual([]);
    expect(ids('evilamazonaws.com')).toEqual([]);
    expect(ids('api.binance.com.evil.io')).toEqual([]);
    expect(ids('')).toEqual([]);
    expect(ids('http://')).toEqual([]);
  });

  it('every host a scheme names suggests that scheme', () => {
    for (const s of SCHEMES) for (const h of s.hosts) expect(ids(h.replace(/^\*\./, 'x.')), `${s.id} ${h}`).toContain(s.id);
  });
});
