/**
 * `signet audit list`: the audit log's events, oldest first, filtered by time, key and type. It reads the log file
 * without the vault key (the log holds no secret), so it lists without verifying: `signet audit verify` checks the
 * chain.
 */
import { AUDIT_TYPES, type AuditEvent, type AuditType, type AuditValue } from '../../contract/audit';
import { flag, list, printable, str, usageError } from '../args';
import type { Command } from '../command';
import { dateTime, shortId } from '../format';

const UNITS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const NAMESPACES = [...new Set(AUDIT_TYPES.map((t) => t.split('.')[0] as string))];
const DEFAULT_LIMIT = 100;

/** `--since`: a date (YYYY-MM-DD, from its start, UTC), an ISO 8601 timestamp, or a duration back from `now` (30m, 12h, 7d, 2w). */
export function parseSince(value: string, now: number): number {
  const v = value.trim();
  const d = /^(\d{1,6})([mhdw])$/.exec(v);
  if (d) return now - Number(d[1]) * (UNITS[d[2] as string] as number);
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (day) {
    const t = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    if (new Date(t).toISOString().slice(0, 10) === v) return t;
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return t;
  }
  throw usageError(`--since: "${printable(value).slice(0, 40)}" is neither a date nor a duration; use YYYY-MM-DD, an ISO 8601 timestamp such as 2026-11-28T12:00:00Z, or a duration such as 30m, 12h, 7d or 2w.`);
}

/** `--type`: types (key.used) or whole namespaces (key), comma-separated. */
export function parseTypes(value: string | undefined): ReadonlySet<AuditType> | null {
  if (value === undefined) return null;
  const wanted = list(value);
  if (wanted.length === 0) throw usageError('--type: name at least one type, such as key.used, or a namespace such as key.');
  const out = new Set<AuditType>();
  for (const w of wanted) {
    const matches = AUDIT_TYPES.filter((t) => t === w || t.startsWith(`${w}.`));
    if (matches.length === 0) throw usageError(`--type: "${printable(w).slice(0, 40)}" is not an audit event type. Use a namespace (${NAMESPACES.join(', ')}) or a type: ${AUDIT_TYPES.join(', ')}.`);
    for (const m of matches) out.add(m);
  }
  return out;
}

function detailText(details: Readonly<Record<string, AuditValue>>): string {
  return Object.entries(details)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

export const auditList: Command = {
  name: 'list',
  summary: 'List audit events (oldest first), by time, key and type',
  synopsis: 'list [--since DATE|DURATION] [--key ENTRY] [--type T[,T…]] [--limit N | --all]',
  details: [
    '  --since X     events from X on: a date (2026-11-28, UTC), an ISO 8601 timestamp, or a duration back from now (30m, 12h, 7d, 2w)',
    '  --key ENTRY   events of one key: its id, a unique id prefix (6+ characters), or a label it had (all its events, across renames)',
    `  --type T      a type (key.used) or a namespace (${NAMESPACES.join(', ')}); several comma-separated`,
    `  --limit N     the N most recent matching events (default ${DEFAULT_LIMIT}); --all for every one`,
    '',
    'Read straight from the log, without the vault key: nothing here is verified (signet audit verify checks the chain).',
    'With --json: the events, oldest first: [{seq, at, type, actor, entry: {id, label} | null, details, queued}].',
  ].join('\n'),
  options: { since: { type: 'string' }, key: { type: 'string' }, type: { type: 'string' }, limit: { type: 'string' }, all: { type: 'boolean' } },
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, { values }) {
    const sinceText = str(values, 'since');
    const since = sinceText === undefined ? -Infinity : parseSince(sinceText, Date.now());
    const types = parseTypes(str(values, 'type'));
    const limitText = str(values, 'limit');
    if (limitText !== undefined && flag(values, 'all')) throw usageError('Give --limit N or --all, not both.');
    if (limitText !== undefined && !/^\d{1,7}$/.test(limitText.trim())) throw usageError(`--limit: expected a whole number of events such as 50, not "${printable(limitText).slice(0, 20)}".`);
    const limit = flag(values, 'all') ? Number.MAX_SAFE_INTEGER : limitText === undefined ? DEFAULT_LIMIT : Math.max(1, Number(limitText.trim()));
    const keyRef = str(values, 'key')?.trim();
    if (keyRef === '') throw usageError('--key: name a key (an id, an id prefix or a label).');

    // A label names every key that carried it, across renames: find their ids first.
    let ids: ReadonlySet<string> | null = null;
    if (keyRef !== undefined) {
      const found = new Set<string>();
      const ref = keyRef.toLowerCase();
      // A pass over every line (the filter keeps none).
      await ctx.audit.page(
        (e) => {
          if (e.entry && (e.entry.id === keyRef || (keyRef.length >= 6 && e.entry.id.startsWith(keyRef)) || e.entry.label.toLowerCase() === ref)) found.add(e.entry.id);
          return false;
        },
        { limit: 1 },
      );
      ids = found;
    }
    const page = await ctx.audit.page((e) => Date.parse(e.at) >= since && (types === null || types.has(e.type)) && (ids === null || (e.entry !== null && ids.has(e.entry.id))), { limit });
    const events = [...page.events].reverse();
    const { out } = ctx;
    if (out.json) {
      out.result(events);
      return;
    }
    if (events.length === 0) {
      out.note(ids !== null && ids.size === 0 ? `No audit event names a key "${printable(keyRef ?? '')}".` : 'No audit events match.');
      return;
    }
    out.table<AuditEvent>(events, [
      { header: 'SEQ', value: (e) => String(e.seq), paint: () => out.dim },
      { header: 'TIME', value: (e) => dateTime(e.at) },
      { header: 'TYPE', value: (e) => (e.queued ? `${e.type}*` : e.type), paint: (e) => (e.type === 'signature.verify_failed' || e.type === 'vault.unlock_failed' ? out.yellow : (s: string) => s) },
      { header: 'BY', value: (e) => e.actor },
      { header: 'KEY', value: (e) => (e.entry ? `${e.entry.label} (${shortId(e.entry.id)})` : '') },
      { header: 'DETAILS', value: (e) => detailText(e.details).slice(0, 160) },
    ]);
    if (events.some((e) => e.queued)) out.note('* recorded while the vault was locked: not authenticated until it was chained at the next unlock.');
    if (page.nextCursor !== null) out.note(`Showing the ${events.length} most recent; older events match too (--limit N, --all).`);
    out.note(out.dim('Listed from the file, not verified: `signet audit verify` checks the chain.'));
  },
};
