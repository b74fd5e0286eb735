/**
 * Rotation scheduler: one pass over 10,000 keys with policies (half their own, half their environment's default;
 * a fifth with a hard expiry): every key's due date, warning date and status, the comparison with what was last
 * reminded, and the pass's bookkeeping, through `RotationScheduler.runNow()` on a ManualClock. Target ≤ 20 ms for a
 * steady pass (nothing new to remind, so no write). The first pass, which reminds of a few thousand keys and writes
 * the state file atomically, is reported beside it. Baseline in the same run: a plain loop over the same entries
 * that parses their dates (the least any pass must do); the ratio pass / baseline is reported.
 *
 * Then one automated rotation end to end against the embedded sandbox on loopback, with no overlap (the wait is the
 * user's choice, not work): list the keys, create the new one, verify it with a signed read-only call, switch,
 * revoke the old one — five signed HTTP calls through the egress and five atomic vault writes. Target ≤ 500 ms
 * (median of 11). Baseline in the same run: one signed GET /v1/account through the same egress.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_ROTATION_DEFAULTS } from '../src-main/contract/schemas';
import { RotationScheduler, type ScheduledEntry } from '../src-main/rotation/scheduler';
import { ManualClock } from '../test/helpers/temp-home';
import { median, type Bench } from './bench-types';
import { rotationRig } from '../test/main/rotation/rotation-rig';

const N = 10_000;
const ROUNDS = 21;
const ENVS = ['dev', 'test', 'prod'] as const;
const DAY = 86_400_000;
const START = Date.parse('2026-11-28T12:00:00Z');

function entries(): ScheduledEntry[] {
  return Array.from({ length: N }, (_, i) => {
    const rotated = START - ((i * 7919) % 400) * DAY - (i % 86_400) * 1000;
    return {
      id: `key-${i}`,
      label: `key ${i}`,
      environment: ENVS[i % 3] as (typeof ENVS)[number],
      createdAt: new Date(rotated - 30 * DAY).toISOString(),
      lastRotatedAt: i % 4 === 0 ? null : new Date(rotated).toISOString(),
      expiresAt: i % 5 === 0 ? new Date(START + ((i % 200) - 50) * DAY).toISOString() : null,
      ...(i % 2 === 0 && { rotationPolicy: { everyDays: 30 + (i % 150), warnDays: 7, ...(i % 10 === 0 && { expiresAt: new Date(START + (i % 300) * DAY).toISOString() }) } }),
    };
  });
}

const bench: Bench = {
  name: 'rotation',
  async run() {
    const home = mkdtempSync(join(tmpdir(), 'signet-bench-'));
    try {
      const keys = entries();
      const clock = new ManualClock(START);
      let reminded = 0;
      const scheduler = new RotationScheduler({ home, clock, entries: { list: () => keys }, defaults: () => DEFAULT_ROTATION_DEFAULTS, listener: { reminded: () => void reminded++ } });
      let t = performance.now();
      await scheduler.start();
      const firstMs = performance.now() - t;
      const firstReminders = reminded;

      let sink = 0;
      const baseline = () => {
        for (const e of keys) {
          sink += Date.parse(e.lastRotatedAt ?? e.createdAt);
          if (e.expiresAt) sink += Date.parse(e.expiresAt);
          if (e.rotationPolicy?.expiresAt) sink += Date.parse(e.rotationPolicy.expiresAt);
        }
      };
      const passMs: number[] = [];
      const baseMs: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        // A second later each round: the states are computed afresh; nothing crosses a day, so nothing is written.
        clock.advance(1000);
        t = performance.now();
        baseline();
        baseMs.push(performance.now() - t);
        t = performance.now();
        await scheduler.runNow();
        passMs.push(performance.now() - t);
      }
      scheduler.stop();
      if (sink === 0) throw new Error('baseline optimised away');
      const pass = median(passMs);
      const base = median(baseMs);
      console.log(`  first pass: ${firstReminders} reminders; steady passes ${passMs.map((x) => x.toFixed(1)).join(' ')} ms`);
      return [
        { metric: 'steady pass, 10,000 keys (median)', value: pass, unit: 'ms', target: 20, better: 'lower' },
        { metric: 'first pass with reminders and state write', value: firstMs, unit: 'ms', target: null, better: 'lower' },
        { metric: 'baseline: plain loop parsing the dates (median)', value: base, unit: 'ms', target: null, better: 'lower' },
        { metric: 'pass / baseline', value: pass / base, unit: 'x', target: null, better: 'lower' },
        ...(await automatedRotation(join(home, 'sandbox'))),
      ];
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  },
};
async function automatedRotation(home: string): Promise<Awaited<ReturnType<Bench['run']>>> {
  mkdirSync(home, { recursive: true });
  const rig = await rotationRig(home);
  try {
    const rotateMs: number[] = [];
    const requestMs: number[] = [];
    for (let r = 0; r < 12; r++) {
      let t = performance.now();
      const record = await rig.egress.send({ entryId: rig.entryId, method: 'GET', url: '/v1/account', headers: [], body: null });
      requestMs.push(performance.now() - t);
      if (record.status !== 200) throw new Error(`the baseline request answered ${record.status}`);
      t = performance.now();
      await rig.service.start(rig.entryId, { overlapMinutes: 0 });
      await rig.service.settled(rig.entryId);
      rotateMs.push(performance.now() - t);
      const ended = rig.vault.rotationRecord(rig.entryId).history[0];
      if (ended?.state !== 'done') throw new Error(`rotation ${r} ended ${ended?.state}: ${ended?.error?.message}`);
    }
    // The first of each is a warm-up (connections, JIT).
    const rotation = median(rotateMs.slice(1));
    const request = median(requestMs.slice(1));
    console.log(`  automated rotations ${rotateMs.map((x) => x.toFixed(1)).join(' ')} ms; one signed request ${request.toFixed(1)} ms`);
    return [
      { metric: 'automated rotation end to end, sandbox, no overlap (median of 11)', value: rotation, unit: 'ms', target: 500, better: 'lower' },
      { metric: 'baseline: one signed GET /v1/account (median)', value: request, unit: 'ms', target: null, better: 'lower' },
      { metric: 'rotation / one signed request', value: rotation / request, unit: 'x', target: null, better: 'lower' },
    ];
  } finally {
    await rig.close();
  }
}

export default bench;
