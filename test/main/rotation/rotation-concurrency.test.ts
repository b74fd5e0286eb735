/**
 * The app and the CLI share one vault: two rotation services, each over its own VaultService on the same home, and
 * one sandbox exchange. A process that read an older revision of a run is refused, loads what the other wrote and
 * goes on from there (a key it created but could not save is revoked, not left active); the egress signs with what
 * the other process rotated to. Also: a run that cannot finish is abandoned without losing the key in use, and a
 * key being rotated cannot be edited, deleted or replaced by an import meanwhile.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/base/clock';
import { DEFAULT_ROTATION_DEFAULTS } from '../../../src-main/contract/rotation';
import { Egress } from '../../../src-main/http/egress';
import { InspectorStore } from '../../../src-main/http/inspector-store';
import { RotationService } from '../../../src-main/rotation/rotation-service';
import { egressCaller } from '../../../src-main/rotation/signed-caller';
import { VaultService } from '../../../src-main/vault/vault-service';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';
import { PASS, rotationRig, type RotationRig } from './rotation-rig';

const newHome = useTempHomes();
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
});

async function rig(opts: Parameters<typeof rotationRig>[1] = {}): Promise<RotationRig> {
  const r = await rotationRig(newHome(), opts);
  closers.push(() => r.close());
  return r;
}

/** A second Signet process on the same home (the CLI beside the app), sending to the same sandbox. */
async function second(a: RotationRig): Promise<{ vault: VaultService; service: RotationService; egress: Egress }> {
  const vault = new VaultService({ home: a.home, osSlot: null, kdf: FAST_KDF });
  await vault.unlockWithPassphrase(PASS);
  const egress = new Egress({ vault, inspector: new InspectorStore({ file: null }), sandboxUrl: () => a.sandbox.url(), retry: { maxAttempts: 1, baseMs: 0, capMs: 0 } });
  closers.push(async () => {
    await egress.close();
    if (vault.isUnlocked()) await vault.lock();
  });
  return { vault, egress, service: new RotationService({ vault, caller: egressCaller(egress), clock: systemClock, defaults: () => DEFAULT_ROTATION_DEFAULTS }) };
}

const active = async (r: RotationRig) => (await r.listKeys(await r.current())).filter((k) => k.revokedAt === null).map((k) => k.apiKey).sort();

describe('two processes, one vault', () => {
  it('a process paused mid-step loses the race cleanly: its new key is revoked, the other run stands', async () => {
    let release!: () => void;
    const paused = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const atListed = new Promise<void>((r) => (reached = r));
    const a = await rig({ service: { checkpoint: async (name) => { if (name === 'creating:listed') { reached(); await paused; } } } });
    const old = await a.current();
    await a.service.start(a.entryId, { overlapMinutes: 60 });
    await atListed;

    // Meanwhile the CLI resumes the same run to the overlap.
    const b = await second(a);
    await b.service.drive(a.entryId, { force: true });
    expect(b.vault.rotationRecord(a.entryId).run?.state).toBe('overlap');
    const kb = await b.vault.useSecret(a.entryId, (c) => ({ ...c }));

    release();
    expect((await a.service.settled(a.entryId))?.state).toBe('overlap');
    expect(await a.current()).toEqual(kb);
    // The old key (kept for the overlap) and kB; the key the app made and could not save was revoked.
    expect(await active(a)).toEqual([old.apiKey, kb.apiKey].sort());
    expect(await a.accountStatus(kb)).toBe(200);
  });

  it('after the CLI rotates, the app signs with the new key and steps nothing twice', async () => {
    const a = await rig();
    const old = await a.current();
    const b = await second(a);
    await b.service.start(a.entryId, { overlapMinutes: 0 });
    await b.service.settled(a.entryId);
    const record = await a.egress.send({ entryId: a.entryId, method: 'GET', url: '/v1/account', headers: [], body: null });
    expect(record.status).toBe(200);
    expect(a.vault.rotationRecord(a.entryId).history[0]?.state).toBe('done');
    await a.service.resumeAll({ force: true });
    expect(await active(a)).toHaveLength(1);
    expect(await a.accountStatus(old)).toBe(401);
  });
});

describe('a run that cannot finish, and edits during a run', () => {
  it('is abandoned with the key in use kept and the key left at the provider named', async () => {
    const a = await rig();
    await a.service.start(a.entryId, { overlapMinutes: 60 });
    await a.service.settled(a.entryId);
    const fresh = await a.current();
    await a.sandbox.close(); // the provider stops answering
    const stuck = await a.service.finish(a.entryId);
    expect(stuck.state).toBe('revoking');
    expect(stuck.error?.message).toMatch(/tries again/);
    await expect(a.service.cancel(a.entryId)).rejects.toThrow(/past the switch/);
    const ended = await a.service.abandon(a.entryId);
    expect(ended.state).toBe('done');
    // The retry's error is over: history keeps the run as it ended, not as still retrying.
    expect(ended.error).toBeNull();
    expect(ended.steps.at(-1)?.detail).toMatch(new RegExp(`the key ${stuck.remote.oldKeyId} .*delete it there`));
    expect(await a.current()).toEqual(fresh);
    expect(a.vault.rotationRecord(a.entryId)).toMatchObject({ run: null, hasPrevious: false });
  });

  it('refuses to change credentials or provider, delete the key, or replace it from a backup while it rotates', async () => {
    const a = await rig();
    const backup = join(a.home, 'backup.json');
    await a.vault.exportBackup(backup, 'backup passphrase that is long enough 1');
    await a.service.start(a.entryId, { overlapMinutes: 60 });
    await a.service.settled(a.entryId);
    const code = { code: 'ERR_ROTATION_STATE' };
    await expect(a.vault.update({ id: a.entryId, credentials: { secret: 'x' } })).rejects.toMatchObject(code);
    await expect(a.vault.update({ id: a.entryId, meta: { provider: 'custom' } })).rejects.toMatchObject(code);
    await expect(a.vault.remove(a.entryId)).rejects.toMatchObject(code);
    const preview = await a.vault.previewImport(backup, 'backup passphrase that is long enough 1');
    await expect(a.vault.applyImport(preview.importId, 'replace')).rejects.toMatchObject({ ...code, message: expect.stringMatching(/nothing was imported/) });
    // Metadata that does not touch the keys may change.
    await a.vault.update({ id: a.entryId, meta: { notes: 'still rotating' } });
    expect(a.vault.rotationRecord(a.entryId)).toMatchObject({ run: { state: 'overlap' }, hasPrevious: true });
  });
});
