/** `signet vault passwd`: set a new passphrase; the vault is re-keyed (see VaultService.changePassphrase). */
import type { Command } from '../command';
import { currentPassphrase, ensureUnlocked, newPassphrase } from '../unlock';

export const vaultPasswd: Command = {
  name: 'passwd',
  summary: 'Change the vault passphrase',
  synopsis: 'passwd',
  details: [
    '  The current passphrase comes from SIGNET_PASSPHRASE or a prompt; the new one from SIGNET_NEW_PASSPHRASE,',
    '  or is asked twice on a terminal. Weak passphrases are refused. The vault is re-encrypted under a new key, so',
    '  the old passphrase and older copies of the file no longer open it; an OS slot the app added must be added',
    '  again in the app.',
  ].join('\n'),
  options: {},
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx) {
    const unlocked = await ensureUnlocked(ctx);
    const current = await currentPassphrase(ctx, unlocked);
    const { passphrase: next, hint } = await newPassphrase(ctx, { envVar: 'SIGNET_NEW_PASSPHRASE', what: 'vault passphrase', purpose: 'Changing the passphrase' });
    const status = await ctx.vault.changePassphrase({ current, next });
    if (ctx.out.json) {
      ctx.out.result(status);
      return;
    }
    ctx.out.line('Passphrase changed; the vault was re-encrypted under a new key.');
    if (!status.slots.some((s) => s.provider === 'os-keyring')) {
      ctx.out.note('Only the passphrase unlocks it here now; `signet vault os-slot add` adds an OS keyring slot.');
    }
    ctx.out.note(`Strength: ${hint}`);
  },
};
