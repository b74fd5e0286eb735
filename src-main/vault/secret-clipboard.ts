/**
 * Copies a secret to the system clipboard from main and clears it after a delay, but only if the clipboard
 * still holds that secret (the user may have copied something else since).
 */
import type { Clock } from '../base/clock';

export interface ClipboardLike {
  writeText(text: string): void;
  readText(): string;
}

export const CLIPBOARD_CLEAR_MS = 30_000;

export class SecretClipboard {
  readonly #clipboard: ClipboardLike;
  readonly #clock: Clock;
  #pending: { cancel(): void } | undefined;
  #last: string | undefined;

  constructor(clipboard: ClipboardLike, clock: Clock) {
    this.#clipboard = clipboard;
    this.#clock = clock;
  }

  /** Returns when the clipboard will be cleared (epoch ms). */
  copy(secret: string, clearAfterMs = CLIPBOARD_CLEAR_MS): number {
    this.#pending?.cancel();
    this.#clipboard.writeText(secret);
    this.#last = secret;
    this.#pending = this.#clock.setTimeout(() => this.clearNow(), clearAfterMs);
    return this.#clock.now() + clearAfterMs;
  }

  /** Clears now if it still holds what we put there (on lock and on quit). */
  clearNow(): void {
    this.#pending?.cancel();
    this.#pending = undefined;
    if (this.#last !== undefined && this.#clipboard.readText() === this.#last) this.#clipboard.writeText('');
    this.#last = undefined;
  }
}

/** A clipboard that lives in this process only (browser host, tests): nothing leaves the process. */
export class MemoryClipboard implements ClipboardLike {
  #text = '';
  writeText(text: string): void {
    this.#text = text;
  }
  readText(): string {
    return this.#text;
  }
}
