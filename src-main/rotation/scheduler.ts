/**
 * The rotation scheduler: on start and then periodically, computes every key's rotation state and tells a listener
 * when a key has become due-soon, overdue or expired, once per transition.
 *
 * What it remembers (`<home>/rotation-state.json`, written atomically, never through a symbolic link): per key, the
 * due date and expiry its reminders were for, and the highest status it has reminded of. A pass reminds of a key
 * only when its status is higher than that, so a restart repeats nothing, and a pass after the app was closed or the
 * machine slept for a month catches up in one go: one reminder per key, for the status it has now (a key that went
 * from ok to overdue while asleep gets "overdue", not "due-soon" and then "overdue"). A rotated key (or a changed
 * policy or expiry) has a new due date, so its record starts over.
 *
 * A state file that cannot be read (corrupt JSON, a wrong shape, a link, not a file) is reported to the listener and
 * left untouched: the scheduler starts fresh in memory and does not write over it, so nothing is lost for someone to
 * look at; reminders already sent may then be sent once more after the next restart, which beats losing one.
 *
 * Timers: the next pass is at the next moment a key changes status or after `intervalMs`, whichever comes first. A
 * timer that fires late (the machine slept) only means that pass sees more transitions. A locked vault (the entry
 * source throws) skips the pass; the host calls `runNow()` after unlocking.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../base/atomic-file';
import type { Clock } from '../base/clock';
import { AppError } from '../base/errors';
import { readFileNoFollow } from '../base/no-follow-file';
import type { RotationDefaults } from '../contract/schemas';
import { describeRotation, policyFor, ROTATION_STATUSES, rotationTimes, type RotationState, type RotationStatus, type RotationSubject, type RotationTimes } from '../contract/rotation-policy';

/** A key as the scheduler sees it. */
export type ScheduledEntry = RotationSubject & { readonly id: string; readonly label: string };

export interface RotationEntrySource {
  /** The keys now; may throw (a locked vault), which skips the pass. */
  list(): readonly ScheduledEntry[];
}

export interface RotationReminder {
  readonly entryId: string;
  readonly label: string;
  /** The status the key has reached: due-soon, overdue or expired. */
  readonly status: Exclude<RotationStatus, 'ok'>;
  readonly state: RotationState;
}

/** The app shows OS notifications; tests record. */
export interface RotationListener {
  reminded(reminder: RotationReminder): void;
  /** The state file could not be read or written; the scheduler goes on in memory. */
  stateProblem?(error: AppError): void;
}

export interface RotationSchedulerOptions {
  readonly home: string;
  readonly clock: Clock;
  readonly entries: RotationEntrySource;
  readonly defaults: () => RotationDefaults;
  readonly listener: RotationListener;
  /** Longest wait between passes (default 1 hour). */
  readonly intervalMs?: number;
}

const KeyRecordFile = z.object({ dueAt: z.string(), expiresAt: z.string().nullable(), reminded: z.enum(ROTATION_STATUSES as [RotationStatus, ...RotationStatus[]]) }).strict();
/** A key's record in memory: the due date and expiry (ms) its reminders were for, and the highest reminded. */
interface KeyRecord {
  readonly due: number;
  readonly expires: number | null;
  readonly reminded: RotationStatus;
}
const StateFile = z.object({ version: z.literal(1), lastPassAt: z.string().nullable(), keys: z.record(z.string(), KeyRecordFile) }).strict();

export const ROTATION_STATE_FILE = 'rotation-state.json';
const rank = (s: RotationStatus) => ROTATION_STATUSES.indexOf(s);

/** What one pass found: every key's state (as numbers; describeRotation words one) and the reminders it sent. */
export interface RotationPass {
  readonly at: string;
  readonly states: ReadonlyMap<string, RotationTimes>;
  readonly reminders: readonly RotationReminder[];
}

export class RotationScheduler {
  readonly #o: RotationSchedulerOptions;
  readonly #path: string;
  #keys = new Map<string, KeyRecord>();
  #lastPassAt: string | null = null;
  /** False after a state file that could not be read: it is left as it is. */
  #persist = true;
  #timer: { cancel(): void } | null = null;
  #running: Promise<unknown> = Promise.resolve();
  #stopped = true;

  constructor(options: RotationSchedulerOptions) {
    this.#o = options;
    this.#path = join(options.home, ROTATION_STATE_FILE);
  }

  /** Loads the state, runs the catch-up pass and schedules the next ones. */
  async start(): Promise<RotationPass | null> {
    this.#stopped = false;
    await this.#load();
    return this.runNow();
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = null;
  }

  /** A pass now (start-up, after unlock, after a key changed), serialized with any other. Null when skipped. */
  runNow(): Promise<RotationPass | null> {
    const next = this.#running.then(() => this.#pass());
    this.#running = next.catch(() => {});
    return next;
  }

  /** Resolves when the passes started so far (by runNow or a timer) are done. */
  async whenIdle(): Promise<void> {
    await this.#running;
  }

  async #load(): Promise<void> {
    let text: string;
    try {
      text = await readFileNoFollow(this.#path, 'read the rotation reminders state');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.#unreadable(e instanceof AppError ? e : new AppError('ERR_FILE', `Could not read ${this.#path}: ${(e as Error).message}.`, { cause: e }));
      return;
    }
    let parsed: z.infer<typeof StateFile> | null = null;
    try {
      const r = StateFile.safeParse(JSON.parse(text));
      if (r.success) parsed = r.data;
    } catch {
      // not JSON: reported below
    }
    if (!parsed) {
      this.#unreadable(new AppError('ERR_FILE', `The rotation reminders state at ${this.#path} is damaged; it was left as it is and reminders start afresh for this run. Move the file away to let Signet write a new one.`));
      return;
    }
    this.#keys = new Map(Object.entries(parsed.keys).map(([id, r]) => [id, { due: Date.parse(r.dueAt), expires: r.expiresAt === null ? null : Date.parse(r.expiresAt), reminded: r.reminded }]));
    this.#lastPassAt = parsed.lastPassAt;
  }

  #unreadable(error: AppError): void {
    this.#persist = false;
    this.#o.listener.stateProblem?.(error);
  }

  async #pass(): Promise<RotationPass | null> {
    if (this.#stopped) return null;
    const now = this.#o.clock.now();
    let entries: readonly ScheduledEntry[];
    try {
      entries = this.#o.entries.list();
    } catch {
      this.#schedule(now, null);
      return null;
    }
    const defaults = this.#o.defaults();
    const states = new Map<string, RotationTimes>();
    const reminders: RotationReminder[] = [];
    const next = new Map<string, KeyRecord>();
    let changed = this.#keys.size !== entries.length;
    let nextChange = Infinity;
    for (const e of entries) {
      const policy = policyFor(e, defaults);
      const t = rotationTimes(e, policy, now);
      states.set(e.id, t);
      const before = this.#keys.get(e.id);
      const same = before !== undefined && before.due === t.due && before.expires === t.expires;
      let record: KeyRecord = same ? before : { due: t.due, expires: t.expires, reminded: 'ok' };
      if (rank(t.status) > rank(record.reminded)) {
        reminders.push({ entryId: e.id, label: e.label, status: t.status as Exclude<RotationStatus, 'ok'>, state: describeRotation(e, policy, t, now) });
        record = { ...record, reminded: t.status };
      }
      if (record !== before) changed = true;
      next.set(e.id, record);
      // The next moment this key changes status.
      if (t.warn > now && t.warn < nextChange) nextChange = t.warn;
      else if (t.due > now && t.due < nextChange) nextChange = t.due;
      else if (t.expires !== null && t.expires > now && t.expires < nextChange) nextChange = t.expires;
    }
    this.#keys = next;
    this.#lastPassAt = new Date(now).toISOString();
    // Saved before the listener hears: a crash in between loses a reminder's display, never repeats one.
    if (changed) await this.#save();
    for (const r of reminders) this.#o.listener.reminded(r);
    this.#schedule(now, nextChange === Infinity ? null : nextChange);
    return { at: this.#lastPassAt, states, reminders };
  }

  async #save(): Promise<void> {
    if (!this.#persist) return;
    const keys: Record<string, z.infer<typeof KeyRecordFile>> = {};
    for (const [id, r] of this.#keys) keys[id] = { dueAt: new Date(r.due).toISOString(), expiresAt: r.expires === null ? null : new Date(r.expires).toISOString(), reminded: r.reminded };
    const body = { version: 1, lastPassAt: this.#lastPassAt, keys };
    try {
      await writeFileAtomic(this.#path, JSON.stringify(body) + '\n', { mode: 0o600, refuseLink: true });
    } catch (e) {
      this.#o.listener.stateProblem?.(e instanceof AppError ? e : new AppError('ERR_FILE', (e as Error).message, { cause: e }));
    }
  }

  #schedule(now: number, nextChange: number | null): void {
    if (this.#stopped) return;
    this.#timer?.cancel();
    const interval = this.#o.intervalMs ?? 3_600_000;
    const wait = nextChange === null ? interval : Math.max(0, Math.min(interval, nextChange - now));
    this.#timer = this.#o.clock.setTimeout(() => void this.runNow(), wait);
  }
}
