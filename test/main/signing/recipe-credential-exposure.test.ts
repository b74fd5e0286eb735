/**
 * A recipe is a keyed MAC over parts of the request, never a way to read a function of a credential. The attack: a
 * literal-only recipe keyed with the passphrase returned
 * SHA-256(passphrase), for an offline dictionary attack; with the secret, SHA-256(secret), which for a secret longer
 * than 64 bytes is HMAC-SHA256's effective key, so any HMAC-SHA256 signature with that secret could be forged
 * offline. Every route by which a credential could reach the output is refused, when signing and when verifying
 * (verify returns the signature it expected).
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RecipeInput } from '../../../src-main/contract/recipe';
import { signRequest, verifyRequest } from '../../../src-main/lib/signing';
import { parseRecipe } from '../../../src-main/signing/schemes/recipe';
import type { SignableRequest } from '../../../src-main/signing/types';

/** Longer than SHA-256's 64-byte block: HMAC-SHA256 keys with SHA-256(secret). */
const LONG_SECRET = 'x'.repeat(40) + '-long-secret-of-more-than-sixty-four-bytes-0123456789';
const creds = { apiKey: 'public-key-1', secret: LONG_SECRET, passphrase: 'correct horse' };
const ctx = { timestamp: 1_764_300_000_123, nonce: 'n-1' };
const get = (url = 'https://api.example.com/v1/account', body: string | null = null, method = 'GET'): SignableRequest => ({ method, url, headers: {}, body });
const sha256 = (s: string) => createHash('sha256').update(s).digest();
const json = (r: RecipeInput) => ({ recipe: JSON.stringify(r) });
/** A recipe the types do not allow, as a plain-JSON caller may write it. */
const raw = (r: Record<string, unknown>) => r as unknown as RecipeInput;

/** Signing and verifying with `recipe` are both refused with ERR_SIGNING_INPUT, naming `field`; nothing is returned. */
async function refused(recipe: RecipeInput, field: RegExp, request: SignableRequest = get()): Promise<void> {
  const options = json(recipe);
  await expect(signRequest('recipe', request, creds, { ...ctx, options })).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(field) });
  const sent = { ...request, headers: { ...request.headers, 'X-Sig': 'x' } };
  await expect(verifyRequest('recipe', sent, creds, { now: ctx.timestamp, options })).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(field) });
}

describe('recipe: no credential, nor a function of one alone, reaches the output', () => {
  it('refuses the reviewed attack: a literal-only recipe keyed with the passphrase (it returned SHA-256 of the passphrase)', async () => {
    const attack = raw({ components: [{ type: 'literal', value: '' }], algorithm: 'sha256', key: { field: 'passphrase' }, signature: { in: 'header', name: 'X-Sig' } });
    await refused(attack, /^recipe\.key\.field: /);
    // What it returned before the fix: the passphrase's hash, to test guesses against offline.
    const before = sha256(creds.passphrase).toString('hex');
    const sent = await signRequest('recipe', get(), creds, { ...ctx, options: json(attack) }).catch((e: Error) => e);
    expect(JSON.stringify(sent)).not.toContain(before);
  });

  it('refuses a literal-only recipe keyed with the secret: SHA-256 of a long secret is its HMAC-SHA256 key, which forges signatures', async () => {
    // The forgery this enabled: HMAC-SHA256 with the secret equals HMAC-SHA256 keyed with SHA-256(secret).
    const signed = await signRequest('hmac', get(), creds, ctx);
    expect(createHmac('sha256', sha256(LONG_SECRET)).update(signed.canonical).digest('hex')).toBe(signed.signature);
    const attack: RecipeInput = { components: [{ type: 'literal', value: '' }], algorithm: 'sha256', signature: { in: 'header', name: 'X-Sig' } };
    await refused(attack, /^recipe\.components: .*request/);
    await refused({ ...attack, keyPosition: 'suffix' }, /^recipe\.components: /);
    await refused({ ...attack, algorithm: 'sha512', output: 'base64' }, /^recipe\.components: /);
  });

  it('refuses a recipe that signs only literals and the API key, with any algorithm: the same output for every request', async () => {
    for (const algorithm of ['hmac-sha256', 'hmac-sha512', 'sha384'] as const) {
      await refused({ components: [{ type: 'literal', value: 'v1' }, { type: 'apiKey' }], separator: '\n', algorithm, signature: { in: 'header', name: 'X-Sig' } }, /^recipe\.components: /);
    }
  });

  it('refuses a recipe whose request parts are all empty for this request (a plain hash of it was SHA-256 of the secret)', async () => {
    const bodyOnly: RecipeInput = { components: [{ type: 'body' }], algorithm: 'sha256', signature: { in: 'header', name: 'X-Sig' } };
    await refused(bodyOnly, /^recipe\.components: .*empty/, get());
    await refused({ components: [{ type: 'query' }, { type: 'literal', value: '' }, { type: 'body' }], algorithm: 'hmac-sha256', signature: { in: 'header', name: 'X-Sig' } }, /^recipe\.components: .*empty/, get('https://h/p', ''));
    // With something of the request in it, the same recipe signs.
    const signed = await signRequest('recipe', get('https://h/p', 'qty=1', 'POST'), creds, { ...ctx, options: json(bodyOnly) });
    expect(signed.signature).toBe(createHash('sha256').update(LONG_SECRET).update('qty=1').digest('hex'));
  });

  it('never keys a recipe with the passphrase, whatever it signs (a guessable key: one signature lets guesses be tested offline)', async () => {
    const options = { components: [{ type: 'method' }, { type: 'path' }, { type: 'timestamp' }], algorithm: 'hmac-sha256', key: { field: 'passphrase' }, signature: { in: 'header', name: 'X-Sig' }, timestamp: { format: 'ms', in: 'header', name: 'X-Ts' } };
    await refused(raw(options), /^recipe\.key\.field: .*passphrase.*(KuCoin|own scheme)/);
    await refused(raw({ ...options, key: { field: 'passphrase', decoding: 'base64' }, algorithm: 'sha256' }), /^recipe\.key\.field: /);
  });

  it('has no component, key or location that carries a secret credential: the secret and passphrase never go into the string or the request', async () => {
    const base: RecipeInput = { components: [{ type: 'method' }, { type: 'path' }], algorithm: 'hmac-sha256', signature: { in: 'header', name: 'X-Sig' } };
    // The secret in the message of an HMAC keyed by a literal, the passphrase as a component, a literal key, a secret header.
    await refused(raw({ ...base, components: [{ type: 'method' }, { type: 'secret' }], key: { field: 'literal', value: 'k' } }), /^recipe\.components\.1\.type: /);
    await refused(raw({ ...base, components: [{ type: 'method' }, { type: 'passphrase' }] }), /^recipe\.components\.1\.type: /);
    await refused(raw({ ...base, key: { field: 'literal', value: 'k' } }), /^recipe\.key\.(field|value)/);
    await refused(raw({ ...base, key: { field: 'apiKey' } }), /^recipe\.key\.field: /);
    await refused(raw({ ...base, passphrase: { in: 'header', name: 'X-Pass' } }), /^recipe\.passphrase: not a recipe field/);
    await refused(raw({ ...base, secret: { in: 'query', name: 'secret' } }), /^recipe\.secret: not a recipe field/);
    // A header component reads the request as typed; the recipe's own places hold only timestamp, nonce, API key and signature.
    const signed = await signRequest('recipe', get(), creds, { ...ctx, options: json({ ...base, apiKey: { in: 'header', name: 'X-Key' }, nonce: { in: 'query', name: 'n' } }) });
    const out = JSON.stringify(signed);
    for (const secret of [LONG_SECRET, creds.passphrase, sha256(LONG_SECRET).toString('hex'), sha256(creds.passphrase).toString('hex')]) expect(out).not.toContain(secret);
    expect(signed.request.headers['X-Key']).toBe('public-key-1');
  });

  it('shows nothing of the key in its steps: two keys differ only in the signature (the steps showed the key length)', async () => {
    const options = json({ components: [{ type: 'method' }, { type: 'path' }, { type: 'bodyHash' }], algorithm: 'hmac-sha256', signature: { in: 'header', name: 'X-Sig' } });
    const shown = async (secret: string) => {
      const signed = await signRequest('recipe', get(), { secret }, { ...ctx, options });
      return JSON.stringify(signed.steps).split(signed.signature).join('<signature>');
    };
    expect(await shown('short')).toBe(await shown(LONG_SECRET));
  });

  it('keeps the legitimate recipes working: the recipe editor templates and the documented Binance recipe', async () => {
    // As in src-renderer/features/request/recipe-model.ts (test/renderer/features/request/recipe-model.test.ts checks those against the contract).
    const binance: RecipeInput = { components: [{ type: 'query' }, { type: 'body' }], algorithm: 'hmac-sha256', output: 'hex', signature: { in: 'query', name: 'signature' }, timestamp: { format: 'ms', in: 'query', name: 'timestamp' }, apiKey: { in: 'header', name: 'X-MBX-APIKEY' } };
    const bybit: RecipeInput = { components: [{ type: 'timestamp' }, { type: 'apiKey' }, { type: 'header', name: 'X-BAPI-RECV-WINDOW' }, { type: 'query' }, { type: 'body' }], algorithm: 'hmac-sha256', output: 'hex', signature: { in: 'header', name: 'X-BAPI-SIGN' }, timestamp: { format: 'ms', in: 'header', name: 'X-BAPI-TIMESTAMP' }, apiKey: { in: 'header', name: 'X-BAPI-API-KEY' } };
    const coinbase: RecipeInput = { components: [{ type: 'timestamp' }, { type: 'method' }, { type: 'path' }, { type: 'query', prefix: '?' }, { type: 'body' }], algorithm: 'hmac-sha256', key: { field: 'secret', decoding: 'base64' }, output: 'base64', signature: { in: 'header', name: 'CB-ACCESS-SIGN' }, timestamp: { format: 's', in: 'header', name: 'CB-ACCESS-TIMESTAMP' }, apiKey: { in: 'header', name: 'CB-ACCESS-KEY' } };
    for (const r of [binance, bybit, coinbase]) expect(() => parseRecipe(JSON.stringify(r))).not.toThrow();
    // A GET without parameters still signs: the timestamp the recipe adds is part of the query.
    const signed = await signRequest('recipe', get('https://api.binance.com/api/v3/account'), creds, { ...ctx, options: json(binance) });
    expect(signed.canonical).toBe('timestamp=1764300000123');
  });
});
