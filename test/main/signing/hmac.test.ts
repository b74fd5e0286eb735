import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacScheme, parseHmacAuthorization } from '../../../src-main/signing/schemes/hmac';
import { signRequest, verifyRequest } from '../../../src-main/lib/signing';

const creds = { apiKey: 'sbx_key', secret: 's3cret' };
const ctx = { timestamp: 1_764_300_000_123, nonce: 'n-1' };

describe('hmac scheme', () => {
  it('signs the documented string: method, path, sorted RFC 3986 query, body hash, seconds, nonce', async () => {
    const body = '{"symbol":"BTC-USD","qty":1}';
    const r = await hmacScheme.sign({ method: 'post', url: 'https://127.0.0.1:8443/v1/orders?b=2&a=x y&a=%2A', headers: {}, body }, creds, ctx);
    const bodyHash = createHash('sha256').update(body).digest('hex');
    const expected = ['POST', '/v1/orders', 'a=%2A&a=x%20y&b=2', bodyHash, '1764300000', 'n-1'].join('\n');
    expect(r.canonical).toBe(expected);
    expect(r.signature).toBe(createHmac('sha256', 's3cret').update(expected).digest('hex'));
    expect(r.request.headers.Authorization).toBe(`HMAC apiKey="sbx_key", signature="${r.signature}", timestamp="1764300000", nonce="n-1"`);
    expect(r.canonicalParts.map((p) => p.value).join('')).toBe(r.canonical);
  });

  it('hashes the empty string when there is no body, and offers HMAC-SHA512', async () => {
    const r = await hmacScheme.sign({ method: 'GET', url: 'https://h/v1/account', headers: {}, body: null }, creds, { ...ctx, options: { algorithm: 'hmac-sha512' } });
    expect(r.canonicalParts[3]?.value).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n');
    expect(r.signature).toHaveLength(128);
    expect(r.request.headers.Authorization).toContain('algorithm="hmac-sha512"');
  });

  it('verifies what it signed and rejects a changed byte, another secret, and a stale timestamp', async () => {
    const signed = await signRequest('hmac', { method: 'POST', url: 'https://h/v1/orders?x=1', headers: {}, body: 'qty=1' }, creds, ctx);
    const now = ctx.timestamp + 1000;
    expect((await verifyRequest('hmac', signed.request, creds, { now })).valid).toBe(true);
    expect((await verifyRequest('hmac', { ...signed.request, body: 'qty=2' }, creds, { now })).reason).toMatch(/does not match/);
    expect((await verifyRequest('hmac', signed.request, { ...creds, secret: 'other' }, { now })).valid).toBe(false);
    expect((await verifyRequest('hmac', signed.request, creds, { now: now + 120_000, windowMs: 30_000 })).reason).toMatch(/window/);
  });

  it('parses only well-formed Authorization headers', () => {
    expect(parseHmacAuthorization('HMAC apiKey="a", signature="b", timestamp="1", nonce="n"')).toMatchObject({ apiKey: 'a', algorithm: 'hmac-sha256' });
    for (const bad of [undefined, '', 'Bearer x', 'HMAC apiKey="a"', 'HMAC apiKey="a", apiKey="a", signature="b", timestamp="1", nonce="n"', 'HMAC apiKey=a, signature="b", timestamp="1", nonce="n"', 'HMAC apiKey="a", signature="b", timestamp="x", nonce="n"', 'HMAC apiKey="a", signature="b", timestamp="1", nonce="n", evil="1"']) {
      expect(parseHmacAuthorization(bad), String(bad)).toHaveProperty('error');
    }
  });

  it('names the field on bad input', async () => {
    await expect(signRequest('hmac', { method: 'GET', url: 'not a url', headers: {}, body: null }, creds)).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(/^url:/) });
    await expect(signRequest('hmac', { method: 'GET', url: 'https://h/', headers: {}, body: null }, { apiKey: 'a' })).rejects.toMatchObject({ message: expect.stringMatching(/^credentials\.secret:/) });
    await expect(signRequest('nope', { method: 'GET', url: 'https://h/', headers: {}, body: null }, creds)).rejects.toMatchObject({ code: 'ERR_UNKNOWN_SCHEME' });
  });
});
