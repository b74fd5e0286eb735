/**
 * The sorted query as the schemes sign it (encoding.ts `sortedQueryString`), written out for the code that sorts at
 * run time (hmac and recipe, TypeScript and Python): the raw query split on "&" and the first "=", each part
 * percent-decoded to bytes ("+" is a plus sign, a leading "?" part of the first name) and RFC 3986-encoded.
 */
import type { PerLanguage } from './code-writer';

/** `sortedQuery(query)` (and the `canonicalQueryPart` it uses) as helper blocks, per language; bash has none. */
export const SORTED_QUERY_HELPERS: Omit<PerLanguage<readonly string[]>, 'curl'> = {
  fetch: [
    '/** A query name or value as signed: %XX escapes are their bytes, other text its UTF-8 bytes ("+" is a plus sign); every byte but A-Z a-z 0-9 - . _ ~ is written %XX. */',
    'function canonicalQueryPart(raw: string): string {',
    '  const chunks: Buffer[] = [];',
    '  let last = 0;',
    '  for (const m of raw.matchAll(/%([0-9A-Fa-f]{2})/g)) {',
    "    chunks.push(Buffer.from(raw.slice(last, m.index), 'utf8'), Buffer.from([parseInt(m[1]!, 16)]));",
    '    last = m.index + 3;',
    '  }',
    "  chunks.push(Buffer.from(raw.slice(last), 'utf8'));",
    "  let out = '';",
    '  for (const b of Buffer.concat(chunks)) {',
    '    const c = String.fromCharCode(b);',
    "    out += /[A-Za-z0-9\\-._~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;",
    '  }',
    '  return out;',
    '}',
    '',
    '/** The raw query (after its first "?") split on "&" and the first "=", sorted by name then value. */',
    'function sortedQuery(query: string): string {',
    '  return query',
    "    .split('&')",
    "    .filter((s) => s !== '')",
    "    .map((s) => (s.includes('=') ? [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)] : [s, '']).map(canonicalQueryPart))",
    '    .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : 0))',
    '    .map(([k, v]) => `${k}=${v}`)',
    "    .join('&');",
    '}',
  ],
  // unquote_to_bytes and quote work on bytes, as the scheme does.
  python: [
    'def canonical_query_part(raw):',
    '    """A query name or value as signed: percent-decoded to bytes ("+" is a plus sign), every byte but A-Z a-z 0-9 - . _ ~ written %XX."""',
    '    return quote(unquote_to_bytes(raw), safe="-_.~")',
    '',
    '',
    'def sorted_query(query):',
    '    """The raw query (after its first "?") split on "&" and the first "=", sorted by name then value."""',
    '    pairs = []',
    '    for segment in query.split("&"):',
    '        if segment:',
    '            name, _, value = segment.partition("=")',
    '            pairs.append((canonical_query_part(name), canonical_query_part(value)))',
    '    return "&".join(f"{k}={v}" for k, v in sorted(pairs))',
  ],
};
