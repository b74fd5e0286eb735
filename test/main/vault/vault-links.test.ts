/**
 * A symbolic link planted in the Signet home is never followed by the vault: not to read a vault
 * file from elsewhere, not to write one there, not for the rollback record. Real files and real links.
 */
import { lstatSync, mkdirSync, readFileSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VaultService } from '../../../src-main/vault/vault-service';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';

const PASS = 'correct horse battery staple';
const newHome = useTempHomes();
const vault = (home: string) => new VaultService({ home, osSlot: null, kdf: FAST_KDF });

describe('the vault and symbolic links in its home', () => {
  it('does not open a vault.json that is a link to a vault elsewhere; says why and leaves both as they are', async () => {
    const home = newHome();
    const elsewhere = join(home, 'elsewhere');
    mkdirSync(elsewhere);
    const other = vault(elsewhere);
    await other.create({ passphrase: PASS, useOsSlot: false, addSandboxKey: false });
    await other.lock();
    const target = join(elsewhere, 'vault.json');
    const before = readFileSync(target, 'utf8');
    const own = join(home, 'own');
    mkdirSync(own);
    symlinkSync(target, join(own, 'vault.json'));
    const v = vault(own);
    await expect(v.unlockWithPassphrase(PASS)).rejects.toMatchObject({ code: 'ERR_FILE', message: expect.stringMatching(/vault\.json.*symbolic link/) });
    expect(lstatSync(join(own, 'vault.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(before);
  });

  it('does not write a vault through a link that appears while it is open', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: PASS, useOsSlot: false, addSandboxKey: false });
    const moved = join(home, 'moved.json');
    renameSync(join(home, 'vault.json'), moved);
    symlinkSync(moved, join(home, 'vault.json'));
    const before = readFileSync(moved, 'utf8');
    await expect(v.add({ label: 'K', provider: 'kraken', environment: 'dev', credentials: { apiKey: 'k', secret: 'c2VjcmV0' } })).rejects.toMatchObject({ code: 'ERR_FILE' });
    expect(readFileSync(moved, 'utf8')).toBe(before);
    expect(lstatSync(join(home, 'vault.json')).isSymbolicLink()).toBe(true);
    await v.lock().catch(() => undefined);
  });

  it('reports a rollback record that is a link, and leaves it as it is', async () => {
    const home = newHome();
    const v = vault(home);
    await v.create({ passphrase: PASS, useOsSlot: false, addSandboxKey: false });
    await v.lock();
    const seen = join(home, 'vault.json.seen');
    renameSync(seen, join(home, 'seen-elsewhere'));
    symlinkSync(join(home, 'seen-elsewhere'), seen);
    await expect(vault(home).unlockWithPassphrase(PASS)).rejects.toMatchObject({ code: 'ERR_VAULT_SEEN_INVALID', message: expect.stringContaining('symbolic link') });
    expect(lstatSync(seen).isSymbolicLink()).toBe(true);
  });
});
