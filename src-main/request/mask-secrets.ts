/**
 * What keeps a secret credential out of everything main sends back about a signed request. Some schemes put a
 * credential in a header as is (the Coinbase Exchange, OKX and KuCoin passphrases, an AWS session token), and the
 * preview shows the signed request: every occurrence of a secret value is replaced by •••• before it leaves main.
 * The same split drives code export, where an occurrence becomes a read of an environment variable instead.
 *
 * A server may reflect a credential in another encoding (a JSON error quoting the passphrase with its `"` escaped, a
 * base64 token, a hex dump, a URL-encoded echo), so masking replaces every encoded form, not only the exact string:
 * JSON-escaped, URL-encoded (both percent cases, + for space), hex (both cases), and base64 / base64url at each of the
 * three byte alignments a value can have inside a longer base64 text (the characters that depend on the value alone).
 * Pure: the caller passes the credentials it holds inside `vault.useSecret`.
 */
import { CREDENTIAL_FIELDS, PUBLIC_CREDENTIAL_FIELDS, type CredentialField } from '../contract/providers';
import type { Credentials } from '../contract/schemas';
import { sendsKeyUnsigned } from '../signing/scheme-for-provider';

export const MASK = '••••';

/**
 * Secrets shorter than this are masked only where they are a whole value (a header that is exactly the
 * passphrase): replacing every occurrence of a 3-character string would mangle the rest of the text.
 */
const MIN_SUBSTRING_LENGTH = 4;
/** An encoded form shorter than this is not searched for (a 5-character base64 run is too common to mask). */
const MIN_ENCODED_LENGTH = 6;

export interface SecretValue {
  readonly field: CredentialField;
  readonly value: string;
}

/** The secret (non-public) credential values present, longest first so a secret inside another is not split. */
export function secretValues(credentials: Readonly<Credentials>): SecretValue[] {
  const out: SecretValue[] = [];
  for (const field of CREDENTIAL_FIELDS) {
    const value = credentials[field];
    if (PUBLIC_CREDENTIAL_FIELDS.includes(field) || value === undefined || value === '') continue;
    out.push({ field, value });
  }
  return out.sort((a, b) => b.value.length - a.value.length);
}

/**
 * The credentials to mask for a key of `provider`: a provider whose key is sent as it is (CoinGecko, Token Metrics)
 * has no other secret, so its API key is one. Every masker of a key's values (preview, send, refusal, public data)
 * starts here, so the two paths cannot disagree.
 */
export function secretCredentials(provider: string, credentials: Readonly<Credentials>): Readonly<Credentials> {
  return sendsKeyUnsigned(provider) && credentials.apiKey ? { ...credentials, secret: credentials.apiKey } : credentials;
}

/** A piece of text: literal, or the place where a secret credential goes. */
export type Segment = { readonly text: string } | { readonly secret: CredentialField };

/** Splits `text` around every occurrence of a secret value. Joining the literal parts with the secrets gives `text` back. */
export function splitOnSecrets(text: string, secrets: readonly SecretValue[]): Segment[] {
  const whole = secrets.find((s) => s.value === text);
  if (whole) return [{ secret: whole.field }];
  let segments: Segment[] = [{ text }];
  for (const s of secrets) {
    if (s.value.length < MIN_SUBSTRING_LENGTH) continue;
    segments = segments.flatMap((seg) => {
      if (!('text' in seg) || !seg.text.includes(s.value)) return [seg];
      const pieces = seg.text.split(s.value);
      return pieces.flatMap((p, i): Segment[] => [...(p ? [{ text: p }] : []), ...(i < pieces.length - 1 ? [{ secret: s.field }] : [])]);
    });
  }
  return segments;
}

/** The base64 characters that depend on `bytes` alone when they start `offset` bytes into a longer text. */
function base64Core(bytes: Buffer, offset: number, url: boolean): string {
  const enc = Buffer.concat([Buffer.alloc(offset), bytes]).toString(url ? 'base64url' : 'base64').replace(/=+$/, '');
  const first = Math.ceil((8 * offset) / 6);
  const last = Math.floor((8 * (offset + bytes.length) - 6) / 6);
  return enc.slice(first, last + 1);
}

/** Every form in which `value` may be reflected back (the value itself first). */
export function encodedForms(value: string): string[] {
  // A value too short to mask inside text has no encoded forms worth masking either (its hex is 6 common characters).
  if (value.length < MIN_SUBSTRING_LENGTH) return [value];
  const bytes = Buffer.from(value, 'utf8');
  const json = JSON.stringify(value).slice(1, -1);
  const uri = encodeURIComponent(value);
  const forms = [
    json,
    json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    json.replace(/\//g, '\\/'),
    uri,
    uri.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    uri.replace(/%20/g, '+'),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
  ];
  for (const offset of [0, 1, 2]) forms.push(base64Core(bytes, offset, false), base64Core(bytes, offset, true));
  return [value, ...new Set(forms.filter((f) => f !== value && f.length >= MIN_ENCODED_LENGTH))];
}

export interface Masker {
  /** `text` with every secret value, in every encoded form, replaced by •••• (and, with `ids`, each identifier by its preview). */
  mask(text: string): string;
  /** The secret fields masked so far, in the order first seen. */
  readonly masked: readonly CredentialField[];
  /** The identifier fields (API key, access key id) masked so far, when `ids` is on. */
  readonly maskedIds: readonly CredentialField[];
}

/** Fields that identify a key without being secret: shown as the vault shows them (••••3f9a) until revealed. */
const ID_FIELDS: readonly CredentialField[] = ['apiKey', 'accessKeyId'];

/** An identifier as the vault previews it: its last 4 characters; all bullets when it is too short to show any. */
export function idPreview(value: string): string {
  return value.length >= 8 ? `${MASK}${value.slice(-4)}` : MASK;
}

/**
 * A masker for what a key's credentials may leave in a text. Secret fields always become ••••; with `ids`, the API
 * key and access key id become their preview too (the Request page and the Inspector show them so until the person
 * reveals them; the inspector's file never holds them whole).
 */
export function createMasker(credentials: Readonly<Credentials>, opts: { ids?: boolean } = {}): Masker {
  const secrets = secretValues(credentials);
  const ids = opts.ids ? ID_FIELDS.flatMap((field) => (credentials[field] ? [{ field, value: credentials[field]! }] : [])) : [];
  // Every form of every value, longest first: a form inside a longer one is not split.
  const forms = [...secrets, ...ids]
    .flatMap((s) => encodedForms(s.value).map((value) => ({ field: s.field, value })))
    .sort((a, b) => b.value.length - a.value.length);
  const shownAs = new Map(ids.map((i) => [i.field, idPreview(i.value)]));
  const masked: CredentialField[] = [];
  const maskedIds: CredentialField[] = [];
  return {
    mask(text) {
      const segments = splitOnSecrets(text, forms);
      for (const seg of segments) {
        if (!('secret' in seg)) continue;
        const list = shownAs.has(seg.secret) ? maskedIds : masked;
        if (!list.includes(seg.secret)) list.push(seg.secret);
      }
      return segments.map((seg) => ('text' in seg ? seg.text : (shownAs.get(seg.secret) ?? MASK))).join('');
    },
    masked,
    maskedIds,
  };
}

/** `value` with every string in it (object values and array items, at any depth) masked; keys are kept. */
export function maskDeep<T>(value: T, mask: (text: string) => string): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => maskDeep(v, mask)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, mask)])) as T;
  }
  return value;
}
