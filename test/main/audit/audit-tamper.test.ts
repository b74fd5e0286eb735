/**
 * The audit log tampered with as someone who can write the Signet home could: a line edited, deleted, moved, the
 * tail cut off, a line made up or copied from another vault's log, the whole file removed. Each is caught by
 * verification, which names the first bad line and what is wrong with it; the log is then left exactly as it is
 * (never appended to, never repaired) and what happens next waits in the queue. Real vaults, real files, real HMACs.
 */
import { existsSync, readdirSync, readFileSync, unlinkSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempHomes } from '../../helpers/temp-home';
import { kraken, logLines, logPath, parsed, PASS, queuePath, vaultAt, vaultWithHistory, writeLines } from './audit-rig';

const newHome = useTempHomes();

async function tampered(edit: (lines: string[]) => string[]) {
  const home = newHome();
  const v = await vaultWithHistory(home);
  const before = logLines(home);
  writeLines(home, edit([...before]));
  const bytes = readFileSync(logPath(home));
  return { home, v, before, bytes, verdict: await v.verifyAudit() };
}

describe('audit verify names the first bad line', () => {
  it('an intact log verifies, every line vouched for by the head', async () => {
    const home = newHome();
    const v = await vaultWithHistory(home);
    const r = await v.verifyAudit();
    const n = logLines(home).length;
    expect(n).toBeGreaterThanOrEqual(11);
    expect(r).toMatchObject({ ok: true, status: 'intact', lines: n, verifiedLines: n, sealedLines: n, problem: null, unsealedTail: null, incompleteLastLine: null });
    expect(r.summary[0]).toMatch(new RegExp(`is intact: ${n} lines, each chained to the one before, all vouched for by the sealed head`));
    expect(logLines(home).map((l) => parsed(l).seq)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it('a value changed in a line: that line fails its MAC (edited)', async () => {
    const { verdict } = await tampered((lines) => {
      lines[4] = (lines[4] as string).replace('"label":"key 2"', '"label":"key Z"');
      return lines;
    });
    expect(verdict.ok).toBe(false);
    expect(verdict.problem).toMatchObject({ line: 5, kind: 'edited' });
    expect(verdict.problem?.message).toMatch(/^Line 5 \(key\.created at .*\) fails its MAC: it was edited after Signet wrote it\.$/);
    expect(verdict.verifiedLines).toBe(4);
    expect(verdict.summary).toContain('Lines 1–4 verify.');
  });

  it('a line edited to keep the JSON valid but change a count: edited, at that line', async () => {
    const { verdict, before } = await tampered((lines) => lines.map((l) => (parsed(l).type === 'key.used' ? l.replace(/"count":\d+/, '"count":999') : l)));
    const used = before.findIndex((l) => parsed(l).type === 'key.used') + 1;
    expect(verdict.problem).toMatchObject({ line: used, kind: 'edited' });
  });

  it('one line deleted: the sequence gap names it (deleted)', async () => {
    const { verdict } = await tampered((lines) => [...lines.slice(0, 3), ...lines.slice(4)]);
    expect(verdict.problem).toMatchObject({ line: 4, kind: 'deleted' });
    expect(verdict.problem?.message).toBe('Line 4 holds event 5 where event 4 belongs: 1 line before it (event 4) was deleted.');
  });

  it('several lines deleted in the middle: deleted, and how many', async () => {
    const { verdict } = await tampered((lines) => [...lines.slice(0, 3), ...lines.slice(6)]);
    expect(verdict.problem).toMatchObject({ line: 4, kind: 'deleted' });
    expect(verdict.problem?.message).toBe('Line 4 holds event 7 where event 4 belongs: 3 lines before it (events 4–6) were deleted.');
  });

  it('two lines swapped: reordered, at the first of them', async () => {
    const { verdict } = await tampered((lines) => {
      [lines[5], lines[6]] = [lines[6] as string, lines[5] as string];
      return lines;
    });
    expect(verdict.problem).toMatchObject({ line: 6, kind: 'reordered' });
    expect(verdict.problem?.message).toMatch(/^Line 6 holds event 7 where event 6 belongs: lines were moved \(reordered\) or copied\.$/);
  });

  it('the last line cut off: below the sealed head (truncated)', async () => {
    const { verdict, before } = await tampered((lines) => lines.slice(0, -1));
    const n = before.length;
    expect(verdict.problem).toMatchObject({ line: n, kind: 'truncated' });
    expect(verdict.problem?.message).toBe(`The log ends at line ${n - 1}, but the vault's sealed head vouches for ${n} lines: the last 1 line (line ${n}) was removed (truncated).`);
    expect(verdict.verifiedLines).toBe(n - 1);
  });

  it('many lines cut off the tail: truncated, from the first one gone', async () => {
    const { verdict, before } = await tampered((lines) => lines.slice(0, 5));
    const n = before.length;
    expect(verdict.problem).toMatchObject({ line: 6, kind: 'truncated' });
    expect(verdict.problem?.message).toBe(`The log ends at line 5, but the vault's sealed head vouches for ${n} lines: the last ${n - 5} lines (lines 6–${n}) were removed (truncated).`);
  });

  it('the whole log removed: missing', async () => {
    const home = newHome();
    const v = await vaultWithHistory(home);
    unlinkSync(logPath(home));
    const r = await v.verifyAudit();
    expect(r.problem).toMatchObject({ line: 1, kind: 'missing' });
    expect(r.problem?.message).toMatch(/audit\.jsonl is missing, but the vault's sealed head vouches for \d+ lines: it was deleted or moved\./);
  });

  it('a made-up line appended after the head, with a plausible MAC: forged', async () => {
    const { verdict, before } = await tampered((lines) => {
      const last = parsed(lines[lines.length - 1] as string);
      const fake = { actor: 'app', after: last.seq, at: new Date().toISOString(), details: { field: 'secret' }, entry: last.entry ?? { id: 'x', label: 'key 0' }, seq: last.seq + 1, type: 'key.revealed', v: 1 };
      const text = JSON.stringify(fake);
      return [...lines, `${text.slice(0, -1)},"mac":"${Buffer.alloc(32, 7).toString('base64')}"}`];
    });
    const n = before.length;
    expect(verdict.problem).toMatchObject({ line: n + 1, kind: 'forged' });
    expect(verdict.problem?.message).toBe(`Line ${n + 1} comes after the last line the vault's sealed head vouches for (line ${n}) and does not chain from the line before it (its MAC does not check): it was appended by something without this vault's key (forged).`);
    expect(verdict.verifiedLines).toBe(n);
  });

  it("a line copied from another vault's log, with the seq it needs: forged", async () => {
    const otherHome = newHome();
    await vaultWithHistory(otherHome, 6);
    const other = logLines(otherHome);
    const { verdict, before } = await tampered((lines) => [...lines, other.find((l) => parsed(l).seq === lines.length + 1) as string]);
    expect(verdict.problem).toMatchObject({ line: before.length + 1, kind: 'forged' });
  });

  it("another vault's whole log put in its place: line 1 fails its MAC", async () => {
    const otherHome = newHome();
    await vaultWithHistory(otherHome);
    const { verdict } = await tampered(() => logLines(otherHome));
    expect(verdict.problem).toMatchObject({ line: 1, kind: 'edited' });
  });

  it('a line that is not an audit line at all: malformed, at that line', async () => {
    const { verdict } = await tampered((lines) => {
      lines[2] = '{"hello":"world"}';
      return lines;
    });
    expect(verdict.problem).toMatchObject({ line: 3, kind: 'malformed' });
    expect(verdict.problem?.message).toMatch(/^Line 3 is not a line Signet wrote \(it does not end with a MAC\): it was edited or damaged\.$/);
  });
});

describe('a log that fails verification is left as it is', () => {
  it('a log whose end does not match the head is never appended to: later events wait in the queue, and verify says so', async () => {
    const { home, v, bytes } = await tampered((lines) => lines.slice(0, -2));
    await v.add(kraken('after the tampering'));
    await v.revealField(v.resolve('after the tampering').id, 'secret');
    await v.lock();
    await v.unlockWithPassphrase('correct horse battery staple');
    expect(readFileSync(logPath(home)).equals(bytes)).toBe(true);
    const queued = readFileSync(queuePath(home), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(queued.map((q) => q.type)).toEqual(['key.created', 'key.revealed', 'key.used', 'vault.locked', 'vault.unlocked']);
    const r = await v.verifyAudit();
    expect(r.pending).toBe(5);
    expect(r.summary.at(-1)).toMatch(/^5 events recorded while the vault was locked wait in .*audit\.queue\.jsonl: Signet does not append to a log that fails verification\. .*`signet audit reset` sets it aside/);
    // The key itself was added: the vault does not stop working because its log was tampered with.
    expect(v.list().map((e) => e.label)).toContain('after the tampering');
  });

  it('reset refuses an intact log, and sets a tampered one aside (kept byte for byte) to start a new chain with what waited', async () => {
    const home = newHome();
    const v = await vaultWithHistory(home);
    await expect(v.resetAudit()).rejects.toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringMatching(/verifies .*nothing to reset/) });

    const lines = logLines(home);
    writeLines(home, lines.slice(0, -2));
    const bytes = readFileSync(logPath(home));
    await v.add(kraken('waits in the queue'));
    const reset = await v.resetAudit();
    expect(reset.lines).toBe(lines.length - 2);
    expect(readFileSync(reset.setAside as string).equals(bytes)).toBe(true);
    expect(readdirSync(home).filter((n) => n.startsWith('audit.jsonl.set-aside-'))).toHaveLength(1);

    const fresh = logLines(home).map(parsed);
    expect(fresh.map((l) => l.type)).toEqual(['audit.restarted', 'key.created']);
    expect(fresh[0]?.details).toMatchObject({ previousLines: lines.length - 2, problem: { kind: 'truncated', line: lines.length - 1 } });
    expect(fresh[1]?.queued).toEqual(expect.any(String));
    expect(existsSync(queuePath(home))).toBe(false);
    const r = await v.verifyAudit();
    expect(r).toMatchObject({ ok: true, lines: 2, sealedLines: 2, pending: 0 });
    await v.lock();
    expect((await v.unlockWithPassphrase('correct horse battery staple')).locked).toBe(false);
    expect((await v.verifyAudit()).ok).toBe(true);
  });

  it('a line edited further back is not seen by an append (it reads the end only), but still named by verify after later appends', async () => {
    const { home, v } = await tampered((lines) => {
      lines[3] = (lines[3] as string).replace('"label":"key 1"', '"label":"key Q"');
      return lines;
    });
    await v.add(kraken('appended after the edit'));
    expect(logLines(home).map(parsed).at(-1)?.type).toBe('key.created');
    const r = await v.verifyAudit();
    expect(r.problem).toMatchObject({ line: 4, kind: 'edited' });
    expect(r.verifiedLines).toBe(3);
  });

  it('verifying reads and never writes', async () => {
    const { home, v, bytes } = await tampered((lines) => lines.slice(0, -1));
    for (let i = 0; i < 3; i++) await v.verifyAudit();
    expect(readFileSync(logPath(home)).equals(bytes)).toBe(true);
  });
});

describe('what a crash leaves passes', () => {
  it('a partial last line: verified up to the last whole line, said, and cut off (recorded) by the next append', async () => {
    const home = newHome();
    const v = await vaultWithHistory(home);
    const n = logLines(home).length;
    appendFileSync(logPath(home), '{"actor":"app","after":');
    const r = await v.verifyAudit();
    expect(r).toMatchObject({ ok: true, lines: n, verifiedLines: n, incompleteLastLine: { bytes: 23 } });
    expect(r.summary).toContain('The last line is incomplete (23 bytes; a crash while writing it): it is not checked, and the next append takes it out.');

    await v.add(kraken('after the crash'));
    const after = logLines(home).map(parsed);
    expect(after[n]).toMatchObject({ seq: n + 1, type: 'audit.recovered', details: { incompleteLineBytes: 23 } });
    expect(after[n + 1]).toMatchObject({ seq: n + 2, type: 'key.created' });
    expect(await v.verifyAudit()).toMatchObject({ ok: true, incompleteLastLine: null, lines: n + 2 });
  });

  it('whole lines past the head that chain from it (the head write never happened): passed, then adopted', async () => {
    const home = newHome();
    const v = await vaultWithHistory(home);
    const before = logLines(home);
    // What a process killed between its append and its head write leaves: its lines, and the head as it was.
    const headBefore = readFileSync(join(home, 'audit.head'));
    await v.revealField(v.resolve('key 1').id, 'secret');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(home, 'audit.head'), headBefore);
    const r = await v.verifyAudit();
    expect(r).toMatchObject({ ok: true, lines: before.length + 1, sealedLines: before.length, unsealedTail: { from: before.length + 1, to: before.length + 1 } });
    expect(r.summary[1]).toBe(`Line ${before.length + 1} was appended just before the process stopped, before the vault's sealed head was updated (a crash): it chains from line ${before.length}, and the next append adopts it.`);

    // The next process (the one that crashed, `v`, is gone: nothing more of it runs) adopts the line, saying so.
    const next = vaultAt(home);
    await next.unlockWithPassphrase(PASS);
    const lines = logLines(home).map(parsed);
    const recovered = lines.find((l) => l.type === 'audit.recovered');
    expect(recovered).toMatchObject({ seq: before.length + 2, details: { adopted: { from: before.length + 1, to: before.length + 1 } } });
    expect(await next.verifyAudit()).toMatchObject({ ok: true, unsealedTail: null, sealedLines: lines.length });
    await next.lock();
  });
});
