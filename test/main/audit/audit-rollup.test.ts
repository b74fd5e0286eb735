/**
 * Key use is rolled up per key per UTC minute: signing a burst of requests costs one line a minute for each key,
 * with the count, written once the minute is over (or at lock, or when a short-lived process flushes).
 */
import { describe, expect, it } from 'vitest';
import { ManualClock, useTempHomes } from '../../helpers/temp-home';
import { kraken, logLines, parsed, PASS, vaultAt } from './audit-rig';

const newHome = useTempHomes();

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error('timed out');
}

const used = (home: string) => logLines(home).map(parsed).filter((l) => l.type === 'key.used');

describe('key use in the audit log', () => {
  it('one line per key per minute, with the count, once the minute is over', async () => {
    const home = newHome();
    const clock = new ManualClock(Date.parse('2026-11-28T12:00:05Z'));
    const v = vaultAt(home, { clock, autoLockMinutes: 0 });
    await v.create({ passphrase: PASS, useOsSlot: false, addSandboxKey: false });
    const a = await v.add(kraken('A'));
    const b = await v.add(kraken('B'));
    for (let i = 0; i < 100; i++) {
      await v.useSecret(a.id, () => undefined);
      if (i % 2 === 0) await v.useSecret(b.id, () => undefined);
      clock.advance(100); // 10 s across the burst, all within 12:00
    }
    // Minute still open: the "last used" time is written after 2 s, the audit line is not yet.
    await until(() => v.get(a.id).lastUsedAt !== null);
    expect(used(home)).toEqual([]);

    clock.advance(60_000); // 12:01:15: the 12:00 minute is over
    await until(() => used(home).length === 2);
    const lines = used(home);
    expect(lines.map((l) => [l.entry?.label, l.details.count, l.details.minute])).toEqual([
      ['A', 100, '2026-11-28T12:00Z'],
      ['B', 50, '2026-11-28T12:00Z'],
    ]);
    expect(lines[0]?.at).toBe('2026-11-28T12:00:05.000Z');
    expect(lines[0]?.details.lastAt).toBe('2026-11-28T12:00:14.900Z');

    // A use in the next minute is a line of its own; lock writes the minute still open.
    await v.useSecret(a.id, () => undefined);
    await v.lock();
    expect(used(home).map((l) => [l.entry?.label, l.details.count, l.details.minute])).toEqual([
      ['A', 100, '2026-11-28T12:00Z'],
      ['B', 50, '2026-11-28T12:00Z'],
      ['A', 1, '2026-11-28T12:01Z'],
    ]);
    const w = vaultAt(home, { clock });
    await w.unlockWithPassphrase(PASS);
    expect((await w.verifyAudit()).ok).toBe(true);
  });

  it('a use that sends nothing (a preview) is not a use', async () => {
    const home = newHome();
    const v = vaultAt(home);
    await v.create({ passphrase: PASS, useOsSlot: false, addSandboxKey: false });
    const a = await v.add(kraken('A'));
    await v.useSecret(a.id, () => undefined, { record: false });
    await v.lock();
    expect(used(home)).toEqual([]);
  });
});
