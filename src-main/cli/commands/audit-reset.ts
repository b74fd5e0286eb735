/**
 * `signet audit reset`: when the audit log fails verification, Signet stops appending to it (events wait in the
 * queue). This sets the log aside, renamed and kept as evidence, and starts a new chain whose first line names the
 * old file and what was wrong with it. An intact log is never reset.
 */
import { AppError } from '../../base/errors';
import { flag, usageError } from '../args';
import type { Command } from '../command';
import { oneLine } from '../output';
import { ensureUnlocked } from '../unlock';

export const auditReset: Command = {
  name: 'reset',
  summary: 'Set a log that fails verification aside (kept) and start a new one',
  synopsis: 'reset [--yes]',
  details: ['  --yes   do not ask; required when not run from a terminal', '', 'Refused when the log verifies. The old log is renamed audit.jsonl.set-aside-<time> and left as it is.'].join('\n'),
  options: { yes: { type: 'boolean', short: 'y' } },
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, { values }) {
    await ensureUnlocked(ctx);
    const v = await ctx.audit.verify();
    if (v.ok) throw usageError(`The audit log verifies (${v.lines} lines): there is nothing to reset.`);
    if (!flag(values, 'yes')) {
      if (!ctx.prompter.canPrompt) throw usageError('Refusing to start a new audit log without confirmation: this is not a terminal, so pass --yes.');
      ctx.out.warn(oneLine(v.problem?.message ?? 'The audit log fails verification.'));
      if (!(await ctx.prompter.confirm('Set this log aside (it is kept, renamed) and start a new one?'))) throw new AppError('ERR_CANCELLED', 'Nothing was changed; the log is as it was.');
    }
    const r = await ctx.audit.reset();
    if (ctx.out.json) {
      ctx.out.result(r);
      return;
    }
    ctx.out.line(r.setAside ? `Set the audit log aside as ${r.setAside} (${r.lines} lines, kept as it was) and started a new one.` : 'Started a new audit log (there was no file to set aside).');
  },
};
