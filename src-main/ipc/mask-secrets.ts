/**
 * What keeps a secret credential out of everything main sends back about a signed request. Some schemes put a
 * credential in a header as is (the Coinbase Exchange, OKX and KuCoin passphrases, an AWS session token), and the
 * preview shows the signed request: every occurrence of a secret value is replaced by •••• before it leaves main.
 * The same split drives code export, where an occurrence becomes a read of an environment variable instead.
 * Pure: the caller passes the credentials it holds inside `vault.useSecret`.
 */
import { CREDENTIAL_FIELDS, PUBLIC_CREDENTIAL_FIELDS, type CredentialField } from '../contract/providers';
import type { Credentials } from '../contract/schemas';

export const MASK = '••••';

/**
 * Secrets shorter than this are masked only where they are a whole value (a header that is exactly the
 * passphrase): replacing every occurrence of a 3-character string would mangle the rest of the text.
 */
const MIN_SUBSTRING_LENGTH = 4;

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

export interface Masker {
  /** `text` with every secret value replaced by ••••. */
  mask(text: string): string;
  /** The fields masked so far, in the order first seen. */
  readonly masked: readonly CredentialField[];
}

export function createMasker(credentials: Readonly<Credentials>): Masker {
  const secrets = secretValues(credentials);
  const masked: CredentialField[] = [];
  return {
    mask(text) {
      const segments = splitOnSecrets(text, secrets);
      for (const seg of segments) if ('secret' in seg && !masked.includes(seg.secret)) masked.push(seg.secret);
      return segments.map((seg) => ('text' in seg ? seg.text : MASK)).join('');
    },
    masked,
  };
}
