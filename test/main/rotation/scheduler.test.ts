/**
 * The rotation scheduler on a ManualClock with real files in a temp home: each transition reminded once, at the
 * moment it happens (through DST weeks and leap days), one catch-up pass after a month asleep, nothing repeated
 * after a restart, and a corrupt or linked state file reported and left as it is.
 */
import { existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../src-main/base/errors';
import { DEFAULT_ROTATION_DEFAULTS, type RotationDefaults, type RotationPolicy } from '../../../src-main/contract/schemas';
import { ROTATION_STATE_FILE, RotationScheduler, type RotationReminder, type ScheduledEntry } from '../../../src-main/rotation/scheduler';
import { ManualClock, useTempHomes } from '../../helpers/temp-home';

const newHome = useTempHomes();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (t: number) => new Date(t).toISOString();

/** A listener that records what it hears, with the clock's time. */
class RecordingListener {
  readonly reminders: (RotationReminder & { at: string })[] = [];
  readonly problems: AppError[] = [];
  constructor(private readonly clock: ManualClock) {}
  reminded(r: RotationReminder): void {
    this.reminders.push({ ...r, at: iso(this.clock.now()) });
  }
  stateProblem(e: AppError): void {
    this.problems.push(e);
  }
  seen(): string[] {
    return this.reminders.map((r) => `${r.label} ${r.status} ${r.at}`);
  }
}

function entry(id: string, lastRotatedAt: string, over: Partial<ScheduledEntry> & { rotationPolicy?: RotationPolicy } = {}): ScheduledEntry {
  return { id, label: id, environment: 'prod', createdAt: '2020-01-01T00:00:00.000Z', lastRotatedAt, expiresAt: null, ...over };
}

function setup(home: string, start: string, keys: ScheduledEntry[], defaults: RotationDefaults = DEFAULT_ROTATION_DEFAULTS) {
  const clock = new ManualClock(Date.parse(start));
  const listener = new RecordingListener(clock);
  const source = { keys, locked: false, list: () => { if (source.locked) throw new Error('locked'); return source.keys; } };
  const make = () => new RotationScheduler({ home, clock, entries: source, defaults: () => defaults, listener });
  const scheduler = make();
  /** Moves the clock in steps, letting each pass the timers start finish. */
  const advance = async (ms: number, step = ms) => {
    for (let done = 0; done < ms; done += step) {
      clock.advance(Math.min(step, ms - done));
      await scheduler.whenIdle();
    }
  };
  return { clock, listener, source, scheduler, make, advance };
}

describe('RotationScheduler', () => {
  it('reminds of due-soon, overdue and expired once each, at the moment they happen, through a Berlin DST week', async () => {
    // Europe/Berlin leaves summer time on 2027-10-31; the due dates are UTC midnights all the same.
    const policy = { everyDays: 7, warnDays: 2 };
    const keys = [entry('k1', '2027-10-26T21:30:00.000Z', { rotationPolicy: policy, expiresAt: '2027-11-04T06:00:00.000Z' })];
    const { listener, scheduler, advance } = setup(newHome(), '2027-10-26T22:00:00Z', keys);
    await scheduler.start();
    expect(listener.reminders).toEqual([]);
    await advance(10 * DAY, HOUR);
    expect(listener.seen()).toEqual(['k1 due-soon 2027-10-31T00:00:00.000Z', 'k1 overdue 2027-11-02T00:00:00.000Z', 'k1 expired 2027-11-04T06:00:00.000Z']);
    expect(listener.reminders[1]!.state.reason).toMatch(/due on 2027-11-02/);
    scheduler.stop();
  });

  it('the same week in March (summer time begins 2027-03-28): due dates at UTC midnight', async () => {
    const keys = [entry('k1', '2027-03-24T22:30:00.000Z', { rotationPolicy: { everyDays: 7, warnDays: 2 } })];
    const { listener, scheduler, advance } = setup(newHome(), '2027-03-24T23:00:00Z', keys);
    await scheduler.start();
    await advance(9 * DAY, HOUR);
    expect(listener.seen()).toEqual(['k1 due-soon 2027-03-29T00:00:00.000Z', 'k1 overdue 2027-03-31T00:00:00.000Z']);
    scheduler.stop();
  });

  it('counts leap days: rotated 2027-03-01 is overdue on 2028-02-29, rotated 2028-02-29 on 2029-02-28', async () => {
    const yearly = { everyDays: 365, warnDays: 1 };
    const a = setup(newHome(), '2028-02-27T12:00:00Z', [entry('crossing', '2027-03-01T09:00:00.000Z', { rotationPolicy: yearly })]);
    await a.scheduler.start();
    await a.advance(3 * DAY, HOUR);
    expect(a.listener.seen()).toEqual(['crossing due-soon 2028-02-28T00:00:00.000Z', 'crossing overdue 2028-02-29T00:00:00.000Z']);
    a.scheduler.stop();
    const b = setup(newHome(), '2029-02-26T12:00:00Z', [entry('leap', '2028-02-29T09:00:00.000Z', { rotationPolicy: yearly })]);
    await b.scheduler.start();
    await b.advance(3 * DAY, HOUR);
    expect(b.listener.seen()).toEqual(['leap due-soon 2029-02-27T00:00:00.000Z', 'leap overdue 2029-02-28T00:00:00.000Z']);
    b.scheduler.stop();
  });

  it('after a month asleep, one catch-up pass reminds each key once, of the state it has now', async () => {
    const keys = [
      entry('soon', '2026-08-01T00:00:00.000Z'), // prod 90/14: due 2026-10-30, due-soon from 2026-10-16
      entry('late', '2026-08-20T00:00:00.000Z'), // due 2026-11-18, due-soon from 2026-11-04
      entry('fine', '2026-10-05T00:00:00.000Z'),
      entry('gone', '2026-10-01T00:00:00.000Z', { expiresAt: '2026-11-05T00:00:00.000Z' }),
    ];
    const { listener, scheduler, advance, clock } = setup(newHome(), '2026-10-10T12:00:00Z', keys);
    await scheduler.start();
    expect(listener.reminders).toEqual([]);
    let passes = 0;
    const counted = scheduler.runNow.bind(scheduler);
    scheduler.runNow = () => (passes++, counted());
    await advance(30 * DAY); // one jump: the machine slept; its one pending timer fires once on waking
    expect(passes).toBe(1);
    expect(listener.seen()).toEqual([`soon overdue ${iso(clock.now())}`, `late due-soon ${iso(clock.now())}`, `gone expired ${iso(clock.now())}`]);
    await scheduler.runNow();
    await advance(DAY, HOUR);
    expect(listener.reminders).toHaveLength(3);
    scheduler.stop();
  });

  it('persists what it reminded of: no reminder twice across restarts, and one missed while closed at start-up', async () => {
    const home = newHome();
    const keys = [entry('k1', '2026-09-01T00:00:00.000Z'), entry('k2', '2026-09-20T00:00:00.000Z')];
    // k1: due 2026-11-30, due-soon from 2026-11-16. k2: due 2026-12-19, due-soon from 2026-12-05.
    const first = setup(home, '2026-11-20T12:00:00Z', keys);
    await first.scheduler.start();
    expect(first.listener.seen()).toEqual(['k1 due-soon 2026-11-20T12:00:00.000Z']);
    first.scheduler.stop();
    const file = join(home, ROTATION_STATE_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1, keys: { k1: { reminded: 'due-soon', dueAt: '2026-11-30T00:00:00.000Z' }, k2: { reminded: 'ok' } } });

    // Restarted the same day: nothing new.
    const again = setup(home, '2026-11-20T13:00:00Z', keys);
    await again.scheduler.start();
    expect(again.listener.reminders).toEqual([]);
    again.scheduler.stop();

    // Closed until 2026-12-10: k1 went overdue and k2 due-soon meanwhile; one reminder each at start-up.
    const later = setup(home, '2026-12-10T08:00:00Z', keys);
    await later.scheduler.start();
    expect(later.listener.seen()).toEqual(['k1 overdue 2026-12-10T08:00:00.000Z', 'k2 due-soon 2026-12-10T08:00:00.000Z']);
    later.scheduler.stop();
    const last = setup(home, '2026-12-10T09:00:00Z', keys);
    await last.scheduler.start();
    expect(last.listener.reminders).toEqual([]);
    last.scheduler.stop();
  });

  it('starts over for a key that was rotated, and forgets deleted keys', async () => {
    const { listener, scheduler, source, advance } = setup(newHome(), '2026-11-20T12:00:00Z', [entry('k1', '2026-09-01T00:00:00.000Z'), entry('k2', '2026-01-01T00:00:00.000Z')]);
    await scheduler.start();
    expect(listener.seen()).toEqual(['k1 due-soon 2026-11-20T12:00:00.000Z', 'k2 overdue 2026-11-20T12:00:00.000Z']);
    source.keys = [entry('k1', '2026-11-20T12:30:00.000Z')];
    await advance(HOUR);
    await scheduler.runNow();
    expect(listener.reminders).toHaveLength(2);
    await advance(80 * DAY, HOUR); // new due date 2027-02-18, due-soon from 2027-02-04
    expect(listener.seen().slice(2)).toEqual(['k1 due-soon 2027-02-04T00:00:00.000Z']);
    scheduler.stop();
  });

  it('skips a pass while the vault is locked and catches up once it is open', async () => {
    const { listener, scheduler, source } = setup(newHome(), '2026-11-20T12:00:00Z', [entry('k1', '2026-01-01T00:00:00.000Z')]);
    source.locked = true;
    expect(await scheduler.start()).toBeNull();
    source.locked = false;
    await scheduler.runNow();
    expect(listener.seen()).toEqual(['k1 overdue 2026-11-20T12:00:00.000Z']);
    scheduler.stop();
  });

  it('reports a corrupt state file, leaves it untouched, and goes on in memory', async () => {
    const home = newHome();
    const file = join(home, ROTATION_STATE_FILE);
    for (const bad of ['{"version":1,"keys":{', JSON.stringify({ version: 2, keys: {} }), JSON.stringify({ version: 1, lastPassAt: null, keys: { k1: { reminded: 'soon' } } })]) {
      writeFileSync(file, bad);
      const { listener, scheduler, advance } = setup(home, '2026-11-20T12:00:00Z', [entry('k1', '2026-09-01T00:00:00.000Z')]);
      await scheduler.start();
      expect(listener.problems.map((p) => p.code)).toEqual(['ERR_FILE']);
      expect(listener.problems[0]!.message).toMatch(/damaged; it was left as it is/);
      expect(listener.seen()).toEqual(['k1 due-soon 2026-11-20T12:00:00.000Z']);
      await advance(15 * DAY, DAY);
      expect(listener.reminders.map((r) => r.status)).toEqual(['due-soon', 'overdue']);
      expect(readFileSync(file, 'utf8')).toBe(bad);
      scheduler.stop();
    }
  });

  it('refuses a state file that is a symbolic link, and writes nothing through it', async () => {
    const home = newHome();
    const outside = join(newHome(), 'target.json');
    writeFileSync(outside, 'keep me');
    symlinkSync(outside, join(home, ROTATION_STATE_FILE));
    const { listener, scheduler } = setup(home, '2026-11-20T12:00:00Z', [entry('k1', '2026-09-01T00:00:00.000Z')]);
    await scheduler.start();
    expect(listener.problems).toHaveLength(1);
    expect(listener.problems[0]!.message).toMatch(/symbolic link/);
    expect(listener.reminders).toHaveLength(1);
    expect(readFileSync(outside, 'utf8')).toBe('keep me');
    scheduler.stop();
  });

  it('writes no file until it has something to remember', async () => {
    const home = newHome();
    const { scheduler } = setup(home, '2026-11-20T12:00:00Z', []);
    await scheduler.start();
    expect(existsSync(join(home, ROTATION_STATE_FILE))).toBe(false);
    scheduler.stop();
  });
});
