/**
 * Events that happen while the vault is locked (a failed unlock, a refused signature, a scan) have no key to be
 * chained with: they wait in audit.queue.jsonl, unauthenticated, and the next append — usually the next unlock, in
 * whichever process makes it — chains them, marked as queued, so verification can say when they were authenticated.
 */
import { copyFileSync, existsSync, readFileSync, appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTempHomes } from '../../helpers/temp-home';
import { auditOf, kraken, logLines, parsed, PASS, queuePath, vaultAt } from './audit-rig';

const newHome = useTempHomes();

async function lockedVault(home: string) {
  const v = vaultAt(home);
  await v.create({ passphrase: PASS, useOsSlot: false });
  await v.add(kraken('Kraken main'));
  await v.lock();
  return v;
}

describe('events recorded while the vault is locked', () => {
  it('failed unlocks are queued (the way tried, the code and how many a minute, never what was typed) and chained at the next unlock, in another process', async () => {
    const home = newHome();
    await lockedVault(home);
    const logBefore = logLines(home);
    const app = vaultAt(home, { actor: 'app' });
    const wrong = ['correct horse battery stapler', 'orbit canyon marble thistle 41', 'lantern pickle voyage drizzle'];
    for (const p of wrong) await expect(app.unlockWithPassphrase(p)).rejects.toMatchObject({ code: 'ERR_BAD_PASSPHRASE' });
    await expect(app.unlockWithOs()).rejects.toMatchObject({ code: 'ERR_OS_SLOT_UNAVAILABLE' });
    await auditOf(app).record({ type: 'scan.run', details: { roots: 1, files: 12, findings: 0 } });
    // Failed unlocks are counted per way, code and minute, and queued when the process flushes (the CLI as it exits).
    await app.flush();
    // Nothing chained while locked; the unauthenticated lines wait.
    expect(logLines(home)).toEqual(logBefore);
    const queued = readFileSync(queuePath(home), 'utf8');
    const items = queued.trim().split('\n').map((l) => JSON.parse(l) as { type: string; details: Record<string, unknown> });
    expect(items.map((q) => [q.type, q.details.via ?? null, q.details.count ?? null])).toEqual([
      ['scan.run', null, null],
      ['vault.unlock_failed', 'passphrase', 3],
      ['vault.unlock_failed', 'os', 1],
    ]);
    for (const p of wrong) expect(queued).not.toContain(p);

    const cli = vaultAt(home, { actor: 'cli' });
    await cli.unlockWithPassphrase(PASS);
    expect(existsSync(queuePath(home))).toBe(false);
    const lines = logLines(home).map(parsed).slice(logBefore.length);
    expect(lines.map((l) => [l.type, l.actor, l.queued !== undefined])).toEqual([
      ['scan.run', 'app', true],
      ['vault.unlock_failed', 'app', true],
      ['vault.unlock_failed', 'app', true],
      ['vault.unlocked', 'cli', false],
    ]);
    expect(lines[1]?.details).toEqual({ via: 'passphrase', code: 'ERR_BAD_PASSPHRASE', count: 3, minute: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/), lastAt: expect.any(String) });

    const r = await cli.verifyAudit();
    const first = logBefore.length + 1;
    expect(r.ok).toBe(true);
    expect(r.queued).toEqual([{ from: first, to: first + 2, count: 3, chainedAt: lines[3]?.at, chainedBy: { line: first + 3, type: 'vault.unlocked' } }]);
    expect(r.summary).toContainEqual(expect.stringMatching(new RegExp(`^3 events recorded while the vault was locked \\(lines ${first}–${first + 2}\\) were not authenticated until they were chained, at the unlock of \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}Z \\(line ${first + 3}\\)\\.$`)));
    await cli.lock();
  });

  it('says what waits while another process holds the vault open, and chains it with that process\'s next event', async () => {
    const home = newHome();
    await lockedVault(home);
    const app = vaultAt(home, { actor: 'app' });
    await app.unlockWithPassphrase(PASS);
    const cli = vaultAt(home, { actor: 'cli' });
    await expect(cli.unlockWithPassphrase('not the passphrase at all 77')).rejects.toMatchObject({ code: 'ERR_BAD_PASSPHRASE' });
    await cli.flush();
    const waiting = await app.verifyAudit();
    expect(waiting.pending).toBe(1);
    expect(waiting.summary.at(-1)).toMatch(/^1 event recorded while the vault was locked waits in .*audit\.queue\.jsonl to be chained at the next unlock; it is not authenticated until then\.$/);

    await app.revealField(app.resolve('Kraken main').id, 'secret');
    const r = await app.verifyAudit();
    expect(r.pending).toBe(0);
    expect(r.summary).toContainEqual(expect.stringMatching(/^1 event recorded while the vault was locked \(line \d+\) was not authenticated until it was chained, on .* \(line \d+, key\.revealed\)\.$/));
    await app.lock();
  });

  it('a queue left behind after its events were chained (a crash before it was removed) is not chained twice', async () => {
    const home = newHome();
    await lockedVault(home);
    const v = vaultAt(home);
    await expect(v.unlockWithPassphrase('wrong wrong wrong wrong 12')).rejects.toMatchObject({ code: 'ERR_BAD_PASSPHRASE' });
    await v.flush();
    const kept = `${queuePath(home)}.kept`;
    copyFileSync(queuePath(home), kept);
    await v.unlockWithPassphrase(PASS);
    copyFileSync(kept, queuePath(home));
    await v.revealField(v.resolve('Kraken main').id, 'secret');
    const failed = logLines(home).map(parsed).filter((l) => l.type === 'vault.unlock_failed');
    expect(failed).toHaveLength(1);
    expect((await v.verifyAudit()).ok).toBe(true);
    await v.lock();
  });

  it('a queue line that is no event is dropped when the queue is chained, and the drop is recorded', async () => {
    const home = newHome();
    await lockedVault(home);
    const v = vaultAt(home);
    await expect(v.unlockWithPassphrase('wrong wrong wrong wrong 12')).rejects.toMatchObject({ code: 'ERR_BAD_PASSPHRASE' });
    await v.flush();
    appendFileSync(queuePath(home), 'this is not an event\n');
    await v.unlockWithPassphrase(PASS);
    const lines = logLines(home).map(parsed);
    const recovered = lines.find((l) => l.type === 'audit.recovered');
    expect(recovered?.details).toMatchObject({ queueLinesSkipped: 1 });
    expect(lines.filter((l) => l.type === 'vault.unlock_failed')).toHaveLength(1);
    expect((await v.verifyAudit()).ok).toBe(true);
    await v.lock();
  });

  it('an older vault file put back is refused, and the refusal queued with the refused generation', async () => {
    const home = newHome();
    const v = await lockedVault(home);
    void v;
    copyFileSync(`${home}/vault.json.bak`, `${home}/vault.json`);
    const w = vaultAt(home);
    await expect(w.unlockWithPassphrase(PASS)).rejects.toMatchObject({ code: 'ERR_VAULT_ROLLBACK' });
    await w.flush();
    const q = JSON.parse(readFileSync(queuePath(home), 'utf8').trim()) as { type: string; details: { code: string; generation: number } };
    expect(q).toMatchObject({ type: 'vault.unlock_failed', details: { code: 'ERR_VAULT_ROLLBACK', generation: expect.any(Number) } });
    // Opened by choice: the older file's head is behind the log, whose lines past it chain and are kept.
    await w.unlockWithPassphrase(PASS, { acceptRollback: true });
    const types = logLines(home).map((l) => parsed(l).type);
    expect(types.slice(-3)).toEqual(['vault.unlock_failed', 'vault.rollback_accepted', 'vault.unlocked']);
    expect((await w.verifyAudit()).ok).toBe(true);
    await w.lock();
  });
});
