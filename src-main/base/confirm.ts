/**
 * A yes/no question main asks the person itself, never through the page: a native dialog in the app, the terminal
 * in the CLI and the browser host. The renderer may be compromised, so a decision that widens what a key can do or
 * sends a production key's order must not be answerable by it. Hosts supply the implementation.
 */
import { AppError } from './errors';

export interface Confirmation {
  /** The dialog's title: what is being decided, as a question. */
  readonly title: string;
  /** One sentence naming the act (`POST api.binance.com/api/v3/order with the production key “Main”`). */
  readonly message: string;
  /** The facts to check, line by line (method, host, path, key, body). */
  readonly detail: string;
  /** The button that says yes (`Send`, `Allow`); the other one cancels, and cancelling is the default. */
  readonly confirmLabel: string;
}

/** Resolves true only when the person said yes; throws ERR_CANCELLED when nobody can be asked. */
export type Confirm = (question: Confirmation) => Promise<boolean>;

/** For a host with nobody to ask: every question is refused, saying why. */
export const cannotConfirm =
  (why: string): Confirm =>
  async (q) => {
    throw new AppError('ERR_CANCELLED', `${q.message}: this needs your confirmation, and ${why}`);
  };

/** Asks `confirm`; a no becomes ERR_CANCELLED with `declined` as its message. */
export async function requireConfirmation(confirm: Confirm, question: Confirmation, declined: string): Promise<void> {
  if (!(await confirm(question))) throw new AppError('ERR_CANCELLED', declined);
}
