/**
 * The CLI's Confirm (base/confirm.ts): on a terminal the question is asked there; otherwise `--yes` must have been
 * given, since a script has nobody to ask and sending a production order without a yes is not an option.
 */
import { cannotConfirm, type Confirm } from '../base/confirm';
import type { CliContext } from './context';

export function cliConfirm(ctx: CliContext, yes: boolean): Confirm {
  if (yes) return async () => true;
  const refuse = cannotConfirm('this is not an interactive terminal: pass --yes to confirm it.');
  return async (q) => {
    if (!ctx.prompter.canPrompt) return refuse(q);
    ctx.io.stderr.write(`\n${q.title}\n${q.detail.replace(/^/gm, '  ')}\n`);
    return ctx.prompter.confirm(`${q.confirmLabel}?`);
  };
}
