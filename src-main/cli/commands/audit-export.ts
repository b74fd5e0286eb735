/** `signet audit export --format jsonl|csv --out FILE`: the audit log's whole lines, as they are (jsonl) or as CSV. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { flag, printable, str, usageError } from '../args';
import type { Command } from '../command';

export const auditExport: Command = {
  name: 'export',
  summary: 'Export the audit log as JSON Lines (byte for byte) or CSV',
  synopsis: 'export [--format jsonl|csv] --out FILE [--force]',
  details: [
    '  --format F   jsonl (default): the lines exactly as in the log, MACs included; csv: one row per line',
    '  --out FILE   where to write it (mode 0600)',
    '  --force      replace FILE if it exists',
    '',
    'CSV columns: seq, at, type, actor, entry_id, entry_label, queued, details (JSON), after, mac, unreadable_line.',
    'A CSV field a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe.',
    'A partial last line (a crash while writing) is not exported. Nothing here needs the vault unlocked.',
  ].join('\n'),
  options: { format: { type: 'string' }, out: { type: 'string', short: 'o' }, force: { type: 'boolean' } },
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, { values }) {
    const format = (str(values, 'format') ?? 'jsonl').trim().toLowerCase();
    if (format !== 'jsonl' && format !== 'csv') throw usageError(`--format: "${printable(format).slice(0, 20)}" is not a format; use jsonl or csv.`);
    const out = str(values, 'out');
    if (!out) throw usageError('Missing --out FILE (see `signet audit export --help`).');
    const path = resolve(out);
    const overwrite = flag(values, 'force');
    if (!overwrite && existsSync(path)) throw usageError(`--out: ${path} already exists; choose another file, or pass --force to replace it.`);
    const result = await ctx.audit.exportTo(path, format, { overwrite });
    if (ctx.out.json) {
      ctx.out.result({ ...result, format });
      return;
    }
    ctx.out.line(`Exported ${result.lines} line${result.lines === 1 ? '' : 's'} of the audit log to ${result.path} (${format}).`);
  },
};
