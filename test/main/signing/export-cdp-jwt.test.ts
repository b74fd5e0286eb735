/**
 * "Copy as" code for coinbase-advanced-cdp-jwt is run, not just read: each format (bash + openssl + curl, tsx,
 * python3 + requests + cryptography) is written to a file and executed against a loopback server that checks the
 * Authorization header with the scheme's own verify, once per key form Coinbase issues (EC P-256 SEC1 PEM → ES256,
 * base64 Ed25519 secret → EdDSA) and a PKCS#8 PEM. Keys are made here. A missing tool skips its format loudly (with
 * CI=true it fails), as in export-exchanges.test.ts.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRun, startVerifyingServer, type VerifyingServer } from '../../helpers/exported-code';
import { exportRequest, hasSignerWriter } from '../../../src-main/signing/export/export-request';
import type { SignerInput } from '../../../src-main/signing/export/code-writer';
import { getScheme } from '../../../src-main/signing/registry';
import type { SignableRequest } from '../../../src-main/signing/types';

const ID = 'coinbase-advanced-cdp-jwt';
const KEY_NAME = 'organizations/0e7a1b2c-3d4e-5f60-7182-93a4b5c6d7e8/apiKeys/1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9';

const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const ed = generateKeyPairSync('ed25519');
const edRaw = Buffer.concat([ed.privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32), createPublicKey(ed.privateKey).export({ format: 'der', type: 'spki' }).subarray(-32)]);
/** [what, the key as the user sets it, the algorithm the JWT must carry]; the path's second segment picks the key. */
const KEYS: Record<string, [string, string, 'ES256' | 'EdDSA']> = {
  sec1: ['an EC P-256 SEC1 PEM (ES256)', ec.privateKey.export({ format: 'pem', type: 'sec1' }).toString(), 'ES256'],
  escaped: ['an EC PEM pasted out of JSON, newlines as \\n (ES256)', ec.privateKey.export({ format: 'pem', type: 'sec1' }).toString().replace(/\n/g, '\\n'), 'ES256'],
  ed64: ['the base64 Ed25519 secret (EdDSA)', edRaw.toString('base64'), 'EdDSA'],
  edpem: ['an Ed25519 PKCS#8 PEM (EdDSA)', ed.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), 'EdDSA'],
};

const tools = {
  curl: await canRun('bash', ['-c', 'command -v curl && command -v openssl && command -v mktemp && command -v sed && command -v xxd'], 'bash, curl, openssl, mktemp, sed or xxd'),
  fetch: true,
  python: await canRun('python3', ['-c', 'import requests, cryptography'], 'python3 with requests and cryptography (pip install cryptography requests)'),
};

let host: VerifyingServer;
beforeAll(async () => {
  host = await startVerifyingServer(async (request, path) => {
    const key = KEYS[path.split('/')[2] ?? ''];
    if (!key) throw new Error('no such key');
    return getScheme(ID).verify(request, { apiKey: KEY_NAME, secret: key[1] }, { now: Date.now(), windowMs: 60_000 });
  });
});
afterAll(() => host.close());

const noSnapshot = { scheme: getScheme('hmac'), timestamp: 0, nonce: '', request: { method: 'GET', url: [], headers: [], body: null } };

function signerInput(request: SignableRequest): SignerInput {
  return { scheme: getScheme(ID), request: { ...request, url: new URL(request.url).href }, publicCredentials: { apiKey: KEY_NAME }, secretFields: ['privateKeyPem'], options: {} };
}

type Case = [string, (path: string) => SignableRequest];
const CASES: Case[] = [
  ['a GET with a query (not covered by the JWT)', (p) => ({ method: 'GET', url: `${host.origin}${p}/api/v3/brokerage/orders/historical/batch?order_status=OPEN&note=café`, headers: {}, body: null })],
  ['a POST with a unicode JSON body', (p) => ({ method: 'post', url: `${host.origin}${p}/api/v3/brokerage/orders`, headers: { 'Content-Type': 'application/json' }, body: `{"client_order_id":"it's $HOME","memo":"naïve ✓"}` })],
  ['a path and query Python requests would re-quote', (p) => ({ method: 'GET', url: `${host.origin}${p}/api/v3/x%41y?f=a|b{c}&g=%41`, headers: {}, body: null })],
];

describe.each(['curl', 'fetch', 'python'] as const)('exported %s for coinbase-advanced-cdp-jwt', (format) => {
  describe.each(Object.entries(KEYS))('with %s', (keyId, [, keyText, alg]) => {
    it.skipIf(!tools[format]).each(CASES)('signs %s so that the scheme verifies it', async (_what, make) => {
      const input = signerInput(make(`/${ID}/${keyId}`));
      const { code, kind, env } = exportRequest(format, input, noSnapshot);
      expect(kind).toBe('signer');
      expect(env).toEqual(['SIGNET_PRIVATE_KEY_PEM']);
      expect(code).not.toContain('PRIVATE KEY-----');
      expect(code).not.toContain(edRaw.toString('base64'));
      host.seen.length = 0;
      expect(await host.run(format, code, { SIGNET_PRIVATE_KEY_PEM: keyText })).toBe(format === 'curl' ? 'verified' : '200 verified');
      expect(host.seen).toHaveLength(1);
      const jwt = host.seen[0]!.headers.authorization!.replace(/^Bearer /, '');
      expect(JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg, kid: KEY_NAME, typ: 'JWT' });
    });
  });

  it.skipIf(!tools[format])('signs afresh on every run (two runs, two nonces, both verified)', async () => {
    const { code } = exportRequest(format, signerInput({ method: 'GET', url: `${host.origin}/${ID}/ed64/api/v3/brokerage/accounts`, headers: {}, body: null }), noSnapshot);
    host.seen.length = 0;
    for (let i = 0; i < 2; i++) expect(await host.run(format, code, { SIGNET_PRIVATE_KEY_PEM: KEYS.ed64![1] })).toMatch(/verified$/);
    expect(host.seen[0]!.headers.authorization).not.toBe(host.seen[1]!.headers.authorization);
  });

  it.skipIf(!tools[format])('is rejected by the verifier when run with another key', async () => {
    const { code } = exportRequest(format, signerInput({ method: 'GET', url: `${host.origin}/${ID}/sec1/api/v3/brokerage/accounts`, headers: {}, body: null }), noSnapshot);
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'pem', type: 'sec1' }).toString();
    expect(await host.run(format, code, { SIGNET_PRIVATE_KEY_PEM: other })).toMatch(/rejected: The JWT signature does not verify/);
  });

  it.skipIf(!tools[format])('stops with a message naming the variable when the key is not set', async () => {
    const { code } = exportRequest(format, signerInput({ method: 'GET', url: `${host.origin}/${ID}/sec1/api/v3/brokerage/accounts`, headers: {}, body: null }), noSnapshot);
    host.seen.length = 0;
    await expect(host.run(format, code, {})).rejects.toThrow(/SIGNET_PRIVATE_KEY_PEM/);
    expect(host.seen).toHaveLength(0);
  });
});

describe('signer writers', () => {
  it('exist for coinbase-advanced-cdp-jwt', () => {
    expect(hasSignerWriter(ID)).toBe(true);
  });
});
