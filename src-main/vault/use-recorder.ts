/**
 * "Last used" times, gathered and written in one batch a couple of seconds after a use: signing a burst of
 * requests costs one vault write, not one per request, and a use never waits for the disk.
 */
import { isoNow, type Clock } from '../base/clock';
import type { Mutation } from './vault-change';
import { LoadedEntry } from './vault-codec';

const USE_FLUSH_MS = 2_000;

/** Pending uses of entries, keyed by id (the latest time wins). */
export class UseRecorder {
  readonly #clock: Clock;
  readonly #onDue: () => void;
  #pending = new Map<string, string>();
  #timer: { cancel(): void } | undefined;

  /** `onDue`: called once the batch is due; it is expected to write it (take + recordedUses). */
  constructor(opts: { clock: Clock; onDue: () => void }) {
    this.#clock = opts.clock;
    this.#onDue = opts.onDue;
  }

  /** Notes a use of `id` now; the batch is due a couple of seconds after the first use in it. */
  record(id: string): void {
    this.#pending.set(id, isoNow(this.#clock));
    this.#timer ??= this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#onDue();
    }, USE_FLUSH_MS);
  }

  /**
   * Stops the timer and hands over the pending uses, or undefined when there are none. While the vault is locked
   * (`writable` false) they stay pending, for the next unlock's first write.
   */
  take(writable: boolean): ReadonlyMap<string, string> | undefined {
    this.#timer?.cancel();
    this.#timer = undefined;
    if (this.#pending.size === 0 || !writable) return undefined;
    const uses = this.#pending;
    this.#pending = new Map();
    return uses;
  }
}

/** The change that writes `uses` as the entries' lastUsedAt (entries removed since are skipped). */
export function recordedUses(uses: ReadonlyMap<string, string>): Mutation<void> {
  return (_keys, state) => {
    const entries = state.entries.edit();
    for (const [id, at] of uses) {
      const e = entries.get(id);
      if (!e) continue;
      entries.set(id, new LoadedEntry(e.record, { ...e.meta, lastUsedAt: at }));
    }
    const { table, dirty } = entries.done();
    return { state: { header: state.header, entries: table }, result: undefined, dirty };
  };
}
