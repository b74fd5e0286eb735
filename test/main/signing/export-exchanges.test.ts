/**
 * The exchange schemes' exported code is run, not just read: each format (bash + openssl + curl, tsx, python3 +
 * requests) is written to a file and executed against a loopback server that checks the request with the scheme's
 * own verify (the first path segment names the scheme). A tool that is missing here skips its format with a loud
 * warning (with CI=true it fails), as in export-request.test.ts.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
import type { SchemeCredentials, SignableRequest } from '../../../src-main/signing/types';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '../../..');
const TEXT_SECRET = `s3cr3t "with" $pecial 'chars' \`and\` spaces`;
const BASE64_SECRET = randomBytes(64).toString('base64');
/** Sent in a header, so printable ASCII; quotes, $ and backslashes test the writers' quoting. */
const PASSPHRASE = `pass "phrase" $HOME 'q' \\ \`x\``;
const API_KEY = 'key-0123456789abcdef';

/** Coinbase Exchange and Kraken issue base64 secrets (decoded before use); the others use the secret as text. */
const credentialsFor = (schemeId: string): SchemeCredentials => ({
  apiKey: API_KEY,
  secret: schemeId === 'coinbase-exchange-hmac' || schemeId === 'kraken-spot' ? BASE64_SECRET : TEXT_SECRET,
  passphrase: PASSPHRASE,
});

/** AWS: the service is named by the path (/aws-sigv4/s3/… signs for s3); the session token travels in a header. */
const SESSION_TOKEN = 'FwoGZXIvYXdzEJr//////////wEaDHn+token=="x"';
const awsCredentials = (path: string): SchemeCredentials => ({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: TEXT_SECRET,
  region: 'eu-west-3',
  service: path.startsWith('/aws-sigv4/s3/') ? 's3' : 'execute-api',
  sessionToken: SESSION_TOKEN,
});

async function has(cmd: string, args: string[]): Promise<boolean> {
  try {
    await run(cmd, args, { timeout: 10_000 });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error(`${cmd} is needed to run the exported code`);
    process.stderr.write(`\n!!! ${cmd} is missing: exported code for it is NOT run.\n`);
    return false;
  }
}

const tools = {
  curl: await has('bash', ['-c', 'command -v curl && command -v openssl && command -v od']),
  fetch: true,
  python: await has('python3', ['-c', 'import requests']),
};

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

let server: Server;
let origin: string;
let dir: string;
const seen: Seen[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signet-export-x-'));
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
      const request: SignableRequest = { method: req.method ?? '', url: `${origin}${req.url}`, headers, body: body === '' ? null : body };
      seen.push({ method: request.method, url: request.url, headers, body });
      const schemeId = (req.url ?? '').split('/')[1] ?? '';
      try {
        const creds = schemeId === 'aws-sigv4' ? awsCredentials(req.url ?? '') : credentialsFor(schemeId);
        const check = await getScheme(schemeId).verify(request, creds, { now: Date.now(), windowMs: 60_000 });
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

function signerInput(schemeId: string, request: SignableRequest, options: Record<string, string> = {}): SignerInput {
  const scheme = getScheme(schemeId);
  return { scheme, request: { ...request, url: new URL(request.url).href }, publicCredentials: { apiKey: API_KEY }, secretFields: ['secret', 'passphrase'], options };
}

const UNICODE_BODY = `{"memo":"naïve ✓ 'quoted' $HOME \\"x\\"","qty":"0.5"}\n`;
const isoNow = () => new Date().toISOString();

/** [scheme, what, request (built once the server is listening), options, environment variables the code reads]. */
type Case = [string, string, () => SignableRequest, Record<string, string>?];
const CASES: Case[] = [
  ['okx-v5', 'a GET with a query', () => ({ method: 'GET', url: `${origin}/okx-v5/api/v5/account/balance?ccy=BTC,ETH&note=caf%C3%A9`, headers: {}, body: null })],
  ['okx-v5', 'a POST with a unicode JSON body', () => ({ method: 'post', url: `${origin}/okx-v5/api/v5/trade/order`, headers: { 'Content-Type': 'application/json', 'X-Client': "it's me" }, body: UNICODE_BODY })],
  ['okx-v5', 'a request that carries its own timestamp', () => ({ method: 'GET', url: `${origin}/okx-v5/api/v5/account/balance`, headers: { 'ok-access-timestamp': isoNow() }, body: null })],
  // requests re-quotes URLs (| { } ^ ` encoded, %41 decoded); the code sends the spelling no client rewrites.
  ['okx-v5', 'a query that Python requests would re-quote', () => ({ method: 'GET', url: `${origin}/okx-v5/api/v5/x%41y?f=a|b{c}^d\`e&g=%7e%41%2F`, headers: {}, body: null })],
  ['bybit-v5', 'a query that Python requests would re-quote', () => ({ method: 'GET', url: `${origin}/bybit-v5/v5/order/realtime?f=a|b{c}^d&g=%7e%41`, headers: {}, body: null })],
  ['coinbase-exchange-hmac', 'a query that Python requests would re-quote', () => ({ method: 'GET', url: `${origin}/coinbase-exchange-hmac/orders?f=a|b{c}&g=%41`, headers: {}, body: null })],
  ['bybit-v5', 'a GET with a query', () => ({ method: 'GET', url: `${origin}/bybit-v5/v5/order/realtime?category=linear&symbol=BTCUSDT&note=caf%C3%A9`, headers: {}, body: null })],
  ['bybit-v5', 'a POST with a unicode JSON body and a recv window', () => ({ method: 'POST', url: `${origin}/bybit-v5/v5/order/create`, headers: { 'Content-Type': 'application/json' }, body: UNICODE_BODY }), { recvWindow: '20000' }],
  ['bybit-v5', 'a request that carries its own timestamp', () => ({ method: 'GET', url: `${origin}/bybit-v5/v5/account/wallet-balance?accountType=UNIFIED`, headers: { 'X-BAPI-TIMESTAMP': String(Date.now()) }, body: null })],
  ['kucoin-v2', 'a GET with an encoded query (signed URL-decoded)', () => ({ method: 'GET', url: `${origin}/kucoin-v2/api/v1/accounts?currency=BTC&passphrase=abc%21%40%2311&note=caf%C3%A9`, headers: {}, body: null })],
  ['kucoin-v2', 'a POST with a unicode JSON body, key version 3', () => ({ method: 'POST', url: `${origin}/kucoin-v2/api/v1/orders`, headers: { 'Content-Type': 'application/json' }, body: UNICODE_BODY }), { keyVersion: '3' }],
  ['coinbase-exchange-hmac', 'a GET with a query', () => ({ method: 'GET', url: `${origin}/coinbase-exchange-hmac/orders?status=open&product_id=BTC-USD`, headers: {}, body: null })],
  ['coinbase-exchange-hmac', 'a POST with a unicode JSON body', () => ({ method: 'POST', url: `${origin}/coinbase-exchange-hmac/orders`, headers: { 'Content-Type': 'application/json' }, body: UNICODE_BODY })],
  ['coinbase-exchange-hmac', 'a request that carries its own timestamp', () => ({ method: 'GET', url: `${origin}/coinbase-exchange-hmac/accounts`, headers: { 'CB-ACCESS-TIMESTAMP': String(Math.floor(Date.now() / 1000)) }, body: null })],
  ['kraken-spot', 'a form body (the nonce goes first)', () => ({ method: 'POST', url: `${origin}/kraken-spot/0/private/AddOrder`, headers: {}, body: 'ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25&note=café ✓' })],
  ['kraken-spot', 'an empty body', () => ({ method: 'POST', url: `${origin}/kraken-spot/0/private/Balance`, headers: {}, body: null })],
  ['kraken-spot', 'a JSON body', () => ({ method: 'POST', url: `${origin}/kraken-spot/0/private/AddOrder`, headers: { 'Content-Type': 'application/json' }, body: '{"pair": "XBTUSD", "memo": "naïve \'q\' $HOME"}' })],
  ['kraken-spot', 'a body that carries its own nonce', () => ({ method: 'POST', url: `${origin}/kraken-spot/0/private/Balance`, headers: {}, body: `nonce=${Date.now()}&asset=XBT` })],
  ['bitfinex-v2', 'an empty body (sent as {})', () => ({ method: 'POST', url: `${origin}/bitfinex-v2/v2/auth/r/wallets`, headers: {}, body: null })],
  ['bitfinex-v2', 'a unicode JSON body', () => ({ method: 'POST', url: `${origin}/bitfinex-v2/v2/auth/w/order/submit`, headers: { 'Content-Type': 'application/json' }, body: UNICODE_BODY })],
  ['bitfinex-v2', 'a request that carries its own bfx-nonce', () => ({ method: 'POST', url: `${origin}/bitfinex-v2/v2/auth/r/wallets`, headers: { 'bfx-nonce': `${Date.now()}000` }, body: '{}' })],
  ['gemini', 'no body (the payload is built from the path)', () => ({ method: 'POST', url: `${origin}/gemini/v1/balances`, headers: {}, body: null })],
  ['gemini', 'a payload with parameters and no nonce', () => ({ method: 'POST', url: `${origin}/gemini/v1/order/status`, headers: {}, body: '{ "order_id": 18834, "memo": "naïve \'q\' $HOME" }' })],
  ['gemini', 'a payload with its own request and nonce, kept byte for byte', () => ({ method: 'POST', url: `${origin}/gemini/v1/mytrades`, headers: {}, body: `{\n  "request": "/gemini/v1/mytrades",\n\n  "nonce": ${Date.now()},\n  "symbol": "btcusd"\n}` })],
];

describe.each(['curl', 'fetch', 'python'] as const)('exported %s for the exchange schemes', (format) => {
  it.skipIf(!tools[format]).each(CASES)('%s: signs %s so that the scheme verifies it', async (schemeId, _what, make, options = {}) => {
    const input = signerInput(schemeId, make(), options);
    const creds = credentialsFor(schemeId);
    // What "Copy as" refuses to export, the writer is never asked for: the scheme must sign the request as typed.
    await getScheme(schemeId).sign(input.request, creds, { timestamp: Date.now(), nonce: '1', ...(Object.keys(options).length ? { options } : {}) });
    const { code, kind, env } = exportRequest(format, input, noSnapshot);
    expect(kind).toBe('signer');
    expect(code).not.toContain(creds.secret);
    expect(code).not.toContain(PASSPHRASE);
    const needsPassphrase = getScheme(schemeId).credentials.includes('passphrase');
    expect(env).toEqual(needsPassphrase ? ['SIGNET_SECRET', 'SIGNET_PASSPHRASE'] : ['SIGNET_SECRET']);
    seen.length = 0;
    const out = await execute(format, code, { SIGNET_SECRET: creds.secret!, SIGNET_PASSPHRASE: PASSPHRASE });
    expect(out).toBe(format === 'curl' ? 'verified' : '200 verified');
    expect(seen).toHaveLength(1);
  });

  it.skipIf(!tools[format])('signs afresh on every run (two runs, two timestamps, both verified)', async () => {
    const { code } = exportRequest(format, signerInput('okx-v5', { method: 'GET', url: `${origin}/okx-v5/api/v5/account/balance`, headers: {}, body: null }), noSnapshot);
    seen.length = 0;
    for (let i = 0; i < 2; i++) {
      expect(await execute(format, code, { SIGNET_SECRET: TEXT_SECRET, SIGNET_PASSPHRASE: PASSPHRASE })).toMatch(/verified$/);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(seen[0]!.headers['ok-access-timestamp']).not.toBe(seen[1]!.headers['ok-access-timestamp']);
  });

  it.skipIf(!tools[format])('stops with a message naming the variable when the passphrase is not set', async () => {
    const { code } = exportRequest(format, signerInput('kucoin-v2', { method: 'GET', url: `${origin}/kucoin-v2/api/v1/accounts`, headers: {}, body: null }), noSnapshot);
    await expect(execute(format, code, { SIGNET_SECRET: TEXT_SECRET })).rejects.toThrow(/SIGNET_PASSPHRASE/);
  });

  it.skipIf(!tools[format])('is rejected by the verifier when run with the wrong secret', async () => {
    const { code } = exportRequest(format, signerInput('bitfinex-v2', { method: 'POST', url: `${origin}/bitfinex-v2/v2/auth/r/wallets`, headers: {}, body: null }), noSnapshot);
    expect(await execute(format, code, { SIGNET_SECRET: 'not the secret' })).toMatch(/rejected: bfx-signature does not match/);
  });
});

describe.each(['curl', 'fetch', 'python'] as const)('exported %s for aws-sigv4', (format) => {
  const amzNow = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const cases: [string, () => SignableRequest, boolean][] = [
    ['a GET with an unsorted, repeated, encoded query', () => ({ method: 'GET', url: `${origin}/aws-sigv4/prod/items?b=2&a=caf%C3%A9&a=*(1)&empty`, headers: { 'X-Custom': 'spaced   value' }, body: null }), false],
    ['a POST with a unicode JSON body and a session token', () => ({ method: 'POST', url: `${origin}/aws-sigv4/prod/orders`, headers: { 'Content-Type': 'application/json' }, body: UNICODE_BODY }), true],
    ['an s3 PUT (x-amz-content-sha256 added)', () => ({ method: 'PUT', url: `${origin}/aws-sigv4/s3/bucket/key%20with%20spaces.txt`, headers: { 'Content-Type': 'text/plain' }, body: "it's $HOME \"q\"\n" }), false],
    ['a path and query that Python requests would re-quote', () => ({ method: 'GET', url: `${origin}/aws-sigv4/prod/x%41y|z?f=a|b{c}&g=%41`, headers: {}, body: null }), false],
    ['a path already percent-encoded (encoded again, as AWS does)', () => ({ method: 'GET', url: `${origin}/aws-sigv4/prod/a%20b/c`, headers: {}, body: null }), false],
    ['a request that carries its own X-Amz-Date', () => ({ method: 'GET', url: `${origin}/aws-sigv4/prod/items`, headers: { 'X-Amz-Date': amzNow() }, body: null }), true],
  ];
  it.skipIf(!tools[format]).each(cases)('signs %s so that the scheme verifies it', async (_what, make, withToken) => {
    const request = make();
    const path = new URL(request.url).pathname;
    const creds = awsCredentials(path);
    const input: SignerInput = {
      scheme: getScheme('aws-sigv4'),
      request: { ...request, url: new URL(request.url).href },
      publicCredentials: { accessKeyId: creds.accessKeyId!, region: creds.region!, service: creds.service! },
      secretFields: withToken ? ['secretAccessKey', 'sessionToken'] : ['secretAccessKey'],
      options: {},
    };
    const { code, kind, env } = exportRequest(format, input, noSnapshot);
    expect(kind).toBe('signer');
    expect(env).toEqual(withToken ? ['SIGNET_SECRET_ACCESS_KEY', 'SIGNET_SESSION_TOKEN'] : ['SIGNET_SECRET_ACCESS_KEY']);
    expect(code).not.toContain(TEXT_SECRET);
    expect(code).not.toContain(SESSION_TOKEN);
    seen.length = 0;
    expect(await execute(format, code, { SIGNET_SECRET_ACCESS_KEY: TEXT_SECRET, SIGNET_SESSION_TOKEN: SESSION_TOKEN })).toBe(format === 'curl' ? 'verified' : '200 verified');
    expect(seen[0]!.headers['x-amz-security-token']).toBe(withToken ? SESSION_TOKEN : undefined);
    if (path.startsWith('/aws-sigv4/s3/')) expect(seen[0]!.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('signer writers', () => {
  it('exist for the exchange schemes this file runs', () => {
    for (const id of [...new Set(CASES.map(([id]) => id)), 'aws-sigv4']) expect(hasSignerWriter(id), id).toBe(true);
  });
});
