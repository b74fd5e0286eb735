/**
 * `signet sandbox`: bad input exits 2 with one line (in-process); the real command as a child process prints a
 * key that works against the running exchange, and SIGTERM / SIGINT close it cleanly (exit 0).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempHomes } from '../../helpers/temp-home';
import { signedFetch } from '../sandbox/sandbox-client';
import { runCli } from './run-cli';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
const tempDir = useTempHomes();

describe('signet sandbox: bad input', () => {
  it('exits 2 with one line naming the problem in a --keys file', async () => {
    const dir = tempDir();
    const cases: [string, RegExp][] = [
      ['[{"apiKey":"a","secret":"s","scopes":["root"]}]', /--keys: .*: 0\.scopes\.0: expected one of read, trade, withdraw, keys:manage/],
      ['{"apiKey":"a"}', /--keys: .*: expected array/],
      ['[{"apiKey":"a","scopes":["read"]}]', /0\.secret/],
      ['[{"apiKey":"a b","secret":"s","scopes":["read"]}]', /0\.apiKey: expected 1-200 printable ASCII/],
      ['[{"apiKey":"a","secret":"s","scopes":["read"],"expiresAt":"soon"}]', /0\.expiresAt: expected an ISO 8601 time/],
      ['[{"apiKey":"a","secret":"s","scopes":["read"]},{"apiKey":"a","secret":"t","scopes":["read"]}]', /"a" appears twice/],
      ['[]', /expected at least one key/],
      ['[{"apiKey":', /is not JSON/],
    ];
    for (const [text, why] of cases) {
      const file = join(dir, 'keys.json');
      writeFileSync(file, text);
      const r = await runCli(['sandbox', '--keys', file], dir);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(why);
      expect(r.stdout).toBe('');
    }
    const missing = await runCli(['sandbox', '--keys', join(dir, 'nope.json')], dir);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/--keys: cannot read .*no such file/)]);
  });

  it('exits 2 for flags out of range', async () => {
    const dir = tempDir();
    for (const [args, why] of [
      [['--symbols', '5001'], /--symbols: expected a whole number from 1 to 5000/],
      [['--port', '70000'], /--port: expected a whole number from 0 to 65535/],
      [['--rate', '0'], /--rate: expected updates per second/],
      [['--rate', 'fast'], /--rate/],
      [['--bogus'], /Unknown option --bogus/],
    ] as const) {
      const r = await runCli(['sandbox', ...args], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(why);
    }
  });
});

let children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  children = [];
});

function spawnSignet(args: string[]): { child: ChildProcessWithoutNullStreams; stdout: () => string; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src-main/cli/signet.ts'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', SIGNET_HOME: tempDir(), NO_COLOR: '1' } });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function waitFor(check: () => boolean, what: () => string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('signet sandbox: the running exchange', () => {
  it('prints a generated key once (--json) that works, and stops cleanly on SIGTERM', async () => {
    const p = spawnSignet(['sandbox', '--json', '--symbols', '12', '--seed', 'cli', '--rate', '5']);
    await waitFor(() => p.stdout().trimEnd().endsWith('}'), () => p.stdout() + p.stderr());
    const info = JSON.parse(p.stdout()) as { url: string; port: number; symbols: number; seed: string; key: { apiKey: string; secret: string; scopes: string[] } };
    expect(info).toMatchObject({ symbols: 12, rateHz: 5, seed: 'cli', key: { scopes: ['read', 'trade', 'withdraw', 'keys:manage'] } });
    expect(info.url).toBe(`http://127.0.0.1:${info.port}`);
    const r = await signedFetch(info.url, info.key, 'GET', '/v1/account');
    expect(r.status).toBe(200);
    expect(r.json.balances).toEqual({ USD: 100_000 });
    const markets = await fetch(`${info.url}/v1/markets`).then((x) => x.json() as Promise<unknown[]>);
    expect(markets).toHaveLength(12);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    // --json keeps stderr for problems only.
    expect(p.stderr()).toBe('');
    await expect(fetch(`${info.url}/healthz`)).rejects.toThrow();
  }, 40_000);

  it('trusts the keys of a --keys file (human output, no secret printed) and stops on SIGINT', async () => {
    const file = join(tempDir(), 'keys.json');
    const key = { apiKey: 'file-key', secret: 'file-secret-never-printed', scopes: ['read'] };
    writeFileSync(file, JSON.stringify([key]));
    const p = spawnSignet(['sandbox', '--keys', file, '--symbols', '3']);
    await waitFor(() => /Stop with Ctrl\+C/.test(p.stdout()), () => p.stdout() + p.stderr());
    expect(p.stdout()).toMatch(/^Sandbox exchange on http:\/\/127\.0\.0\.1:\d+ {2}\(3 symbols, 1 update\/s each, seed \d+\)/);
    expect(p.stdout()).toContain('Trusting 1 key from');
    expect(p.stdout()).not.toContain(key.secret);
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(p.stdout())![0];
    expect((await signedFetch(url, key, 'GET', '/v1/account')).status).toBe(200);
    expect((await signedFetch(url, key, 'POST', '/v1/orders', { body: { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: 0.001 } })).json.code).toBe('insufficient_scope');
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
    expect(p.stderr()).toContain('Sandbox stopped (SIGINT).');
  }, 40_000);
});
