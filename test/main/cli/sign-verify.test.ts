/**
 * `signet sign` and `signet verify` end to end, in-process: credentials from files, stdin and the vault, the
 * documented JSON shapes, readable output with highlighted parts, and exit codes 0 / 1 / 2 with one line naming the
 * field on bad input.
 */
import { createHash, createHmac, generateKeyPairSync, verify as cryptoVerify } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntryDetail } from '../../../src-main/contract/schemas';
import { SCHEMES } from '../../../src-main/signing/registry';
import { vectorCases } from '../signing/public-vectors';
import { runCli, tempHome, type CliResult } from './run-cli';

const SANDBOX = { apiKey: 'sbx_key', secret: 's3cret' };
const TS = '1764300000123';

let home: string;
let cleanup: () => void;
beforeEach(() => {
  ({ home, cleanup } = tempHome());
});
afterEach(() => cleanup());

function file(name: string, content: unknown): string {
  const p = join(home, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

/** Bad input: exit 2, exactly one line on stderr starting with `signet: <field>`, nothing on stdout, no stack. */
function expectBadInput(r: CliResult, line: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(r.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
}

interface SignJson {
  scheme: string;
  request: { method: string; url: string; headers: Record<string, string>; body: string | null };
  canonical: string;
  signature: string;
  steps: { label: string; value: string; encoding: string }[];
}

describe('signet sign', () => {
  it('--json prints {scheme, request, canonical, signature, steps} with fixed time and nonce', async () => {
    const creds = file('sandbox.json', SANDBOX);
    const args = ['sign', '--scheme', 'hmac', '--credentials', creds, '--method', 'post', '--url', 'https://127.0.0.1:8443/v1/orders?b=2&a=1', '--header', 'Content-Type: application/json', '--body', '{"qty":1}', '--timestamp', TS, '--nonce', 'n-1', '--json'];
    const r = await runCli(args, home);
    expect(r.code, r.stderr).toBe(0);
    const out = r.json<SignJson>();
    expect(Object.keys(out)).toEqual(['scheme', 'request', 'canonical', 'signature', 'steps']);
    expect(Object.keys(out.request)).toEqual(['method', 'url', 'headers', 'body']);
    const canonical = ['POST', '/v1/orders', 'a=1&b=2', createHash('sha256').update('{"qty":1}').digest('hex'), '1764300000', 'n-1'].join('\n');
    expect(out).toMatchObject({ scheme: 'hmac', canonical, signature: createHmac('sha256', 's3cret').update(canonical).digest('hex') });
    expect(out.request).toMatchObject({ method: 'POST', body: '{"qty":1}', headers: { 'Content-Type': 'application/json', Authorization: expect.stringContaining(`signature="${out.signature}"`) } });
    expect(out.steps.length).toBeGreaterThan(0);
    // Reproducible: the same flags give the same bytes.
    expect((await runCli(args, home)).stdout).toBe(r.stdout);
  });

  it.each(vectorCases('binance-hmac-sha256').map((c) => [c.name, c] as const))('reproduces the Binance documentation vector %s', async (_n, c) => {
    const args = ['sign', '--scheme', 'binance-hmac-sha256', '--credentials', file('b.json', c.credentials), '--method', c.request.method, '--url', c.request.url, '--json'];
    for (const [k, v] of Object.entries(c.request.headers)) args.push('--header', `${k}: ${v}`);
    if (c.request.body !== null) args.push('--body', c.request.body);
    const r = await runCli(args, home);
    expect(r.code, r.stderr).toBe(0);
    const out = r.json<SignJson>();
    expect(out.signature).toBe(c.expected.signature);
    expect(out.canonical).toBe(c.expected.canonical);
    expect(out.request.url).toBe(c.expected.url);
    expect(out.request.body).toBe(c.expected.body);
  });

  it('reads credentials from stdin and the body from a file', async () => {
    const body = '{"note":"ünïcode ✓"}\n';
    const r = await runCli(['sign', '--scheme', 'hmac', '--credentials', '-', '--method', 'PUT', '--url', 'https://h/x', '--body-file', file('body.json', body), '--timestamp', TS, '--nonce', 'n', '--json'], home, { stdin: JSON.stringify(SANDBOX) });
    expect(r.code, r.stderr).toBe(0);
    const out = r.json<SignJson>();
    expect(out.request.body).toBe(body);
    expect(out.canonical.split('\n')[3]).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('shows the string to sign with labelled parts, the steps, the signature and the request; plain when not a terminal', async () => {
    const r = await runCli(['sign', '--scheme', 'hmac', '--credentials', file('s.json', SANDBOX), '--method', 'GET', '--url', 'https://h/v1/account?x=1', '--timestamp', TS, '--nonce', 'n-1'], home);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('\u001b[');
    const signature = createHmac('sha256', 's3cret').update(['GET', '/v1/account', 'x=1', createHash('sha256').update('').digest('hex'), '1764300000', 'n-1'].join('\n')).digest('hex');
    for (const text of ['Scheme  hmac', 'String to sign', 'Parts', '3  sorted query (RFC 3986)    x=1', '5  timestamp (Unix seconds)   1764300000', 'Steps', 'Signature', signature, 'Signed request', 'GET https://h/v1/account?x=1', 'Authorization: HMAC apiKey="sbx_key"']) {
      expect(r.stdout).toContain(text);
    }
  });

  it('colours each part on a terminal, and not with NO_COLOR', async () => {
    const args = ['sign', '--scheme', 'hmac', '--credentials', file('s.json', SANDBOX), '--method', 'GET', '--url', 'https://h/p', '--timestamp', TS, '--nonce', 'n-1'];
    const tty = await runCli(args, home, { isTTY: true });
    expect(tty.code, tty.stderr).toBe(0);
    // method, path, body hash, timestamp, nonce each in a colour (the empty query has none).
    expect(tty.stdout).toContain('\u001b[36mGET\u001b[39m');
    expect(tty.stdout).toContain('\u001b[35m/p\u001b[39m');
    expect(tty.stdout).toContain('\u001b[34m1764300000\u001b[39m');
    const noColor = await runCli(args, home, { isTTY: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain('\u001b[');
  });

  it('signs with a user-defined recipe from a file, and verifies with it', async () => {
    const recipe = file('recipe.json', {
      components: [{ type: 'timestamp' }, { type: 'method' }, { type: 'path' }, { type: 'query', prefix: '?' }, { type: 'body' }],
      algorithm: 'hmac-sha256',
      output: 'base64',
      signature: { in: 'header', name: 'X-Sign' },
      timestamp: { format: 'iso', in: 'header', name: 'X-Ts' },
    });
    const creds = file('c.json', { secret: 'k' });
    const r = await runCli(['sign', '--scheme', 'recipe', '--option', `recipe=@${recipe}`, '--credentials', creds, '--method', 'GET', '--url', 'https://api.example.com/v1/a?b=1', '--timestamp', TS, '--json'], home);
    expect(r.code, r.stderr).toBe(0);
    const out = r.json<SignJson>();
    expect(out.canonical).toBe('2025-11-28T03:20:00.123ZGET/v1/a?b=1');
    expect(out.signature).toBe(createHmac('sha256', 'k').update(out.canonical).digest('base64'));
    const v = await runCli(['verify', '--scheme', 'recipe', '--option', `recipe=@${recipe}`, '--credentials', creds, '--method', 'GET', '--url', out.request.url, '--header', `X-Ts: ${out.request.headers['X-Ts']}`, '--header', `X-Sign: ${out.signature}`, '--now', TS, '--json'], home);
    expect(v.code, v.stdout).toBe(0);
    expectBadInput(await runCli(['sign', '--scheme', 'recipe', '--option', 'recipe={"components":[{"type":"cookie"}]}', '--credentials', creds, '--method', 'GET', '--url', 'https://h/'], home), /^signet: recipe\.components\.0\.type: expected a component type/);
  });

  it('--help lists every scheme', async () => {
    const r = await runCli(['sign', '--help'], home);
    expect(r.code).toBe(0);
    for (const s of SCHEMES) expect(r.stdout).toContain(s.id);
    expect((await runCli(['--help'], home)).stdout).toMatch(/Signing, sending and the sandbox exchange:\n {2}sign +Sign a request/);
  });
});

describe('signet sign --header: a repeated name is one header (RFC 9110 §5.3)', () => {
  // Until the debugger's parsers, a repeated --header name was refused ("is given twice"); it is now combined.
  const suite = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/vectors/aws-sig-v4-cases.json', import.meta.url)), 'utf8')) as {
    accessKeyId: string; secretAccessKey: string; region: string; service: string; cases: { name: string; authz: string }[];
  };

  it('joins the values with "," in order and signs AWS’s get-header-key-duplicate case to the suite’s Authorization', async () => {
    const creds = file('aws.json', { accessKeyId: suite.accessKeyId, secretAccessKey: suite.secretAccessKey, region: suite.region, service: suite.service });
    const r = await runCli(['sign', '--scheme', 'aws-sigv4', '--credentials', creds, '--method', 'GET', '--url', 'https://example.amazonaws.com/',
      '--header', 'My-Header1:value2', '--header', 'My-Header1:value2', '--header', 'my-header1: value1', '--header', 'X-Amz-Date:20150830T123600Z',
      '--timestamp', String(Date.UTC(2015, 7, 30, 12, 36, 0)), '--json'], home);
    expect(r.code, r.stderr).toBe(0);
    const out = r.json<SignJson>();
    expect(out.request.headers['My-Header1']).toBe('value2,value2,value1');
    expect(out.request.headers['my-header1']).toBeUndefined();
    expect(out.request.headers.Authorization).toBe(suite.cases.find((c) => c.name === 'get-header-key-duplicate')!.authz);
  });

  it('says so in the help', async () => {
    const r = await runCli(['sign', '--help'], home);
    expect(r.stdout).toMatch(/a repeated name is one header, values joined\s+with "," in order/);
  });
});

describe('signet verify', () => {
  async function signed(extra: string[] = []): Promise<SignJson> {
    const r = await runCli(['sign', '--scheme', 'hmac', '--credentials', file('s.json', SANDBOX), '--method', 'POST', '--url', 'https://h/v1/orders?x=1', '--body', 'qty=1', '--timestamp', TS, '--nonce', 'n-1', '--json', ...extra], home);
    expect(r.code, r.stderr).toBe(0);
    return r.json<SignJson>();
  }
  const verifyArgs = (s: SignJson, over: { method?: string; url?: string; body?: string; auth?: string } = {}) => [
    'verify', '--scheme', 'hmac', '--credentials', file('s.json', SANDBOX),
    '--method', over.method ?? s.request.method, '--url', over.url ?? s.request.url,
    '--header', `Authorization: ${over.auth ?? s.request.headers.Authorization}`,
    '--body', over.body ?? s.request.body!, '--now', String(Number(TS) + 1000),
  ];

  it('valid: exit 0 and {valid, reason, canonical, expected}', async () => {
    const s = await signed();
    const r = await runCli([...verifyArgs(s), '--json'], home);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json()).toEqual({ valid: true, reason: null, canonical: s.canonical, expected: s.signature });
    const human = await runCli(verifyArgs(s), home);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Valid\n/);
  });

  it('invalid: exit 1 with the reason, for a changed body, method or URL, and a stale timestamp', async () => {
    const s = await signed();
    for (const over of [{ body: 'qty=2' }, { method: 'PUT' }, { url: 'https://h/v1/orders?x=2' }]) {
      const r = await runCli([...verifyArgs(s, over), '--json'], home);
      expect(r.code, JSON.stringify(over)).toBe(1);
      const out = r.json<{ valid: boolean; reason: string; canonical: string; expected: string }>();
      expect(out.valid).toBe(false);
      expect(out.reason).toMatch(/does not match/);
      expect(out.expected).toMatch(/^[0-9a-f]{64}$/);
      expect(out.expected).not.toBe(s.signature);
    }
    const stale = await runCli([...verifyArgs(s), '--now', String(Number(TS) + 120_000), '--window-ms', '30000', '--json'], home);
    expect(stale.code).toBe(1);
    expect(stale.json<{ reason: string }>().reason).toMatch(/120 s away from now; the window is ±30 s/);
    expect((await runCli([...verifyArgs(s), '--now', String(Number(TS) + 120_000), '--window-ms', '0', '--json'], home)).code).toBe(0);
    const human = await runCli(verifyArgs(s, { body: 'qty=2' }), home);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^Invalid: The signature does not match/);
    expect(human.stdout).toContain('Expected signature');
  });
});

describe('signet sign --key: credentials from the vault', () => {
  const BINANCE_DOC = vectorCases('binance-hmac-sha256')[0]!;

  async function addKey(label: string, provider: string, credentials: Record<string, string>): Promise<void> {
    const r = await runCli(['vault', 'add', '--label', label, '--provider', provider, '--env', 'test', '--credentials', file(`${label}.json`, credentials)], home);
    expect(r.code, r.stderr).toBe(0);
  }

  it('implies the scheme from the provider and key type, and records the use', async () => {
    expect((await runCli(['vault', 'init'], home)).code).toBe(0);
    await addKey('Binance HMAC', 'binance', BINANCE_DOC.credentials);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    await addKey('Binance Ed25519', 'binance', { apiKey: 'ed-key', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });

    const hmac = await runCli(['sign', '--key', 'Binance HMAC', '--method', 'POST', '--url', BINANCE_DOC.request.url, '--json'], home);
    expect(hmac.code, hmac.stderr).toBe(0);
    expect(hmac.json<SignJson>()).toMatchObject({ scheme: 'binance-hmac-sha256', signature: BINANCE_DOC.expected.signature });

    const ed = await runCli(['sign', '--key', 'Binance Ed25519', '--method', 'GET', '--url', 'https://api.binance.com/api/v3/account?timestamp=1764300000123', '--json'], home);
    expect(ed.code, ed.stderr).toBe(0);
    const edOut = ed.json<SignJson>();
    expect(edOut.scheme).toBe('binance-ed25519');
    expect(cryptoVerify(null, Buffer.from(edOut.canonical), publicKey, Buffer.from(edOut.signature, 'base64'))).toBe(true);

    // The sandbox key vault init adds signs with Signet's own scheme; human output says which scheme and why.
    const sandbox = await runCli(['sign', '--key', 'Sandbox (local)', '--method', 'GET', '--url', 'http://127.0.0.1:8443/v1/account', '--timestamp', TS, '--nonce', 'n'], home);
    expect(sandbox.code, sandbox.stderr).toBe(0);
    expect(sandbox.stderr).toMatch(/Scheme hmac: The sandbox exchange verifies/);
    expect(sandbox.stdout).toContain('Authorization: HMAC apiKey="');

    const list = await runCli(['vault', 'show', 'Binance HMAC', '--json'], home);
    expect(list.json<EntryDetail>().lastUsedAt).not.toBeNull();
  });

  it('masks a vault key’s passphrase and API key as `vault show` does, human and --json, unless --reveal (issue 9, item 5)', async () => {
    expect((await runCli(['vault', 'init', '--no-sandbox-key'], home)).code).toBe(0);
    const okx = { apiKey: 'okx-api-key-7f3a', secret: 'b2t4LXNlY3JldC12YWx1ZQ==', passphrase: 'Trading Pass 9' };
    await addKey('OKX', 'okx', okx);
    const args = ['sign', '--key', 'OKX', '--method', 'GET', '--url', 'https://www.okx.com/api/v5/account/balance', '--timestamp', TS];
    for (const extra of [[], ['--json']]) {
      const r = await runCli([...args, ...extra], home);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toContain(okx.passphrase);
      expect(r.stdout).not.toContain(okx.apiKey);
      expect(r.stdout).toContain('••••7f3a');
    }
    const json = (await runCli([...args, '--json'], home)).json<SignJson>();
    expect(json.request.headers['OK-ACCESS-PASSPHRASE']).toBe('••••');
    const shown = await runCli([...args, '--json', '--reveal'], home);
    expect(shown.json<SignJson>().request.headers).toMatchObject({ 'OK-ACCESS-PASSPHRASE': okx.passphrase, 'OK-ACCESS-KEY': okx.apiKey });
    expect(shown.json<SignJson>().signature).toBe(json.signature);
  });

  it('verifies with a vault key; a --scheme its provider does not sign with is refused, naming the ones it does', async () => {
    expect((await runCli(['vault', 'init', '--no-sandbox-key'], home)).code).toBe(0);
    await addKey('Binance HMAC', 'binance', BINANCE_DOC.credentials);
    const v = await runCli(['verify', '--key', 'Binance HMAC', '--method', 'POST', '--url', BINANCE_DOC.expected.url, '--header', `X-MBX-APIKEY: ${BINANCE_DOC.credentials.apiKey}`, '--now', String(BINANCE_DOC.timestamp), '--json'], home);
    expect(v.code, v.stdout).toBe(0);
    // Signing a Binance key with another API's scheme would make it an oracle for that computation.
    const asHmac = await runCli(['sign', '--key', 'Binance HMAC', '--scheme', 'hmac', '--method', 'GET', '--url', 'https://h/', '--json'], home);
    expect(asHmac.code).toBe(2);
    expect(asHmac.json<{ code: string; message: string }>()).toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringContaining('Binance keys sign only with binance-hmac-sha256 or binance-ed25519 or binance-rsa, not hmac') });
    const own = await runCli(['sign', '--key', 'Binance HMAC', '--scheme', 'binance-hmac-sha256', '--method', 'GET', '--url', 'https://api.binance.com/api/v3/account', '--json'], home);
    expect(own.json<SignJson>().scheme).toBe('binance-hmac-sha256');
  });

  it('a locked vault without a way to unlock, or an unknown entry, is a clear one-line error', async () => {
    expect((await runCli(['vault', 'init'], home)).code).toBe(0);
    const locked = await runCli(['sign', '--key', 'Sandbox (local)', '--method', 'GET', '--url', 'https://h/'], home, { env: { SIGNET_PASSPHRASE: undefined } });
    expect(locked.code).toBe(1);
    expect(locked.stderr.trim().split('\n')).toHaveLength(1);
    expect(locked.stderr).toMatch(/vault is locked/);
    expectBadInput(await runCli(['sign', '--key', 'nope', '--method', 'GET', '--url', 'https://h/'], home), /^signet: .*nope/);
  });
});

describe('bad input: exit 2, one line naming the field', () => {
  const base = (creds: string) => ['--credentials', creds, '--method', 'GET', '--url', 'https://h/v1/x'];
  it.each([
    ['an unknown scheme', (c: string) => ['sign', '--scheme', 'nope', ...base(c)], /^signet: --scheme: unknown scheme "nope"; use one of: hmac, /],
    ['no scheme and no key', (c: string) => ['sign', ...base(c)], /^signet: Missing --scheme/],
    ['a missing credential field', (c: string) => ['sign', '--scheme', 'okx-v5', ...base(c)], /^signet: credentials\.passphrase: /],
    ['a malformed URL', (c: string) => ['sign', '--scheme', 'hmac', '--credentials', c, '--method', 'GET', '--url', 'h/x'], /^signet: --url: expected an absolute http\(s\) URL/],
    ['a malformed method', (c: string) => ['sign', '--scheme', 'hmac', '--credentials', c, '--method', 'G T', '--url', 'https://h/'], /^signet: --method: expected an HTTP method/],
    ['a body Bybit cannot carry on GET', (c: string) => ['sign', '--scheme', 'bybit-v5', ...base(c), '--body', 'x=1'], /^signet: --body: a Bybit GET signs the query string/],
    ['a malformed header flag', (c: string) => ['sign', '--scheme', 'hmac', ...base(c), '--header', 'no colon'], /^signet: --header: expected 'Name: value'/],
    ['a malformed timestamp', (c: string) => ['sign', '--scheme', 'hmac', ...base(c), '--timestamp', '2025-01-01'], /^signet: --timestamp: expected epoch milliseconds/],
    ['an unknown option', (c: string) => ['sign', '--scheme', 'hmac', ...base(c), '--option', 'x=1'], /^signet: --option x: the hmac scheme takes only algorithm=/],
    ['an unknown flag', (c: string) => ['sign', '--scheme', 'hmac', ...base(c), '--colour'], /^signet: Unknown option --colour/],
    ['both body flags', (c: string) => ['sign', '--scheme', 'hmac', ...base(c), '--body', 'a', '--body-file', 'b'], /^signet: Give --body or --body-file, not both/],
    ['both credential sources', (c: string) => ['sign', '--scheme', 'hmac', ...base(c), '--key', 'k'], /^signet: Give --credentials or --key, not both/],
    ['a malformed window', (c: string) => ['verify', '--scheme', 'hmac', ...base(c), '--window-ms', 'soon'], /^signet: --window-ms: expected a whole number/],
  ])('%s', async (_what, argv, line) => {
    expectBadInput(await runCli(argv(file('s.json', SANDBOX)), home), line);
  });

  it('malformed credentials: PEM, base64 secret, unknown field, not JSON (the secret never echoed)', async () => {
    const get = ['--method', 'GET', '--url', 'https://api.binance.com/api/v3/account?timestamp=1764300000123'];
    expectBadInput(await runCli(['sign', '--scheme', 'binance-ed25519', '--credentials', file('pem.json', { apiKey: 'k', privateKeyPem: 'not a pem' }), ...get], home), /^signet: credentials\.privateKeyPem: expected .*PEM/);
    expectBadInput(await runCli(['sign', '--scheme', 'kraken-spot', '--credentials', file('k.json', { apiKey: 'k', secret: 'sëcret!' }), '--method', 'POST', '--url', 'https://api.kraken.com/0/private/Balance'], home), /^signet: credentials\.secret: expected base64/);
    expectBadInput(await runCli(['sign', '--scheme', 'hmac', '--credentials', file('u.json', { apiKey: 'k', secret: 's', token: 't' }), ...get], home), /^signet: credentials\.token: not a credential field/);
    const notJson = await runCli(['sign', '--scheme', 'hmac', '--credentials', file('n.json', 'secret-value-xyz'), ...get], home);
    expectBadInput(notJson, /^signet: --credentials: .* is not valid JSON/);
    expect(notJson.stderr).not.toContain('secret-value-xyz');
    expectBadInput(await runCli(['sign', '--scheme', 'hmac', '--credentials', join(home, 'missing.json'), ...get], home), /^signet: --credentials: cannot read .*: no such file/);
  });

  it('--json puts the error in {code, message}', async () => {
    const r = await runCli(['sign', '--scheme', 'hmac', '--credentials', file('s.json', SANDBOX), '--method', 'GET', '--url', 'nope', '--json'], home);
    expect(r.code).toBe(2);
    expect(r.json()).toEqual({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(/^--url: /) });
    const unknown = await runCli(['verify', '--scheme', 'x', '--credentials', file('s.json', SANDBOX), '--method', 'GET', '--url', 'https://h/', '--json'], home);
    expect(unknown.code).toBe(2);
    expect(unknown.json()).toMatchObject({ code: 'ERR_UNKNOWN_SCHEME' });
  });
});
