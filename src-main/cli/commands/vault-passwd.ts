/** `signet vault passwd`: replace the passphrase slot (the vault key and every entry stay as they are). */
import type { Command } from '../command';
import { currentPassphrase, ensureUnlocked, newPassphrase } from '../unlock';

export const vaultPasswd: Command = {
  name: 'passwd',
  summary: 'Change the vault passphrase',
  synopsis: 'passwd',
  details: [
    '  The current passphrase comes from SIGNET_PASSPHRASE or a prompt; the new one from SIGNET_NEW_PASSPHRASE,',
    '  or is asked twice on a terminal. Weak passphrases are refused.',
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
    ctx.out.line('Passphrase changed.');
    ctx.out.note(`Strength: ${hint}`);
  },
};
