/**
 * Signature bytes, whatever the text: a received signature is read as hex and as base64/base64url, so the engine
 * can tell "the right MAC in the wrong encoding" from "another MAC", and can compare a MAC it computed with another
 * hash or key decoding against what was received.
 */
import { createHmac } from 'node:crypto';
import type { SchemeCredentials, SignableRequest } from '../types';
import type { MacModel, MacVariant } from './model';

export type SignatureEncoding = 'hex' | 'HEX' | 'base64' | 'base64url' | 'base64 (unpadded)';

/** Every reading of a signature text as bytes. */
export function signatureReadings(text: string): { encoding: SignatureEncoding; bytes: Buffer }[] {
  const out: { encoding: SignatureEncoding; bytes: Buffer }[] = [];
  const t = text.trim();
  if (t.length > 0 && t.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(t)) {
    out.push({ encoding: /[A-F]/.test(t) && !/[a-f]/.test(t) ? 'HEX' : 'hex', bytes: Buffer.from(t, 'hex') });
  }
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(t) && t.length % 4 === 0) out.push({ encoding: 'base64', bytes: Buffer.from(t, 'base64') });
  else if (/^[A-Za-z0-9+/]+$/.test(t) && t.length % 4 !== 1) out.push({ encoding: 'base64 (unpadded)', bytes: Buffer.from(t, 'base64') });
  if (/^[A-Za-z0-9_-]+={0,2}$/.test(t) && /[_-]/.test(t)) out.push({ encoding: 'base64url', bytes: Buffer.from(t, 'base64url') });
  return out;
}

/** The encoding `text` is written in when it is a reading of `bytes`; null when no reading gives them. */
export function encodingOf(text: string, bytes: Buffer): SignatureEncoding | null {
  for (const r of signatureReadings(text)) if (r.bytes.length === bytes.length && r.bytes.equals(bytes)) return r.encoding;
  return null;
}

/** `bytes` written as the scheme writes its MAC. */
export function encodeMac(bytes: Buffer, output: MacModel['output']): string {
  return output === 'hex' ? bytes.toString('hex') : output === 'HEX' ? bytes.toString('hex').toUpperCase() : output === 'base64url' ? bytes.toString('base64url') : bytes.toString('base64');
}

/** The HMAC key a secret gives under a decoding; null when the secret is not in that encoding. */
export function keyBytes(secret: string, decoding: MacVariant['key']): Buffer | null {
  if (decoding === 'utf8') return Buffer.from(secret, 'utf8');
  if (decoding === 'hex') return secret.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(secret) ? Buffer.from(secret, 'hex') : null;
  const t = secret.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t) || t.length % 4 === 1) return null;
  return Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** The MAC bytes over `canonical` for one variant; null when the variant cannot apply (the secret is not hex, …). */
export function macBytes(mac: MacModel, canonical: string, request: SignableRequest, credentials: SchemeCredentials, variant: MacVariant): Buffer | null {
  if (mac.digest) return mac.digest(canonical, request, credentials, variant);
  const key = keyBytes(credentials.secret ?? '', variant.key);
  if (!key || key.length === 0) return null;
  return createHmac(variant.hash, key).update(canonical, 'utf8').digest();
}

/** Whether `received` is a reading of the MAC over `canonical` under `variant`. */
export function macMatches(mac: MacModel, canonical: string, request: SignableRequest, credentials: SchemeCredentials, variant: MacVariant, received: string): boolean {
  const bytes = macBytes(mac, canonical, request, credentials, variant);
  return bytes !== null && encodingOf(received, bytes) !== null;
}

const HASHES: readonly MacVariant['hash'][] = ['sha256', 'sha384', 'sha512'];
const KEYS: readonly MacVariant['key'][] = ['utf8', 'base64', 'hex'];

/** Every other hash and key decoding than the scheme's. */
export function otherVariants(mac: MacModel): MacVariant[] {
  const out: MacVariant[] = [];
  for (const hash of HASHES) for (const key of KEYS) if (hash !== mac.hash || key !== mac.key) out.push({ hash, key });
  return out;
}

export const KEY_WORDS: Readonly<Record<MacVariant['key'], string>> = {
  utf8: 'the secret’s text (its UTF-8 bytes)',
  base64: 'the base64-decoded secret',
  hex: 'the hex-decoded secret',
};
