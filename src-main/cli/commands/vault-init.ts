/** `signet vault init`: create the vault with a passphrase, plus the OS keyring slot and a sandbox key by default. */
import { AppError, isAppError } from '../../base/errors';
import { flag } from '../args';
import type { Command } from '../command';
import { newPassphrase } from '../unlock';
import { describeSlots } from './vault-status';

/** Failures of the OS keyring alone; the vault can still be created with the passphrase. */
const OS_FAILURES = new Set(['ERR_OS_SLOT_UNAVAILABLE', 'ERR_OS_SLOT_INSECURE', 'ERR_OS_BACKEND_CHANGED', 'ERR_OS_SLOT_MISSING']);

export const vaultInit: Command = {
  name: 'init',
  summary: 'Create the vault (passphrase + OS keyring slot + a sandbox key)',
  synopsis: 'init [--no-os-slot] [--no-sandbox-key]',
  details: [
    '  --no-os-slot       do not add the OS keyring slot (by default it is added when the keyring is available)',
    '  --no-sandbox-key   do not add a key for the built-in sandbox exchange',
    '',
    'The passphrase comes from SIGNET_PASSPHRASE, or is asked twice on a terminal. Weak passphrases are refused.',
    'An existing vault is never touched.',
  ].join('\n'),
  options: { 'no-os-slot': { type: 'boolean' }, 'no-sandbox-key': { type: 'boolean' } },
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, { values }) {
    const { vault, out } = ctx;
    const before = await vault.status();
    if (before.exists) {
      throw new AppError('ERR_VAULT_EXISTS', `A vault already exists at ${before.path}; it was left untouched. Use \`signet vault passwd\` to change its passphrase.`);
    }
    const { passphrase, hint } = await newPassphrase(ctx, { envVar: 'SIGNET_PASSPHRASE', what: 'vault passphrase', purpose: 'Creating a vault' });
    let useOsSlot = false;
    if (!flag(values, 'no-os-slot')) {
      if (before.os.available && before.os.secure) useOsSlot = true;
      else out.warn(`The vault will open with the passphrase only. ${before.os.reason ?? 'The OS keyring is not usable here.'}`);
    }
    const addSandboxKey = !flag(values, 'no-sandbox-key');
    let status;
    try {
      status = await vault.create({ passphrase, useOsSlot, addSandboxKey });
    } catch (e) {
      if (!(useOsSlot && isAppError(e) && OS_FAILURES.has(e.code))) throw e;
      out.warn(`Could not add the OS keyring slot (${e.message}); creating the vault with the passphrase only.`);
      status = await vault.create({ passphrase, useOsSlot: false, addSandboxKey });
    }
    if (out.json) {
      out.result(status);
      return;
    }
    out.line(`Created the vault at ${status.path}`);
    out.fields([
      ['Unlocks with', describeSlots(status)],
      ['Keys', addSandboxKey ? `${status.entryCount ?? 0} (a key for the built-in sandbox exchange)` : String(status.entryCount ?? 0)],
      ['Passphrase', hint],
    ]);
  },
};
