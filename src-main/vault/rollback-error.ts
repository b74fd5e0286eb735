/**
 * The refusals of an unlock that finds the vault file older than the newest version Signet has seen here
 * (ERR_VAULT_ROLLBACK), or cannot tell because vault.json.seen does not check out (ERR_VAULT_SEEN_INVALID). Both
 * are a choice for the user, not a dead end: `acceptRollback` opens the file anyway. `generation` is the vault
 * file's, so a host can tie the user's answer to this very file (the CLI's SIGNET_ACCEPT_ROLLBACK).
 */
import { basename } from 'node:path';
import { AppError } from '../base/errors';
import type { SeenVerdict } from './seen-file';

export class VaultRollbackError extends AppError {
  constructor(
    code: 'ERR_VAULT_ROLLBACK' | 'ERR_VAULT_SEEN_INVALID',
    message: string,
    /** The generation of the vault file that was refused. */
    readonly generation: number,
  ) {
    super(code, message);
    this.name = 'VaultRollbackError';
  }
}

export function isVaultRollbackError(e: unknown): e is VaultRollbackError {
  return e instanceof VaultRollbackError;
}

const day = (iso: string | null): string => {
  const t = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(t) ? '' : ` on ${new Date(t).toISOString().slice(0, 10)}`;
};

/** The vault file `path` (generation `found`) is older than what was seen. */
export function olderVaultError(path: string, found: number, v: Extract<SeenVerdict, { kind: 'older' }>): VaultRollbackError {
  const what = v.rekeyed
    ? `is an older version from before the passphrase was changed (generation ${found}; the passphrase was changed at generation ${v.seen}): someone or something put back an older copy of it. It opens with the old passphrase, keys added or changed since then are not in it, and keys removed since are back.`
    : `is an older version (generation ${found}; Signet last saw generation ${v.seen}${day(v.seenAt)}): someone or something put back an older copy of it (a restored backup, a sync tool, a copy over it), so keys added or changed since then are not in it and keys removed since are back.`;
  return new VaultRollbackError(
    'ERR_VAULT_ROLLBACK',
    `The vault file ${path} ${what} Nothing was opened or changed. If you have the newer file, put it back in place of this one and unlock again. If this older version is the one you want, open it anyway: Signet then keeps it as the current version.`,
    found,
  );
}

/** vault.json.seen is damaged or does not check with this vault's key, so an older copy cannot be ruled out. */
export function seenInvalidError(seenPath: string, found: number, v: Extract<SeenVerdict, { kind: 'invalid' }>): VaultRollbackError {
  const why = v.damaged
    ? `is damaged (${v.detail})`
    : 'failed its integrity check (it was altered, or written under a passphrase this vault no longer has)';
  return new VaultRollbackError(
    'ERR_VAULT_SEEN_INVALID',
    `Signet's record of the newest vault version it has seen (${seenPath}) ${why}, so Signet cannot tell whether the vault file (generation ${found}) is the latest version or an older copy put back. Nothing was opened or changed, and the record was left untouched. If you know of no older copy being put back, open the vault anyway: the record is then kept aside as ${basename(seenPath)}.invalid-<date> and a new one starts from this version.`,
    found,
  );
}
