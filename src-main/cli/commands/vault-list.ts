/**
 * `signet vault list`: the keys as an aligned table (or JSON), filtered like the app's Vault page, with each key's
 * rotation state (ROTATION column; `rotation` in --json). Keys without a policy of their own are judged by the
 * defaults in Settings › Rotation (the home's settings.json), else the built-in ones.
 */
import { ENVIRONMENTS, PROVIDER_IDS, type Environment } from '../../contract/providers';
import type { EntrySummary } from '../../contract/schemas';
import { cliRotationDefaults } from '../rotation-context';
import { policyFor, rotationLabel, rotationState, type RotationState } from '../../contract/rotation-policy';
import { str, usageError } from '../args';
import type { Command } from '../command';
import type { Output, Paint } from '../output';
import { envLabel, envPaint, expiryLabel, expiryPaint, shortId } from '../format';
import { ensureUnlocked } from '../unlock';
import { destinationLabel } from '../../contract/destination';

export function parseEnvironment(value: string | undefined, flagName = '--env'): Environment | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if ((ENVIRONMENTS as readonly string[]).includes(v)) return v as Environment;
  throw usageError(`${flagName}: "${value}" is not an environment; use one of ${ENVIRONMENTS.join(', ')}.`);
}

export function parseProvider(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (PROVIDER_IDS.includes(v)) return v;
  throw usageError(`--provider: unknown provider "${value}"; use one of ${PROVIDER_IDS.join(', ')}.`);
}

export const vaultList: Command = {
  name: 'list',
  summary: 'List keys (masked), with search and filters',
  synopsis: 'list [--search Q] [--provider P] [--env dev|test|prod] [--tag T]',
  details: [
    '  --search Q      words that must all appear in the label, provider, tags, scopes, base URL, id or notes',
    '  --provider P    only this provider (sandbox, binance, coinbase, kraken, …)',
    '  --env E         only dev, test or prod keys',
    '  --tag T         only keys with this tag',
    '',
    'ROTATION: ok, due in N d, overdue N d or expired, by the key\u2019s own rotation policy or its environment\u2019s',
    'default (Settings › Rotation; built in: prod every 90 days, test 180, dev 365); --json gives it as `rotation`.',
  ].join('\n'),
  options: { search: { type: 'string' }, provider: { type: 'string' }, env: { type: 'string' }, tag: { type: 'string' } },
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, { values }) {
    const environment = parseEnvironment(str(values, 'env'));
    const provider = parseProvider(str(values, 'provider'));
    const search = str(values, 'search');
    const tag = str(values, 'tag');
    await ensureUnlocked(ctx);
    const { out } = ctx;
    const rows = ctx.vault.list({
      ...(search !== undefined && { search }),
      ...(provider !== undefined && { provider }),
      ...(environment !== undefined && { environment }),
      ...(tag !== undefined && { tag }),
    });
    const now = Date.now();
    const defaults = cliRotationDefaults(ctx.home);
    const rotation = new Map<string, RotationState>(rows.map((r) => [r.id, rotationState(r, policyFor(r, defaults), now)]));
    if (out.json) {
      out.result(rows.map((r) => ({ ...r, rotation: rotation.get(r.id) })));
      return;
    }
    if (rows.length === 0) {
      const filtered = search !== undefined || provider !== undefined || environment !== undefined || tag !== undefined;
      out.note(filtered ? 'No keys match.' : 'The vault is empty. Add a key with `signet vault add` (see --help).');
      return;
    }
    const rotationOf = (r: EntrySummary) => rotation.get(r.id) as RotationState;
    out.table<EntrySummary>(rows, [
      { header: 'ID', value: (r) => shortId(r.id), paint: () => out.dim },
      { header: 'LABEL', value: (r) => r.label },
      // A key's own base URL is where its requests go: shown on the key, as the app shows it.
      { header: 'PROVIDER', value: (r) => (r.baseUrl ? `${r.provider} → ${destinationLabel(r.baseUrl)}` : r.provider), paint: (r) => (r.baseUrl ? out.yellow : (s: string) => s) },
      { header: 'ENV', value: (r) => envLabel(r.environment), paint: (r) => envPaint(out, r.environment) },
      { header: 'KEY', value: (r) => r.preview },
      { header: 'EXPIRES', value: (r) => expiryLabel(r.expiresAt, now), paint: (r) => expiryPaint(out, r.expiresAt, now) },
      { header: 'TAGS', value: (r) => r.tags.join(',') },
      { header: 'ROTATION', value: (r) => rotationLabel(rotationOf(r), now), paint: (r) => rotationPaint(out, rotationOf(r)) },
    ]);
  },
};

export function rotationPaint(out: Output, s: RotationState): Paint {
  if (s.status === 'ok') return (text: string) => text;
  return s.status === 'due-soon' ? out.yellow : out.red;
}
