import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { binanceRsaScheme as scheme } from '../../../src-main/signing/schemes/binance-rsa';
import { describeBinanceAsymmetric, verifiedByPublicKey } from './binance-asymmetric';

describeBinanceAsymmetric(scheme, 'rsa', 'https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security#rsa-keys', 'CAvIjXy3F44yW6Pou5k8Dy1swsYDWJZLeoK2r8G4cFDnE9nosRppc2eKc1T8TRTQ');

describe('binance-rsa', () => {
  it('signs with RSASSA-PKCS1-v1_5 (deterministic, the modulus size in bytes) and reads a PKCS#1 PEM as well', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 3072, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    expect(privateKey).toContain('BEGIN RSA PRIVATE KEY');
    const request = { method: 'GET', url: 'https://api.binance.com/api/v3/account?omitZeroBalances=true', headers: {}, body: null };
    const ctx = { timestamp: 1_764_300_000_000, nonce: 'n' };
    const a = await scheme.sign(request, { apiKey: 'k', secret: privateKey }, ctx);
    const b = await scheme.sign(request, { apiKey: 'k', privateKeyPem: createPrivateKey(privateKey).export({ type: 'pkcs8', format: 'pem' }) as string }, ctx);
    expect(Buffer.from(a.signature, 'base64')).toHaveLength(384);
    expect(b.signature).toBe(a.signature);
    expect(verifiedByPublicKey('rsa', publicKey, a.canonical, a.signature)).toBe(true);
    expect(a.steps.find((s) => s.label.startsWith('RSASSA'))?.note).toMatch(/^3072-bit RSA private key/);
  });

  it('refuses an RSA-PSS key, which Binance RSA keys are not', () => {
    const { privateKey } = generateKeyPairSync('rsa-pss', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    expect(() => scheme.sign({ method: 'GET', url: 'https://api.binance.com/api/v3/account', headers: {}, body: null }, { apiKey: 'k', secret: privateKey }, { timestamp: 1_764_300_000_000, nonce: 'n' })).toThrow(
      expect.objectContaining({ code: 'ERR_SIGNING_INPUT', message: 'credentials.secret: expected an RSA key, but this is an RSA-PSS key' }),
    );
  });
});
