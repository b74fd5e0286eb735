/**
 * `signet audit verify`: checks every line of the audit log against the chain and the head the vault keeps sealed,
 * and names the first bad line and what is wrong with it. Exit 0 intact (a crash's unfinished append and a partial
 * last line included: they are said, not failed), 1 when the log was altered or cannot be checked.
 */
import type { AuditVerification } from '../../contract/audit';
import type { Command } from '../command';
import { EXIT_FAILED, EXIT_OK } from '../exit-code';
import { oneLine } from '../output';
import { ensureUnlocked } from '../unlock';

export const auditVerify: Command = {
  name: 'verify',
  summary: 'Check the audit log: intact, or which line was edited, deleted, moved, cut off or forged',
  synopsis: 'verify',
  details: [
    '  Needs the vault unlocked: the chain is keyed from the vault key, and its head is sealed in the vault.',
    '',
    'With --json: {ok, status, lines, verifiedLines, sealedLines, problem: {line, kind, message} | null, incompleteLastLine,',
    '  unsealedTail, queued, pending, summary}.',
    'Exit codes: 0 intact, 1 tampered (or the log cannot be read), 2 bad input.',
  ].join('\n'),
  options: {},
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx) {
    await ensureUnlocked(ctx);
    const v: AuditVerification = await ctx.audit.verify();
    const { out } = ctx;
    if (out.json) {
      out.result(v);
      return v.ok ? EXIT_OK : EXIT_FAILED;
    }
    out.line(v.ok ? out.green(out.bold(v.status === 'empty' ? 'Empty' : 'Intact')) : out.red(out.bold(`Tampered: line ${v.problem?.line ?? '?'} (${v.problem?.kind ?? 'unknown'})`)));
    for (const s of v.summary) out.line(`  ${oneLine(s)}`);
    return v.ok ? EXIT_OK : EXIT_FAILED;
  },
};
