/**
 * Rotation in a long-running host (rotation-runtime.ts) on a fake clock: the overlap's end wakes a timer that revokes
 * the old key; an overlap that ends while the vault is locked is finished at the next unlock; reminders reach the
 * host's listener once, and a rotation starts a key's reminders over.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ROTATION_DEFAULTS, type RotationReminderView } from '../../../src-main/contract/rotation';
import { RotationRuntime } from '../../../src-main/rotation/rotation-runtime';
import { ManualClock, useTempHomes } from '../../helpers/temp-home';
import { PASS, rotationRig, type RotationRig } from './rotation-rig';

const newHome = useTempHomes();
let rig: RotationRig | undefined;
let runtime: RotationRuntime | undefined;
afterEach(async () => {
  runtime?.stop();
  await rig?.close();
  rig = undefined;
  runtime = undefined;
});

const MIN = 60_000;

async function setup(autoLockMinutes: number) {
  const clock = new ManualClock(Date.now());
  rig = await rotationRig(newHome(), { clock, autoLockMinutes });
  const reminders: RotationReminderView[] = [];
  const changes: (string | null)[] = [];
  runtime = new RotationRuntime({ home: rig.home, vault: rig.vault, caller: rig.caller, clock, defaults: () => DEFAULT_ROTATION_DEFAULTS });
  runtime.subscribe({ changed: (_id, run) => changes.push(run?.state ?? null), reminded: (r) => reminders.push(r) });
  await runtime.start();
  return { clock, reminders, changes, rig, runtime };
}

describe('rotation runtime', () => {
  it('revokes the old key when the overlap ends, by its own timer', async () => {
    const { clock, changes, rig, runtime } = await setup(0);
    const old = await rig.current();
    await runtime.service.start(rig.entryId, { overlapMinutes: 30 });
    expect(await runtime.service.settled(rig.entryId)).toMatchObject({ state: 'overlap' });
    clock.advance(29 * MIN);
    await runtime.whenIdle();
    expect(await runtime.service.settled(rig.entryId)).toMatchObject({ state: 'overlap' });
    expect(await rig.accountStatus(old)).toBe(200);
    clock.advance(2 * MIN);
    await runtime.whenIdle();
    expect(await runtime.service.settled(rig.entryId)).toBeNull();
    expect(rig.vault.rotationRecord(rig.entryId).history[0]?.state).toBe('done');
    expect(await rig.accountStatus(old)).toBe(401);
    expect(changes).toEqual(['creating', 'verifying', 'switching', 'overlap', 'revoking', null]);
  });

  it('an overlap that ended while the vault was locked is finished at the next unlock', async () => {
    const { clock, rig, runtime } = await setup(0);
    const old = await rig.current();
    await runtime.service.start(rig.entryId, { overlapMinutes: 30 });
    await runtime.service.settled(rig.entryId);
    await rig.vault.lock();
    clock.advance(45 * MIN);
    expect(await rig.accountStatus(old)).toBe(200); // nothing could be done while locked
    await rig.vault.unlockWithPassphrase(PASS);
    await runtime.catchUp();
    expect(rig.vault.rotationRecord(rig.entryId).history[0]?.state).toBe('done');
    expect(await rig.accountStatus(old)).toBe(401);
  });

  it('reminds once of an overdue key, and a rotation starts its reminders over', async () => {
    const { clock, reminders, rig, runtime } = await setup(0);
    await rig.vault.update({ id: rig.entryId, meta: { rotationPolicy: { everyDays: 1, warnDays: 0 } } });
    clock.advance(2 * 86_400_000);
    await runtime.catchUp();
    expect(reminders.map((r) => [r.label, r.status])).toEqual([['Sandbox (local)', 'overdue']]);
    await runtime.catchUp();
    expect(reminders).toHaveLength(1);
    await runtime.service.start(rig.entryId, { overlapMinutes: 0 });
    await runtime.service.settled(rig.entryId);
    await runtime.scheduler.whenIdle();
    expect(runtime.service.key(rig.entryId).state.status).toBe('ok');
  });
});
