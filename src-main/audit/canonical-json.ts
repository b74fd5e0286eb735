/**
 * Canonical JSON (keys sorted at every level, no white space), the form an audit line is written and MAC'd in, so
 * a line's bytes are a function of its values alone: anyone re-serializing a parsed line gets the same bytes back.
 * Small enough to write here (RFC 8785 would also fix number formatting; every number in a line is an integer).
 */

/** `value` as canonical JSON. Throws on what JSON cannot carry (undefined, functions, non-finite numbers). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no non-finite numbers');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON cannot carry a ${typeof value}`);
}
