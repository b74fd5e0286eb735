/**
 * The Request page's rules as pure functions, unit-tested without a browser: the draft as the contract's
 * RequestDraft, which field an error names (so the page can point at it), the canonical string cut into its
 * labelled parts for highlighting, and which schemes a key can sign with.
 */
import type { EntrySummary, RequestDraft, SchemeInfo } from '../../../src-main/contract/schemas';
import { providerInfo } from '../../../src-main/contract/providers';
import type { RequestDraftState, RequestSample } from './request-slice';

/** A typed timestamp: '' (now), or whole epoch milliseconds. */
export function parseTimestamp(text: string): { value: number | undefined; problem: string | null } {
  const t = text.trim();
  if (t === '') return { value: undefined, problem: null };
  if (!/^\d{1,16}$/.test(t)) return { value: undefined, problem: 'Epoch milliseconds, digits only (e.g. 1764300000000), or leave empty for now.' };
  const n = Number(t);
  if (t.length <= 10) return { value: undefined, problem: `That looks like seconds; Signet takes milliseconds (${t}000).` };
  return { value: n, problem: null };
}

/** The draft as main takes it. All header rows go (main skips blank ones), so an error's row index is the row's. */
export function toRequestDraft(d: RequestDraftState, entryId: string, schemeId: string | null): RequestDraft {
  const options: Record<string, string> = Object.fromEntries(d.options.filter((o) => o.name.trim()).map((o) => [o.name.trim(), o.value]));
  // The recipe editor's text is the recipe option, as if typed there (main validates it and names the field).
  const recipe = schemeId === 'recipe' ? d.recipes[entryId] : undefined;
  if (recipe !== undefined && recipe.trim() !== '') options.recipe = recipe;
  const timestamp = parseTimestamp(d.timestamp).value;
  return {
    entryId,
    ...(schemeId ? { schemeId } : {}),
    method: d.method,
    url: d.url.trim(),
    headers: d.headers.map((h) => ({ name: h.name, value: h.value })),
    body: d.body === '' ? null : d.body,
    ...(timestamp !== undefined ? { timestamp } : {}),
    ...(d.nonce.trim() ? { nonce: d.nonce.trim() } : {}),
    ...(Object.keys(options).length ? { options } : {}),
  };
}

export type ErrorTarget =
  | { kind: 'url' | 'method' | 'body' | 'key' | 'scheme' | 'timestamp' | 'nonce' | 'options' | 'headers' | 'recipe' }
  | { kind: 'header'; index: number; part: 'name' | 'value' };

export interface PlacedError {
  /** Where the page shows it; null: only in the preview panel. */
  readonly target: ErrorTarget | null;
  /** The field as main named it (`url`, `headers[1].name`, `credentials.secret`). */
  readonly field: string | null;
  /** The message without the field prefix, starting with a capital. */
  readonly message: string;
  /** The whole message, as main sent it. */
  readonly full: string;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const words = (field: string) => field.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`).replace(' pem', ' PEM');

/** The page element a field name points at. */
export function targetOf(field: string): ErrorTarget | null {
  const header = /^headers?[[.](\d+)\]?\.(name|value)$/.exec(field);
  if (header) return { kind: 'header', index: Number(header[1]), part: header[2] as 'name' | 'value' };
  const head = field.split(/[.[\s]/)[0] ?? '';
  if (head === 'url' || head === 'query' || head === 'path' || head === 'host') return { kind: 'url' };
  if (head === 'method') return { kind: 'method' };
  if (head === 'body' || head === 'payload') return { kind: 'body' };
  if (head === 'credentials' || head === 'entryId' || head === 'provider') return { kind: 'key' };
  if (head === 'scheme' || head === 'schemeId') return { kind: 'scheme' };
  if (head === 'timestamp') return { kind: 'timestamp' };
  if (head === 'nonce') return { kind: 'nonce' };
  if (head === 'recipe' || field === 'option recipe') return { kind: 'recipe' };
  if (head === 'option' || head === 'options') return { kind: 'options' };
  if (head === 'headers' || head === 'header') return { kind: 'headers' };
  return null;
}

/**
 * Places an error from main next to the field it names (ERR_SIGNING_INPUT "field: expected", zod "path: problem").
 * A credential the key does not have at all is said so, with what the scheme expected in brackets.
 */
export function placeError(e: { code: string; message: string }, key?: Pick<EntrySummary, 'credentialFields'>): PlacedError {
  const full = e.message;
  if (e.code === 'ERR_UNKNOWN_SCHEME') return { target: { kind: 'scheme' }, field: 'scheme', message: full, full };
  if (e.code === 'ERR_ENTRY_NOT_FOUND') return { target: { kind: 'key' }, field: 'entryId', message: full, full };
  const text = e.code === 'ERR_VALIDATION' ? full.replace(/^Invalid input for [\w:]+: /, '') : full;
  const m = /^([A-Za-z][\w.[\]-]*(?: [A-Za-z][\w.-]*)?): (.+)$/s.exec(text);
  if ((e.code === 'ERR_SIGNING_INPUT' || e.code === 'ERR_VALIDATION') && m) {
    const field = m[1] as string;
    // zod joins several issues with "; ": the first is the one to fix first.
    const rest = e.code === 'ERR_VALIDATION' ? ((m[2] as string).split('; ')[0] as string) : (m[2] as string);
    const credential = /^credentials\.(\w+)$/.exec(field);
    const name = credential?.[1];
    const absent = name !== undefined && key !== undefined && !(key.credentialFields as readonly string[]).includes(name);
    const message = name === undefined ? capital(rest) : absent ? `This key has no ${words(name)} (${rest}).` : `This key’s ${words(name)}: ${rest}`;
    return { target: targetOf(field), field, message, full };
  }
  return { target: null, field: null, message: full, full };
}

export type CanonicalSegment = { kind: 'part'; index: number; text: string } | { kind: 'sep'; text: string };

/**
 * Cuts the canonical string into its labelled parts and the separators between them, in order. An empty part
 * sits after the separator that precedes it (hmac's empty query is its own line). Null when the parts cannot be
 * found in order; the page then shows the string plain and the parts as a list.
 */
export function segmentCanonical(canonical: string, parts: readonly { value: string }[]): CanonicalSegment[] | null {
  const out: CanonicalSegment[] = [];
  let cursor = 0;
  let lastSep = '';
  parts.forEach((p, index) => {
    if (cursor < 0) return;
    if (p.value === '') {
      if (index > 0 && lastSep && canonical.startsWith(lastSep, cursor)) {
        out.push({ kind: 'sep', text: lastSep });
        cursor += lastSep.length;
      }
      out.push({ kind: 'part', index, text: '' });
      return;
    }
    const at = canonical.indexOf(p.value, cursor);
    if (at < 0) {
      cursor = -1;
      return;
    }
    if (at > cursor) {
      lastSep = canonical.slice(cursor, at);
      out.push({ kind: 'sep', text: lastSep });
    } else if (index > 0 && out[out.length - 1]?.kind === 'part') {
      lastSep = '';
    }
    out.push({ kind: 'part', index, text: p.value });
    cursor = at + p.value.length;
  });
  if (cursor < 0) return null;
  if (cursor < canonical.length) out.push({ kind: 'sep', text: canonical.slice(cursor) });
  return out;
}

/** The credential fields a scheme needs that this key lacks (one name per unmet requirement). */
export function missingCredentials(scheme: SchemeInfo, entry: Pick<EntrySummary, 'credentialFields'>): string[] {
  const has = new Set<string>(entry.credentialFields);
  return scheme.credentials.filter((alternatives) => !alternatives.some((f) => has.has(f))).map((alternatives) => alternatives.map(words).join(' or '));
}

/** The key the page signs with: the chosen one while it exists, else the sandbox key, else the first. */
export function effectiveEntry(entries: readonly EntrySummary[], chosen: string | null): EntrySummary | null {
  return entries.find((e) => e.id === chosen) ?? entries.find((e) => e.provider === 'sandbox') ?? entries[0] ?? null;
}

/** Where the sandbox listens when main has not said (it normally runs on a free port main reports). */
export const SANDBOX_ORIGIN = 'http://127.0.0.1:8443';

/**
 * A starting request for the key: for the sandbox, a limit order on its running exchange (`sandboxUrl` from main);
 * for others, the provider's base URL.
 */
export function sampleFor(entry: Pick<EntrySummary, 'provider' | 'baseUrl'>, sandboxUrl?: string | null): { label: string; sample: RequestSample } | null {
  if (entry.provider === 'sandbox') {
    return {
      label: 'Try a sample order',
      sample: {
        method: 'POST',
        url: `${entry.baseUrl ?? sandboxUrl ?? SANDBOX_ORIGIN}/v1/orders`,
        headers: [['Accept', 'application/json'], ['Content-Type', 'application/json']],
        body: '{"symbol":"BTC-USD","side":"buy","type":"limit","quantity":0.25,"price":64000}',
      },
    };
  }
  const base = entry.baseUrl ?? providerInfo(entry.provider)?.defaultBaseUrl;
  if (!base) return null;
  return { label: `Start from ${base}`, sample: { method: 'GET', url: `${base.replace(/\/+$/, '')}/`, headers: [['Accept', 'application/json']], body: '' } };
}

/** A URL typed without its scheme, completed: http for this machine, https elsewhere. Null when that does not help. */
export function completeUrl(typed: string): string | null {
  const t = typed.trim();
  if (!t || /^[a-z][a-z0-9+.-]*:/i.test(t) && !/^(localhost|[\d.]+):\d/i.test(t)) return null;
  const local = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:|\/|$)/i.test(t);
  const candidate = `${local ? 'http' : 'https'}://${t.replace(/^\/+/, '')}`;
  try {
    const u = new URL(candidate);
    return u.hostname.includes('.') || local ? candidate : null;
  } catch {
    return null;
  }
}
