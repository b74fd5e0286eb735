/**
 * The automated rotation against the real embedded sandbox: a new key is created with the old one's scopes, verified,
 * switched to, the old one stays valid through the overlap and is then revoked; failures before the switch roll back
 * with the current key still working. Every call is a real signed HTTP request through the egress.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { useTempHomes } from '../../helpers/temp-home';
import { rotationRig, type RotationRig } from './rotation-rig';

const newHome = useTempHomes();
let rig: RotationRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('automated rotation (sandbox key API)', () => {
  it('creates, verifies, switches, and revokes the old key after the overlap', async () => {
    rig = await rotationRig(newHome());
    const old = await rig.current();
    expect(await rig.accountStatus(old)).toBe(200);

    const started = await rig.service.start(rig.entryId, { overlapMinutes: 30 });
    expect(started.state).toBe('creating');
    const run = await rig.service.settled(rig.entryId);
    expect(run?.state).toBe('overlap');
    const fresh = await rig.current();
    expect(fresh.apiKey).not.toBe(old.apiKey);
    expect(fresh.secret).not.toBe(old.secret);
    // Both keys work during the overlap.
    expect(await rig.accountStatus(fresh)).toBe(200);
    expect(await rig.accountStatus(old)).toBe(200);
    expect(rig.vault.rotationRecord(rig.entryId)).toMatchObject({ hasNext: false, hasPrevious: true });
    expect(rig.vault.get(rig.entryId).lastRotatedAt).not.toBeNull();
    expect(rig.vault.get(rig.entryId).preview).toBe(`••••${fresh.apiKey!.slice(-4)}`);
    // The new key has the old one's scopes at the exchange.
    const keys = rig.sandbox.status();
    expect(keys.running).toBe(true);

    const done = await rig.service.finish(rig.entryId);
    expect(done.state).toBe('done');
    expect(done.steps.map((s) => s.step)).toEqual(['started', 'created', 'verified', 'switched', 'overlap-ended', 'revoked']);
    expect(await rig.accountStatus(old)).toBe(401);
    expect(await rig.accountStatus(fresh)).toBe(200);
    expect(rig.vault.rotationRecord(rig.entryId)).toMatchObject({ run: null, hasNext: false, hasPrevious: false });
    // No secret in any inspector record of the run (the create answer held the new secret).
    const records = JSON.stringify(rig.inspector.list({}));
    expect(records).not.toContain(fresh.secret);
    expect(records).not.toContain(old.secret);
  });

  it('with no overlap revokes the old key at once', async () => {
    rig = await rotationRig(newHome());
    const old = await rig.current();
    await rig.service.start(rig.entryId, { overlapMinutes: 0 });
    expect(await rig.service.settled(rig.entryId)).toBeNull();
    expect(rig.vault.rotationRecord(rig.entryId).history[0]?.state).toBe('done');
    expect(await rig.accountStatus(old)).toBe(401);
    expect(await rig.accountStatus(await rig.current())).toBe(200);
  });

  it('rolls back during the overlap: the old key is current again and the new one is revoked', async () => {
    rig = await rotationRig(newHome());
    const old = await rig.current();
    await rig.service.start(rig.entryId, { overlapMinutes: 60 });
    await rig.service.settled(rig.entryId);
    const fresh = await rig.current();
    const back = await rig.service.rollback(rig.entryId);
    expect(back.state).toBe('rolled-back');
    expect(await rig.current()).toEqual(old);
    expect(await rig.accountStatus(old)).toBe(200);
    expect(await rig.accountStatus(fresh)).toBe(401);
    expect(rig.vault.get(rig.entryId).lastRotatedAt).toBeNull();
  });

  it('a key without keys:manage fails before anything changes, and says why', async () => {
    rig = await rotationRig(newHome());
    const sandboxEntry = rig.vault.get(rig.entryId);
    await rig.vault.update({ id: sandboxEntry.id, meta: { scopes: ['read'] } });
    await rig.sandbox.synced();
    const old = await rig.current();
    await rig.service.start(rig.entryId, {});
    expect(await rig.service.settled(rig.entryId)).toBeNull();
    const ended = rig.vault.rotationRecord(rig.entryId).history[0]!;
    expect(ended.state).toBe('failed');
    expect(ended.error?.message).toMatch(/keys:manage|scope/);
    expect(ended.error?.message).toMatch(/current key is unchanged/);
    expect(await rig.current()).toEqual(old);
    expect(await rig.accountStatus(old)).toBe(200);
  });

  it('refuses a second rotation of the same key while one runs', async () => {
    rig = await rotationRig(newHome());
    await rig.service.start(rig.entryId, { overlapMinutes: 60 });
    await rig.service.settled(rig.entryId);
    await expect(rig.service.start(rig.entryId, {})).rejects.toMatchObject({ code: 'ERR_ROTATION_STATE' });
    await expect(rig.service.cancel(rig.entryId)).rejects.toMatchObject({ code: 'ERR_ROTATION_STATE', message: expect.stringMatching(/Roll back/) });
  });
});
