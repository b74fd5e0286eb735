/**
 * "Copy as" code for Binance's Ed25519 and RSA keys is run, not just read: each format (bash + openssl + curl, tsx,
 * python3 + requests + cryptography) is written to a file and executed against a loopback server that checks the
 * request with the scheme's own verify, holding only the PUBLIC key (as Binance does). The key pairs are made here.
 * A tool that is missing skips its format with a loud warning (with CI=true it fails), as in export-exchanges.test.ts.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRequest, hasSignerWriter } from '../../../src-main/signing/export/export-request';
import type { CodeFormat, SignerInput } from '../../../src-main/signing/export/code-writer';
import { getScheme } from '../../../src-main/signing/registry';
import type { SignableRequest } from '../../../src-main/signing/types';
import { keyPair, type KeyType } from './binance-asymmetric';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../../..');
const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SCHEMES: Record<string, KeyType> = { 'binance-ed25519': 'ed25519', 'binance-rsa': 'rsa' };
const KEYS = { ed25519: keyPair('ed25519'), rsa: keyPair('rsa') };

async function has(cmd: string, args: string[], what: string): Promise<boolean> {
  try {
    await run(cmd, args, { timeout: 10_000 });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error(`${what} is needed to run the exported code`);
    process.stderr.write(`\n!!! ${what} is missing: exported code for it is NOT run.\n`);
    return false;
  }
}

const tools = {
  curl: await has('bash', ['-c', 'command -v curl && command -v openssl && command -v mktemp && command -v sed'], 'bash, curl, openssl, mktemp or sed'),
  fetch: true,
  python: await has('python3', ['-c', 'import requests, cryptography'], 'python3 with requests and cryptography (pip install cryptography requests)'),
};

let server: Server;
let origin: string;
let dir: string;
const seen: SignableRequest[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signet-export-bk-'));
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
      const request: SignableRequest = { method: req.method ?? '', url: `${origin}${req.url}`, headers, body: body === '' ? null : body };
      seen.push(request);
      const schemeId = (req.url ?? '').split('/')[1] ?? '';
      try {
        const type = SCHEMES[schemeId];
        if (!type) throw new Error(`no scheme ${schemeId}`);
        const check = await getScheme(schemeId).verify(request, { apiKey: API_KEY, secret: KEYS[type].publicKey }, { now: Date.now(), windowMs: 60_000 });
        res.writeHead(check.valid ? 200 : 401, { 'content-type': 'text/plain' }).end(check.valid ? 'verified' : `rejected: ${check.reason}`);
      } catch (e) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`error: ${String(e)}`);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

async function execute(format: CodeFormat, code: string, env: Record<string, string>): Promise<string> {
  const file = join(dir, `request-${Math.random().toString(36).slice(2)}.${format === 'curl' ? 'sh' : format === 'fetch' ? 'ts' : 'py'}`);
  writeFileSync(file, code);
  const [cmd, args] = format === 'curl' ? ['bash', [file]] : format === 'fetch' ? [join(REPO, 'node_modules/.bin/tsx'), [file]] : ['python3', [file]];
  const { stdout } = await run(cmd, args as string[], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 30_000 });
  return stdout.trim();
}

const noSnapshot = { scheme: getScheme('hmac'), timestamp: 0, nonce: '', request: { method: 'GET', url: [], headers: [], body: null } };

function signerInput(schemeId: string, request: SignableRequest): SignerInput {
  return { scheme: getScheme(schemeId), request: { ...request, url: new URL(request.url).href }, publicCredentials: { apiKey: API_KEY }, secretFields: ['privateKeyPem'], options: {} };
}

type Case = [string, (path: string) => SignableRequest];
const CASES: Case[] = [
  ['a GET with a non-ASCII query parameter', (p) => ({ method: 'GET', url: `${origin}${p}/api/v3/openOrders?symbol=BTCUSDT&note=café`, headers: {}, body: null })],
  ['a POST with form parameters in the body', (p) => ({ method: 'POST', url: `${origin}${p}/api/v3/order`, headers: {}, body: 'symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=0.2&recvWindow=5000' })],
  ['a POST with parameters in the query string', (p) => ({ method: 'POST', url: `${origin}${p}/api/v3/order?symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01`, headers: {}, body: null })],
  ['a GET without parameters', (p) => ({ method: 'GET', url: `${origin}${p}/api/v3/account`, headers: { Accept: 'application/json' }, body: null })],
  ['a request that carries its own timestamp', (p) => ({ method: 'GET', url: `${origin}${p}/api/v3/account?recvWindow=60000&timestamp=${Date.now()}`, headers: {}, body: null })],
  ['a GET whose query has characters Python requests rewrites (| { } %41)', (p) => ({ method: 'GET', url: `${origin}${p}/api/v3/openOrders?symbols=[BTC|ETH]&x={a}&y=%41`, headers: {}, body: null })],
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
      seen.length = 0;
      expect(await execute(format, code, { SIGNET_PRIVATE_KEY_PEM: KEYS[type].privateKey })).toBe(format === 'curl' ? 'verified' : '200 verified');
      expect(seen).toHaveLength(1);
      expect(seen[0]!.headers['x-mbx-apikey']).toBe(API_KEY);
      // base64 travels percent-encoded: no raw + / = after signature=.
      const signature = /signature=([^&]*)$/.exec(`${new URL(seen[0]!.url).search}&${seen[0]!.body ?? ''}`.replace(/&$/, ''))?.[1] ?? '';
      expect(signature).toMatch(/^[A-Za-z0-9%]+$/);
    });

    it.skipIf(!tools[format])('opens a key stored with a passphrase (encrypted PKCS#8) with SIGNET_PASSPHRASE', async () => {
      const passphrase = `pass "phrase" $HOME 'q' \\ \`x\``;
      const encrypted = keyPair(type, passphrase);
      const input = { ...signerInput(schemeId, { method: 'POST', url: `${origin}/${schemeId}/api/v3/order`, headers: {}, body: 'symbol=BTCUSDT&side=BUY' }), secretFields: ['privateKeyPem', 'passphrase'] as const };
      const { code, env } = exportRequest(format, input, noSnapshot);
      expect(env).toEqual(['SIGNET_PRIVATE_KEY_PEM', 'SIGNET_PASSPHRASE']);
      expect(code).not.toContain(passphrase);
      const publicKeyOf = { ...KEYS[type] };
      KEYS[type] = encrypted;
      try {
        expect(await execute(format, code, { SIGNET_PRIVATE_KEY_PEM: encrypted.privateKey, SIGNET_PASSPHRASE: passphrase })).toBe(format === 'curl' ? 'verified' : '200 verified');
        await expect(execute(format, code, { SIGNET_PRIVATE_KEY_PEM: encrypted.privateKey, SIGNET_PASSPHRASE: 'wrong' })).rejects.toThrow();
      } finally {
        KEYS[type] = publicKeyOf;
      }
    });

    it.skipIf(!tools[format])('is rejected by the verifier when run with another key of the same type', async () => {
      const { code } = exportRequest(format, signerInput(schemeId, { method: 'GET', url: `${origin}/${schemeId}/api/v3/account`, headers: {}, body: null }), noSnapshot);
      expect(await execute(format, code, { SIGNET_PRIVATE_KEY_PEM: keyPair(type).privateKey })).toMatch(/rejected: .*signature/);
    });

    it.skipIf(!tools[format])('stops with a message naming the variable when the private key is not set', async () => {
      const { code } = exportRequest(format, signerInput(schemeId, { method: 'GET', url: `${origin}/${schemeId}/api/v3/account`, headers: {}, body: null }), noSnapshot);
      seen.length = 0;
      await expect(execute(format, code, {})).rejects.toThrow(/SIGNET_PRIVATE_KEY_PEM/);
      expect(seen).toHaveLength(0);
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
