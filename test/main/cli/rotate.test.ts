/**
 * `signet rotate`, `signet rotation list` and `signet rotation policy`, in-process over a real vault in a temp home
 * and the real sandbox exchange on loopback (trusting the key `vault init` made): the automated rotation end to end,
 * the overlap left for a later run, a guided rotation reading the new key from stdin, policies, exit codes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RotationKey, RotationRun } from '../../../src-main/contract/rotation';
import type { Credentials } from '../../../src-main/contract/schemas';
import { startSandbox, type RunningSandbox } from '../../../src-main/sandbox/sandbox';
import { getScheme } from '../../../src-main/signing/registry';
import { VaultService } from '../../../src-main/vault/vault-service';
import { startLoopback, type Loopback } from '../http/loopback-server';
import { FAST_KDF, PASSPHRASE, runCli, tempHome } from './run-cli';

let home: string;
let cleanup: () => void;
let sandbox: RunningSandbox;
let old: Credentials;
const closers: (() => Promise<void>)[] = [];

async function vaultCreds(label: string): Promise<Credentials> {
  const vault = new VaultService({ home, osSlot: null, kdf: FAST_KDF });
  await vault.unlockWithPassphrase(PASSPHRASE);
  try {
    return await vault.useSecret(vault.resolve(label).id, (c) => ({ ...c }), { record: false });
  } finally {
    await vault.lock();
  }
}

async function status(creds: Credentials): Promise<number> {
  const url = `${sandbox.url}/v1/account`;
  const signed = await getScheme('hmac').sign({ method: 'GET', url, headers: {}, body: null }, creds, { timestamp: Date.now(), nonce: String(Math.random()) });
  const r = await fetch(signed.request.url, { headers: signed.request.headers });
  await r.text();
  return r.status;
}

beforeEach(async () => {
  ({ home, cleanup } = tempHome());
  expect((await runCli(['vault', 'init'], home)).code).toBe(0);
  old = await vaultCreds('Sandbox (local)');
  sandbox = await startSandbox({ symbols: 3, seed: 'cli-rotate', keys: [{ apiKey: old.apiKey!, secret: old.secret!, scopes: ['read', 'trade', 'keys:manage'] }] });
  closers.push(() => sandbox.close());
});
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  cleanup();
});

const env = () => ({ SIGNET_SANDBOX_URL: sandbox.url });

describe('signet rotate (automated, sandbox)', () => {
  it('rotates end to end with --overlap 0: the new key works, the old one is revoked', async () => {
    const r = await runCli(['rotate', 'Sandbox (local)', '--overlap', '0', '--json'], home, { env: env() });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const run = r.json<RotationRun>();
    expect(run.state).toBe('done');
    expect(run.steps.map((s) => s.step)).toEqual(['started', 'created', 'verified', 'switched', 'revoked']);
    const fresh = await vaultCreds('Sandbox (local)');
    expect(fresh.apiKey).not.toBe(old.apiKey);
    expect(await status(fresh)).toBe(200);
    expect(await status(old)).toBe(401);
    expect(r.stdout).not.toContain(fresh.secret!);
  });

  it('leaves the overlap for later and says so; --finish revokes the old key', async () => {
    const r = await runCli(['rotate', 'Sandbox (local)', '--overlap', '2h'], home, { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/overlap\s+The old key stays valid until \d{4}-\d{2}-\d{2}T/);
    expect(await status(old)).toBe(200);
    const again = await runCli(['rotate', 'Sandbox (local)', '--json'], home, { env: env() });
    expect(again.json<RotationRun>().state).toBe('overlap');
    const list = await runCli(['rotation', 'list', '--due', '--json'], home);
    expect(list.json<RotationKey[]>().map((k) => k.run?.state)).toEqual(['overlap']);
    const fin = await runCli(['rotate', 'Sandbox (local)', '--finish', '--json'], home, { env: env() });
    expect(fin.code).toBe(0);
    expect(fin.json<RotationRun>().state).toBe('done');
    expect(await status(old)).toBe(401);
  });

  it('fails (exit 1) without a running sandbox, and the key is unchanged', async () => {
    const r = await runCli(['rotate', 'Sandbox (local)'], home);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/failed/);
    expect(r.stdout).toMatch(/sandbox/i);
    expect(await vaultCreds('Sandbox (local)')).toEqual(old);
  });

  it('refuses bad flags with exit 2', async () => {
    expect((await runCli(['rotate', 'Sandbox (local)', '--overlap', 'soon'], home)).code).toBe(2);
    expect((await runCli(['rotate', 'Sandbox (local)', '--overlap', '90d'], home)).code).toBe(2);
    expect((await runCli(['rotate', 'Sandbox (local)', '--finish', '--cancel'], home)).code).toBe(2);
    expect((await runCli(['rotate'], home)).code).toBe(2);
  });
});

describe('signet rotate (guided)', () => {
  let api: Loopback;
  beforeEach(async () => {
    api = await startLoopback();
    closers.push(() => api.close());
    const add = await runCli(['vault', 'add', '--label', 'My API', '--provider', 'custom', '--env', 'test', '--base-url', api.url, '--credentials', '-'], home, { stdin: JSON.stringify({ apiKey: 'custom-old-1111', secret: 'custom-old-secret' }) });
    expect(add.code, add.stderr).toBe(0);
  });

  it('prints the steps, reads the new key from stdin, and switches (old key kept for rollback)', async () => {
    const r = await runCli(['rotate', 'My API', '--archive', '3d', '--json'], home, { stdin: 'apiKey=custom-new-2222\nsecret=custom-new-secret\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Rotate My API on Custom API/);
    const run = r.json<RotationRun>();
    expect(run).toMatchObject({ mode: 'guided', state: 'archived', newPreview: '••••2222' });
    expect(run.steps.find((s) => s.step === 'verify')?.outcome).toBe('skipped');
    expect(await vaultCreds('My API')).toEqual({ apiKey: 'custom-new-2222', secret: 'custom-new-secret' });
    const back = await runCli(['rotate', 'My API', '--rollback', '--json'], home);
    expect(back.json<RotationRun>().state).toBe('rolled-back');
    expect(await vaultCreds('My API')).toEqual({ apiKey: 'custom-old-1111', secret: 'custom-old-secret' });
  });

  it('refuses an archive that is not whole days, and the other mode\u2019s flag, with exit 2', async () => {
    const hours = await runCli(['rotate', 'My API', '--archive', '6h'], home, { stdin: 'apiKey=a\nsecret=b\n' });
    expect(hours.code).toBe(2);
    expect(hours.stderr).toMatch(/--archive: "6h" is not a number of days/);
    const overlap = await runCli(['rotate', 'My API', '--overlap', '1h'], home);
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toMatch(/--overlap is for keys Signet rotates through a key API/);
    expect((await runCli(['rotate', 'Sandbox (local)', '--archive', '7d'], home)).code).toBe(2);
    expect((await runCli(['rotation', 'list', '--due', '--json'], home)).json<unknown[]>()).toEqual([]);
  });

  it('no new key on stdin: the rotation waits (exit 1), the key is unchanged', async () => {
    const r = await runCli(['rotate', 'My API'], home, { stdin: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No new key given/);
    expect((await runCli(['rotation', 'list', '--due', '--json'], home)).json<RotationKey[]>()[0]?.run?.state).toBe('awaiting-credentials');
    expect((await runCli(['rotate', 'My API', '--cancel', '--json'], home)).json<RotationRun>().state).toBe('cancelled');
  });
});

describe('signet rotation policy / list', () => {
  it('sets, shows and removes a key\u2019s own policy', async () => {
    const set = await runCli(['rotation', 'policy', 'Sandbox (local)', '--every', '30d', '--warn', '5d', '--json'], home);
    expect(set.code, set.stderr).toBe(0);
    expect(set.json<RotationKey>()).toMatchObject({ policy: { everyDays: 30, warnDays: 5 }, policySource: 'own' });
    const table = await runCli(['rotation', 'list'], home);
    expect(table.stdout).toMatch(/Sandbox \(local\).*every 30 d, warn 5 d.*automated/);
    const reset = await runCli(['rotation', 'policy', 'Sandbox (local)', '--default', '--json'], home);
    expect(reset.json<RotationKey>()).toMatchObject({ policySource: 'default', policy: { everyDays: 365 } });
    expect((await runCli(['rotation', 'list', '--due', '--json'], home)).json<unknown[]>()).toEqual([]);
  });

  it('refuses a policy that cannot hold, with exit 2 and the reason', async () => {
    const warn = await runCli(['rotation', 'policy', 'Sandbox (local)', '--every', '10d', '--warn', '20d'], home);
    expect(warn.code).toBe(2);
    expect(warn.stderr).toMatch(/warnDays must be fewer than everyDays/);
    expect((await runCli(['rotation', 'policy', 'Sandbox (local)', '--every', 'often'], home)).code).toBe(2);
    expect((await runCli(['rotation', 'policy', 'Sandbox (local)'], home)).code).toBe(2);
    expect((await runCli(['rotation', 'nope'], home)).code).toBe(2);
  });
});
