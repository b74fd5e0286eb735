/**
 * A rotation killed (SIGKILL) at every step, in a child process, against the real sandbox exchange in this one:
 * after each kill the key in the vault still works, and the next start (resumeAll) finishes the rotation with one
 * working key, the old key revoked, and no key left active at the exchange that the vault does not hold (a key
 * created just before the kill, whose secret was never saved, is found by its label and revoked).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempHomes } from '../../helpers/temp-home';
import { PASS, rotationRig, type RotationRig } from './rotation-rig';

const CHILD = resolve(import.meta.dirname, '../../fixtures/rotation-child.ts');
const newHome = useTempHomes();

/** Every checkpoint of an automated rotation with no overlap, in order. */
const CHECKPOINTS = ['creating:begin', 'creating:listed', 'creating:created', 'verifying:begin', 'verifying:answered', 'switching:begin', 'revoking:begin', 'revoking:revoked'];

function runChild(home: string, sandboxUrl: string, killAt: string): Promise<{ killed: boolean; passed: string[] }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, home, PASS, sandboxUrl, killAt], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      const passed = [...out.matchAll(/checkpoint (\S+)/g)].map((m) => m[1]!);
      if (signal === 'SIGKILL') done({ killed: true, passed });
      else if (code === 0) done({ killed: false, passed });
      else fail(new Error(`child exited ${code}: ${err}`));
    });
  });
}

let rig: RotationRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('rotation killed at every step', () => {
  it('runs to the end undisturbed (the checkpoints are these)', { timeout: 60_000 }, async () => {
    rig = await rotationRig(newHome());
    await rig.vault.lock();
    const r = await runChild(rig.home, rig.sandbox.url()!, 'none');
    expect(r).toEqual({ killed: false, passed: CHECKPOINTS });
  });

  for (const at of CHECKPOINTS) {
    it(`resumes after a kill at ${at}`, { timeout: 60_000 }, async () => {
      rig = await rotationRig(newHome());
      const old = await rig.current();
      await rig.vault.lock();

      const r = await runChild(rig.home, rig.sandbox.url()!, at);
      expect(r.killed).toBe(true);
      expect(r.passed.at(-1)).toBe(at);

      // The next start: the key the vault holds works before anything is resumed.
      await rig.vault.unlockWithPassphrase(PASS);
      await rig.sandbox.synced();
      const between = await rig.current();
      expect(await rig.accountStatus(between)).toBe(200);
      expect(rig.vault.rotationRecord(rig.entryId).run).not.toBeNull();

      await rig.service.resumeAll();
      const rec = rig.vault.rotationRecord(rig.entryId);
      expect(rec.run).toBeNull();
      expect(rec.history[0]?.state).toBe('done');
      expect(rec).toMatchObject({ hasNext: false, hasPrevious: false });
      const now = await rig.current();
      expect(now.apiKey).not.toBe(old.apiKey);
      expect(await rig.accountStatus(now)).toBe(200);
      expect(await rig.accountStatus(old)).toBe(401);
      // Exactly one active key at the exchange: the vault's.
      const active = (await rig.listKeys(now)).filter((k) => k.revokedAt === null);
      expect(active.map((k) => k.apiKey)).toEqual([now.apiKey]);
    });
  }
});
