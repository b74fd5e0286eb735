/** Real temporary directories for tests, removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export function useTempHomes(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), 'signet-test-'));
    made.push(d);
    return d;
  };
}

/** scrypt cost for tests: the format and code path are the real ones, only N is smaller. */
export const FAST_KDF = { N: 2 ** 10, r: 8, p: 1 } as const;

/** A clock the test moves by hand; timers fire when their time is passed. */
export class ManualClock {
  #now: number;
  #timers: { at: number; fn: () => void; live: boolean }[] = [];
  constructor(start = Date.parse('2026-11-28T12:00:00Z')) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const t = { at: this.#now + ms, fn, live: true };
    this.#timers.push(t);
    return { cancel: () => void (t.live = false) };
  }
  advance(ms: number): void {
    this.#now += ms;
    for (const t of this.#timers.filter((x) => x.live && x.at <= this.#now)) {
      t.live = false;
      t.fn();
    }
    this.#timers = this.#timers.filter((x) => x.live);
  }
}
