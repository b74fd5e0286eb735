/** `signet vault export --out FILE`: an encrypted backup under its own passphrase (same envelope as the vault). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { flag, str, usageError } from '../args';
import type { Command } from '../command';
import { ensureUnlocked, newPassphrase } from '../unlock';

export const vaultExport: Command = {
  name: 'export',
  summary: 'Write an encrypted backup under its own passphrase',
  synopsis: 'export --out FILE [--force]',
  details: [
    '  --out FILE   where to write the backup (mode 0600)',
    '  --force      replace FILE if it exists',
    '',
    'The backup passphrase comes from SIGNET_BACKUP_PASSPHRASE, or is asked twice on a terminal.',
  ].join('\n'),
  options: { out: { type: 'string', short: 'o' }, force: { type: 'boolean' } },
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, { values }) {
    const out = str(values, 'out');
    if (!out) throw usageError('Missing --out FILE (see `signet vault export --help`).');
    const path = resolve(out);
    const overwrite = flag(values, 'force');
    if (!overwrite && existsSync(path)) throw usageError(`--out: ${path} already exists; choose another file, or pass --force to replace it.`);
    await ensureUnlocked(ctx);
    const { passphrase } = await newPassphrase(ctx, { envVar: 'SIGNET_BACKUP_PASSPHRASE', what: 'backup passphrase', purpose: 'Exporting' });
    const result = await ctx.vault.exportBackup(path, passphrase, { overwrite });
    if (ctx.out.json) {
      ctx.out.result(result);
      return;
    }
    ctx.out.line(`Exported ${result.entryCount} key${result.entryCount === 1 ? '' : 's'} to ${result.path}`);
    ctx.out.note('Keep the backup passphrase somewhere safe: without it the backup cannot be opened.');
  },
};
