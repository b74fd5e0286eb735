/**
 * `signet request` end to end, in-process: a real vault in a temp home, the key it made for the sandbox, and
 * real loopback servers (a recording one, and the embedded sandbox exchange itself). Exit codes 0 (2xx), 1 (an
 * HTTP error or no answer), 2 (bad input).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InspectorRecord } from '../../../src-main/contract/inspector';
import type { Credentials } from '../../../src-main/contract/schemas';
import { startSandbox, type RunningSandbox } from '../../../src-main/sandbox/sandbox';
import { getScheme } from '../../../src-main/signing/registry';
import { VaultService } from '../../../src-main/vault/vault-service';
import { startLoopback, type Loopback } from '../http/loopback-server';
import { FAST_KDF, PASSPHRASE, runCli, tempHome } from './run-cli';

let home: string;
let cleanup: () => void;
let creds: Credentials;
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  ({ home, cleanup } = tempHome());
  expect((await runCli(['vault', 'init'], home)).code).toBe(0);
  // The secret of the sandbox key `vault init` made, for the servers to verify with.
  const vault = new VaultService({ home, osSlot: null, kdf: FAST_KDF });
  await vault.unlockWithPassphrase(PASSPHRASE);
  const [entry] = vault.list();
  creds = await vault.useSecret(entry!.id, (c) => ({ ...c }), { record: false });
  await vault.lock();
});
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  cleanup();
});

async function server(handler?: Parameters<typeof startLoopback>[0]): Promise<Loopback> {
  const s = await startLoopback(handler);
  closers.push(() => s.close());
  return s;
}

const KEY = ['--key', 'Sandbox (local)'];

describe('signet request', () => {
  it('signs with the key\'s scheme, sends to SIGNET_SANDBOX_URL and prints the record with --json', async () => {
    const s = await server();
    const r = await runCli(['request', ...KEY, '--method', 'GET', '--url', '/v1/account?x=1', '--json'], home, { env: { SIGNET_SANDBOX_URL: s.url } });
    expect(r.code, r.stderr).toBe(0);
    const rec = r.json<InspectorRecord>();
    expect(rec).toMatchObject({ status: 200, outcome: 'ok', provider: 'sandbox', schemeId: 'hmac', attempts: 1, responseBody: '{"ok":true}' });
    const seen = s.seen[0]!;
    expect(seen.url).toBe('/v1/account?x=1');
    const v = await getScheme('hmac').verify({ method: 'GET', url: s.url + seen.url, headers: { Authorization: seen.headers.authorization! }, body: null }, creds, { now: Date.now(), windowMs: 60_000 });
    expect(v.reason).toBeNull();
    expect(r.stdout).not.toContain(creds.secret!);
    expect(r.stdout).not.toContain(/signature="([0-9a-f]+)"/.exec(seen.headers.authorization!)![1]!);
  });

  it('prints status, timings and body for people; exit 1 on an HTTP error', async () => {
    const s = await server((_req, res, i) => {
      res.writeHead(i === 0 ? 200 : 401, { 'content-type': 'application/json' });
      res.end(i === 0 ? '{"balance":"12.5"}' : '{"code":"invalid_signature","message":"The signature does not match."}');
    });
    const env = { env: { SIGNET_SANDBOX_URL: s.url } };
    const good = await runCli(['request', ...KEY, '--method', 'POST', '--url', '/v1/orders', '--header', 'Content-Type: application/json', '--body', '{"qty":1}'], home, env);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/^HTTP 200 {2}POST http:\/\/127\.0\.0\.1:\d+\/v1\/orders\n/);
    expect(good.stdout).toMatch(/dns .* · connect .* · tls — · first byte [\d.]+ ms · total [\d.]+ ms/);
    expect(good.stdout).toContain('{"balance":"12.5"}');
    expect(s.seen[0]!.body).toBe('{"qty":1}');
    const bad = await runCli(['request', ...KEY, '--method', 'GET', '--url', '/v1/account'], home, env);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('HTTP 401');
    expect(bad.stdout).toContain('invalid_signature: The signature does not match.');
  });

  it('exit 1 with one line when nothing answers: no sandbox running, a refused host', async () => {
    const none = await runCli(['request', ...KEY, '--method', 'GET', '--url', '/v1/account'], home);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toMatch(/^signet: No sandbox exchange is running.*SIGNET_SANDBOX_URL/);
    const s = await server();
    const refused = await runCli(['request', ...KEY, '--method', 'GET', '--url', 'https://evil.example/steal', '--json'], home, { env: { SIGNET_SANDBOX_URL: s.url } });
    expect(refused.code).toBe(1);
    expect(refused.json<InspectorRecord>()).toMatchObject({ outcome: 'failed', error: { code: 'ERR_HOST_NOT_ALLOWED' } });
    expect(s.seen).toHaveLength(0);
  });

  it('exit 2 on bad input, naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['request', '--method', 'GET', '--url', '/v1'], /--key/],
      [['request', '--credentials', 'x.json', '--method', 'GET', '--url', '/v1'], /credentials/],
      [['request', ...KEY, '--method', 'GET', '--url', 'ftp://x/y'], /^signet: --url: /],
      [['request', ...KEY, '--method', 'GE T', '--url', '/v1'], /^signet: --method: /],
      [['request', ...KEY, '--scheme', 'nope', '--method', 'GET', '--url', '/v1'], /unknown scheme/],
      [['request', '--key', 'missing-key', '--method', 'GET', '--url', '/v1'], /missing-key/],
    ];
    for (const [args, line] of cases) {
      const r = await runCli(args, home, { env: { SIGNET_SANDBOX_URL: 'http://127.0.0.1:9' } });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(line);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('talks to the real sandbox exchange', async () => {
    const sandbox: RunningSandbox = await startSandbox({ seed: 1, symbols: 5, keys: [{ apiKey: creds.apiKey!, secret: creds.secret!, scopes: ['read', 'trade'] }] });
    closers.push(() => sandbox.close());
    const env = { env: { SIGNET_SANDBOX_URL: sandbox.url } };
    const account = await runCli(['request', ...KEY, '--method', 'GET', '--url', '/v1/account', '--json'], home, env);
    expect(account.code, account.stdout + account.stderr).toBe(0);
    expect(account.json<InspectorRecord>().status).toBe(200);
    // A route that needs keys:manage (scheme and option given explicitly): the sandbox's own error becomes the record's.
    const wrong = await runCli(['request', ...KEY, '--scheme', 'hmac', '--option', 'algorithm=hmac-sha512', '--method', 'GET', '--url', '/v1/keys', '--json'], home, env);
    expect(wrong.code).toBe(1);
    expect(wrong.json<InspectorRecord>()).toMatchObject({ status: 403, error: { code: 'insufficient_scope' } });
  });

  it('asks before a production key’s write: on a terminal it asks, otherwise it needs --yes (issue 9, item 12)', async () => {
    const s = await server();
    const env = { SIGNET_SANDBOX_URL: s.url };
    const file = join(home, 'prod.json');
    writeFileSync(file, JSON.stringify({ apiKey: creds.apiKey, secret: creds.secret }));
    expect((await runCli(['vault', 'add', '--label', 'Prod', '--provider', 'sandbox', '--env', 'prod', '--credentials', file], home)).code).toBe(0);
    const order = ['request', '--key', 'Prod', '--method', 'POST', '--url', '/v1/orders', '--body', '{"side":"buy"}'];

    const script = await runCli(order, home, { env });
    expect(script.code).toBe(1);
    expect(script.stderr).toMatch(/needs your confirmation.*pass --yes/);
    expect(s.seen).toHaveLength(0);

    const declined = await runCli(order, home, { env, isTTY: true, stdin: 'n\n' });
    expect(declined.stderr).toContain('Send with a production key?');
    expect(declined.stderr).toContain('Body: {"side":"buy"}');
    expect(declined.stderr).toMatch(/was not sent: you did not confirm it/);
    expect(s.seen).toHaveLength(0);

    expect((await runCli(order, home, { env, isTTY: true, stdin: 'y\n' })).code).toBe(0);
    expect((await runCli([...order, '--yes'], home, { env })).code).toBe(0);
    expect(s.seen).toHaveLength(2);
    // A read is not asked.
    expect((await runCli(['request', '--key', 'Prod', '--method', 'GET', '--url', '/v1/account'], home, { env })).code).toBe(0);
  });
});
