/**
 * An event as a service records it (`audit.record({ type: 'scan.run', details: { … } })`), and the checks that keep
 * a secret out of the log whatever a caller passes: detail keys that name a secret (secret, passphrase, token,
 * signature, apiKey, …, the logger's rule) are refused, strings are cut to a length no secret-free detail needs, and
 * the whole is bounded.
 */
import { AppError } from '../base/errors';
import { AUDIT_TYPES, type AuditEntryRef, type AuditType, type AuditValue } from '../contract/audit';

export interface AuditEventInput {
  readonly type: AuditType;
  /** The key the event is about, with its label now (kept as it was, should the key be renamed later). */
  readonly entry?: AuditEntryRef | null;
  readonly details?: Readonly<Record<string, AuditValue>>;
  /** When it happened (default: when it is chained or queued). */
  readonly at?: string;
  /**
   * Events with the same rollup key within one UTC minute become one line with `count`, `minute` and `lastAt` in its
   * details (key use, a burst of refused signatures), so a busy key costs one line a minute, not one per request.
   */
  readonly rollup?: string;
}

/** Something that records events: what services are given (the sandbox, `signet verify`, the secrets scan). */
export interface AuditRecorder {
  /** Chains the event into the log (queued while the vault is locked). Refuses a detail that looks secret. */
  record(event: AuditEventInput): Promise<void>;
}

/** The logger's rule for field names that hold secrets (base/logger.ts), plus the names of credential fields. */
const SECRET_KEY = /secret|passphrase|password|private|token|signature|credential|apikey|authorization|^key$|pem$/i;
const MAX_STRING = 500;
const MAX_ITEMS = 100;
const MAX_DEPTH = 4;
const MAX_DETAILS_BYTES = 8 * 1024;
const TYPES: ReadonlySet<string> = new Set(AUDIT_TYPES);

function clean(value: unknown, path: string, depth: number): AuditValue {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw bad(`${path} is not a finite number`);
    return value;
  }
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (depth >= MAX_DEPTH) throw bad(`${path} is nested more than ${MAX_DEPTH} levels deep`);
  if (Array.isArray(value)) {
    if (value.length > MAX_ITEMS) throw bad(`${path} has more than ${MAX_ITEMS} items`);
    return value.map((v, i) => clean(v, `${path}[${i}]`, depth + 1));
  }
  if (typeof value === 'object') {
    const out: Record<string, AuditValue> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET_KEY.test(k)) throw bad(`${path}.${k} is named like a secret, and the audit log never holds one (record a masked preview under another name)`);
      if (v !== undefined) out[k] = clean(v, `${path}.${k}`, depth + 1);
    }
    return out;
  }
  throw bad(`${path} is not JSON (${typeof value})`);
}

const bad = (why: string) => new AppError('ERR_VALIDATION', `This audit event cannot be recorded: ${why}.`);

/** The event checked and bounded, ready to chain; throws ERR_VALIDATION naming what is wrong. */
export function checkedEvent(e: AuditEventInput): AuditEventInput {
  if (!TYPES.has(e.type)) throw bad(`"${String(e.type).slice(0, 40)}" is not an audit event type (contract/audit.ts AUDIT_TYPES)`);
  if (e.entry != null && (typeof e.entry.id !== 'string' || typeof e.entry.label !== 'string')) throw bad('its entry is not {id, label}');
  if (e.at !== undefined && Number.isNaN(Date.parse(e.at))) throw bad('its time is not a date');
  const details = clean(e.details ?? {}, 'details', 0) as Record<string, AuditValue>;
  if (Buffer.byteLength(JSON.stringify(details)) > MAX_DETAILS_BYTES) throw bad(`its details are larger than ${MAX_DETAILS_BYTES / 1024} KiB`);
  return {
    type: e.type,
    entry: e.entry ? { id: e.entry.id.slice(0, 200), label: e.entry.label.slice(0, 200) } : null,
    details,
    ...(e.at !== undefined && { at: new Date(Date.parse(e.at)).toISOString() }),
    ...(e.rollup !== undefined && { rollup: String(e.rollup).slice(0, 300) }),
  };
}
