/**
 * withFileLock with several holders in one process (two VaultServices on one home, as the audit tests run the app
 * and the CLI): a holder here must never take another's lock for one left by a dead process with the same pid —
 * not while its token is being written, nor while it is being released (which would then remove the next lock).
 * The audit tests' concurrent unlocks exercise the same through the vault (audit-concurrency.test.ts).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withFileLock } from '../../../src-main/base/atomic-file';
import { useTempHomes } from '../../helpers/temp-home';

const newHome = useTempHomes();

describe('withFileLock within one process', () => {
  it('never has two holders at once', async () => {
    const lock = join(newHome(), 'x.lock');
    let inside = 0;
    let most = 0;
    const busy = () => new Error('busy');
    const holder = async () => {
      for (let i = 0; i < 60; i++) {
        await withFileLock(
          lock,
          async () => {
            inside++;
            most = Math.max(most, inside);
            await new Promise((r) => setImmediate(r));
            inside--;
          },
          busy,
          10_000,
        );
      }
    };
    await Promise.all(Array.from({ length: 6 }, holder));
    expect(most).toBe(1);
  });
});
