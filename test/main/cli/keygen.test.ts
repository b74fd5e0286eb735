/** `signet keygen` end to end, in-process: a real vault in a temp SIGNET_HOME, real key generation, real output text. */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntryDetail, EntrySummary, PublicKeyView } from '../../../src-main/contract/schemas';
import { VaultService } from '../../../src-main/vault/vault-service';
import { FAST_KDF, PASSPHRASE, runCli, tempHome } from './run-cli';

let home: string;
let cleanup: () => void;

beforeEach(async () => {
  ({ home, cleanup } = tempHome());
  expect((await runCli(['vault', 'init', '--no-sandbox-key'], home)).code).toBe(0);
});
afterEach(() => cleanup());

const body = (pem: string) => pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');

/** The private key as the vault holds it, read the way main does. */
async function privateKeyOf(id: string): Promise<string> {
  const v = new VaultService({ home, osSlot: null, kdf: FAST_KDF });
  await v.unlockWithPassphrase(PASSPHRASE);
  try {
    return await v.useSecret(id, (c) => c.privateKeyPem!, { record: false });
  } finally {
    await v.lock();
  }
}

describe('signet keygen', () => {
  it('prints the public key PEM on stdout and what to do next on stderr; the private key is only in the vault', async () => {
    const r = await runCli(['keygen', '--type', 'ed25519', '--label', 'Binance bot', '--provider', 'binance', '--env', 'prod', '--scopes', 'read,trade'], home);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=]{60}\n-----END PUBLIC KEY-----\n$/);
    expect(createPublicKey(r.stdout).asymmetricKeyType).toBe('ed25519');
    expect(r.stderr).toMatch(/Generated an Ed25519 key pair for "Binance bot" \(binance, PROD\)/);
    expect(r.stderr).toMatch(/Fingerprint: sha256:[0-9a-f]{64}/);
    expect(r.stderr).toMatch(/Next: On Binance, open API Management, choose Create API → Self-generated/);

    const list = await runCli(['vault', 'list', '--json'], home);
    const [entry] = list.json<EntrySummary[]>();
    expect(entry).toMatchObject({ label: 'Binance bot', awaitingApiKey: true, credentialFields: ['privateKeyPem'], scopes: ['read', 'trade'] });
    const privateKeyPem = await privateKeyOf(entry!.id);
    expect(createPublicKey(privateKeyPem).export({ format: 'pem', type: 'spki' })).toBe(r.stdout);
    for (const out of [r.stdout, r.stderr, list.stdout, readFileSync(join(home, 'vault.json'), 'utf8')]) expect(out).not.toContain(body(privateKeyPem).slice(0, 24));
  });

  it('--json prints {entry, publicKey} with every form of the public key', async () => {
    const r = await runCli(['keygen', '--type', 'p256', '--label', 'CDP', '--provider', 'coinbase', '--env', 'dev', '--json'], home);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const out = r.json<{ entry: EntrySummary; publicKey: PublicKeyView }>();
    expect(Object.keys(out)).toEqual(['entry', 'publicKey']);
    expect(out.entry).toMatchObject({ provider: 'coinbase', awaitingApiKey: true, keyPair: { type: 'p256', fingerprint: out.publicKey.fingerprint } });
    expect(out.publicKey.forms.map((f) => f.id)).toEqual(['pem', 'der-base64']);
    expect(r.stdout).not.toContain('PRIVATE KEY');
    expect(r.stdout).not.toContain(body(await privateKeyOf(out.entry.id)).slice(0, 24));
  });

  it.each([
    [['--type', 'dsa', '--provider', 'binance'], /^signet: --type: "dsa" is not a key type; use one of ed25519, rsa, p256\.\n$/],
    [['--type', 'rsa', '--provider', 'coinbase'], /^signet: --type: Coinbase does not take RSA keys\. Choose p256 or ed25519\.\n$/],
    [['--type', 'ed25519', '--provider', 'kraken'], /^signet: --provider: Signet generates key pairs for Binance and Coinbase keys only/],
    [['--type', 'ed25519', '--provider', 'binance', '--base-url', 'http://api.binance.com'], /^signet: --base-url: /],
    [['--type', 'ed25519', '--provider', 'binance', '--tags', 'two words'], /^signet: --tags: /],
  ])('bad input %j: exit 2, one line, nothing generated', async (flags, message) => {
    const r = await runCli(['keygen', '--label', 'k', '--env', 'dev', ...flags], home);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect((await runCli(['vault', 'list', '--json'], home)).json()).toEqual([]);
  });

  it('a missing flag and a duplicate label are bad input too (exit 2); a wrong passphrase is a failure (exit 1)', async () => {
    expect(await runCli(['keygen', '--type', 'ed25519', '--provider', 'binance', '--env', 'dev'], home)).toMatchObject({ code: 2, stderr: 'signet: Missing --label (see `signet keygen --help`).\n' });
    expect((await runCli(['keygen', '--type', 'ed25519', '--label', 'k', '--provider', 'binance', '--env', 'dev'], home)).code).toBe(0);
    const dup = await runCli(['keygen', '--type', 'rsa', '--label', 'K', '--provider', 'binance', '--env', 'dev', '--json'], home);
    expect(dup.code).toBe(2);
    expect(dup.json()).toMatchObject({ code: 'ERR_DUPLICATE_LABEL' });
    const locked = await runCli(['keygen', '--type', 'ed25519', '--label', 'k2', '--provider', 'binance', '--env', 'dev'], home, { env: { SIGNET_PASSPHRASE: 'not the passphrase at all 77' } });
    expect(locked.code).toBe(1);
  });

  it('vault show --reveal never prints a generated private key, and says the key awaits its API key', async () => {
    const gen = await runCli(['keygen', '--type', 'ed25519', '--label', 'gen', '--provider', 'binance', '--env', 'dev', '--json'], home);
    const { entry, publicKey } = gen.json<{ entry: EntrySummary; publicKey: PublicKeyView }>();
    const privateKeyPem = await privateKeyOf(entry.id);
    const shown = await runCli(['vault', 'show', 'gen', '--reveal'], home);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`Public key:   ${publicKey.fingerprint}`);
    expect(shown.stdout).toMatch(/State: +awaiting its API key/);
    expect(shown.stdout).toMatch(/privateKeyPem {2}•••• PEM key/);
    expect(shown.stdout).not.toContain(body(privateKeyPem).slice(0, 24));
    const json = await runCli(['vault', 'show', 'gen', '--reveal', '--json'], home);
    expect(json.json<EntryDetail & { revealed: object }>().revealed).toEqual({});
  });

  it('signing with a key that awaits its API key says what to do (exit 2)', async () => {
    expect((await runCli(['keygen', '--type', 'ed25519', '--label', 'gen', '--provider', 'binance', '--env', 'dev'], home)).code).toBe(0);
    const r = await runCli(['sign', '--key', 'gen', '--method', 'GET', '--url', 'https://api.binance.com/api/v3/account?timestamp=1764300000123'], home);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('signet: “gen” has no API key yet. Register the public key on Binance’s API management page and paste the API key it gives you into this key; then it can sign.\n');
  });

  it('is listed in --help', async () => {
    const r = await runCli(['--help'], home);
    expect(r.stdout).toContain('signet keygen --type ed25519|rsa|p256 --label L --provider P --env E [--json]');
    expect(r.stdout).toMatch(/\n {2}keygen +Generate a key pair in the vault and print its public key\n/);
  });
});

describe('signet vault register', () => {
  it('adds the API key from stdin to a generated pair; then the key signs', async () => {
    const gen = await runCli(['keygen', '--type', 'ed25519', '--label', 'gen', '--provider', 'binance', '--env', 'dev', '--json'], home);
    const { entry } = gen.json<{ entry: EntrySummary }>();
    const r = await runCli(['vault', 'register', 'gen'], home, { stdin: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Registered "gen" (${entry.id.slice(0, 8)}): key ••••Eh8A. It can sign now.\n`);
    const signed = await runCli(['sign', '--key', 'gen', '--method', 'GET', '--url', 'https://api.binance.com/api/v3/account?timestamp=1764300000123', '--json'], home);
    expect(signed.code, signed.stderr).toBe(0);
    // Only a key awaiting its API key takes one; an empty stdin is bad input.
    expect(await runCli(['vault', 'register', 'gen'], home, { stdin: 'x' })).toMatchObject({ code: 2, stderr: expect.stringMatching(/is not waiting for an API key/) });
    expect((await runCli(['keygen', '--type', 'rsa', '--label', 'gen2', '--provider', 'binance', '--env', 'dev'], home)).code).toBe(0);
    expect(await runCli(['vault', 'register', 'gen2'], home, { stdin: '' })).toMatchObject({ code: 2, stderr: expect.stringMatching(/No API key on stdin/) });
  });
});
