/**
 * Electron 45's clipboard is asynchronous (readText/writeText return promises) while SecretClipboard expects a
 * synchronous ClipboardLike. This adapter keeps SecretClipboard's promise — clear the clipboard only if it still
 * holds the secret we put there — by doing that comparison itself when asked to clear: `readText()` answers with
 * what we last wrote, and `writeText('')` reads the real clipboard and clears it only if it still matches.
 * Operations run in order on one queue; `settled()` lets quitting wait for a pending clear.
 */
import type { ClipboardLike } from '../vault/secret-clipboard';
import type { Logger } from '../base/logger';

/** The async half of Electron's `clipboard` this adapter needs. */
export interface AsyncClipboard {
  readText(): Promise<string>;
  writeText(text: string): Promise<void>;
}

export class ElectronClipboard implements ClipboardLike {
  readonly #clipboard: AsyncClipboard;
  readonly #logger: Logger;
  #ours: string | undefined;
  #queue: Promise<void> = Promise.resolve();

  constructor(clipboard: AsyncClipboard, logger: Logger) {
    this.#clipboard = clipboard;
    this.#logger = logger;
  }

  writeText(text: string): void {
    if (text === '') {
      const ours = this.#ours;
      this.#ours = undefined;
      if (ours === undefined) return;
      this.#enqueue('clear', async () => {
        // The user may have copied something else since; leave that alone.
        if ((await this.#clipboard.readText()) === ours) await this.#clipboard.writeText('');
      });
      return;
    }
    this.#ours = text;
    this.#enqueue('copy', () => this.#clipboard.writeText(text));
  }

  readText(): string {
    return this.#ours ?? '';
  }

  /** Resolves once every queued clipboard operation has finished (or failed and been logged). */
  settled(): Promise<void> {
    return this.#queue;
  }

  #enqueue(what: string, op: () => Promise<void>): void {
    this.#queue = this.#queue.then(op).catch((e: unknown) => this.#logger.error(`clipboard ${what} failed`, { error: e }));
  }
}
