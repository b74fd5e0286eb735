/**
 * vault.json.seen around a passphrase change (a re-key) that stops half-way: the record must never turn a vault
 * Signet wrote itself into a false alarm, and a copy from before the change must still be caught. The stop is
 * injected by failing one write (what a process killed at that moment leaves on disk); everything else is real.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';
import type { AppError } from '../../../src-main/base/errors';
import type * as AtomicFile from '../../../src-main/base/atomic-file';
import type * as SeenFile from '../../../src-main/vault/seen-file';

/** Writes to let through, per path, before the next one fails once (what a process killed then leaves on disk). */
const plan = new Map<string, number>();
const failsNow = (path: string): boolean => {
  const left = plan.get(path);
  if (left === 0) plan.delete(path);
  else if (left !== undefined) plan.set(path, left - 1);
  return left === 0;
};
const died = (path: string) => new Error(`injected: the process died before writing ${path}`);
vi.mock('../../../src-main/base/atomic-file', async (importOriginal) => {
  const real = await importOriginal<typeof AtomicFile>();
  return {
    ...real,
    writeFileAtomic: (...args: Parameters<typeof real.writeFileAtomic>) => (failsNow(args[0]) ? Promise.reject(died(args[0])) : real.writeFileAtomic(...args)),
  };
});
// vault.json.seen is staged, then renamed into place: the rename is what a killed process never does.
vi.mock('../../../src-main/vault/seen-file', async (importOriginal) => {
  const real = await importOriginal<typeof SeenFile>();
  return {
    ...real,
    stageSeenFile: async (...args: Parameters<typeof real.stageSeenFile>) => {
      const staged = await real.stageSeenFile(...args);
      if (!failsNow(args[0])) return staged;
      return { commit: async () => Promise.reject(died(args[0])), discard: staged.discard };
    },
  };
});
const { VaultService } = await import('../../../src-main/vault/vault-service');

const A = 'correct horse battery staple';
const B = 'tangerine orbit velvet canyon';
const newHome = useTempHomes();
const vault = (home: string) => new VaultService({ home, osSlot: null, kdf: FAST_KDF });
afterEach(() => plan.clear());

async function failure(p: Promise<unknown>): Promise<AppError | null> {
  return p.then(
    () => null,
    (e: AppError) => e,
  );
}

/** A vault, unlocked, with a copy of its file from before the passphrase change kept aside. */
async function unlockedWithCopy(home: string): Promise<{ v: InstanceType<typeof VaultService>; copy: string }> {
  const v = vault(home);
  await v.create({ passphrase: A, useOsSlot: false });
  const copy = join(newHome(), 'before-passwd.json');
  copyFileSync(join(home, 'vault.json'), copy);
  return { v, copy };
}

describe('a passphrase change stopped half-way', () => {
  it('stopped before the re-keyed vault was written: the old passphrase still opens it, without a question', async () => {
    const home = newHome();
    const { v } = await unlockedWithCopy(home);
    plan.set(join(home, 'vault.json'), 0);
    expect(await failure(v.changePassphrase({ current: A, next: B }))).not.toBeNull();
    const again = vault(home);
    await again.unlockWithPassphrase(A);
    await again.add({ label: 'still fine', provider: 'kraken', environment: 'dev', credentials: { apiKey: 'k', secret: 'c2VjcmV0' } });
    await again.lock();
    await vault(home).unlockWithPassphrase(A);
  });

  it('stopped after the re-keyed vault was written, before its record was updated: the new passphrase opens it without a question, and the old copy is caught', async () => {
    const home = newHome();
    const { v, copy } = await unlockedWithCopy(home);
    // The record's first write (both keys vouch, old key marked retired) goes through; the update after the vault write does not.
    plan.set(join(home, 'vault.json.seen'), 1);
    await v.changePassphrase({ current: A, next: B });
    expect(plan.has(join(home, 'vault.json.seen'))).toBe(false);
    await v.lock();
    const w = vault(home);
    await w.unlockWithPassphrase(B);
    await w.lock();
    copyFileSync(copy, join(home, 'vault.json'));
    const e = await failure(vault(home).unlockWithPassphrase(A));
    expect(e?.code).toBe('ERR_VAULT_ROLLBACK');
    expect(e?.message).toMatch(/from before the passphrase was changed/);
  });
});
