/**
 * A Signet process killed (SIGKILL) while it appends to the audit log, in a child process: between writing its lines
 * and sealing the head, at a chosen append and at random moments in a loop. Whatever moment it dies, the log
 * verifies (an unfinished append is said, not failed), and the next append adopts what it left. And several
 * processes appending at once keep one chain.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempHomes } from '../../helpers/temp-home';
import { kraken, logLines, parsed, PASS, vaultAt } from './audit-rig';

const CHILD = resolve(import.meta.dirname, '../../fixtures/audit-child.ts');
const newHome = useTempHomes();

function child(home: string, args: string[], killAfterAcks?: number): Promise<{ killed: boolean; out: string }> {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CHILD, home, PASS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (killAfterAcks !== undefined && !p.killed && (out.match(/^ack /gm)?.length ?? 0) >= killAfterAcks) setTimeout(() => p.kill('SIGKILL'), Math.floor(Math.random() * 15));
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code, signal) => (signal === 'SIGKILL' ? done({ killed: true, out }) : code === 0 ? done({ killed: false, out }) : fail(new Error(`child exited ${code}: ${err}`))));
  });
}

async function homeWithKey(): Promise<string> {
  const home = newHome();
  const v = vaultAt(home);
  await v.create({ passphrase: PASS, useOsSlot: false, addSandboxKey: false });
  await v.add(kraken('Target'));
  await v.lock();
  return home;
}

describe('a process killed while it appends', () => {
  for (const [at, what] of [
    [2, 'a reveal (its line written, audit.head not)'],
    [3, 'an add (its line written, the vault file not)'],
  ] as const) {
    it(`at ${what}: the log verifies with an unsealed tail, and the next append adopts it`, { timeout: 60_000 }, async () => {
      const home = await homeWithKey();
      const watcher = vaultAt(home, { actor: 'app' });
      await watcher.unlockWithPassphrase(PASS);
      const r = await child(home, ['kill-at', String(at)]);
      expect(r.killed).toBe(true);
      expect(r.out.trim().split('\n').at(-1)).toBe(`append ${at}`);

      const lines = logLines(home).map(parsed);
      const last = lines.at(-1)!;
      const verdict = await watcher.verifyAudit();
      expect(verdict).toMatchObject({ ok: true, status: 'intact', unsealedTail: { from: last.seq, to: last.seq }, sealedLines: last.seq - 1, lines: last.seq });
      expect(verdict.summary).toContain(`Line ${last.seq} was appended just before the process stopped, before the vault's sealed head was updated (a crash): it chains from line ${last.seq - 1}, and the next append adopts it.`);
      if (at === 3) {
        // The add died before its vault write: the key is not in the vault, and its line says it may not have happened.
        expect(last.type).toBe('key.created');
        await watcher.refresh();
        expect(watcher.list().map((e) => e.label)).not.toContain(last.entry?.label);
      }

      await watcher.revealField(watcher.resolve('Target').id, 'secret');
      const after = logLines(home).map(parsed);
      expect(after[last.seq]).toMatchObject({ type: 'audit.recovered', details: { adopted: { from: last.seq, to: last.seq }, why: expect.stringMatching(/an append that did not finish/) } });
      expect(await watcher.verifyAudit()).toMatchObject({ ok: true, unsealedTail: null, sealedLines: after.length });
      await watcher.lock();
    });
  }

  it('killed at random moments, round after round: every round verifies, and the chain goes on', { timeout: 120_000 }, async () => {
    const home = await homeWithKey();
    const watcher = vaultAt(home, { actor: 'app' });
    await watcher.unlockWithPassphrase(PASS);
    for (let round = 0; round < 10; round++) {
      const r = await child(home, ['loop', '0', `r${round}`], 1 + (round % 3));
      expect(r.killed).toBe(true);
      const v = await watcher.verifyAudit();
      expect(v.ok, `round ${round}: ${v.summary.join(' ')}`).toBe(true);
      expect(v.verifiedLines).toBe(v.lines);
    }
    await watcher.revealField(watcher.resolve('Target').id, 'secret');
    const end = await watcher.verifyAudit();
    expect(end).toMatchObject({ ok: true, unsealedTail: null, incompleteLastLine: null });
    expect(end.lines).toBeGreaterThan(20);
    await watcher.lock();
  });
});

describe('processes appending at once', () => {
  it('two child processes and this one keep one chain, every event in it once', { timeout: 60_000 }, async () => {
    const home = await homeWithKey();
    const here = vaultAt(home, { actor: 'app' });
    await here.unlockWithPassphrase(PASS);
    const target = here.resolve('Target');
    const mine = (async () => {
      for (let i = 0; i < 20; i++) await here.revealField(target.id, 'apiKey', { purpose: 'copy' });
    })();
    const [a, b] = await Promise.all([child(home, ['race', '20', 'a']), child(home, ['race', '20', 'b']), mine]);
    expect([a.killed, b.killed]).toEqual([false, false]);
    await here.flush();

    const lines = logLines(home).map(parsed);
    expect(lines.map((l) => l.seq)).toEqual(Array.from({ length: lines.length }, (_, i) => i + 1));
    expect(lines.filter((l) => l.type === 'key.copied')).toHaveLength(20);
    expect(lines.filter((l) => l.type === 'key.revealed' && l.actor === 'cli')).toHaveLength(20);
    expect(lines.filter((l) => l.type === 'key.created' && /^[ab]-/.test(l.entry?.label ?? '')).map((l) => l.entry?.label).sort()).toEqual(
      [...Array.from({ length: 10 }, (_, i) => `a-${2 * i + 1}`), ...Array.from({ length: 10 }, (_, i) => `b-${2 * i + 1}`)].sort(),
    );
    expect(await here.verifyAudit()).toMatchObject({ ok: true, unsealedTail: null, lines: lines.length, sealedLines: lines.length });
    await here.lock();
  });
});
