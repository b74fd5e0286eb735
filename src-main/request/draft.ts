/**
 * A request as the person typed it (the Request page, `signet request`, a re-send), and how it becomes what the
 * signing engine takes. Shared by the preview (ipc/request-signing.ts) and the egress (http/egress.ts), so that what
 * is previewed is what is sent.
 */
import { HEADER_NAME } from '../contract/field-rules';
import type { RequestDraft } from '../contract/schemas';
import { getHeader } from '../signing/encoding';
import { signingInputError } from '../signing/signing-error';
import type { SignableRequest } from '../signing/types';

/** A draft after the router's schema parse (defaults applied). The egress (http/egress.ts) sends the same shape. */
export type Draft = Omit<RequestDraft, 'headers' | 'body'> & { headers: { name: string; value: string }[]; body: string | null };

/** The typed rows as a header map: blank rows dropped, names checked, a name given twice refused (names the row). */
export function headersFromRows(rows: readonly { name: string; value: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  rows.forEach((row, i) => {
    const name = row.name.trim();
    if (!name && !row.value.trim()) return;
    if (!name) throw signingInputError(`headers[${i}].name`, 'a header with a value needs a name');
    if (!HEADER_NAME.test(name)) throw signingInputError(`headers[${i}].name`, `"${name.slice(0, 40)}" is not a header name (letters, digits and - _ . only; no spaces or colons)`);
    if (/[\r\n\0]/.test(row.value)) throw signingInputError(`headers[${i}].value`, 'a header value is one line (no line breaks)');
    if (getHeader(out, name) !== undefined) throw signingInputError(`headers[${i}].name`, `${name} is already set above; remove one of them`);
    out[name] = row.value.trim();
  });
  return out;
}

/** The draft as the signing engine takes it (header rows checked, an empty body as none). */
export function toSignable(d: Draft): SignableRequest {
  return { method: d.method, url: d.url.trim(), headers: headersFromRows(d.headers), body: d.body === '' ? null : d.body };
}
