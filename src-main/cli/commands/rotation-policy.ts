/**
 * `signet rotation policy ENTRY --every 90d [--warn 14d] [--expires DATE|never]`: sets a key's own rotation policy
 * (sealed in the vault with the key), or `--default` to go back to its environment's default. Prints the key's
 * schedule after the change.
 */
import { RotationPolicy } from '../../contract/rotation';
import { flag, parseExpiry, printable, str, usageError } from '../args';
import type { Command } from '../command';
import { cliRotation } from '../rotation-context';
import { ensureUnlocked } from '../unlock';
import { describeIssues } from '../../base/describe-issues';

/** `90d` or `90` → 90 (days). */
function parseDays(value: string, flagName: string): number {
  const m = /^(\d{1,4})\s*d?$/i.exec(value.trim());
  if (!m) throw usageError(`${flagName}: "${printable(value)}" is not a number of days; use e.g. 90d.`);
  return Number(m[1]);
}

export const rotationPolicy: Command = {
  name: 'policy',
  summary: 'Set a key\u2019s own rotation policy (or go back to the default)',
  synopsis: 'policy ENTRY (--every DAYS [--warn DAYS] [--expires DATE|never] | --default)',
  details: [
    '  --every N     rotate every N days (e.g. 90d), counted in UTC calendar days from the last rotation',
    '  --warn N      remind N days before (default: 14, or fewer than --every)',
    '  --expires D   a hard expiry (YYYY-MM-DD, through the end of that day UTC, or an ISO 8601 time), or never',
    '  --default     remove the key\u2019s own policy: its environment\u2019s default applies (Settings › Rotation)',
  ].join('\n'),
  options: { every: { type: 'string' }, warn: { type: 'string' }, expires: { type: 'string' }, default: { type: 'boolean' } },
  positionals: { min: 1, max: 1, names: ['ENTRY'] },
  async run(ctx, { values, positionals }) {
    const every = str(values, 'every');
    const reset = flag(values, 'default');
    if (reset && (every !== undefined || str(values, 'warn') !== undefined || str(values, 'expires') !== undefined)) throw usageError('--default removes the policy: give it alone.');
    if (!reset && every === undefined) throw usageError('Give --every DAYS (e.g. --every 90d), or --default.');
    let policy: RotationPolicy | null = null;
    if (!reset) {
      const everyDays = parseDays(every as string, '--every');
      const warn = str(values, 'warn');
      const expires = str(values, 'expires');
      const candidate = {
        everyDays,
        warnDays: warn === undefined ? Math.min(14, Math.max(0, everyDays - 1)) : parseDays(warn, '--warn'),
        ...(expires !== undefined && { expiresAt: expires.trim().toLowerCase() === 'never' ? null : parseExpiry(expires) }),
      };
      const parsed = RotationPolicy.safeParse(candidate);
      if (!parsed.success) throw usageError(`Invalid policy: ${describeIssues(parsed.error)}`);
      policy = parsed.data;
    }
    await ensureUnlocked(ctx);
    const entry = ctx.vault.resolve(positionals[0] as string);
    await ctx.vault.update({ id: entry.id, meta: { rotationPolicy: policy } });
    const { service, close } = cliRotation(ctx, { yes: false });
    try {
      const key = service.key(entry.id);
      if (ctx.out.json) ctx.out.result(key);
      else ctx.out.line(`${printable(key.label)}: every ${key.policy.everyDays} d, warn ${key.policy.warnDays} d${key.policySource === 'default' ? ' (the environment\u2019s default)' : ''}. ${key.state.reason}`);
    } finally {
      await close();
    }
  },
};
