/**
 * The exchange schemes' exported code is run, not just read: each format (bash + openssl + curl, tsx, python3 +
 * requests) is written to a file and executed against a loopback server that checks the request with the scheme's
 * own verify (the first path segment names the scheme). A tool that is missing here skips its format with a loud
 * warning (with CI=true it fails), as in export-request.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRun, startVerifyingServer, type VerifyingServer } from '../../helpers/exported-code';
import { exportRequest, hasSignerWriter } from '../../../src-main/signing/export/export-request';
import type { SignerInput } from '../../../src-main/signing/export/code-writer';
import { getScheme } from '../../../src-main/signing/registry';
import type { SchemeCredentials, SignableRequest } from '../../../src-main/signing/types';

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

const tools = {
  curl: await canRun('bash', ['-c', 'command -v curl && command -v openssl && command -v od']),
  fetch: true,
  python: await canRun('python3', ['-c', 'import requests']),
};

let host: VerifyingServer;
beforeAll(async () => {
  host = await startVerifyingServer(async (request, path) => {
    const schemeId = path.split('/')[1] ?? '';
    const creds = schemeId === 'aws-sigv4' ? awsCredentials(path) : credentialsFor(schemeId);
    return getScheme(schemeId).verify(request, creds, { now: Date.now(), windowMs: 60_000 });
  });
});
afterAll(() => host.close());

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
  ['okx-v5', 'a GET with a query', () => ({ method: 'GET', url: `${host.origin}/okx-v5/api/v5/account/balance?ccy=BTC,ETH&note=caf%C3%A9`, headers: {}, body: null })],
  ['okx-v5', 'a POST with a unicode JSON body', () => ({ method: 'post', url: `${host.origin}/okx-v5/api/v5/trade/order`, headers: { 'Content-Type': 'application/json', 'X-Client': "it's me" }, body: UNICODE_BODY })],
  ['okx-v5', 'a request that carries its own timestamp', () => ({ method: 'GET', url: `${host.origin}/okx-v5/api/v5/account/balance`, headers: { 'ok-access-timestamp': isoNow() }, body: null })],
  // requests re-quotes URLs (| { } ^ ` encoded, %41 decoded); the code sends the spelling no client rewrites.
  ['okx-v5', 'a query that Python requests would re-quote', () => ({ method: 'GET', url: `${host.origin}/okx-v5/api/v5/x%41y?f=a|b{c}^d\`e&g=%7e%41%2F`, headers: {}, body: null })],
  ['bybit-v5', 'a query that Python requests would re-quote', () => ({ method: 'GET', url: `${host.origin}/bybit-v5/v5/order/realtime?f=a|b{c}^d&g=%7e%41`, headers: {}, body: null })],
  ['coinbase-exchange-hmac', 'a query that Python requests would re-quote', () => ({ method: 'GET', url: `${host.origin}/coinbase-exchange-hmac/orders?f=a|b{c}&g=%41`, headers: {}, body: null })],
  ['bybit-v5', 'a GET with a query', () => ({ method: 'GET', url: `${host.origin}/bybit-v5/v5/order/realtime?category=linear&symbol=BTCUSDT&note=caf%C3%A9`, headers: {}, body: null })],
  ['bybit-v5', 'a POST with a unicode JSON body and a recv window', () => ({ method: 'POST', url: `${host.origin}/bybit-v5/v5/order/create`, headers: { 'Content-Type': 'application/json' }, body: UNICODE_BODY }), { recvWindow: '20000' }],
  ['bybit-v5', 'a request that carries its own timestamp', () => ({ method: 'GET', url: `${host.origin}/bybit-v5/v5/account/wallet-balance?accountType=UNIFIED`, headers: { 'X-BAPI-TIMESTAMP': String(Date.now()) }, body: null })],
  ['kucoin-v2', 'a GET with an encoded query (signed URL-decoded)', () => ({ method: 'GET', url: `${host.origin}/kucoin-v2/api/v1/accounts?currency=BTC&passphrase=abc%21%40%2311&note=caf%C3%A9`, headers: {}, body: null })],
  ['kucoin-v2', 'a POST with a unicode JSON body, key version 3', () => ({ method: 'POST', url: `${host.origin}/kucoin-v2/api/v1/orders`, headers: { 'Content-Type': 'application/json' }, body: UNICODE_BODY }), { keyVersion: '3' }],
  ['coinbase-exchange-hmac', 'a GET with a query', () => ({ method: 'GET', url: `${host.origin}/coinbase-exchange-hmac/orders?status=open&product_id=BTC-USD`, headers: {}, body: null })],
  ['coinbase-exchange-hmac', 'a POST with a unicode JSON body', () => ({ method: 'POST', url: `${host.origin}/coinbase-exchange-hmac/orders`, headers: { 'Content-Type': 'application/json' }, body: UNICODE_BODY })],
  ['coinbase-exchange-hmac', 'a request that carries its own timestamp', () => ({ method: 'GET', url: `${host.origin}/coinbase-exchange-hmac/accounts`, headers: { 'CB-ACCESS-TIMESTAMP': String(Math.floor(Date.now() / 1000)) }, body: null })],
  ['kraken-spot', 'a form body (the nonce goes first)', () => ({ method: 'POST', url: `${host.origin}/kraken-spot/0/private/AddOrder`, headers: {}, body: 'ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25&note=café ✓' })],
  ['kraken-spot', 'an empty body', () => ({ method: 'POST', url: `${host.origin}/kraken-spot/0/private/Balance`, headers: {}, body: null })],
  ['kraken-spot', 'a JSON body', () => ({ method: 'POST', url: `${host.origin}/kraken-spot/0/private/AddOrder`, headers: { 'Content-Type': 'application/json' }, body: '{"pair": "XBTUSD", "memo": "naïve \'q\' $HOME"}' })],
  ['kraken-spot', 'a body that carries its own nonce', () => ({ method: 'POST', url: `${host.origin}/kraken-spot/0/private/Balance`, headers: {}, body: `nonce=${Date.now()}&asset=XBT` })],
  ['bitfinex-v2', 'an empty body (sent as {})', () => ({ method: 'POST', url: `${host.origin}/bitfinex-v2/v2/auth/r/wallets`, headers: {}, body: null })],
  ['bitfinex-v2', 'a unicode JSON body', () => ({ method: 'POST', url: `${host.origin}/bitfinex-v2/v2/auth/w/order/submit`, headers: { 'Content-Type': 'application/json' }, body: UNICODE_BODY })],
  ['bitfinex-v2', 'a request that carries its own bfx-nonce', () => ({ method: 'POST', url: `${host.origin}/bitfinex-v2/v2/auth/r/wallets`, headers: { 'bfx-nonce': `${Date.now()}000` }, body: '{}' })],
  ['gemini', 'no body (the payload is built from the path)', () => ({ method: 'POST', url: `${host.origin}/gemini/v1/balances`, headers: {}, body: null })],
  ['gemini', 'a payload with parameters and no nonce', () => ({ method: 'POST', url: `${host.origin}/gemini/v1/order/status`, headers: {}, body: '{ "order_id": 18834, "memo": "naïve \'q\' $HOME" }' })],
  ['gemini', 'a payload with its own request and nonce, kept byte for byte', () => ({ method: 'POST', url: `${host.origin}/gemini/v1/mytrades`, headers: {}, body: `{\n  "request": "/gemini/v1/mytrades",\n\n  "nonce": ${Date.now()},\n  "symbol": "btcusd"\n}` })],
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
    host.seen.length = 0;
    const out = await host.run(format, code, { SIGNET_SECRET: creds.secret!, SIGNET_PASSPHRASE: PASSPHRASE });
    expect(out).toBe(format === 'curl' ? 'verified' : '200 verified');
    expect(host.seen).toHaveLength(1);
  });

  it.skipIf(!tools[format])('signs afresh on every run (two runs, two timestamps, both verified)', async () => {
    const { code } = exportRequest(format, signerInput('okx-v5', { method: 'GET', url: `${host.origin}/okx-v5/api/v5/account/balance`, headers: {}, body: null }), noSnapshot);
    host.seen.length = 0;
    for (let i = 0; i < 2; i++) {
      expect(await host.run(format, code, { SIGNET_SECRET: TEXT_SECRET, SIGNET_PASSPHRASE: PASSPHRASE })).toMatch(/verified$/);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(host.seen[0]!.headers['ok-access-timestamp']).not.toBe(host.seen[1]!.headers['ok-access-timestamp']);
  });

  it.skipIf(!tools[format])('stops with a message naming the variable when the passphrase is not set', async () => {
    const { code } = exportRequest(format, signerInput('kucoin-v2', { method: 'GET', url: `${host.origin}/kucoin-v2/api/v1/accounts`, headers: {}, body: null }), noSnapshot);
    await expect(host.run(format, code, { SIGNET_SECRET: TEXT_SECRET })).rejects.toThrow(/SIGNET_PASSPHRASE/);
  });

  it.skipIf(!tools[format])('is rejected by the verifier when run with the wrong secret', async () => {
    const { code } = exportRequest(format, signerInput('bitfinex-v2', { method: 'POST', url: `${host.origin}/bitfinex-v2/v2/auth/r/wallets`, headers: {}, body: null }), noSnapshot);
    expect(await host.run(format, code, { SIGNET_SECRET: 'not the secret' })).toMatch(/rejected: bfx-signature does not match/);
  });
});

describe.each(['curl', 'fetch', 'python'] as const)('exported %s for aws-sigv4', (format) => {
  const amzNow = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const cases: [string, () => SignableRequest, boolean][] = [
    ['a GET with an unsorted, repeated, encoded query', () => ({ method: 'GET', url: `${host.origin}/aws-sigv4/prod/items?b=2&a=caf%C3%A9&a=*(1)&empty`, headers: { 'X-Custom': 'spaced   value' }, body: null }), false],
    ['a POST with a unicode JSON body and a session token', () => ({ method: 'POST', url: `${host.origin}/aws-sigv4/prod/orders`, headers: { 'Content-Type': 'application/json' }, body: UNICODE_BODY }), true],
    ['an s3 PUT (x-amz-content-sha256 added)', () => ({ method: 'PUT', url: `${host.origin}/aws-sigv4/s3/bucket/key%20with%20spaces.txt`, headers: { 'Content-Type': 'text/plain' }, body: "it's $HOME \"q\"\n" }), false],
    ['a path and query that Python requests would re-quote', () => ({ method: 'GET', url: `${host.origin}/aws-sigv4/prod/x%41y|z?f=a|b{c}&g=%41`, headers: {}, body: null }), false],
    ['a path already percent-encoded (encoded again, as AWS does)', () => ({ method: 'GET', url: `${host.origin}/aws-sigv4/prod/a%20b/c`, headers: {}, body: null }), false],
    ['a request that carries its own X-Amz-Date', () => ({ method: 'GET', url: `${host.origin}/aws-sigv4/prod/items`, headers: { 'X-Amz-Date': amzNow() }, body: null }), true],
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
    host.seen.length = 0;
    expect(await host.run(format, code, { SIGNET_SECRET_ACCESS_KEY: TEXT_SECRET, SIGNET_SESSION_TOKEN: SESSION_TOKEN })).toBe(format === 'curl' ? 'verified' : '200 verified');
    expect(host.seen[0]!.headers['x-amz-security-token']).toBe(withToken ? SESSION_TOKEN : undefined);
    if (path.startsWith('/aws-sigv4/s3/')) expect(host.seen[0]!.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('signer writers', () => {
  it('exist for the exchange schemes this file runs', () => {
    for (const id of [...new Set(CASES.map(([id]) => id)), 'aws-sigv4']) expect(hasSignerWriter(id), id).toBe(true);
  });
});
