/**
 * The audit files in the home: 0600, and never written or read through a symbolic link planted at their names
 * (what the link points to is left untouched, and the link too); a log found with wider permissions is narrowed.
 */
import { chmodSync, lstatSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempHomes } from '../../helpers/temp-home';
import { headPath, kraken, logLines, logPath, PASS, queuePath, vaultAt } from './audit-rig';

const newHome = useTempHomes();

function plant(home: string, at: string): string {
  const victim = join(home, 'elsewhere', 'victim.txt');
  mkdirSync(join(home, 'elsewhere'), { recursive: true });
  writeFileSync(victim, 'precious\n');
  symlinkSync(victim, at);
  return victim;
}

describe('the audit files on disk', () => {
  it('are 0600, and a log found wider is narrowed at the next append', async () => {
    const home = newHome();
    const v = vaultAt(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    await v.lock();
    const failed = vaultAt(home);
    await expect(failed.unlockWithPassphrase('not it not it not it 88')).rejects.toMatchObject({ code: 'ERR_BAD_PASSPHRASE' });
    await failed.flush();
    for (const p of [logPath(home), headPath(home), queuePath(home)]) expect(statSync(p).mode & 0o777, p).toBe(0o600);
    chmodSync(logPath(home), 0o644);
    await v.unlockWithPassphrase(PASS);
    expect(statSync(logPath(home)).mode & 0o777).toBe(0o600);
    await v.lock();
  });

  it('a link at the log path: nothing is written through it; events wait in the queue; verify says why it cannot check', async () => {
    const home = newHome();
    const v = vaultAt(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    unlinkSync(logPath(home));
    const victim = plant(home, logPath(home));
    await v.add(kraken('added with a link planted'));
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(logPath(home)).isSymbolicLink()).toBe(true);
    expect(readFileSync(queuePath(home), 'utf8')).toContain('key.created');
    const r = await v.verifyAudit();
    expect(r).toMatchObject({ ok: false, problem: { kind: 'unreadable' } });
    expect(r.problem?.message).toMatch(/audit\.jsonl cannot be checked: it is a symbolic link, and Signet does not follow links in its home/);
    await v.lock();
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('a link at audit.head: a reveal that cannot seal its line is refused (and its line taken back), the target untouched', async () => {
    const home = newHome();
    const v = vaultAt(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    const k = await v.add(kraken('K'));
    rmSync(headPath(home), { force: true });
    const victim = plant(home, headPath(home));
    const lines = logLines(home);
    await expect(v.revealField(k.id, 'secret')).rejects.toMatchObject({ code: 'ERR_FILE', message: expect.stringMatching(/audit\.head.*symbolic link/) });
    expect(logLines(home)).toEqual(lines);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    // A change to keys is still made: the head goes into the vault file, which is the floor.
    await v.add(kraken('K2'));
    const r = await v.verifyAudit();
    expect(r.ok).toBe(true);
    expect(r.summary).toContainEqual(expect.stringMatching(/audit\.head cannot be used \(.*symbolic link.*\): only the vault file's own head is checked against\./));
    await v.lock().catch(() => undefined);
  });

  it('a link at the queue path: a failed unlock is still refused as it was, and nothing is written through the link', async () => {
    const home = newHome();
    const v = vaultAt(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    await v.lock();
    const victim = plant(home, queuePath(home));
    const failed = vaultAt(home);
    await expect(failed.unlockWithPassphrase('not it not it not it 88')).rejects.toMatchObject({ code: 'ERR_BAD_PASSPHRASE' });
    // Queuing it refuses the link, saying so.
    await expect(failed.flush()).rejects.toMatchObject({ code: 'ERR_FILE', message: expect.stringMatching(/audit\.queue\.jsonl: it is a symbolic link/) });
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(queuePath(home)).isSymbolicLink()).toBe(true);
  });
});
