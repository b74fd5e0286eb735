import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VaultService } from '../../../src-main/vault/vault-service';
import { open, seal, randomKey } from '../../../src-main/vault/crypto';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';
import type { AppError } from '../../../src-main/base/errors';

const PASS = 'correct horse battery staple';
const BACKUP_PASS = 'lantern mosaic quiver oatmeal';
const newHome = useTempHomes();
const vault = (home: string) => new VaultService({ home, osSlot: null, kdf: FAST_KDF });
const REJECTED = ['ERR_VAULT_CORRUPT', 'ERR_VAULT_TAMPERED', 'ERR_BAD_PASSPHRASE', 'ERR_VAULT_UNSUPPORTED'];

async function failure(p: Promise<unknown>): Promise<AppError | null> {
  try {
    await p;
    return null;
  } catch (e) {
    return e as AppError;
  }
}

describe('sealing (AES-256-GCM with bound AAD)', () => {
  it('rejects any flipped byte, a wrong key and a different AAD', () => {
    const key = randomKey();
    const sealed = seal(key, Buffer.from('{"secret":"s3cr3t"}'), 'signet-vault/v1/vault/entry-1/s');
    expect(open(key, sealed, 'signet-vault/v1/vault/entry-1/s')?.toString()).toBe('{"secret":"s3cr3t"}');
    const raw = Buffer.from(sealed, 'base64');
    for (let i = 0; i < raw.length; i++) {
      const bad = Buffer.from(raw);
      bad[i] = (bad[i] as number) ^ 0x01;
      expect(open(key, bad.toString('base64'), 'signet-vault/v1/vault/entry-1/s'), `byte ${i}`).toBeNull();
    }
    expect(open(randomKey(), sealed, 'signet-vault/v1/vault/entry-1/s')).toBeNull();
    // An entry's ciphertext moved under another id (or into the metadata slot) does not open there.
    expect(open(key, sealed, 'signet-vault/v1/vault/entry-2/s')).toBeNull();
    expect(open(key, sealed, 'signet-vault/v1/vault/entry-1/m')).toBeNull();
  });

  it('uses a fresh IV for every seal', () => {
    const key = randomKey();
    const a = Buffer.from(seal(key, Buffer.from('same'), 'x'), 'base64').subarray(0, 12);
    const b = Buffer.from(seal(key, Buffer.from('same'), 'x'), 'base64').subarray(0, 12);
    expect(a.equals(b)).toBe(false);
  });
});

describe('vault file integrity', () => {
  it('refuses to open after any single byte of the file is flipped, and leaves the file untouched', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    await v.add({ label: 'Kraken', provider: 'kraken', environment: 'prod', credentials: { apiKey: 'key', secret: 'c2VjcmV0' } });
    await v.lock();
    const path = join(home, 'vault.json');
    const good = readFileSync(path);
    let checked = 0;
    for (let i = 0; i < good.length; i++) {
      // Every byte with its low bit flipped; every fourth also with a case/space bit flipped.
      for (const mask of i % 4 === 0 ? [0x01, 0x20] : [0x01]) {
        const bad = Buffer.from(good);
        bad[i] = (bad[i] as number) ^ mask;
        writeFileSync(path, bad);
        const e = await failure(vault(home).unlockWithPassphrase(PASS));
        expect(e, `byte ${i} ^ ${mask} was accepted`).not.toBeNull();
        expect(REJECTED, `byte ${i}: ${e?.message}`).toContain(e?.code);
        expect(readFileSync(path).equals(bad), `byte ${i}: file was modified`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(good.length + Math.ceil(good.length / 4));
    writeFileSync(path, good);
    await vault(home).unlockWithPassphrase(PASS);
  });

  it('refuses a MAC spelled in non-canonical base64 (same bytes, unused bits changed)', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    await v.lock();
    const path = join(home, 'vault.json');
    const text = readFileSync(path, 'utf8');
    const mac = /"mac":"([^"]+)"/.exec(text)?.[1] as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const last = mac.length - 2; // 32 bytes → 43 characters and one '=': the last one carries 2 unused bits
    const twin = mac.slice(0, last) + alphabet[alphabet.indexOf(mac[last] as string) ^ 1] + mac.slice(last + 1);
    expect(Buffer.from(twin, 'base64').equals(Buffer.from(mac, 'base64'))).toBe(true);
    writeFileSync(path, text.replace(mac, twin));
    expect(REJECTED).toContain((await failure(vault(home).unlockWithPassphrase(PASS)))?.code);
  });

  it('detects a rolled-back or swapped shard and a dropped one, though each is validly sealed', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    const k = await v.add({ label: 'Kraken', provider: 'kraken', environment: 'prod', credentials: { apiKey: 'key', secret: 'b2xk' } });
    const path = join(home, 'vault.json');
    const shardLines = (text: string) => text.split('\n').filter((l) => /^"[A-Za-z0-9+/=]+",?$/.test(l));
    const old = readFileSync(path, 'utf8');
    await v.update({ id: k.id, credentials: { secret: 'bmV3' } });
    await v.lock();
    const current = readFileSync(path, 'utf8');
    const changed = shardLines(current).findIndex((l, i) => l !== shardLines(old)[i]);
    expect(changed).toBeGreaterThanOrEqual(0);

    // The old shard (with the old secret) put back into the current file.
    writeFileSync(path, current.replace(shardLines(current)[changed] as string, shardLines(old)[changed] as string));
    expect((await failure(vault(home).unlockWithPassphrase(PASS)))?.code).toBe('ERR_VAULT_TAMPERED');

    // Two shards swapped.
    const lines = shardLines(current);
    const other = changed === 0 ? 1 : 0;
    const swapped = current
      .replace(lines[changed] as string, '@@A@@')
      .replace(lines[other] as string, (lines[changed] as string).replace(/,$/, lines[other]?.endsWith(',') ? ',' : ''))
      .replace('@@A@@', (lines[other] as string).replace(/,$/, lines[changed]?.endsWith(',') ? ',' : ''));
    writeFileSync(path, swapped);
    expect(REJECTED).toContain((await failure(vault(home).unlockWithPassphrase(PASS)))?.code);

    // A shard dropped.
    writeFileSync(path, current.replace(`${lines[0]}\n`, ''));
    expect(REJECTED).toContain((await failure(vault(home).unlockWithPassphrase(PASS)))?.code);
  });

  it('explains a file that is not JSON, not a vault, or from a newer version', async () => {
    const home = newHome();
    const path = join(home, 'vault.json');
    writeFileSync(path, '{"format":"signet-vault", trunc');
    let e = await failure(vault(home).unlockWithPassphrase(PASS));
    expect(e?.code).toBe('ERR_VAULT_CORRUPT');
    expect(e?.message).toMatch(/not valid JSON.*left untouched/);
    expect((await failure(vault(home).status()))?.code).toBe('ERR_VAULT_CORRUPT');
    writeFileSync(path, '{"format":"signet-vault","version":9}');
    e = await failure(vault(home).unlockWithPassphrase(PASS));
    expect(e?.code).toBe('ERR_VAULT_UNSUPPORTED');
    expect(e?.message).toMatch(/newer Signet/);
    expect(readFileSync(path, 'utf8')).toBe('{"format":"signet-vault","version":9}');
  });
});

describe('encrypted backups', () => {
  async function seeded(home: string) {
    const v = vault(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    await v.add({ label: 'Kraken', provider: 'kraken', environment: 'prod', credentials: { apiKey: 'key', secret: 'c2VjcmV0' } });
    return v;
  }

  it('round-trips through export and import into another vault, with a dry run first', async () => {
    const src = await seeded(newHome());
    const out = join(newHome(), 'backup.json');
    expect(await src.exportBackup(out, BACKUP_PASS)).toEqual({ path: out, entryCount: 2 });
    expect(readFileSync(out, 'utf8')).not.toContain('Kraken');

    const dst = vault(newHome());
    await dst.create({ passphrase: 'another long passphrase here', useOsSlot: false, addSandboxKey: false });
    await dst.add({ label: 'Kraken', provider: 'kraken', environment: 'dev', credentials: { apiKey: 'other', secret: 'b3RoZXI=' } });
    const preview = await dst.previewImport(out, BACKUP_PASS);
    expect(preview.added.map((a) => a.label)).toEqual(['Sandbox (local)']);
    expect(preview.conflicts).toEqual([expect.objectContaining({ label: 'Kraken', reason: 'same-label' })]);
    expect(dst.list()).toHaveLength(1); // the dry run changed nothing

    const result = await dst.applyImport(preview.importId, 'keep-both');
    expect(result).toMatchObject({ added: ['Sandbox (local)'], renamed: ['Kraken (imported)'] });
    const imported = dst.resolve('Kraken (imported)');
    expect(await dst.revealField(imported.id, 'secret')).toBe('c2VjcmV0');
    expect(await failure(dst.applyImport(preview.importId, 'skip'))).toMatchObject({ code: 'ERR_IMPORT_EXPIRED' });
  });

  it('imports nothing from a tampered backup or with a wrong passphrase', async () => {
    const src = await seeded(newHome());
    const out = join(newHome(), 'backup.json');
    await src.exportBackup(out, BACKUP_PASS);
    const dst = vault(newHome());
    await dst.create({ passphrase: PASS, useOsSlot: false, addSandboxKey: false });
    expect((await failure(dst.previewImport(out, 'wrong backup passphrase')))?.code).toBe('ERR_BAD_PASSPHRASE');
    const text = readFileSync(out, 'utf8');
    const shardLine = text.split('\n').find((l) => l.startsWith('"') && l.length > 200) as string;
    const flipped = shardLine.slice(0, 40) + (shardLine[40] === 'A' ? 'B' : 'A') + shardLine.slice(41);
    writeFileSync(out, text.replace(shardLine, flipped));
    const e = await failure(dst.previewImport(out, BACKUP_PASS));
    expect(e?.code).toBe('ERR_BACKUP_INVALID');
    expect(e?.message).toMatch(/Nothing was imported/);
    expect(dst.list()).toHaveLength(0);
  });

  it('refuses to overwrite an existing file unless asked', async () => {
    const src = await seeded(newHome());
    const out = join(newHome(), 'backup.json');
    writeFileSync(out, 'keep me');
    expect((await failure(src.exportBackup(out, BACKUP_PASS)))?.code).toBe('ERR_FILE');
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    await src.exportBackup(out, BACKUP_PASS, { overwrite: true });
    expect(readFileSync(out, 'utf8')).toContain('"kind":"backup"');
  });
});
