/**
 * The library's entry (src-main/lib/signing.ts) with input from plain-JavaScript callers: its own options (timestamp, nonce, now, windowMs) and what it passes on to the engine are checked, so a
 * wrong type is ERR_SIGNING_INPUT naming the field, never a TypeError. The engine's checks for every scheme are in
 * test/main/signing/signing-input.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { signRequest, verifyRequest } from '../../../src-main/lib/signing';
import type { SchemeCredentials, SignableRequest } from '../../../src-main/signing/types';
import { expectInputError, thrown } from '../../helpers/expect-input-error';

const CTX = { timestamp: 1_764_300_000_000, nonce: 'n-1' };

describe('signing input: the library (signet/signing)', () => {
  const hmac = { credentials: { apiKey: 'k', secret: 's' } };
  const lib = (request: unknown, opts?: unknown) => signRequest('hmac', request as SignableRequest, hmac.credentials, opts as Parameters<typeof signRequest>[3]);

  it('still lets JavaScript callers leave out headers and body', async () => {
    const signed = await lib({ method: 'GET', url: 'https://h/v1/account' }, CTX);
    expect(signed.request.headers.Authorization).toMatch(/^HMAC /);
    expect((await verifyRequest('hmac', { method: 'GET', url: 'https://h/v1/account', headers: signed.request.headers } as unknown as SignableRequest, hmac.credentials, { now: CTX.timestamp })).valid).toBe(true);
  });

  it.each([
    ['no request', null, undefined, /^request: expected an object/],
    ['a number header value', { method: 'GET', url: 'https://h/', headers: { 'x-foo': 5 } }, undefined, /^headers\.x-foo: expected a string, got number/],
    ['a number method', { method: 1, url: 'https://h/' }, undefined, /^method: expected a string/],
    ['sign options that are not an object', { method: 'GET', url: 'https://h/' }, 5, /^sign options: expected an object .*got number/],
    ['a string timestamp', { method: 'GET', url: 'https://h/' }, { timestamp: '1764300000000' }, /^timestamp: expected epoch milliseconds/],
    ['a number nonce', { method: 'GET', url: 'https://h/' }, { nonce: 5 }, /^nonce: expected a string, got number/],
    ['a number option', { method: 'GET', url: 'https://h/' }, { options: { algorithm: 256 } }, /^option algorithm: expected a string, got number/],
  ] as const)('signRequest refuses %s with ERR_SIGNING_INPUT naming the field', async (_what, request, opts, field) => {
    expectInputError(await thrown(() => lib(request, opts)), field, String(_what));
  });

  it.each([
    ['null credentials', null, undefined, /^credentials: expected an object/],
    ['verify options that are not an object', { apiKey: 'k', secret: 's' }, 'now', /^verify options: expected an object .*got string/],
    ['a string now', { apiKey: 'k', secret: 's' }, { now: '1764300000000' }, /^now: expected epoch milliseconds/],
    ['a string window', { apiKey: 'k', secret: 's' }, { windowMs: '30000' }, /^windowMs: expected/],
  ] as const)('verifyRequest refuses %s with ERR_SIGNING_INPUT naming the field', async (_what, credentials, opts, field) => {
    const request = { method: 'GET', url: 'https://h/', headers: {}, body: null };
    expectInputError(await thrown(() => verifyRequest('hmac', request, credentials as unknown as SchemeCredentials, opts as unknown as Parameters<typeof verifyRequest>[3])), field, String(_what));
  });
});
