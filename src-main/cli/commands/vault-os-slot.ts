/** `signet vault os-slot add|remove`: let the OS keyring unlock the vault, or stop it from doing so. */
import { usageError } from '../args';
import type { Command } from '../command';
import { ensureUnlocked } from '../unlock';
import { describeSlots } from './vault-status';

export const vaultOsSlot: Command = {
  name: 'os-slot',
  summary: 'Add or remove the OS keyring slot',
  synopsis: 'os-slot add|remove',
  details: [
    '  add      store a key in the OS keyring (Secret Service, Keychain, Credential Manager) that unlocks the vault;',
    '           replaces an older keyring slot (e.g. after the keyring backend changed)',
    '  remove   drop the keyring slot and delete its keyring item; the passphrase keeps working',
  ].join('\n'),
  options: {},
  positionals: { min: 1, max: 1, names: ['add|remove'] },
  async run(ctx, { positionals }) {
    const action = positionals[0];
    if (action !== 'add' && action !== 'remove') throw usageError(`\`signet vault os-slot\` takes add or remove, not "${action}".`);
    await ensureUnlocked(ctx);
    const status = action === 'add' ? await ctx.vault.addOsSlot() : await ctx.vault.removeOsSlot();
    if (ctx.out.json) {
      ctx.out.result(status);
      return;
    }
    ctx.out.line(action === 'add' ? 'The OS keyring can now unlock the vault.' : 'Removed the OS keyring slot.');
    ctx.out.line(`Unlocks with: ${describeSlots(status)}`);
  },
};
