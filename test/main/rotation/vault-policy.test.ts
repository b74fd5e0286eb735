/**
 * A key's own rotation policy is entry metadata in the vault: set on add and through an update (as vault:update
 * carries it), kept across a reopen, removed with null, and absent from keys that never had one (the vault file
 * written without it, as older vaults are, reads as before).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EntryPatch } from '../../../src-main/contract/schemas';
import type { RotationEntrySource } from '../../../src-main/rotation/scheduler';
import { VaultService } from '../../../src-main/vault/vault-service';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';

const PASS = 'correct horse battery staple';
const newHome = useTempHomes();
const creds = { apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A', secret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j' };

describe('per-key rotation policy in the vault', () => {
  it('is set on add and by update, survives a reopen, and null removes it', async () => {
    const home = newHome();
    const v = new VaultService({ home, osSlot: null, kdf: FAST_KDF });
    await v.create({ passphrase: PASS, useOsSlot: false });
    // The vault is what a host hands the scheduler as its entry source.
    const source: RotationEntrySource = v;
    const [plain] = source.list();
    expect(plain).not.toHaveProperty('rotationPolicy');
    const added = await v.add({ label: 'Binance main', provider: 'binance', environment: 'prod', rotationPolicy: { everyDays: 30, warnDays: 5 }, credentials: creds });
    expect(added.rotationPolicy).toEqual({ everyDays: 30, warnDays: 5 });
    const patch = { id: added.id, meta: { rotationPolicy: { everyDays: 45, warnDays: 7, expiresAt: '2027-06-01T00:00:00.000Z' } } };
    expect(EntryPatch.safeParse(patch).success).toBe(true);
    await v.update(patch);
    expect(readFileSync(join(home, 'vault.json'), 'utf8')).not.toContain('everyDays'); // sealed with the rest of the metadata
    await v.lock();

    const again = new VaultService({ home, osSlot: null, kdf: FAST_KDF });
    await again.unlockWithPassphrase(PASS);
    expect(again.get(added.id).rotationPolicy).toEqual({ everyDays: 45, warnDays: 7, expiresAt: '2027-06-01T00:00:00.000Z' });
    expect(again.list().find((e) => e.id === plain!.id)).not.toHaveProperty('rotationPolicy');
    await again.update({ id: added.id, meta: { rotationPolicy: null } });
    expect(again.get(added.id)).not.toHaveProperty('rotationPolicy');
    expect(EntryPatch.safeParse({ id: added.id, meta: { rotationPolicy: { everyDays: 7, warnDays: 9 } } }).success).toBe(false);
  });
});
