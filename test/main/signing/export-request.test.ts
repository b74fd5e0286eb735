/**
 * Exported code is run, not just read: each format is written to a file and executed (bash + openssl + curl,
 * tsx, python3 + requests) against a loopback server that verifies the request with the scheme itself.
 * A tool that is missing here skips its format with a loud warning (with CI=true it fails).
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRun, startVerifyingServer, type VerifyingServer } from '../../helpers/exported-code';
import { hmacScheme } from '../../../src-main/signing/schemes/hmac';
import { binanceHmacSha256Scheme } from '../../../src-main/signing/schemes/binance-hmac-sha256';
import { exportRequest } from '../../../src-main/signing/export/export-request';
import { writeSnapshotCode } from '../../../src-main/signing/export/snapshot';
import { envVarFor, shellTemplate, type SignerInput } from '../../../src-main/signing/export/code-writer';
import type { SignableRequest } from '../../../src-main/signing/types';

const CREDS = { apiKey: 'sbx_0123456789abcdef', secret: `s3cr3t "with" $pecial 'chars' \`and\` spaces` };

const tools = {
  curl: (await canRun('bash', ['-c', 'command -v curl && command -v openssl'])),
  fetch: true,
  python: (await canRun('python3', ['-c', 'import requests'])),
};

let host: VerifyingServer;
beforeAll(async () => {
  host = await startVerifyingServer(async (request, path) => {
    const scheme = path.startsWith('/binance/') ? binanceHmacSha256Scheme : hmacScheme; // /binance/… is checked as Binance would
    return scheme.verify(request, CREDS, { now: Date.now(), windowMs: 60_000 });
  });
});
afterAll(() => host.close());

const signerInput = (request: SignableRequest, options: Record<string, string> = {}): SignerInput => ({
  scheme: hmacScheme,
  request,
  publicCredentials: { apiKey: CREDS.apiKey },
  secretFields: ['secret'],
  options,
});
const noSnapshot = { scheme: hmacScheme, timestamp: 0, nonce: '', request: { method: 'GET', url: [], headers: [], body: null } };

describe.each(['curl', 'fetch', 'python'] as const)('exported %s', (format) => {
  it.skipIf(!tools[format])('signs a POST with a unicode query and body that the hmac verifier accepts', async () => {
    const request = { method: 'post', url: `${host.origin}/v1/orders?symbol=BTC-USD&note=caf%C3%A9 au lait&a=*&a=(1)`, headers: { 'Content-Type': 'application/json', 'X-Client': "it's me" }, body: '{"qty":"0.5","memo":"naïve ✓ \'quoted\' $HOME"}\n' };
    const { code, kind, env } = exportRequest(format, signerInput(request), noSnapshot);
    expect(kind).toBe('signer');
    expect(env).toEqual(['SIGNET_SECRET']);
    expect(code).not.toContain(CREDS.secret);
    host.seen.length = 0;
    // curl prints the body; the TypeScript and Python versions print the status first.
    expect(await host.run(format, code, { SIGNET_SECRET: CREDS.secret })).toBe(format === 'curl' ? 'verified' : '200 verified');
    expect(host.seen[0]).toMatchObject({ method: 'POST', body: request.body, headers: { 'x-client': "it's me" } });
  });

  it.skipIf(!tools[format])('signs a GET without a body with HMAC-SHA512', async () => {
    const { code } = exportRequest(format, signerInput({ method: 'GET', url: `${host.origin}/v1/account`, headers: {}, body: null }, { algorithm: 'hmac-sha512' }), noSnapshot);
    host.seen.length = 0;
    expect(await host.run(format, code, { SIGNET_SECRET: CREDS.secret })).toMatch(/verified$/);
    expect(host.seen[0]!.headers.authorization).toContain('algorithm="hmac-sha512"');
  });

  it.skipIf(!tools[format])('signs a query with a leading literal "?", a "+" and a non-UTF-8 escape as the scheme does (security review, issue 9)', async () => {
    const request = { method: 'GET', url: `${host.origin}/v1/q??x=1&q=a+b&n=%ff%C3%A9`, headers: {}, body: null };
    const { code } = exportRequest(format, signerInput(request), noSnapshot);
    host.seen.length = 0;
    expect(await host.run(format, code, { SIGNET_SECRET: CREDS.secret })).toMatch(/verified$/);
    expect(host.seen[0]!.url).toContain('??x=1&q=a+b');
    // The server side signs %3Fx=1&n=%FF%C3%A9&q=a%2Bb: the code signed the same.
    const signed = await hmacScheme.sign(host.seen[0]!, CREDS, { timestamp: 0, nonce: 'n' });
    expect(signed.canonicalParts[2]!.value).toBe('%3Fx=1&n=%FF%C3%A9&q=a%2Bb\n');
  });

  it.skipIf(!tools[format])('stops with a message naming the variable when it is not set', async () => {
    const { code } = exportRequest(format, signerInput({ method: 'GET', url: `${host.origin}/v1/account`, headers: {}, body: null }), noSnapshot);
    await expect(host.run(format, code, {})).rejects.toThrow(/SIGNET_SECRET/);
  });

  it.skipIf(!tools[format])('writes a snapshot whose secret header comes from the environment', async () => {
    const { code, kind, env } = writeSnapshotCode(format, {
      scheme: { id: 'x', title: 'Example', docs: 'https://example.com/docs' },
      timestamp: 1_764_300_000_000,
      nonce: 'n-1',
      request: {
        method: 'POST',
        url: [{ text: `${host.origin}/v1/echo?x=1` }],
        headers: [
          ['X-Sign', [{ text: 'abc==' }]],
          ['X-Passphrase', [{ secret: 'passphrase' }]],
          ['X-Mixed', [{ text: 'pre-"$x"-' }, { secret: 'passphrase' }]],
        ],
        body: [{ text: `{"a":"it's"}` }],
      },
    });
    expect(kind).toBe('snapshot');
    expect(env).toEqual([envVarFor('passphrase')]);
    host.seen.length = 0;
    await host.run(format, code, { SIGNET_PASSPHRASE: 'pass $phrase "9"' });
    expect(host.seen[0]).toMatchObject({ method: 'POST', body: `{"a":"it's"}`, headers: { 'x-sign': 'abc==', 'x-passphrase': 'pass $phrase "9"', 'x-mixed': 'pre-"$x"-pass $phrase "9"' } });
    expect(code).not.toContain('pass $phrase');
  });
});

describe.each(['curl', 'fetch', 'python'] as const)('exported %s for binance-hmac-sha256', (format) => {
  const binance = (request: SignableRequest): SignerInput => ({ ...signerInput(request), scheme: binanceHmacSha256Scheme });
  const cases: [string, () => SignableRequest][] = [
    ['a GET with a non-ASCII query parameter', () => ({ method: 'GET', url: `${host.origin}/binance/api/v3/openOrders?symbol=BTCUSDT&note=café`, headers: {}, body: null })],
    ['a POST with form parameters in the body', () => ({ method: 'POST', url: `${host.origin}/binance/api/v3/order`, headers: {}, body: 'symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=0.1&timeInForce=GTC' })],
    ['a GET without parameters', () => ({ method: 'GET', url: `${host.origin}/binance/api/v3/account`, headers: { Accept: 'application/json' }, body: null })],
    ['a request that carries its own timestamp', () => ({ method: 'GET', url: `${host.origin}/binance/api/v3/account?recvWindow=60000&timestamp=${Date.now()}`, headers: {}, body: null })],
    ['a GET whose query has characters Python requests rewrites (| { } %41)', () => ({ method: 'GET', url: `${host.origin}/binance/api/v3/openOrders?symbols=[BTC|ETH]&x={a}&y=%41`, headers: {}, body: null })],
  ];
  it.skipIf(!tools[format]).each(cases)('signs %s so that the Binance verifier accepts it', async (_name, make) => {
    const { code, kind } = exportRequest(format, binance(make()), noSnapshot);
    expect(kind).toBe('signer');
    expect(code).not.toContain(CREDS.secret);
    host.seen.length = 0;
    expect(await host.run(format, code, { SIGNET_SECRET: CREDS.secret })).toMatch(/verified$/);
    expect(host.seen[0]!.headers['x-mbx-apikey']).toBe(CREDS.apiKey);
  });
});

describe('code writer helpers', () => {
  it('quotes for bash so that only secrets expand', async () => {
    if (!tools.curl) return;
    const word = shellTemplate([{ text: 'a "b" $c `d` \\e ' }, { secret: 'secret' }]);
    const stdout = execFileSync('bash', ['-c', `printf '%s' ${word}`], { env: { SIGNET_SECRET: 'S' }, encoding: 'utf8' });
    expect(stdout).toBe('a "b" $c `d` \\e S');
  });
});
