/**
 * The rollback attack: an older vault file put back — `cp vault.json.bak vault.json`, a restored copy,
 * a sync tool — must not open silently in a later process, and a removed key must not live on in vault.json.bak.
 * Real files, real crypto; each VaultService is a separate process in effect (nothing shared but the home).
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VaultService } from '../../../src-main/vault/vault-service';
import { deriveKeys, open, scrypt } from '../../../src-main/vault/crypto';
import { parseVaultFile } from '../../../src-main/vault/vault-file';
import { SafeStorageSlot } from '../../../src-main/vault/slots/safe-storage-slot';
import { FakeSafeStorage } from '../../helpers/fake-safe-storage';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';
import type { AppError } from '../../../src-main/base/errors';

const PASS = 'correct horse battery staple';
const NEXT = 'tangerine orbit velvet canyon';
const newHome = useTempHomes();
const vault = (home: string) => new VaultService({ home, osSlot: null, kdf: FAST_KDF });
const kraken = (label: string, secret = 'c2VjcmV0') => ({ label, provider: 'kraken', environment: 'prod' as const, credentials: { apiKey: `key-${label}`, secret } });

async function failure(p: Promise<unknown>): Promise<AppError | null> {
  return p.then(
    () => null,
    (e: AppError) => e,
  );
}

const generationOf = (path: string): number => (JSON.parse(readFileSync(path, 'utf8')) as { generation: number }).generation;

/** Every entry line of a vault file, decrypted with its passphrase (what someone holding the passphrase can read). */
async function entryLines(path: string, passphrase: string): Promise<{ id: string; meta: { label: string }; s: string }[]> {
  const f = parseVaultFile(readFileSync(path, 'utf8'), path);
  const slot = f.header.slots.find((s) => s.kind === 'passphrase') as { id: string; kdf: { N: number; r: number; p: number; salt: string }; wrap: string };
  const kek = await scrypt(passphrase, Buffer.from(slot.kdf.salt, 'base64'), slot.kdf, FAST_KDF.N);
  const key = open(kek, slot.wrap, `signet-slot/v1/${f.header.vaultId}/${slot.id}`);
  if (!key) throw new Error(`${path}: the passphrase does not open it`);
  const { enc } = deriveKeys(key, f.header.vaultId);
  return f.shards.flatMap((s, i) => {
    const text = (open(enc, s, `signet-vault/v1/${f.header.vaultId}/shard/${i}`) as Buffer).toString('utf8');
    return text ? text.split('\n').map((l) => JSON.parse(l) as { id: string; meta: { label: string }; s: string }) : [];
  });
}

/** A vault with one key, an older copy of it kept aside, then changed by another process: two keys added, one removed. */
async function vaultChangedAfterACopy(home: string): Promise<{ copy: string; oldGeneration: number; newGeneration: number }> {
  const a = vault(home);
  await a.create({ passphrase: PASS, useOsSlot: false });
  await a.add(kraken('revoked later'));
  await a.lock();
  const copy = join(newHome(), 'vault-copy.json');
  copyFileSync(join(home, 'vault.json'), copy);
  const b = vault(home);
  await b.unlockWithPassphrase(PASS);
  await b.add(kraken('added after the copy'));
  await b.remove(b.resolve('revoked later').id);
  await b.lock();
  return { copy, oldGeneration: generationOf(copy), newGeneration: generationOf(join(home, 'vault.json')) };
}

describe('an older vault file put back (rollback)', () => {
  it('refuses an older copy put back after another process changed the vault, and leaves it untouched', async () => {
    const home = newHome();
    const { copy, oldGeneration, newGeneration } = await vaultChangedAfterACopy(home);
    copyFileSync(copy, join(home, 'vault.json'));
    const before = readFileSync(join(home, 'vault.json'));

    const fresh = vault(home);
    const e = await failure(fresh.unlockWithPassphrase(PASS));
    expect(e?.code).toBe('ERR_VAULT_ROLLBACK');
    expect(e?.message).toContain(`generation ${oldGeneration}`);
    expect(e?.message).toContain(`Signet last saw generation ${newGeneration}`);
    expect(e?.message).toMatch(/put back an older copy/);
    expect(e?.message).toMatch(/keys added or changed since .* not in it/);
    expect(e?.message).toMatch(/keys removed since are back/);
    expect(fresh.isUnlocked()).toBe(false);
    expect(readFileSync(join(home, 'vault.json')).equals(before)).toBe(true);
  });

  it('refuses `cp vault.json.bak vault.json` in the next process', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    await v.add(kraken('one'));
    await v.lock();
    copyFileSync(join(home, 'vault.json.bak'), join(home, 'vault.json'));
    const e = await failure(vault(home).unlockWithPassphrase(PASS));
    expect(e?.code).toBe('ERR_VAULT_ROLLBACK');
  });

  it('opens the older version when the user accepts, and writes it above every generation seen, so the same copy is caught again', async () => {
    const home = newHome();
    const { copy, newGeneration } = await vaultChangedAfterACopy(home);
    copyFileSync(copy, join(home, 'vault.json'));

    const accepting = vault(home);
    await accepting.unlockWithPassphrase(PASS, { acceptRollback: true });
    expect(accepting.list().map((x) => x.label).sort()).toEqual(['Sandbox (local)', 'revoked later']);
    // Accepting adopts the older version as the current one: re-stamped above what was seen.
    expect(generationOf(join(home, 'vault.json'))).toBeGreaterThan(newGeneration);
    await accepting.add(kraken('after accepting'));
    const afterWrite = generationOf(join(home, 'vault.json'));
    expect(afterWrite).toBeGreaterThan(newGeneration + 1);
    await accepting.lock();

    // Not asked again for the version that was accepted.
    const next = vault(home);
    await next.unlockWithPassphrase(PASS);
    expect(next.list().map((x) => x.label)).toContain('after accepting');
    await next.lock();

    // The same old copy put back once more is still an older version.
    copyFileSync(copy, join(home, 'vault.json'));
    expect((await failure(vault(home).unlockWithPassphrase(PASS)))?.code).toBe('ERR_VAULT_ROLLBACK');
  });

  it('refuses it through the OS keychain slot too, and opens it when accepted there', async () => {
    const home = newHome();
    const ss = new FakeSafeStorage();
    const withOs = () => new VaultService({ home, osSlot: new SafeStorageSlot(ss, 'linux'), kdf: FAST_KDF });
    const v = withOs();
    await v.create({ passphrase: PASS, useOsSlot: true });
    await v.add(kraken('one'));
    await v.lock();
    copyFileSync(join(home, 'vault.json.bak'), join(home, 'vault.json'));
    expect((await failure(withOs().unlockWithOs()))?.code).toBe('ERR_VAULT_ROLLBACK');
    const w = withOs();
    await w.unlockWithOs({ acceptRollback: true });
    expect(w.list().map((x) => x.label)).toEqual(['Sandbox (local)']);
  });

  it('catches an older copy put back across a passphrase change (it opens with the old passphrase)', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    await v.lock();
    const copy = join(newHome(), 'before-passwd.json');
    copyFileSync(join(home, 'vault.json'), copy);
    const w = vault(home);
    await w.unlockWithPassphrase(PASS);
    await w.changePassphrase({ current: PASS, next: NEXT });
    await w.add(kraken('after passwd'));
    await w.lock();
    // The new passphrase still opens the current file, without a question.
    const check = vault(home);
    await check.unlockWithPassphrase(NEXT);
    await check.lock();

    copyFileSync(copy, join(home, 'vault.json'));
    const e = await failure(vault(home).unlockWithPassphrase(PASS));
    expect(e?.code).toBe('ERR_VAULT_ROLLBACK');
    expect(e?.message).toMatch(/passphrase was changed/);
  });

  it('restoring vault.json.bak as this process just told the user to is that choice; another process still asks', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    await v.add(kraken('precious'));
    await v.lock();
    unlinkSync(join(home, 'vault.json'));
    const told = vault(home);
    expect((await failure(told.status()))?.message).toMatch(/rename vault\.json\.bak to vault\.json/);
    renameSync(join(home, 'vault.json.bak'), join(home, 'vault.json'));
    expect((await failure(vault(home).unlockWithPassphrase(PASS)))?.code).toBe('ERR_VAULT_ROLLBACK');
    await told.unlockWithPassphrase(PASS);
    expect(told.list().map((x) => x.label)).toEqual(['Sandbox (local)']);
    await told.lock();
    // Adopted: written above what was seen, so nobody is asked about it again.
    await vault(home).unlockWithPassphrase(PASS);
  });

  it('a window opened before the older copy was put back does not write over it', async () => {
    const home = newHome();
    const win = vault(home);
    await win.create({ passphrase: PASS, useOsSlot: false });
    const old = readFileSync(join(home, 'vault.json'));
    const cli = vault(home);
    await cli.unlockWithPassphrase(PASS);
    await cli.add(kraken('from the CLI'));
    await cli.lock();
    writeFileSync(join(home, 'vault.json'), old);
    const e = await failure(win.add(kraken('from the window')));
    expect(e?.code).toBe('ERR_VAULT_CHANGED_ON_DISK');
    expect(readFileSync(join(home, 'vault.json')).equals(old)).toBe(true);
  });
});

describe('vault.json.seen (the newest generation Signet has seen)', () => {
  async function made(home: string): Promise<string> {
    const v = vault(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    await v.add(kraken('one'));
    await v.lock();
    return join(home, 'vault.json.seen');
  }

  it('is written 0600 beside the vault and follows every write', async () => {
    const home = newHome();
    const seen = await made(home);
    expect(existsSync(seen)).toBe(true);
    const record = JSON.parse(readFileSync(seen, 'utf8')) as { generation: number };
    expect(record.generation).toBe(generationOf(join(home, 'vault.json')));
    expect(statSync(seen).mode & 0o777).toBe(0o600);
  });

  it('reports a tampered record, leaves it untouched, and opens only when the user accepts', async () => {
    const home = newHome();
    const seen = await made(home);
    // Lowering the generation it remembers (to let an older copy through) breaks its MAC.
    const tampered = readFileSync(seen, 'utf8').replace(/"generation":\d+/, '"generation":0');
    writeFileSync(seen, tampered);
    const e = await failure(vault(home).unlockWithPassphrase(PASS));
    expect(e?.code).toBe('ERR_VAULT_SEEN_INVALID');
    expect(e?.message).toMatch(/failed its integrity check/);
    expect(e?.message).toMatch(/left untouched/);
    expect(readFileSync(seen, 'utf8')).toBe(tampered);

    const v = vault(home);
    await v.unlockWithPassphrase(PASS, { acceptRollback: true });
    expect(v.list()).toHaveLength(2);
    await v.lock();
    // Kept for inspection under another name; a new record starts from this version.
    const aside = readdirSync(home).filter((n) => n.startsWith('vault.json.seen.invalid-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(home, aside[0] as string), 'utf8')).toBe(tampered);
    await vault(home).unlockWithPassphrase(PASS);
  });

  it('reports a damaged record', async () => {
    const home = newHome();
    const seen = await made(home);
    writeFileSync(seen, '{"format":"signet-vault-seen", trunc');
    const e = await failure(vault(home).unlockWithPassphrase(PASS));
    expect(e?.code).toBe('ERR_VAULT_SEEN_INVALID');
    expect(e?.message).toMatch(/damaged/);
    expect(readFileSync(seen, 'utf8')).toBe('{"format":"signet-vault-seen", trunc');
  });

  it('a missing record is the first run for this vault: it is written at unlock', async () => {
    const home = newHome();
    const seen = await made(home);
    unlinkSync(seen);
    const v = vault(home);
    await v.unlockWithPassphrase(PASS);
    expect(existsSync(seen)).toBe(true);
    await v.lock();
    copyFileSync(join(home, 'vault.json.bak'), join(home, 'vault.json'));
    expect((await failure(vault(home).unlockWithPassphrase(PASS)))?.code).toBe('ERR_VAULT_ROLLBACK');
  });
});

describe('removing a key', () => {
  it('erases it from vault.json.bak too: neither its id, its label nor its sealed secret remains', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    await v.add(kraken('doomed key', 'ZG9vbWVkLXNlY3JldA=='));
    await v.add(kraken('kept key'));
    const doomed = v.resolve('doomed key');
    const sealedSecret = (await entryLines(join(home, 'vault.json'), PASS)).find((l) => l.id === doomed.id)?.s as string;
    expect(sealedSecret).toBeTruthy();
    await v.remove(doomed.id);

    const bak = join(home, 'vault.json.bak');
    const lines = await entryLines(bak, PASS);
    expect(lines.map((l) => l.meta.label).sort()).toEqual(['Sandbox (local)', 'kept key']);
    const plain = JSON.stringify(lines) + readFileSync(bak, 'utf8');
    expect(plain).not.toContain(doomed.id);
    expect(plain).not.toContain('doomed key');
    expect(plain).not.toContain(sealedSecret);
    // The vault still opens, and the backup beside it is the same version (not an older one).
    await v.lock();
    const again = vault(home);
    await again.unlockWithPassphrase(PASS);
    expect(again.list().map((x) => x.label)).not.toContain('doomed key');
    expect(generationOf(bak)).toBe(generationOf(join(home, 'vault.json')));
  });
});
