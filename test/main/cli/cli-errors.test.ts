/**
 * The CLI's failure contract: exit 1 for a failed check, exit 2 for bad input, one line on stderr (or one
 * `{code, message}` JSON value on stdout with --json), never a stack trace, and a damaged vault left untouched.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tamperSealedBlob, tempHome, type CliResult } from './run-cli';

let home: string;
let cleanup: () => void;

beforeEach(async () => {
  ({ home, cleanup } = tempHome());
  expect((await runCli(['vault', 'init'], home)).code).toBe(0);
});
afterEach(() => cleanup());

function expectOneLine(r: CliResult, pattern: RegExp): void {
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^signet: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

function creds(value: unknown): string {
  const p = join(home, 'creds.json');
  writeFileSync(p, typeof value === 'string' ? value : JSON.stringify(value));
  return p;
}

const addArgs = (...extra: string[]) => ['vault', 'add', '--label', 'K', '--provider', 'binance', '--env', 'dev', ...extra];

describe('bad input exits 2 with one line naming what is wrong', () => {
  it.each([
    [['vault', 'frobnicate'], /Unknown command "vault frobnicate"/],
    [['nope'], /Unknown command "nope"/],
    [['vault', 'list', '--colour'], /Unknown option --colour .*signet vault list --help/],
    [['vault', 'list', '--env'], /Option --env needs a value/],
    [['vault', 'list', '--env', 'staging'], /--env: "staging" is not an environment; use one of dev, test, prod/],
    [['vault', 'list', '--provider', 'binanse'], /--provider: unknown provider "binanse"/],
    [['vault', 'show'], /`signet vault show` needs ENTRY/],
    [['vault', 'show', 'a', 'b'], /Unexpected argument "b"/],
    [['vault', 'add', '--provider', 'binance', '--env', 'dev', '--credentials', '-'], /Missing --label/],
    [['vault', 'add', '--label', 'K', '--provider', 'binance', '--env', 'dev'], /Missing --credentials/],
    [['vault', 'import', 'x.json', '--on-conflict', 'merge'], /--on-conflict: "merge" is not one of skip, replace, keep-both/],
    [['vault', 'os-slot', 'toggle'], /takes add or remove, not "toggle"/],
    [['vault', 'export'], /Missing --out FILE/],
    [['vault', 'show', 'no-such-key'], /No key with the id or label "no-such-key"/],
  ])('%j', async (argv, pattern) => {
    const r = await runCli(argv, home);
    expect(r.code).toBe(2);
    expectOneLine(r, pattern);
  });

  it('names the missing credential field for the provider', async () => {
    const r = await runCli(addArgs('--credentials', creds({ apiKey: 'abc' })), home);
    expect(r.code).toBe(2);
    expectOneLine(r, /Binance needs apiKey \+ secret, or apiKey \+ privateKeyPem; missing: secret/);
  });

  it('names an unknown credential field, and one the provider does not use', async () => {
    const unknown = await runCli(addArgs('--credentials', creds({ apiKey: 'abc', api_secret: 'x' })), home);
    expect(unknown.code).toBe(2);
    expectOneLine(unknown, /unknown field "api_secret"/);
    const unused = await runCli(addArgs('--credentials', creds({ apiKey: 'abc', secret: 'x', passphrase: 'p' })), home);
    expect(unused.code).toBe(2);
    expectOneLine(unused, /Binance keys do not use passphrase/);
  });

  it('rejects credentials that are not a JSON object, without echoing them', async () => {
    const r = await runCli(addArgs('--credentials', creds('{"apiKey": "SUPERSECRET", ')), home);
    expect(r.code).toBe(2);
    expectOneLine(r, /not valid JSON/);
    expect(r.stderr).not.toContain('SUPERSECRET');
    const arr = await runCli(addArgs('--credentials', '-'), home, { stdin: '["a"]' });
    expect(arr.code).toBe(2);
    expectOneLine(arr, /from stdin must be a JSON object/);
  });

  it('reports an unreadable credentials file', async () => {
    const r = await runCli(addArgs('--credentials', join(home, 'missing.json')), home);
    expect(r.code).toBe(2);
    expectOneLine(r, /--credentials: cannot read .*missing\.json: no such file/);
  });

  it('names the flag for invalid metadata', async () => {
    const c = creds({ apiKey: 'a', secret: 'b' });
    const url = await runCli(addArgs('--credentials', c, '--base-url', 'ftp://x'), home);
    expect(url.code).toBe(2);
    expectOneLine(url, /--base-url: Base URL must be an http\(s\) URL/);
    // An exchange's key never travels over plain http, not even to this machine.
    const plain = await runCli(addArgs('--credentials', c, '--base-url', 'http://127.0.0.1:47002'), home);
    expect(plain.code).toBe(2);
    expectOneLine(plain, /--base-url: A Binance key travels over https only/);
    const date = await runCli(addArgs('--credentials', c, '--expires', '2027-02-30'), home);
    expect(date.code).toBe(2);
    expectOneLine(date, /--expires: "2027-02-30" is not a date/);
    const tag = await runCli(addArgs('--credentials', c, '--tags', 'ok,not ok'), home);
    expect(tag.code).toBe(2);
    expectOneLine(tag, /--tags: Tags are single words/);
    const dup = await runCli(['vault', 'add', '--label', 'sandbox (LOCAL)', '--provider', 'binance', '--env', 'dev', '--credentials', c], home);
    expect(dup.code).toBe(2);
    expectOneLine(dup, /already exists\. Choose another label/);
  });

  it('with --json prints exactly one {code, message} on stdout', async () => {
    const r = await runCli(['vault', 'list', '--env', 'staging', '--json'], home);
    expect(r.code).toBe(2);
    expect(r.json()).toEqual({ code: 'ERR_VALIDATION', message: expect.stringMatching(/--env/) });
    expect(r.stderr).toBe('');
    const unknown = await runCli(['vault', 'list', '--bogus', '--json'], home);
    expect(unknown.json<{ code: string }>().code).toBe('ERR_VALIDATION');
  });
});

describe('failed checks exit 1', () => {
  it('a wrong SIGNET_PASSPHRASE says so clearly', async () => {
    const r = await runCli(['vault', 'list'], home, { env: { SIGNET_PASSPHRASE: 'definitely not it 123' } });
    expect(r.code).toBe(1);
    expectOneLine(r, /SIGNET_PASSPHRASE does not unlock this vault/);
    const json = await runCli(['vault', 'list', '--json'], home, { env: { SIGNET_PASSPHRASE: 'definitely not it 123' } });
    expect(json.json<{ code: string }>().code).toBe('ERR_BAD_PASSPHRASE');
  });

  it('a locked vault with no way to unlock explains the three ways', async () => {
    const r = await runCli(['vault', 'list'], home, { env: { SIGNET_PASSPHRASE: undefined } });
    expect(r.code).toBe(1);
    expectOneLine(r, /SIGNET_PASSPHRASE.*terminal.*os-slot add/);
  });

  it('no vault yet points at `vault init`', async () => {
    const empty = tempHome();
    try {
      const r = await runCli(['vault', 'list'], empty.home);
      expect(r.code).toBe(1);
      expectOneLine(r, /no vault at .* yet\. Create one with `signet vault init`/);
    } finally {
      empty.cleanup();
    }
  });

  it('a tampered vault file is reported and left byte-for-byte untouched', async () => {
    const path = join(home, 'vault.json');
    const tampered = tamperSealedBlob(readFileSync(path, 'utf8'));
    expect(tampered).not.toBe(readFileSync(path, 'utf8'));
    writeFileSync(path, tampered);
    const before = readFileSync(path);

    for (const argv of [['vault', 'list'], ['vault', 'add', '--label', 'x', '--provider', 'kraken', '--env', 'dev', '--credentials', creds({ apiKey: 'a', secret: 'b' })], ['vault', 'rm', 'x', '--yes']]) {
      const r = await runCli(argv, home);
      expect(r.code, argv.join(' ')).toBe(1);
      expectOneLine(r, /failed its integrity check.*left untouched/);
    }
    const json = await runCli(['vault', 'list', '--json'], home);
    expect(json.json<{ code: string }>().code).toBe('ERR_VAULT_TAMPERED');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('a vault file that is not JSON is reported and left untouched', async () => {
    const path = join(home, 'vault.json');
    writeFileSync(path, '{"format":"signet-vault", trunc');
    const before = readFileSync(path);
    const r = await runCli(['vault', 'list'], home);
    expect(r.code).toBe(1);
    expectOneLine(r, /damaged.*left untouched/);
    const status = await runCli(['vault', 'status', '--json'], home);
    expect(status.code).toBe(1);
    expect(status.json<{ code: string }>().code).toBe('ERR_VAULT_CORRUPT');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('an unexpected failure (SIGNET_HOME is a file) is one line and exit 1, never a stack trace', async () => {
    const file = join(home, 'not-a-dir');
    writeFileSync(file, 'x');
    const r = await runCli(['vault', 'init', '--no-os-slot'], file);
    expect(r.code).toBe(1);
    expectOneLine(r, /not-a-dir/);
    const json = await runCli(['vault', 'init', '--no-os-slot', '--json'], file);
    expect(json.code).toBe(1);
    expect(Object.keys(json.json<object>()).sort()).toEqual(['code', 'message']);
  });

  it('refusing a deletion on a terminal is exit 1 and keeps the key', async () => {
    const r = await runCli(['vault', 'rm', 'Sandbox (local)'], home, { isTTY: true, stdin: '\n', env: { NO_COLOR: '1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Nothing was deleted/);
  });
});

describe('help and version', () => {
  it('--help, vault --help and a command --help print usage and exit 0', async () => {
    const top = await runCli(['--help'], home);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Usage: signet vault <command>/);
    for (const name of ['init', 'status', 'list', 'add', 'show', 'rm', 'export', 'import', 'passwd', 'os-slot']) expect(top.stdout).toContain(`  ${name} `);
    const vault = await runCli(['vault', '--help'], home);
    expect(vault.code).toBe(0);
    expect(vault.stdout).toMatch(/Vault commands:/);
    const add = await runCli(['vault', 'add', '--help'], home);
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/Usage: signet vault add --label L --provider P --env dev\|test\|prod --credentials FILE\|-/);
    expect(add.stdout).toMatch(/never accepted on the command line/);
  });

  it('no arguments prints usage on stderr and exits 2; with --json, one error value', async () => {
    const r = await runCli([], home);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Usage:/);
    const vault = await runCli(['vault', '--json'], home);
    expect(vault.code).toBe(2);
    expect(vault.json<{ code: string }>().code).toBe('ERR_VALIDATION');
  });

  it('--json may come before the command', async () => {
    const r = await runCli(['--json', 'vault', 'list'], home);
    expect(r.code).toBe(0);
    expect(r.json<{ label: string }[]>().map((e) => e.label)).toEqual(['Sandbox (local)']);
  });

  it('--version prints the version', async () => {
    const r = await runCli(['--version'], home);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('signet 9.9.9-test\n');
  });
});
