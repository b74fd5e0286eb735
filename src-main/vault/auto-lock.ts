/**
 * The idle timer: the vault locks itself after a number of minutes without a user-facing call, so a key left
 * unlocked on an unattended machine does not stay in memory.
 */
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';

/** Locks (through `onIdle`) once `minutes` pass without `restart`. */
export class AutoLock {
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #onIdle: () => void;
  #minutes: number;
  #timer: { cancel(): void } | undefined;

  constructor(opts: { clock: Clock; log: Logger; minutes: number; onIdle: () => void }) {
    this.#clock = opts.clock;
    this.#log = opts.log;
    this.#minutes = opts.minutes;
    this.#onIdle = opts.onIdle;
  }

  /** Minutes of idleness before locking; 0 or less never locks. */
  get minutes(): number {
    return this.#minutes;
  }

  set minutes(minutes: number) {
    this.#minutes = minutes;
  }

  /** Starts the timer again (only while `active`: a locked vault has nothing to lock). */
  restart(active: boolean): void {
    this.cancel();
    if (!active || this.#minutes <= 0) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#log.info('auto-lock after idle', { minutes: this.#minutes });
      this.#onIdle();
    }, this.#minutes * 60_000);
  }

  /** Stops the timer (on lock: nothing left to lock). */
  cancel(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
  }
}
