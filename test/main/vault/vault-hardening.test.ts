import { copyFileSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VaultService } from '../../../src-main/vault/vault-service';
import { checkScryptParams, deriveKeys, open, scrypt, seal } from '../../../src-main/vault/crypto';
import { computeMac, parseVaultFile, serializeVaultFile, shardDigest } from '../../../src-main/vault/vault-file';
import { FAST_KDF, ManualClock, useTempHomes } from '../../helpers/temp-home';
import type { AppError } from '../../../src-main/base/errors';

const A = 'correct horse battery staple';
const B = 'tangerine orbit velvet canyon';
const BACKUP = 'lantern mosaic quiver oatmeal';
const newHome = useTempHomes();
const vault = (home: string, clock?: ManualClock) => new VaultService({ home, osSlot: null, kdf: FAST_KDF, ...(clock ? { clock } : {}) });
const kraken = (label: string) => ({ label, provider: 'kraken', environment: 'prod' as const, credentials: { apiKey: `key-${label}`, secret: 'c2VjcmV0' } });

async function failure(p: Promise<unknown>): Promise<AppError | null> {
  return p.then(
    () => null,
    (e: AppError) => e,
  );
}

/** Re-seals every entry's metadata of a backup with `mutate` applied: what someone who chose its passphrase can do. */
async function craftBackup(path: string, mutate: (meta: Record<string, unknown>) => void): Promise<void> {
  const f = parseVaultFile(readFileSync(path, 'utf8'), 'backup');
  const slot = f.header.slots[0] as { id: string; kdf: { N: number; r: number; p: number; salt: string }; wrap: string };
  const key = open(await scrypt(BACKUP, Buffer.from(slot.kdf.salt, 'base64'), slot.kdf, FAST_KDF.N), slot.wrap, `signet-slot/v1/${f.header.vaultId}/${slot.id}`);
  if (!key) throw new Error('craft: cannot open');
  const k = deriveKeys(key, f.header.vaultId);
  const shards = f.shards.map((s, i) => {
    const aad = `signet-vault/v1/${f.header.vaultId}/shard/${i}`;
    const text = (open(k.enc, s, aad) as Buffer).toString();
    if (!text) return s;
    const lines = text.split('\n').map((l) => {
      const e = JSON.parse(l) as { meta: Record<string, unknown> };
      mutate(e.meta);
      return JSON.stringify(e);
    });
    return seal(k.enc, Buffer.from(lines.join('\n')), aad);
  });
  writeFileSync(path, serializeVaultFile(f.header, shards, computeMac(k.mac, f.header, shards.map(shardDigest))));
}

describe('vault hardening', () => {
  it('re-keys on a passphrase change: the old passphrase slot spliced into the current file opens nothing', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: A, useOsSlot: false });
    const before = readFileSync(join(home, 'vault.json'), 'utf8');
    await v.changePassphrase({ current: A, next: B });
    await v.add(kraken('after the change'));
    await v.lock();
    const current = readFileSync(join(home, 'vault.json'), 'utf8');
    const slotsOf = (text: string) => /"slots":\[.*?\]\],?|"slots":\[[^\]]*\]/.exec(text)?.[0] as string;
    writeFileSync(join(home, 'vault.json'), current.replace(slotsOf(current), slotsOf(before)));
    const e = await failure(vault(home).unlockWithPassphrase(A));
    expect(e?.code).toBe('ERR_VAULT_TAMPERED');
    // And the backup beside it is the new version: the old passphrase does not open it either.
    writeFileSync(join(home, 'vault.json'), current);
    const bakHome = newHome();
    copyFileSync(join(home, 'vault.json.bak'), join(bakHome, 'vault.json'));
    expect((await failure(vault(bakHome).unlockWithPassphrase(A)))?.code).toBe('ERR_BAD_PASSPHRASE');
    const w = vault(home);
    await w.unlockWithPassphrase(B);
    expect(w.list().map((x) => x.label)).toContain('after the change');
    expect(await w.revealField(w.resolve('after the change').id, 'secret')).toBe('c2VjcmV0');
  });

  it('a lock racing the background "last used" save leaves a vault that opens', async () => {
    for (let i = 0; i < 10; i++) {
      const clock = new ManualClock();
      const home = newHome();
      const v = vault(home, clock);
      await v.create({ passphrase: A, useOsSlot: false });
      const [entry] = v.list();
      await v.revealField((entry as { id: string }).id, 'secret');
      clock.advance(3_000); // fires the save
      for (let k = 0; k < i; k++) await new Promise((r) => setImmediate(r));
      await v.lock();
      const again = vault(home);
      await again.unlockWithPassphrase(A);
      expect(again.list()).toHaveLength(1);
    }
  });

  it('will not start a new vault over an orphaned vault.json.bak', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: A, useOsSlot: false });
    await v.add(kraken('precious'));
    await v.lock();
    unlinkSync(join(home, 'vault.json'));
    const bak = readFileSync(join(home, 'vault.json.bak'));
    const fresh = vault(home);
    const e = await failure(fresh.status());
    expect(e?.code).toBe('ERR_VAULT_NOT_FOUND');
    expect(e?.message).toMatch(/rename vault\.json\.bak to vault\.json/);
    expect((await failure(fresh.create({ passphrase: A, useOsSlot: false })))?.code).toBe('ERR_VAULT_NOT_FOUND');
    expect(readFileSync(join(home, 'vault.json.bak')).equals(bak)).toBe(true);
    renameSync(join(home, 'vault.json.bak'), join(home, 'vault.json'));
    await fresh.unlockWithPassphrase(A); // the previous version: from before 'precious' was added
    expect(fresh.list().map((x) => x.label)).toEqual(['Sandbox (local)']);
  });

  it('refuses a backup file in place of the vault, and an export over the vault', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: A, useOsSlot: false });
    expect((await failure(v.exportBackup(join(home, 'vault.json'), BACKUP, { overwrite: true })))?.code).toBe('ERR_FILE');
    const out = join(newHome(), 'vault.json');
    await v.exportBackup(out, BACKUP);
    const e = await failure(vault(join(out, '..')).unlockWithPassphrase(BACKUP));
    expect(e?.code).toBe('ERR_VAULT_CORRUPT');
    expect(e?.message).toMatch(/is a Signet backup, not a vault/);
  });

  it('does not write over an older copy put back while it was unlocked', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: A, useOsSlot: false });
    const old = readFileSync(join(home, 'vault.json'));
    await v.add(kraken('one'));
    writeFileSync(join(home, 'vault.json'), old);
    const e = await failure(v.add(kraken('two')));
    expect(e?.code).toBe('ERR_VAULT_CHANGED_ON_DISK');
    expect(readFileSync(join(home, 'vault.json')).equals(old)).toBe(true);
  });

  it('rejects a crafted backup with invalid metadata, and derives previews from the real key', async () => {
    const src = vault(newHome());
    await src.create({ passphrase: A, useOsSlot: false, addSandboxKey: false });
    await src.add({ label: 'Binance', provider: 'binance', environment: 'prod', credentials: { apiKey: 'REALKEY0000', secret: 's' } });
    const poisoned = join(newHome(), 'poisoned.json');
    await src.exportBackup(poisoned, BACKUP);
    await craftBackup(poisoned, (m) => {
      m.environment = 'staging';
      m.tags = 'not-an-array';
    });
    const spoofed = join(newHome(), 'spoofed.json');
    await src.exportBackup(spoofed, BACKUP);
    await craftBackup(spoofed, (m) => {
      m.shown = { apiKey: '3f9a' };
      m.fingerprint = 'sha256:0123456789ab';
    });

    const dst = vault(newHome());
    await dst.create({ passphrase: A, useOsSlot: false, addSandboxKey: false });
    const e = await failure(dst.previewImport(poisoned, BACKUP));
    expect(e?.code).toBe('ERR_BACKUP_INVALID');
    expect(e?.message).toMatch(/environment/);
    const preview = await dst.previewImport(spoofed, BACKUP);
    await dst.applyImport(preview.importId, 'skip');
    expect(dst.list()[0]).toMatchObject({ preview: '••••0000', fingerprint: expect.not.stringMatching(/0123456789ab/) });
    expect((await failure(dst.applyImport(preview.importId, 'skip')))?.code).toBe('ERR_IMPORT_EXPIRED');
    expect(dst.list()).toHaveLength(1);
  });

  it('says how to go back to the previous version when the vault is damaged, and still locks', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: A, useOsSlot: false });
    await v.add(kraken('one'));
    writeFileSync(join(home, 'vault.json'), '{"format":"signet-vault", trunc');
    const status = await v.lock(); // the file broke while unlocked: locking must still work
    expect(status.locked).toBe(true);
    const e = await failure(vault(home).unlockWithPassphrase(A));
    expect(e?.code).toBe('ERR_VAULT_CORRUPT');
    expect(e?.message).toMatch(/previous version is kept at .*vault\.json\.bak: to go back to it/);
  });

  it('bounds the scrypt cost a file may ask for', () => {
    expect(() => checkScryptParams({ N: 2 ** 17, r: 8, p: 1 })).not.toThrow();
    for (const bad of [
      { N: 2 ** 22, r: 8, p: 1 }, // 4 GiB
      { N: 2 ** 17, r: 8, p: 16 }, // 16x the work
      { N: 2 ** 10, r: 8, p: 1 }, // weaker than the default
      { N: 3000, r: 8, p: 1 }, // not a power of two
    ]) {
      expect(() => checkScryptParams(bad), JSON.stringify(bad)).toThrow(/does not accept/);
    }
  });
});
