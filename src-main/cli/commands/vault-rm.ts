/** `signet vault rm ENTRY [--yes]`: delete a key, after a confirmation a script must give explicitly. */
import { AppError } from '../../base/errors';
import { flag, printable, usageError } from '../args';
import type { Command } from '../command';
import { envLabel, shortId } from '../format';
import { ensureUnlocked } from '../unlock';

export const vaultRm: Command = {
  name: 'rm',
  summary: 'Delete a key (asks first; --yes to skip the question)',
  synopsis: 'rm ENTRY [--yes]',
  details: [
    '  ENTRY   an id, a unique id prefix (6+ characters) or a unique label',
    '  --yes   do not ask; required when not run from a terminal',
  ].join('\n'),
  options: { yes: { type: 'boolean', short: 'y' } },
  positionals: { min: 1, max: 1, names: ['entry'] },
  async run(ctx, { values, positionals }) {
    await ensureUnlocked(ctx);
    const { vault, out, prompter } = ctx;
    const entry = vault.resolve(positionals[0]!);
    const what = `"${printable(entry.label)}" (${entry.provider}, ${envLabel(entry.environment)}, ${shortId(entry.id)})`;
    if (!flag(values, 'yes')) {
      if (!prompter.canPrompt) {
        throw usageError(`Refusing to delete ${what} without confirmation: this is not a terminal, so pass --yes.`);
      }
      const warn = entry.environment === 'prod' ? out.red(' This is a PROD key.') : '';
      if (!(await prompter.confirm(`Delete ${what}? This cannot be undone.${warn}`))) {
        throw new AppError('ERR_CANCELLED', `Nothing was deleted; ${what} is still in the vault.`);
      }
    }
    await vault.remove(entry.id);
    if (out.json) {
      out.result({ removed: entry.id, label: entry.label });
      return;
    }
    out.line(`Deleted ${what}.`);
  },
};
