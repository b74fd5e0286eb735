/**
 * Getting the vault open, and getting passphrases, without a person having to know how. The order is fixed
 * and documented in `signet --help`: SIGNET_PASSPHRASE if set (an explicit choice, so a wrong one fails rather
 * than falling through), else the OS keyring slot if the vault has one, else a hidden prompt on a terminal,
 * else a message listing those three ways.
 *
 * A vault file older than the newest one Signet saw here (ERR_VAULT_ROLLBACK, or ERR_VAULT_SEEN_INVALID when Signet
 * cannot tell) is opened only by the person's choice: asked on a terminal, else SIGNET_ACCEPT_ROLLBACK set to the
 * refused file's generation (a number, not "yes", so a variable left set cannot wave through another old copy).
 */
import { AppError, isAppError } from '../base/errors';
import type { ErrorCode } from '../contract/errors';
import { passphraseStrength } from '../contract/passphrase-strength';
import type { VaultStatus } from '../contract/schemas';
import { isVaultRollbackError } from '../vault/rollback-error';
import type { UnlockOptions } from '../vault/types';
import type { CliContext } from './context';
import { printable, usageError } from './args';

export interface Unlocked {
  readonly via: 'already' | 'env' | 'os' | 'prompt';
  /** The passphrase that unlocked it, when one did (so `passwd` need not ask again). */
  readonly passphrase?: string;
}

const PROMPT_ATTEMPTS = 3;
/** Refusals that are the person's choice to make, never a reason to try another way in. */
const CHOICE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['ERR_VAULT_ROLLBACK', 'ERR_VAULT_SEEN_INVALID', 'ERR_CANCELLED']);

/** Runs `unlock`; when it finds an older vault file (or cannot tell), asks or reads SIGNET_ACCEPT_ROLLBACK, then retries accepting. */
async function choosingOnRollback(ctx: CliContext, unlock: (opts: UnlockOptions) => Promise<VaultStatus>): Promise<void> {
  try {
    await unlock({});
    return;
  } catch (e) {
    if (!isVaultRollbackError(e)) throw e;
    const accept = ctx.io.env.SIGNET_ACCEPT_ROLLBACK;
    if (accept !== undefined && accept !== '') {
      if (accept.trim() !== String(e.generation)) {
        throw new AppError(e.code, `${e.message} SIGNET_ACCEPT_ROLLBACK is "${printable(accept)}", not this file's generation ${e.generation}, so nothing was accepted.`);
      }
      ctx.out.warn(`Opening the vault file at generation ${e.generation} as SIGNET_ACCEPT_ROLLBACK says; it is kept as the current version.`);
    } else if (ctx.prompter.canPrompt) {
      ctx.out.warn(e.message);
      const question = e.code === 'ERR_VAULT_ROLLBACK' ? 'Open this older version anyway?' : 'Open this vault anyway?';
      if (!(await ctx.prompter.confirm(question))) throw new AppError('ERR_CANCELLED', 'Nothing was opened or changed.');
    } else {
      throw new AppError(e.code, `${e.message} To open it anyway without a terminal, set SIGNET_ACCEPT_ROLLBACK=${e.generation}.`);
    }
    await unlock({ acceptRollback: true });
  }
}

export async function ensureUnlocked(ctx: CliContext): Promise<Unlocked> {
  const { vault, io, out, prompter } = ctx;
  const status = await vault.status();
  if (!status.exists) {
    throw new AppError('ERR_VAULT_NOT_FOUND', `There is no vault at ${status.path} yet. Create one with \`signet vault init\`.`);
  }
  if (!status.locked) return { via: 'already' };

  const envPassphrase = io.env.SIGNET_PASSPHRASE;
  if (envPassphrase) {
    try {
      await choosingOnRollback(ctx, (o) => vault.unlockWithPassphrase(envPassphrase, o));
    } catch (e) {
      if (isAppError(e) && e.code === 'ERR_BAD_PASSPHRASE') {
        throw new AppError('ERR_BAD_PASSPHRASE', 'SIGNET_PASSPHRASE does not unlock this vault. Check the variable, or unset it to use the OS keyring or be asked.');
      }
      throw e;
    }
    return { via: 'env', passphrase: envPassphrase };
  }

  let osError: AppError | null = null;
  if (status.canUnlockWithOs) {
    try {
      await choosingOnRollback(ctx, (o) => vault.unlockWithOs(o));
      return { via: 'os' };
    } catch (e) {
      if (!isAppError(e) || CHOICE_CODES.has(e.code)) throw e;
      osError = e;
    }
  } else if (status.osBackendChanged) {
    osError = new AppError(
      'ERR_OS_BACKEND_CHANGED',
      `The vault's OS keyring slot was made with ${status.osBackendChanged.recorded}, but this machine now has ${status.osBackendChanged.current ?? 'no keyring'}. Nothing was changed. Unlock with your passphrase, then run \`signet vault os-slot add\`.`,
    );
  }

  if (prompter.canPrompt) {
    if (osError) out.warn(`${osError.message} Asking for the passphrase instead.`);
    for (let attempt = 1; ; attempt++) {
      const passphrase = await prompter.ask('Vault passphrase: ', { hidden: true });
      try {
        await choosingOnRollback(ctx, (o) => vault.unlockWithPassphrase(passphrase, o));
        return { via: 'prompt', passphrase };
      } catch (e) {
        if (!(isAppError(e) && e.code === 'ERR_BAD_PASSPHRASE') || attempt >= PROMPT_ATTEMPTS) throw e;
        out.warn('That passphrase does not unlock this vault. Try again.');
      }
    }
  }

  if (osError) throw new AppError(osError.code, `${osError.message} (Or set SIGNET_PASSPHRASE.)`);
  if (prompter.stdinConsumed && io.isTTY) {
    throw new AppError('ERR_VAULT_LOCKED', 'The vault is locked and stdin already carried the credentials, so Signet cannot ask for the passphrase. Set SIGNET_PASSPHRASE, or pass --credentials FILE instead of -.');
  }
  throw new AppError(
    'ERR_VAULT_LOCKED',
    'The vault is locked and this is not a terminal, so Signet cannot ask for the passphrase. ' +
      'Set SIGNET_PASSPHRASE, run the command in a terminal to be asked, or add an OS keyring slot with `signet vault os-slot add`.',
  );
}

/**
 * A new passphrase (vault or backup): from the environment variable if set, else asked twice on a terminal.
 * A weak one is refused with the strength hint (bad input, exit 2); the vault enforces the same rule.
 */
export async function newPassphrase(
  ctx: CliContext,
  opts: { envVar: string; what: string; purpose: string },
): Promise<{ passphrase: string; hint: string }> {
  const fromEnv = ctx.io.env[opts.envVar];
  if (fromEnv) {
    const s = passphraseStrength(fromEnv);
    if (!s.acceptable) throw new AppError('ERR_WEAK_PASSPHRASE', `${opts.envVar} is too weak for a ${opts.what} (${s.label}): ${s.hint}`);
    return { passphrase: fromEnv, hint: `${s.label}: ${s.hint}` };
  }
  if (!ctx.prompter.canPrompt) {
    throw usageError(`${opts.purpose} needs a ${opts.what}: set ${opts.envVar}, or run the command in a terminal to be asked.`);
  }
  const Name = opts.what.charAt(0).toUpperCase() + opts.what.slice(1);
  for (let attempt = 1; ; attempt++) {
    const first = await ctx.prompter.ask(`New ${opts.what}: `, { hidden: true });
    const s = passphraseStrength(first);
    if (!s.acceptable) {
      if (attempt >= PROMPT_ATTEMPTS) throw new AppError('ERR_WEAK_PASSPHRASE', `${Name} too weak (${s.label}): ${s.hint}`);
      ctx.out.warn(`Too weak (${s.label}): ${s.hint}`);
      continue;
    }
    ctx.io.stderr.write(`Strength: ${s.label}. ${s.hint}\n`);
    const again = await ctx.prompter.ask(`Repeat the ${opts.what}: `, { hidden: true });
    if (again === first) return { passphrase: first, hint: `${s.label}: ${s.hint}` };
    if (attempt >= PROMPT_ATTEMPTS) throw usageError(`The two ${opts.what}s did not match; nothing was changed.`);
    ctx.out.warn('The two entries did not match. Try again.');
  }
}

/** The passphrase of an existing backup: SIGNET_BACKUP_PASSPHRASE, else asked once on a terminal. */
export async function existingBackupPassphrase(ctx: CliContext): Promise<string> {
  const fromEnv = ctx.io.env.SIGNET_BACKUP_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (!ctx.prompter.canPrompt) {
    throw usageError('Importing needs the backup passphrase: set SIGNET_BACKUP_PASSPHRASE, or run the command in a terminal to be asked.');
  }
  return ctx.prompter.ask('Backup passphrase: ', { hidden: true });
}

/** The vault's current passphrase (for `passwd`): reused if it just unlocked the vault, else env or prompt. */
export async function currentPassphrase(ctx: CliContext, unlocked: Unlocked): Promise<string> {
  if (unlocked.passphrase) return unlocked.passphrase;
  const fromEnv = ctx.io.env.SIGNET_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (!ctx.prompter.canPrompt) {
    throw usageError('Changing the passphrase needs the current one: set SIGNET_PASSPHRASE, or run the command in a terminal to be asked.');
  }
  return ctx.prompter.ask('Current passphrase: ', { hidden: true });
}
