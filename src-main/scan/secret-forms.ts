/**
 * The forms in which a vault secret can sit in a file, as bytes to search for (`searchForms`) and as whole values to
 * compare a split `NAME=value` with (`wholeForms`).
 *
 * Search forms: the text itself; JSON-escaped and URL-encoded (both percent cases, `+` for a space) where they
 * differ; hex in both cases; and base64 / base64url at each of the three byte alignments the value can have inside a
 * longer base64 text (only the characters that depend on the value alone, so `base64("API_SECRET=" + secret)` is
 * found too). A PEM private key is searched by its body lines and its whole body on one line (its header and footer
 * are the same for every key), and by the base64 of the PEM text (a Kubernetes secret).
 *
 * Values shorter than MIN_SECRET_LENGTH are not searched: an 8-character passphrase is already common enough in
 * source text to be a poor signal, and a shorter one would be mostly false positives.
 */
import type { ScanEncoding } from '../contract/scan';

/** Shorter values are not matched at all (docs/scan.md). */
export const MIN_SECRET_LENGTH = 8;
/** No search form is shorter than this (the vault matcher's smallest window tier relies on it). */
export const MIN_FORM_LENGTH = 8;

export interface SecretForm {
  readonly encoding: ScanEncoding;
  readonly bytes: Buffer;
  /** One of a PEM key's body lines: several lines of one key in a row are one finding. */
  readonly pemLine?: true;
}

/** The base64 characters that depend on `bytes` alone when they start `offset` bytes into a longer text. */
function base64Core(bytes: Buffer, offset: number, url: boolean): Buffer {
  const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
  const enc = Buffer.from(padded.toString(url ? 'base64url' : 'base64'), 'latin1');
  padded.fill(0);
  const first = Math.ceil((8 * offset) / 6);
  const last = Math.floor((8 * (offset + bytes.length) - 6) / 6);
  const core = Buffer.from(enc.subarray(first, last + 1));
  enc.fill(0);
  return core;
}

const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----([\s\S]*?)-----END [A-Z0-9 ]*PRIVATE KEY-----/;

/** The base64 body lines of a PEM private key, or null when the value is not one. */
function pemBodyLines(value: string): string[] | null {
  const m = PEM_BLOCK.exec(value);
  if (!m) return null;
  return m[1]!
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.includes(':'));
}

function push(out: SecretForm[], encoding: ScanEncoding, bytes: Buffer, extra?: { pemLine: true }): void {
  if (bytes.length < MIN_FORM_LENGTH) {
    bytes.fill(0);
    return;
  }
  out.push({ encoding, bytes, ...extra });
}

/** The byte strings to search for, text first. The caller wipes them (`wipeForms`) once the matcher is built. */
export function searchForms(value: string): SecretForm[] {
  const out: SecretForm[] = [];
  if (value.length < MIN_SECRET_LENGTH) return out;
  const lines = pemBodyLines(value);
  const text = Buffer.from(value, 'utf8');
  if (lines) {
    for (const line of lines) if (line.length >= 16) push(out, 'text', Buffer.from(line, 'latin1'), { pemLine: true });
    push(out, 'text', Buffer.from(lines.join(''), 'latin1'));
    for (const offset of [0, 1, 2]) push(out, 'base64', base64Core(text, offset, false));
    text.fill(0);
    return dedupe(out);
  }
  push(out, 'text', text);
  push(out, 'json', Buffer.from(JSON.stringify(value).slice(1, -1), 'utf8'));
  const uri = encodeURIComponent(value);
  push(out, 'url', Buffer.from(uri, 'latin1'));
  push(out, 'url', Buffer.from(uri.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()), 'latin1'));
  push(out, 'url', Buffer.from(uri.replace(/%20/g, '+'), 'latin1'));
  push(out, 'hex', Buffer.from(text.toString('hex'), 'latin1'));
  push(out, 'hex-upper', Buffer.from(text.toString('hex').toUpperCase(), 'latin1'));
  for (const offset of [0, 1, 2]) push(out, 'base64', base64Core(text, offset, false));
  for (const offset of [0, 1, 2]) push(out, 'base64url', base64Core(text, offset, true));
  return dedupe(out);
}

/**
 * Whole values equal to the secret in some encoding: what a split `NAME=value`, once joined, is compared with
 * (text, hex both cases, base64 with and without padding, base64url, URL-encoded).
 */
export function wholeForms(value: string): Buffer[] {
  if (value.length < MIN_SECRET_LENGTH) return [];
  const lines = pemBodyLines(value);
  const text = Buffer.from(value, 'utf8');
  const b64 = text.toString('base64');
  const forms = lines
    ? [Buffer.from(lines.join(''), 'latin1'), Buffer.from(b64, 'latin1')]
    : [
        Buffer.from(text),
        Buffer.from(text.toString('hex'), 'latin1'),
        Buffer.from(text.toString('hex').toUpperCase(), 'latin1'),
        Buffer.from(b64, 'latin1'),
        Buffer.from(b64.replace(/=+$/, ''), 'latin1'),
        Buffer.from(text.toString('base64url'), 'latin1'),
        Buffer.from(encodeURIComponent(value), 'latin1'),
      ];
  text.fill(0);
  return forms;
}

/** Drops repeated byte strings (an alphanumeric secret's URL form is the text; base64url equals base64 without + or /). */
function dedupe(forms: SecretForm[]): SecretForm[] {
  const out: SecretForm[] = [];
  for (const f of forms) {
    if (out.some((o) => o.bytes.equals(f.bytes))) f.bytes.fill(0);
    else out.push(f);
  }
  return out;
}

export function wipeForms(forms: readonly { bytes: Buffer }[] | readonly Buffer[]): void {
  for (const f of forms) (Buffer.isBuffer(f) ? f : f.bytes).fill(0);
}
