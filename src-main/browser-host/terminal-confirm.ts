/**
 * The browser host's Confirm: it has no native dialog, and the page must not answer (it is the renderer), so it asks
 * on the terminal that runs it (`npm run dev:browser`). With no terminal every question is refused; tests pass a
 * Confirm of their own (BrowserHostOptions.confirm).
 */
import { createInterface } from 'node:readline/promises';
import { cannotConfirm, type Confirm } from '../base/confirm';

export function terminalConfirm(stdin: NodeJS.ReadStream = process.stdin, stderr: NodeJS.WriteStream = process.stderr): Confirm {
  if (!stdin.isTTY) return cannotConfirm('the browser host has no terminal to ask in; run it from one (npm run dev:browser).');
  // One question at a time: two sends waiting on one terminal would read each other's answers.
  let turn: Promise<unknown> = Promise.resolve();
  return (q) => {
    const asked = turn.then(async () => {
      const rl = createInterface({ input: stdin, output: stderr });
      try {
        stderr.write(`\n${q.title}\n${q.detail.replace(/^/gm, '  ')}\n`);
        const answer = await rl.question(`${q.confirmLabel}? [y/N] `);
        return /^y(es)?$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    });
    turn = asked.catch(() => undefined);
    return asked;
  };
}
