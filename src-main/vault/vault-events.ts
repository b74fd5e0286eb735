/**
 * The vault's listeners (the renderer bridge, the CLI's progress): a listener that throws is logged and skipped, so
 * one broken subscriber never stops a lock or a write from being announced to the others.
 */
import type { Logger } from '../base/logger';
import type { VaultEvent } from './types';

/** Subscribers to one vault's events. */
export class VaultEvents {
  readonly #listeners = new Set<(e: VaultEvent) => void>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  /** Adds `listener`; the function returned removes it. */
  subscribe(listener: (event: VaultEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells every listener; one that throws is logged and the rest still hear it. */
  emit(event: VaultEvent): void {
    for (const l of this.#listeners) {
      try {
        l(event);
      } catch (e) {
        this.#log.warn('vault listener failed', { error: e });
      }
    }
  }
}
