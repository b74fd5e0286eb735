import { describe, expect, it } from 'vitest';
import { binanceEd25519Scheme as scheme } from '../../../src-main/signing/schemes/binance-ed25519';
import { signRequest, verifyRequest } from '../../../src-main/lib/signing';
import { describeBinanceAsymmetric, keyPair } from './binance-asymmetric';

describeBinanceAsymmetric(scheme, 'ed25519', 'https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security#ed25519-keys', '4yNzx3yWC5bS6YTwEkSRaC0nRmSQIIStAUOh1b6kqaBrTLIhjCpI5lJH8q8R8WNO');

describe('binance-ed25519', () => {
  it('makes 64-byte signatures that are deterministic, so the verifier can show the expected one', async () => {
    const { privateKey } = keyPair('ed25519');
    const request = { method: 'GET', url: 'https://api.binance.com/api/v3/account', headers: {}, body: null };
    const a = await signRequest('binance-ed25519', request, { apiKey: 'k', secret: privateKey }, { timestamp: 1_764_300_000_000 });
    const b = await signRequest('binance-ed25519', request, { apiKey: 'k', secret: privateKey }, { timestamp: 1_764_300_000_000 });
    expect(Buffer.from(a.signature, 'base64')).toHaveLength(64);
    expect(a.signature).toBe(b.signature);
    expect((await verifyRequest('binance-ed25519', a.request, { apiKey: 'k', secret: privateKey }, { now: 1_764_300_000_000 })).expected).toBe(a.signature);
  });

  it('explains a signature of the wrong length', async () => {
    const { privateKey } = keyPair('ed25519');
    const r = await scheme.sign({ method: 'GET', url: 'https://api.binance.com/api/v3/account', headers: {}, body: null }, { apiKey: 'k', secret: privateKey }, { timestamp: 1_764_300_000_000, nonce: 'n' });
    const url = r.request.url.replace(/signature=.*$/, `signature=${encodeURIComponent(Buffer.alloc(32, 7).toString('base64'))}`);
    expect((await scheme.verify({ ...r.request, url }, { secret: privateKey }, { now: 1_764_300_000_000, windowMs: 0 })).reason).toBe('The signature is 32 bytes; this key makes 64-byte signatures.');
  });
});

describe('binance-ed25519: which credential holds the key', () => {
  it('reads credentials.privateKeyPem before credentials.secret, as the scheme suggestion does', async () => {
    const a = keyPair('ed25519');
    const b = keyPair('ed25519');
    const request = { method: 'GET', url: 'https://api.binance.com/api/v3/account', headers: {}, body: null };
    const r = await scheme.sign(request, { apiKey: 'k', secret: a.privateKey, privateKeyPem: b.privateKey }, { timestamp: 1_764_300_000_000, nonce: 'n' });
    expect((await scheme.verify(r.request, { secret: b.publicKey }, { now: 1_764_300_000_000, windowMs: 0 })).valid).toBe(true);
    expect((await scheme.verify(r.request, { secret: a.publicKey }, { now: 1_764_300_000_000, windowMs: 0 })).valid).toBe(false);
  });
});
