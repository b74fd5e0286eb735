/**
 * `signet verify`: checks a signed request against credentials: recomputes what it should carry, compares, and
 * checks its timestamp against a window. Exit 0 valid, 1 invalid (with the reason), 2 bad input. With --json,
 * one value `{valid, reason, canonical, expected}`. An invalid signature is recorded in the audit log
 * (signature.verify_failed: the scheme, method, host, path and reason; queued when the vault stays locked).
 */
import { verifyRequest } from '../../lib/signing';
import { str, usageError } from '../args';
import type { Command } from '../command';
import { EXIT_FAILED, EXIT_OK } from '../exit-code';
import { REQUEST_DETAILS, REQUEST_OPTIONS, epochMs, readRequestInput, schemeList, withCredentials } from './request-input';
import { renderCanonical, visible } from './sign';

const DEFAULT_WINDOW_MS = 30_000;

function safeUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export const verify: Command = {
  name: 'verify',
  summary: 'Check a signed request: valid, or why not',
  synopsis: "verify --scheme ID (--credentials FILE|- | --key ENTRY) --method M --url URL [--header 'Name: value']… [--body TEXT | --body-file FILE] [--now EPOCH_MS] [--window-ms N] [--option k=v]…",
  details: [
    '  The request is given as it was sent (signature included).',
    REQUEST_DETAILS,
    '  --now EPOCH_MS         the time to judge the request\'s timestamp against (default: now)',
    `  --window-ms N          how far the timestamp may be from --now (default ${DEFAULT_WINDOW_MS}; 0 turns the check off)`,
    '',
    'With --json: {"valid", "reason", "canonical", "expected"}.',
    'Exit codes: 0 valid, 1 invalid, 2 bad input (the one line names the flag or field).',
    '',
    schemeList(),
  ].join('\n'),
  options: { ...REQUEST_OPTIONS, now: { type: 'string' }, 'window-ms': { type: 'string' } },
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, { values }) {
    const input = await readRequestInput(ctx, values, 'verify');
    const now = epochMs(values, 'now');
    const windowText = str(values, 'window-ms');
    if (windowText !== undefined && !/^\d{1,12}$/.test(windowText.trim())) throw usageError(`--window-ms: expected a whole number of milliseconds such as 30000, not "${visible(windowText).slice(0, 40)}".`);
    const windowMs = windowText === undefined ? DEFAULT_WINDOW_MS : Number(windowText.trim());
    let checked: { schemeId: string; entry: { id: string; label: string } | null } = { schemeId: input.schemeId ?? '', entry: null };
    const result = await withCredentials(ctx, input, (schemeId, credentials, entry) => {
      checked = { schemeId, entry };
      return verifyRequest(schemeId, input.request, credentials, {
        windowMs,
        ...(now !== undefined && { now }),
        ...(Object.keys(input.options).length > 0 && { options: input.options }),
      });
    });
    const { out } = ctx;
    if (!result.valid) {
      // The audit log keeps that a signature was refused, and why: never the signature, nor the query it may be in.
      const url = safeUrl(input.request.url);
      await ctx.audit
        .record({ type: 'signature.verify_failed', entry: checked.entry, details: { source: 'cli', scheme: checked.schemeId, method: input.request.method.slice(0, 16), host: url?.host ?? null, path: url?.pathname ?? null, reason: result.reason ?? 'the signature does not match' } })
        .catch((e: unknown) => out.warn(`The refused signature could not be recorded in the audit log: ${e instanceof Error ? e.message : String(e)}`));
    }
    if (out.json) {
      out.result({ valid: result.valid, reason: result.reason, canonical: result.canonical, expected: result.expected });
      return result.valid ? EXIT_OK : EXIT_FAILED;
    }
    out.line(result.valid ? out.green(out.bold('Valid')) : `${out.red(out.bold('Invalid'))}: ${visible(result.reason ?? 'the signature does not match')}`);
    if (result.expected) {
      out.line();
      out.line(out.bold('Expected signature'));
      out.line(`  ${visible(result.expected)}`);
    }
    if (result.canonical) {
      out.line();
      renderCanonical(out, result.canonical, []);
    }
    return result.valid ? EXIT_OK : EXIT_FAILED;
  },
};
