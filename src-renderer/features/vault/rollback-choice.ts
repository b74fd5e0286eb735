/**
 * The choice the lock screen offers when main refused to open the vault file because it is older than the newest
 * version Signet has seen (ERR_VAULT_ROLLBACK), or because Signet cannot tell (ERR_VAULT_SEEN_INVALID). Main's
 * message says what happened and what to do; this adds only the heading and the button's words.
 */
import type { ErrorCode } from '../../../src-main/contract/errors';

export interface RollbackChoice {
  readonly title: string;
  readonly lede: string;
  /** The button that opens the file anyway (unlock again with `acceptRollback`). */
  readonly accept: string;
}

export function rollbackChoiceFor(code: ErrorCode | null | undefined): RollbackChoice | null {
  if (code === 'ERR_VAULT_ROLLBACK') {
    return { title: 'This is an older copy of your vault', lede: 'Signet has seen a newer version of this vault.', accept: 'Open this older version' };
  }
  if (code === 'ERR_VAULT_SEEN_INVALID') {
    return { title: 'Is this your latest vault?', lede: 'Signet’s record of the newest version does not check out.', accept: 'Open this version anyway' };
  }
  return null;
}
