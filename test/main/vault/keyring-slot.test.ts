/**
 * KeyringSlot against a real gnome-keyring in a private D-Bus session (never the developer's own keyring).
 * The native keyring binding reads DBUS_SESSION_BUS_ADDRESS once per process, so it is set before first use;
 * probing an unreachable keyring therefore runs in a child process with its own environment.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyringSlot, keyringAccount, KEYRING_SERVICE } from '../../../src-main/vault/slots/keyring-slot';
import type { OsSlotRecord } from '../../../src-main/vault/types';
import { keyringAvailableOrFail, startPrivateKeyring, type PrivateKeyring } from '../../helpers/private-keyring';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
const canRun = process.platform === 'linux' && keyringAvailableOrFail();

function record(sealed: { backend: string; wrap: string }, id: string): OsSlotRecord {
  return { id, kind: 'os', provider: 'os-keyring', backend: sealed.backend, createdAt: new Date(0).toISOString(), wrap: sealed.wrap };
}

/** Asks gnome-keyring directly (not through the library) which items match, to prove where the KEK lives. */
function searchItems(keyring: PrivateKeyring, account: string): string[] {
  const r = spawnSync(
    'dbus-send',
    ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.SearchItems', `dict:string:string:service,${KEYRING_SERVICE},username,${account}`],
    { env: keyring.env, encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  return [...r.stdout.matchAll(/object path "([^"]+)"/g)].map((m) => m[1]!);
}

async function rejection(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message: string };
  }
  throw new Error('expected a rejection');
}

describe.skipIf(!canRun)('KeyringSlot (real Secret Service)', () => {
  let keyring: PrivateKeyring;
  const slot = new KeyringSlot();
  const vaultId = `v${randomBytes(6).toString('hex')}`;

  const savedAddress = process.env.DBUS_SESSION_BUS_ADDRESS;

  beforeAll(async () => {
    keyring = await startPrivateKeyring();
    process.env.DBUS_SESSION_BUS_ADDRESS = keyring.env.DBUS_SESSION_BUS_ADDRESS;
  });
  afterAll(async () => {
    if (savedAddress === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = savedAddress;
    await keyring?.stop();
  });

  it('reports the private Secret Service as available and secure', async () => {
    expect(await slot.probe()).toEqual({ available: true, secure: true, backend: 'secret-service', reason: null });
  });

  it('seals the vault key under a KEK kept in gnome-keyring and opens it again', async () => {
    const vaultKey = randomBytes(32);
    const ctx = { vaultId, slotId: 'os-1' };
    const sealed = await slot.seal(vaultKey, ctx);
    expect(sealed.backend).toBe('secret-service');
    // iv(12) | ciphertext(32) | tag(16); the vault key itself never appears in the wrap.
    expect(Buffer.from(sealed.wrap, 'base64')).toHaveLength(60);
    expect(Buffer.from(sealed.wrap, 'base64').includes(vaultKey)).toBe(false);
    expect(searchItems(keyring, keyringAccount(ctx))).toHaveLength(1);

    const opened = await slot.open(record(sealed, 'os-1'), ctx);
    expect(Buffer.isBuffer(opened)).toBe(true);
    expect(opened.equals(vaultKey)).toBe(true);
  });

  it('keeps a separate keyring item per slot id', async () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const c1 = { vaultId, slotId: 'a' };
    const c2 = { vaultId, slotId: 'b' };
    const s1 = await slot.seal(k1, c1);
    const s2 = await slot.seal(k2, c2);
    const [item1] = searchItems(keyring, keyringAccount(c1));
    const [item2] = searchItems(keyring, keyringAccount(c2));
    expect(item1).toBeDefined();
    expect(item2).toBeDefined();
    expect(item1).not.toBe(item2);
    expect((await slot.open(record(s1, 'a'), c1)).equals(k1)).toBe(true);
    expect((await slot.open(record(s2, 'b'), c2)).equals(k2)).toBe(true);
    // A wrap opened under another slot's context fails: the AAD binds vault id and slot id.
    expect((await rejection(slot.open(record(s1, 'b'), c2))).code).toBe('ERR_VAULT_TAMPERED');
  });

  it('forget removes the keyring item; opening afterwards reports the slot missing', async () => {
    const ctx = { vaultId, slotId: 'gone' };
    const sealed = await slot.seal(randomBytes(32), ctx);
    expect(searchItems(keyring, keyringAccount(ctx))).toHaveLength(1);
    await slot.forget(record(sealed, 'gone'), ctx);
    expect(searchItems(keyring, keyringAccount(ctx))).toHaveLength(0);
    const err = await rejection(slot.open(record(sealed, 'gone'), ctx));
    expect(err.code).toBe('ERR_OS_SLOT_MISSING');
    expect(err.message).toMatch(/passphrase/);
    // Forgetting twice is harmless.
    await slot.forget(record(sealed, 'gone'), ctx);
  });

  it('refuses a slot sealed by another backend, names both, and leaves the keyring item in place', async () => {
    const ctx = { vaultId, slotId: 'moved' };
    const sealed = await slot.seal(randomBytes(32), ctx);
    const err = await rejection(slot.open({ ...record(sealed, 'moved'), backend: 'keyutils' }, ctx));
    expect(err.code).toBe('ERR_OS_BACKEND_CHANGED');
    expect(err.message).toContain('keyutils');
    expect(err.message).toContain('secret-service');
    expect(err.message).toMatch(/passphrase/);
    expect(err.message).toMatch(/re-add the OS slot/);
    expect(searchItems(keyring, keyringAccount(ctx))).toHaveLength(1);
  });

  it('rejects a wrap with any byte flipped', async () => {
    const ctx = { vaultId, slotId: 'tamper' };
    const vaultKey = randomBytes(32);
    const sealed = await slot.seal(vaultKey, ctx);
    const raw = Buffer.from(sealed.wrap, 'base64');
    for (const i of [0, 11, 12, 30, 43, 44, 59]) {
      const bad = Buffer.from(raw);
      bad[i]! ^= 0x01;
      const err = await rejection(slot.open(record({ backend: sealed.backend, wrap: bad.toString('base64') }, 'tamper'), ctx));
      expect(err.code, `byte ${i}`).toBe('ERR_VAULT_TAMPERED');
    }
    const err = await rejection(slot.open(record({ backend: sealed.backend, wrap: raw.subarray(0, 59).toString('base64') }, 'tamper'), ctx));
    expect(err.code).toBe('ERR_VAULT_TAMPERED');
    expect(err.message).toMatch(/altered or replaced/);
    expect((await slot.open(record(sealed, 'tamper'), ctx)).equals(vaultKey)).toBe(true);
  });

  it('re-sealing the same slot replaces the KEK, so the old wrap no longer opens', async () => {
    const ctx = { vaultId, slotId: 'reseal' };
    const first = await slot.seal(randomBytes(32), ctx);
    const k2 = randomBytes(32);
    const second = await slot.seal(k2, ctx);
    expect(searchItems(keyring, keyringAccount(ctx))).toHaveLength(1);
    expect((await rejection(slot.open(record(first, 'reseal'), ctx))).code).toBe('ERR_VAULT_TAMPERED');
    expect((await slot.open(record(second, 'reseal'), ctx)).equals(k2)).toBe(true);
  });
});

describe.skipIf(process.platform !== 'linux')('KeyringSlot without a Secret Service', () => {
  it('probe says why and what to do instead, and seal refuses', () => {
    const script = `
      import { KeyringSlot } from './src-main/vault/slots/keyring-slot.ts';
      const s = new KeyringSlot();
      const probe = await s.probe();
      let seal;
      try { await s.seal(new Uint8Array(32), { vaultId: 'v', slotId: 's' }); seal = 'sealed'; } catch (e) { seal = { code: e.code, message: e.message }; }
      console.log(JSON.stringify({ probe, seal }));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/signet-test-bus' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { probe: Record<string, unknown>; seal: { code: string; message: string } };
    expect(out.probe.available).toBe(false);
    expect(out.probe.secure).toBe(false);
    expect(out.probe.reason).toMatch(/^No OS keyring \(Secret Service\) is reachable: .*nonexistent.*; use a passphrase \(SIGNET_PASSPHRASE\) or start gnome-keyring\/KWallet\.$/);
    expect(out.seal.code).toBe('ERR_OS_SLOT_UNAVAILABLE');
  });
});
