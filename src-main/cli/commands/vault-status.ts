/** `signet vault status`: where the vault is, how it unlocks, and whether the OS keyring is usable. Never unlocks. */
import type { VaultStatus } from '../../contract/schemas';
import type { Command } from '../command';

const SLOT_NAMES: Record<string, string> = { 'os-keyring': 'OS keyring', 'electron-safestorage': 'the app\'s OS keychain' };

export function describeSlots(status: VaultStatus): string {
  if (status.slots.length === 0) return '-';
  return status.slots
    .map((s) => (s.kind === 'passphrase' ? 'passphrase' : `${SLOT_NAMES[s.provider ?? ''] ?? `OS slot ${s.provider ?? ''}`} (${s.backend ?? '?'})`))
    .join(', ');
}

export const vaultStatus: Command = {
  name: 'status',
  summary: 'Show where the vault is, how it unlocks, and the OS keyring state',
  synopsis: 'status',
  details: '  Reads the vault file without unlocking it.',
  options: {},
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx) {
    const { out } = ctx;
    const status = await ctx.vault.status();
    if (out.json) {
      out.result(status);
      return;
    }
    if (!status.exists) {
      out.fields([
        ['Vault', `none yet at ${status.path}`],
        ['OS keyring', status.os.available && status.os.secure ? `available (${status.os.backend})` : `not usable: ${status.os.reason ?? 'unknown reason'}`],
      ]);
      out.line();
      out.line('Create one with: signet vault init');
      return;
    }
    out.fields([
      ['Vault', status.path],
      // The count is sealed with the entries; a locked vault does not reveal it.
      ...(status.entryCount === null ? [] : [['Keys', String(status.entryCount)] as const]),
      ['Unlocks with', describeSlots(status)],
      [
        'OS keyring',
        status.os.available && status.os.secure
          ? `available (${status.os.backend})${status.canUnlockWithOs ? ', unlocks this vault' : ', no slot in this vault (signet vault os-slot add)'}`
          : `not usable: ${status.os.reason ?? 'unknown reason'}`,
      ],
    ]);
    if (status.osBackendChanged) {
      out.line();
      out.line(
        out.yellow(
          `The OS slot was made with ${status.osBackendChanged.recorded}, but this machine now uses ${status.osBackendChanged.current ?? 'none'}. ` +
            'Unlock with your passphrase and run `signet vault os-slot add` to replace it.',
        ),
      );
    }
  },
};
