/**
 * `signet vault register ENTRY`: adds the API key an exchange gave back for a key pair generated in the vault
 * (`signet keygen`), once its public key is registered there. The API key comes from stdin, like every credential
 * (not the command line: shell history and `ps`); only a key that awaits its API key takes one here.
 */
import { AppError } from '../../base/errors';
import { printable, usageError } from '../args';
import type { Command } from '../command';
import { shortId } from '../format';
import { ensureUnlocked } from '../unlock';

const MAX_API_KEY_BYTES = 4096;

export const vaultRegister: Command = {
  name: 'register',
  summary: 'Add the API key an exchange gave for a generated key pair (read from stdin)',
  synopsis: 'register ENTRY',
  details: [
    '  ENTRY   an id, a unique id prefix (6+ characters) or a unique label of a key made by `signet keygen`',
    '',
    'Reads the API key from stdin (a terminal prompts for it). After this the key signs like any other.',
  ].join('\n'),
  options: {},
  positionals: { min: 1, max: 1, names: ['entry'] },
  async run(ctx, { positionals }) {
    await ensureUnlocked(ctx);
    const { vault, out, io, prompter } = ctx;
    const { id } = vault.resolve(positionals[0]!);
    const entry = vault.get(id);
    if (!entry.awaitingApiKey) {
      throw new AppError('ERR_VALIDATION', `“${printable(entry.label)}” is not waiting for an API key (only a key pair made by \`signet keygen\` is, until its API key is added).`);
    }
    const apiKey = (io.isTTY ? await prompter.ask('API key: ') : await prompter.readAll(MAX_API_KEY_BYTES)).trim();
    if (!apiKey) throw usageError('No API key on stdin: pipe in the API key the exchange gave you.');
    if (/\s/.test(apiKey)) throw usageError('The API key has white space inside it: give the one API key, on one line.');
    const summary = await vault.update({ id, credentials: { apiKey } });
    if (out.json) {
      out.result(summary);
      return;
    }
    out.line(`Registered "${printable(summary.label)}" (${shortId(summary.id)}): key ${summary.preview}. It can sign now.`);
  },
};
