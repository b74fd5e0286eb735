/**
 * `signet rotation list`: every key's rotation schedule (status, due date, policy and where it comes from), how it
 * rotates, and the rotation in progress. `--due` keeps the keys that need attention: due soon, overdue, expired, or
 * with a rotation in progress. Policies without a key's own come from Settings › Rotation (settings.json in the
 * Signet home), else the built-in defaults.
 */
import type { RotationKey } from '../../contract/rotation';
import { flag } from '../args';
import type { Command } from '../command';
import { envLabel, envPaint, shortId } from '../format';
import { cliRotation } from '../rotation-context';
import { rotationLabel } from '../../contract/rotation-policy';
import { ensureUnlocked } from '../unlock';
import { rotationPaint } from './vault-list';

export const rotationList: Command = {
  name: 'list',
  summary: 'Every key\u2019s rotation schedule, and rotations in progress',
  synopsis: 'list [--due]',
  details: ['  --due    only keys due soon, overdue, expired, or being rotated', '', 'With --json: the keys as the Rotation page gets them (state, policy, mode, run, history).'].join('\n'),
  options: { due: { type: 'boolean' } },
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, { values }) {
    await ensureUnlocked(ctx);
    const { service, close } = cliRotation(ctx, { yes: false });
    try {
      const overview = service.overview();
      const keys = flag(values, 'due') ? overview.keys.filter((k) => k.state.status !== 'ok' || k.run !== null) : overview.keys;
      const { out } = ctx;
      if (out.json) {
        out.result(keys);
        return;
      }
      if (keys.length === 0) {
        out.note(flag(values, 'due') ? 'No key needs rotating.' : 'The vault is empty.');
        return;
      }
      const now = Date.parse(overview.at);
      out.table<RotationKey>(keys, [
        { header: 'ID', value: (k) => shortId(k.entryId), paint: () => out.dim },
        { header: 'LABEL', value: (k) => k.label },
        { header: 'PROVIDER', value: (k) => k.provider },
        { header: 'ENV', value: (k) => envLabel(k.environment), paint: (k) => envPaint(out, k.environment) },
        { header: 'STATUS', value: (k) => rotationLabel(k.state, now), paint: (k) => rotationPaint(out, k.state) },
        { header: 'DUE', value: (k) => k.state.dueAt.slice(0, 10) },
        { header: 'POLICY', value: (k) => `every ${k.policy.everyDays} d, warn ${k.policy.warnDays} d${k.policySource === 'default' ? ' (default)' : ''}` },
        { header: 'MODE', value: (k) => k.mode },
        { header: 'ROTATION', value: (k) => k.run?.state ?? '—', paint: (k) => (k.run?.error ? out.red : (s: string) => s) },
      ]);
    } finally {
      await close();
    }
  },
};
