/**
 * Rotation in a long-running host (the app, the browser host): the reminders scheduler and the rotation service over
 * one vault, with the timers that move them on.
 *
 * - At start and after every unlock: a scheduler pass (reminders for keys that became due while Signet was closed or
 *   the machine slept) and `resumeAll` (a rotation interrupted by a crash or a quit resumes, or rolls back, from the
 *   step it had written).
 * - A run waiting for time (an overlap or an archive ending, a retry) wakes a timer at its moment.
 * - A run's change or a reminder is told to the host's listener (events to the window, OS notifications).
 */
import type { Clock } from '../base/clock';
import { silentLogger, type Logger } from '../base/logger';
import type { RotationDefaults, RotationReminderView, RotationRun } from '../contract/rotation';
import type { Vault } from '../vault/types';
import type { KeyApi } from './key-api';
import { RotationScheduler, type RotationReminder } from './scheduler';
import { RotationService } from './rotation-service';
import type { SignedCaller } from './signed-caller';

export interface RotationRuntimeEvents {
  changed(entryId: string, run: RotationRun | null): void;
  reminded(reminder: RotationReminderView): void;
}

export interface RotationRuntimeOptions {
  readonly home: string;
  readonly vault: Vault;
  readonly caller: SignedCaller;
  readonly clock: Clock;
  readonly defaults: () => RotationDefaults;
  readonly logger?: Logger;
  readonly keyApis?: Readonly<Record<string, (caller: SignedCaller) => KeyApi>>;
}

export class RotationRuntime {
  readonly service: RotationService;
  readonly scheduler: RotationScheduler;
  readonly #o: RotationRuntimeOptions;
  readonly #log: Logger;
  readonly #listeners = new Set<RotationRuntimeEvents>();
  #wake: { cancel(): void } | null = null;
  /** The work the last wake started. */
  #waking: Promise<void> = Promise.resolve();
  #offVault: (() => void) | null = null;
  #stopped = false;

  constructor(o: RotationRuntimeOptions) {
    this.#o = o;
    this.#log = o.logger ?? silentLogger;
    this.service = new RotationService({
      vault: o.vault,
      caller: o.caller,
      clock: o.clock,
      defaults: o.defaults,
      logger: this.#log,
      ...(o.keyApis && { keyApis: o.keyApis }),
      onChange: (entryId, run) => {
        for (const l of this.#listeners) l.changed(entryId, run);
        this.#rewake();
        // A switch changes lastRotatedAt: the key's due date moves, so its reminders start over.
        if (run === null || run.state === 'overlap' || run.state === 'archived' || run.state === 'revoking') void this.scheduler.runNow();
      },
    });
    this.scheduler = new RotationScheduler({
      home: o.home,
      clock: o.clock,
      defaults: o.defaults,
      entries: { list: () => o.vault.list() },
      listener: {
        reminded: (r: RotationReminder) => {
          const view: RotationReminderView = { entryId: r.entryId, label: r.label, status: r.status, reason: r.state.reason, at: new Date(o.clock.now()).toISOString() };
          for (const l of this.#listeners) l.reminded(view);
        },
        stateProblem: (e) => this.#log.warn('rotation: reminders state', { code: e.code, message: e.message }),
      },
    });
  }

  subscribe(listener: RotationRuntimeEvents): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts the scheduler and resumes interrupted rotations now and after each unlock. */
  async start(): Promise<void> {
    this.#offVault = this.#o.vault.subscribe((e) => {
      if (e.type === 'status' && !e.status.locked) void this.catchUp();
      if (e.type === 'status' && e.status.locked) this.#wake?.cancel();
    });
    await this.scheduler.start();
    await this.catchUp();
  }

  /** A scheduler pass and every rotation with work due; a failed step is tried again at once (start, unlock). */
  async catchUp(): Promise<void> {
    if (this.#stopped) return;
    await this.scheduler.runNow();
    await this.service.resumeAll({ force: true });
    this.#rewake();
  }

  /** Resolves when the work a timer started is done. */
  async whenIdle(): Promise<void> {
    await this.#waking;
  }

  stop(): void {
    this.#stopped = true;
    this.#offVault?.();
    this.#wake?.cancel();
    this.scheduler.stop();
  }

  #rewake(): void {
    if (this.#stopped) return;
    this.#wake?.cancel();
    this.#wake = null;
    let at: number | null;
    try {
      at = this.service.nextWake();
    } catch {
      return; // locked
    }
    if (at === null) return;
    const wait = Math.max(0, at - this.#o.clock.now());
    this.#wake = this.#o.clock.setTimeout(() => {
      this.#waking = this.service.resumeAll().then(() => this.#rewake());
    }, Math.min(wait, 2_147_000_000));
  }
}
