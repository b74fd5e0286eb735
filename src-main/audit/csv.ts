/**
 * CSV for `signet audit export --format csv` (RFC 4180: comma-separated, CRLF between records, a field quoted when it
 * holds a comma, a quote, CR or LF, quotes doubled inside). No CSV library is among Signet's dependencies, and
 * writing is the easy half of CSV: one function, tested with the awkward cases.
 *
 * One addition for spreadsheets: a field that starts with =, +, -, @, a tab or CR is one a spreadsheet would run as a
 * formula (CSV injection; a key label, or the path of a refused request, is anybody's text), so it gets a leading
 * apostrophe, which spreadsheets show as plain text. The JSON Lines export is the byte-exact copy.
 */

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA = /^[=+\-@\t\r]/;

/** One field, escaped. */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvRow(fields: readonly (string | number | boolean | null)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
