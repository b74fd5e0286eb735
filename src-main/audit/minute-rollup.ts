/**
 * Events rolled up per key per UTC minute: the first event of a (rollup key, minute) is kept and the rest only
 * counted, so signing a thousand requests with one key in a minute costs one audit line and one vault write.
 */
import type { AuditValue } from '../contract/audit';
import type { AuditEventInput } from './audit-event';

const MINUTE = 60_000;

interface Bucket {
  readonly minute: number;
  readonly first: AuditEventInput;
  readonly firstAt: string;
  count: number;
  lastAt: string;
}

/** `2026-11-28T12:34Z` */
const minuteLabel = (minute: number) => `${new Date(minute * MINUTE).toISOString().slice(0, 16)}Z`;

export class MinuteRollup {
  readonly #buckets = new Map<string, Bucket>();

  /** Counts `event` (which has a rollup key) at `atMs`. */
  add(event: AuditEventInput, atMs: number): void {
    const minute = Math.floor(atMs / MINUTE);
    const key = `${minute}\u0000${event.type}\u0000${event.rollup ?? ''}`;
    const at = event.at ?? new Date(atMs).toISOString();
    const b = this.#buckets.get(key);
    if (b) {
      b.count++;
      if (at > b.lastAt) b.lastAt = at;
    } else this.#buckets.set(key, { minute, first: event, firstAt: at, count: 1, lastAt: at });
  }

  get size(): number {
    return this.#buckets.size;
  }

  /** When the earliest minute still open ends (epoch ms), or null when nothing is pending. */
  nextClose(): number | null {
    let min: number | null = null;
    for (const b of this.#buckets.values()) if (min === null || b.minute < min) min = b.minute;
    return min === null ? null : (min + 1) * MINUTE;
  }

  /** Takes out the minutes that are over at `nowMs` (every one with `all`), one event each, oldest first. */
  take(nowMs: number, all = false): AuditEventInput[] {
    const current = Math.floor(nowMs / MINUTE);
    const out: { b: Bucket; e: AuditEventInput }[] = [];
    for (const [key, b] of this.#buckets) {
      if (!all && b.minute >= current) continue;
      this.#buckets.delete(key);
      const details: Record<string, AuditValue> = { ...b.first.details, count: b.count, minute: minuteLabel(b.minute), lastAt: b.lastAt };
      const { rollup: _r, ...rest } = b.first;
      out.push({ b, e: { ...rest, at: b.firstAt, details } });
    }
    return out.sort((x, y) => (x.b.firstAt < y.b.firstAt ? -1 : x.b.firstAt > y.b.firstAt ? 1 : 0)).map((x) => x.e);
  }
}
