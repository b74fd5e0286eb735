/**
 * Two Signet processes on one home (the app and the CLI), both appending at once: every append takes the vault's
 * lock and starts from the head as the vault on disk has it, so the log stays one chain, every event in it once.
 * Each VaultService here is a process in effect: nothing is shared but the files (the cross-process case with a
 * real second process is in audit-crash.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { useTempHomes } from '../../helpers/temp-home';
import { kraken, logLines, parsed, PASS, vaultAt } from './audit-rig';

const newHome = useTempHomes();

describe('two processes appending at once', () => {
  it('keep one valid chain with every event once, in the order the lock gave them', async () => {
    const home = newHome();
    const app = vaultAt(home, { actor: 'app' });
    await app.create({ passphrase: PASS, useOsSlot: false });
    const shared = await app.add(kraken('shared key'));
    const cli = vaultAt(home, { actor: 'cli' });
    await cli.unlockWithPassphrase(PASS);
    const start = logLines(home).length;

    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 15; i++) {
      work.push(app.revealField(shared.id, 'secret'));
      work.push(cli.add(kraken(`cli key ${i}`)));
      work.push(app.revealField(shared.id, 'apiKey', { purpose: 'copy' }));
    }
    await Promise.all(work);
    await app.flush();
    await cli.flush();

    const lines = logLines(home).map(parsed);
    expect(lines.map((l) => l.seq)).toEqual(Array.from({ length: lines.length }, (_, i) => i + 1));
    const added = lines.slice(start);
    expect(added.filter((l) => l.type === 'key.revealed' && l.actor === 'app')).toHaveLength(15);
    expect(added.filter((l) => l.type === 'key.copied' && l.actor === 'app')).toHaveLength(15);
    expect(added.filter((l) => l.type === 'key.created' && l.actor === 'cli').map((l) => l.entry?.label).sort()).toEqual(Array.from({ length: 15 }, (_, i) => `cli key ${i}`).sort());
    for (const v of [app, cli]) {
      const r = await v.verifyAudit();
      expect(r).toMatchObject({ ok: true, lines: lines.length, sealedLines: lines.length, unsealedTail: null });
    }
    // Both processes' vaults hold every key, and the vault file's own head vouches for every line up to its last write.
    await cli.refresh();
    expect(cli.list()).toHaveLength(17);
    await app.lock();
    await cli.lock();
    expect((await vaultAt(home).unlockWithPassphrase(PASS)).entryCount).toBe(17);
  });
});

describe('an unlock while another process writes', () => {
  it('is not taken for an older file put back (a file replaced by a newer one meanwhile is read again), and every unlock and lock is chained', async () => {
    const home = newHome();
    // A slower passphrase slot (scrypt N = 2^14), so the other process writes several times during each unlock.
    const app = vaultAt(home, { actor: 'app', kdf: { N: 2 ** 14, r: 8, p: 1 } });
    await app.create({ passphrase: PASS, useOsSlot: false });
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        await app.add(kraken(`written meanwhile ${i}`));
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    try {
      for (let i = 0; i < 25; i++) {
        const cli = vaultAt(home, { actor: 'cli' });
        await cli.unlockWithPassphrase(PASS);
        await cli.lock();
      }
    } finally {
      writing = false;
      await writer;
    }
    const lines = logLines(home).map(parsed);
    expect(lines.filter((l) => l.type === 'vault.unlock_failed')).toEqual([]);
    // Every unlock and lock of the other process is in the chain: none was refused by an append racing another.
    expect(lines.filter((l) => l.actor === 'cli').map((l) => l.type)).toEqual(Array.from({ length: 25 }, () => ['vault.unlocked', 'vault.locked']).flat());
    expect((await app.verifyAudit()).ok).toBe(true);
    await app.lock();
  });
});
