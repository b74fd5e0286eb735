/**
 * Text-level handling of request payloads for the exchange schemes. Exchanges verify the bytes they receive, so the
 * schemes sign exactly what they send: every edit here keeps the user's text byte for byte and only adds to it (a
 * parameter at the end, a member at the front of a JSON object). Nothing is parsed and re-serialized.
 */
import { signingInputError } from './signing-error';

/**
 * Percent-encodes (UTF-8, uppercase hex) every character outside printable ASCII. A form body cannot carry raw
 * non-ASCII, spaces or control characters, and Binance requires non-ASCII to be percent-encoded before signing.
 */
export function encodeFormText(text: string, field: string): string {
  if (/^[\x21-\x7e]*$/.test(text)) return text;
  try {
    return text.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
  } catch {
    throw signingInputError(field, 'contains an unpaired UTF-16 surrogate, which has no UTF-8 encoding');
  }
}

/** Checks that `text` is `name=value` pairs joined by `&` (application/x-www-form-urlencoded). */
export function assertFormText(text: string, field: string): void {
  if (/^\s*[[{]/.test(text)) throw signingInputError(field, `expected form parameters like a=1&b=2 (application/x-www-form-urlencoded), not JSON`);
  if (!/^[^&=]+=[^&]*(?:&[^&=]+=[^&]*)*$/.test(text)) throw signingInputError(field, `expected form parameters like a=1&b=2, not ${preview(text)}`);
}

/** One `name=value` pair as it appears in the text, with its name decoded. */
export interface FormPair {
  readonly raw: string;
  readonly name: string;
  /** The value as sent (still percent-encoded). */
  readonly rawValue: string;
}

export function formPairs(text: string): FormPair[] {
  if (text === '') return [];
  return text.split('&').map((raw) => {
    const eq = raw.indexOf('=');
    return { raw, name: formDecode(eq < 0 ? raw : raw.slice(0, eq)), rawValue: eq < 0 ? '' : raw.slice(eq + 1) };
  });
}

/** application/x-www-form-urlencoded decoding ('+' is a space); malformed escapes stay as they are. */
export function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

const PARAM_PATTERNS = new Map<string, RegExp>();

/** The raw value of the first parameter called `name` (a plain ASCII name), or undefined. Signing hot path: patterns are cached. */
export function formValue(text: string, name: string): string | undefined {
  if (text === '') return undefined;
  let pattern = PARAM_PATTERNS.get(name);
  if (pattern === undefined) {
    pattern = new RegExp(`(?:^|&)${name}=([^&]*)`);
    PARAM_PATTERNS.set(name, pattern);
  }
  const m = pattern.exec(text);
  return m ? m[1] : undefined;
}

/** `text&pair`, or `pair` when `text` is empty. */
export function appendParam(text: string, pair: string): string {
  return text === '' ? pair : `${text}&${pair}`;
}

/** Parses a JSON object body; names the field when it is not one. */
export function parseJsonObject(text: string, field: string, expected: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw signingInputError(field, `${expected}; this is not JSON: ${preview(text)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw signingInputError(field, `${expected}; this JSON is not an object`);
  return value as Record<string, unknown>;
}

/**
 * Inserts `"name":value` members right after the opening brace of a JSON object text, leaving the rest byte for
 * byte. `valueJson` is JSON text (a quoted string or a number written out).
 */
export function prependJsonMembers(text: string, members: readonly (readonly [name: string, valueJson: string])[], objectIsEmpty: boolean): string {
  const open = text.indexOf('{');
  const inserted = members.map(([name, value]) => `${JSON.stringify(name)}:${value}`).join(',');
  return `${text.slice(0, open + 1)}${inserted}${objectIsEmpty ? '' : ','}${text.slice(open + 1)}`;
}

/** The digits of a top-level `"name": 123` or `"name": "123"` member as written (JSON.parse loses digits past 2^53). */
export function jsonIntegerMember(text: string, parsed: Record<string, unknown>, name: string): string | undefined {
  const value = parsed[name];
  if (typeof value === 'string') return /^\d{1,20}$/.test(value) ? value : undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return undefined;
  if (Number.isSafeInteger(value)) return String(value);
  const m = new RegExp(`"${name}"\\s*:\\s*(\\d{1,20})\\b`).exec(text);
  return m ? m[1] : undefined;
}

export function preview(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
