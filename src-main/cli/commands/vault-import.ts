/**
 * `signet vault import FILE [--dry-run] [--on-conflict …]`: bring keys in from an encrypted backup. The backup is
 * opened and checked in full before anything is written; --dry-run shows what would be added or would conflict.
 */
import { resolve } from 'node:path';
import type { ImportPreview } from '../../contract/schemas';
import { OnConflict } from '../../contract/schemas';
import { flag, printable, str, usageError } from '../args';
import type { Command } from '../command';
import type { Output } from '../output';
import { envLabel, shortId } from '../format';
import { ensureUnlocked, existingBackupPassphrase } from '../unlock';

const CONFLICT_RULES = OnConflict.options;

function printPreview(out: Output, preview: ImportPreview, onConflict: string): void {
  out.line(`Backup ${preview.path}: ${preview.entryCount} key${preview.entryCount === 1 ? '' : 's'}`);
  out.line(`Would add (${preview.added.length}):`);
  if (preview.added.length) {
    out.table(preview.added, [
      { header: '  LABEL', value: (a) => `  ${a.label}` },
      { header: 'PROVIDER', value: (a) => a.provider },
      { header: 'ENV', value: (a) => envLabel(a.environment) },
    ]);
  }
  out.line(`Conflicts (${preview.conflicts.length})${preview.conflicts.length ? `, resolved by --on-conflict ${onConflict}:` : ''}`);
  for (const c of preview.conflicts) {
    const why = c.reason === 'same-id' ? 'the same key is already in the vault' : `a key with this label exists (${shortId(c.existingId)})`;
    out.line(`  ${printable(c.label)}: ${why}`);
  }
}

export const vaultImport: Command = {
  name: 'import',
  summary: 'Import keys from an encrypted backup (--dry-run to preview)',
  synopsis: 'import FILE [--dry-run] [--on-conflict skip|replace|keep-both]',
  details: [
    '  --dry-run       open and check the backup, list what would be added or conflict, change nothing',
    '  --on-conflict   what to do with a key whose id or label is already in the vault:',
    '                  skip (default), replace the existing one, or keep-both (the import is renamed)',
    '',
    'The backup passphrase comes from SIGNET_BACKUP_PASSPHRASE, or is asked on a terminal.',
    'A tampered backup or a wrong passphrase imports nothing.',
  ].join('\n'),
  options: { 'dry-run': { type: 'boolean' }, 'on-conflict': { type: 'string' } },
  positionals: { min: 1, max: 1, names: ['file'] },
  async run(ctx, { values, positionals }) {
    const rule = str(values, 'on-conflict') ?? 'skip';
    const parsedRule = OnConflict.safeParse(rule);
    if (!parsedRule.success) throw usageError(`--on-conflict: "${printable(rule)}" is not one of ${CONFLICT_RULES.join(', ')}.`);
    const path = resolve(positionals[0]!);
    const dryRun = flag(values, 'dry-run');
    await ensureUnlocked(ctx);
    const passphrase = await existingBackupPassphrase(ctx);
    const preview = await ctx.vault.previewImport(path, passphrase);
    const { out } = ctx;
    if (dryRun) {
      if (out.json) {
        const { importId: _unused, ...rest } = preview;
        out.result({ dryRun: true, ...rest });
        return;
      }
      printPreview(out, preview, parsedRule.data);
      out.line('Dry run: nothing was imported.');
      return;
    }
    const result = await ctx.vault.applyImport(preview.importId, parsedRule.data);
    if (out.json) {
      out.result({ dryRun: false, path: preview.path, entryCount: preview.entryCount, ...result });
      return;
    }
    const parts = [`added ${result.added.length}`, `replaced ${result.replaced.length}`, `kept both ${result.renamed.length}`, `skipped ${result.skipped.length}`];
    out.line(`Imported from ${preview.path}: ${parts.join(', ')}.`);
    for (const label of result.renamed) out.line(`  renamed: ${printable(label)}`);
    for (const label of result.skipped) out.line(`  skipped: ${printable(label)}`);
  },
};
