/**
 * "Copy as" code for Binance's Ed25519 and RSA keys is run, not just read: each format (bash + openssl + curl, tsx,
 * python3 + requests + cryptography) is written to a file and executed against a loopback server that checks the
 * request with the scheme's own verify, holding only the PUBLIC key (as Binance does). The key pairs are made here.
 * A tool that is missing skips its format with a loud warning (with CI=true it fails), as in export-exchanges.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRun, startVerifyingServer, type VerifyingServer } from '../../helpers/exported-code';
import { exportRequest, hasSignerWriter } from '../../../src-main/signing/export/export-request';
import type { SignerInput } from '../../../src-main/signing/export/code-writer';
import { getScheme } from '../../../src-main/signing/registry';
import type { SignableRequest } from '../../../src-main/signing/types';
import { keyPair, type KeyType } from './binance-asymmetric';

const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SCHEMES: Record<string, KeyType> = { 'binance-ed25519': 'ed25519', 'binance-rsa': 'rsa' };
const KEYS = { ed25519: keyPair('ed25519'), rsa: keyPair('rsa') };

const tools = {
  curl: await canRun('bash', ['-c', 'command -v curl && command -v openssl && command -v mktemp && command -v sed'], 'bash, curl, openssl, mktemp or sed'),
  fetch: true,
  python: await canRun('python3', ['-c', 'import requests, cryptography'], 'python3 with requests and cryptography (pip install cryptography requests)'),
};

let host: VerifyingServer;
beforeAll(async () => {
  host = await startVerifyingServer(async (request, path) => {
    const schemeId = path.split('/')[1] ?? '';
    const type = SCHEMES[schemeId];
    if (!type) throw new Error(`no scheme ${schemeId}`);
    return getScheme(schemeId).verify(request, { apiKey: API_KEY, secret: KEYS[type].publicKey }, { now: Date.now(), windowMs: 60_000 });
  });
});
afterAll(() => host.close());

const noSnapshot = { scheme: getScheme('hmac'), timestamp: 0, nonce: '', request: { method: 'GET', url: [], headers: [], body: null } };

function signerInput(schemeId: string, request: SignableRequest): SignerInput {
  return { scheme: getScheme(schemeId), request: { ...request, url: new URL(request.url).href }, publicCredentials: { apiKey: API_KEY }, secretFields: ['privateKeyPem'], options: {} };
}

type Case = [string, (path: string) => SignableRequest];
const CASES: Case[] = [
  ['a GET with a non-ASCII query parameter', (p) => ({ method: 'GET', url: `${host.origin}${p}/api/v3/openOrders?symbol=BTCUSDT&note=café`, headers: {}, body: null })],
  ['a POST with form parameters in the body', (p) => ({ method: 'POST', url: `${host.origin}${p}/api/v3/order`, headers: {}, body: 'symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.2&recvWindow=5000' })],
  ['a POST with parameters in the query string', (p) => ({ method: 'POST', url: `${host.origin}${p}/api/v3/order?symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01`, headers: {}, body: null })],
  ['a GET without parameters', (p) => ({ method: 'GET', url: `${host.origin}${p}/api/v3/account`, headers: { Accept: 'application/json' }, body: null })],
  ['a request that carries its own timestamp', (p) => ({ method: 'GET', url: `${host.origin}${p}/api/v3/account?recvWindow=60000&timestamp=${Date.now()}`, headers: {}, body: null })],
  ['a GET whose query has characters Python requests rewrites (| { } %41)', (p) => ({ method: 'GET', url: `${host.origin}${p}/api/v3/openOrders?symbols=[BTC|ETH]&x={a}&y=%41`, headers: {}, body: null })],
];

describe.each(['curl', 'fetch', 'python'] as const)('exported %s for Binance Ed25519 and RSA keys', (format) => {
  describe.each(Object.entries(SCHEMES))('%s', (schemeId, type) => {
    it.skipIf(!tools[format]).each(CASES)('signs %s so that the scheme verifies it with the public key', async (_what, make) => {
      const input = signerInput(schemeId, make(`/${schemeId}`));
      // What "Copy as" refuses to export, the writer is never asked for: the scheme must sign the request as typed.
      await getScheme(schemeId).sign(input.request, { apiKey: API_KEY, secret: KEYS[type].privateKey }, { timestamp: Date.now(), nonce: '1' });
      const { code, kind, env } = exportRequest(format, input, noSnapshot);
      expect(kind).toBe('signer');
      expect(env).toEqual(['SIGNET_PRIVATE_KEY_PEM']);
      expect(code).not.toContain('PRIVATE KEY-----');
      host.seen.length = 0;
      expect(await host.run(format, code, { SIGNET_PRIVATE_KEY_PEM: KEYS[type].privateKey })).toBe(format === 'curl' ? 'verified' : '200 verified');
      expect(host.seen).toHaveLength(1);
      expect(host.seen[0]!.headers['x-mbx-apikey']).toBe(API_KEY);
      // base64 travels percent-encoded: no raw + / = after signature=.
      const signature = /signature=([^&]*)$/.exec(`${new URL(host.seen[0]!.url).search}&${host.seen[0]!.body ?? ''}`.replace(/&$/, ''))?.[1] ?? '';
      expect(signature).toMatch(/^[A-Za-z0-9%]+$/);
    });

    it.skipIf(!tools[format])('opens a key stored with a passphrase (encrypted PKCS#8) with SIGNET_PASSPHRASE', async () => {
      const passphrase = `pass "phrase" $HOME 'q' \\ \`x\``;
      const encrypted = keyPair(type, passphrase);
      const input = { ...signerInput(schemeId, { method: 'POST', url: `${host.origin}/${schemeId}/api/v3/order`, headers: {}, body: 'symbol=BTCUSDT&side=BUY' }), secretFields: ['privateKeyPem', 'passphrase'] as const };
      const { code, env } = exportRequest(format, input, noSnapshot);
      expect(env).toEqual(['SIGNET_PRIVATE_KEY_PEM', 'SIGNET_PASSPHRASE']);
      expect(code).not.toContain(passphrase);
      const publicKeyOf = { ...KEYS[type] };
      KEYS[type] = encrypted;
      try {
        expect(await host.run(format, code, { SIGNET_PRIVATE_KEY_PEM: encrypted.privateKey, SIGNET_PASSPHRASE: passphrase })).toBe(format === 'curl' ? 'verified' : '200 verified');
        await expect(host.run(format, code, { SIGNET_PRIVATE_KEY_PEM: encrypted.privateKey, SIGNET_PASSPHRASE: 'wrong' })).rejects.toThrow();
      } finally {
        KEYS[type] = publicKeyOf;
      }
    });

    it.skipIf(!tools[format])('is rejected by the verifier when run with another key of the same type', async () => {
      const { code } = exportRequest(format, signerInput(schemeId, { method: 'GET', url: `${host.origin}/${schemeId}/api/v3/account`, headers: {}, body: null }), noSnapshot);
      expect(await host.run(format, code, { SIGNET_PRIVATE_KEY_PEM: keyPair(type).privateKey })).toMatch(/rejected: .*signature/);
    });

    it.skipIf(!tools[format])('stops with a message naming the variable when the private key is not set', async () => {
      const { code } = exportRequest(format, signerInput(schemeId, { method: 'GET', url: `${host.origin}/${schemeId}/api/v3/account`, headers: {}, body: null }), noSnapshot);
      host.seen.length = 0;
      await expect(host.run(format, code, {})).rejects.toThrow(/SIGNET_PRIVATE_KEY_PEM/);
      expect(host.seen).toHaveLength(0);
    });
  });
});

describe('signer writers', () => {
  it('exist for the Binance key types this file runs', () => {
    for (const id of Object.keys(SCHEMES)) expect(hasSignerWriter(id), id).toBe(true);
  });

  it('tell Python users which package the private key needs', () => {
    const { code } = exportRequest('python', signerInput('binance-rsa', { method: 'GET', url: 'https://api.binance.com/api/v3/account', headers: {}, body: null }), noSnapshot);
    expect(code).toContain('pip install cryptography');
  });
});
