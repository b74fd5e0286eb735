/**
 * PEM keys for the asymmetric schemes (Binance Ed25519 and RSA). The key comes from `credentials.privateKeyPem` or, as
 * the issue defines the secret for these schemes ("a PKCS#8 PEM private key"), `credentials.secret`; an encrypted
 * PKCS#8 key is opened with `credentials.passphrase`. Every failure names the field and says what is
 * expected, because a wrong key is the most common reason such a request is rejected.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { signingInputError } from './signing-error';
import type { SchemeCredentials } from './types';

export type AsymmetricKeyType = 'ed25519' | 'rsa';

const NAMES: Record<string, string> = { ed25519: 'Ed25519', rsa: 'RSA', 'rsa-pss': 'RSA-PSS', ec: 'EC (ECDSA)', ed448: 'Ed448', x25519: 'X25519', dsa: 'DSA' };
const SCHEME_FOR: Record<string, string> = { ed25519: 'binance-ed25519', rsa: 'binance-rsa' };

function source(credentials: SchemeCredentials, type: AsymmetricKeyType): { field: string; text: string } {
  // privateKeyPem first, as scheme-for-provider.ts reads it: the field that is a key by name wins over `secret`.
  if (credentials.privateKeyPem !== undefined && credentials.privateKeyPem !== '') return { field: 'credentials.privateKeyPem', text: credentials.privateKeyPem };
  if (credentials.secret !== undefined && credentials.secret !== '') return { field: 'credentials.secret', text: credentials.secret };
  throw signingInputError('credentials.secret', `expected the ${NAMES[type]} private key as PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----" …)`);
}

function pemLabel(text: string, field: string, type: AsymmetricKeyType): string {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text);
  if (m) return m[1] as string;
  const hint = /^[A-Za-z0-9+/=_-]{16,}$/.test(text.trim()) ? ' (it looks like an HMAC secret: use binance-hmac-sha256)' : '';
  throw signingInputError(field, `expected the ${NAMES[type]} private key as PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----" …); this is not PEM${hint}`);
}

function checkType(key: KeyObject, field: string, type: AsymmetricKeyType): KeyObject {
  const actual = key.asymmetricKeyType ?? 'unknown';
  if (actual === type) return key;
  const other = SCHEME_FOR[actual];
  throw signingInputError(field, `expected an ${NAMES[type]} key, but this is an ${NAMES[actual] ?? actual} key${other ? ` (sign with ${other})` : ''}`);
}

function openPrivate(text: string, label: string, field: string, credentials: SchemeCredentials): KeyObject {
  const encrypted = label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type: 4,ENCRYPTED/.test(text);
  if (encrypted && !credentials.passphrase) throw signingInputError('credentials.passphrase', `the PEM key in ${field} is encrypted: give its passphrase`);
  try {
    return createPrivateKey(encrypted ? { key: text, format: 'pem', passphrase: credentials.passphrase } : { key: text, format: 'pem' });
  } catch (e) {
    if (encrypted) throw signingInputError('credentials.passphrase', `does not decrypt the PEM key in ${field}`);
    throw signingInputError(field, `the PEM block could not be read as a private key (${(e as Error).message.replace(/^error:[0-9A-F]+:/, '').slice(0, 80)})`);
  }
}

/**
 * Keys already read, per credentials object (as encoding.ts keeps HMAC keys): parsing a PEM costs more than an
 * Ed25519 signature, and a verifier or the debugger checks many requests with one key. An entry is used only while
 * the PEM text (and passphrase) it was made from is unchanged, and goes with the credentials object.
 */
const KEYS = new WeakMap<object, Map<string, { readonly text: string; readonly passphrase: string | undefined; readonly value: unknown }>>();

export function cached<T>(credentials: SchemeCredentials, slot: string, text: string, make: () => T): T {
  const slots = KEYS.get(credentials) ?? new Map();
  const hit = slots.get(slot);
  if (hit && hit.text === text && hit.passphrase === credentials.passphrase) return hit.value as T;
  const value = make();
  slots.set(slot, { text, passphrase: credentials.passphrase, value });
  KEYS.set(credentials, slots);
  return value;
}

/** The private key to sign with; names the field when it is missing, not PEM, public, encrypted without passphrase or of another type. */
export function readPrivateKey(credentials: SchemeCredentials, type: AsymmetricKeyType): KeyObject {
  const { text } = source(credentials, type);
  return cached(credentials, `private:${type}`, text, () => openPrivateKey(credentials, type));
}

function openPrivateKey(credentials: SchemeCredentials, type: AsymmetricKeyType): KeyObject {
  const { field, text } = source(credentials, type);
  const label = pemLabel(text, field, type);
  if (label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY' || label === 'CERTIFICATE') {
    throw signingInputError(field, `this is a ${label === 'CERTIFICATE' ? 'certificate' : 'public key'}; signing needs the ${NAMES[type]} private key ("-----BEGIN PRIVATE KEY-----")`);
  }
  return checkType(openPrivate(text, label, field, credentials), field, type);
}

/**
 * The key to verify with: a public key PEM (what the exchange holds) or the private key (its public half is used,
 * and the private key lets the verifier show the expected signature too).
 */
export function readVerifyKey(credentials: SchemeCredentials, type: AsymmetricKeyType): { publicKey: KeyObject; privateKey: KeyObject | null } {
  const { text } = source(credentials, type);
  return cached(credentials, `verify:${type}`, text, () => openVerifyKey(credentials, type));
}

function openVerifyKey(credentials: SchemeCredentials, type: AsymmetricKeyType): { publicKey: KeyObject; privateKey: KeyObject | null } {
  const { field, text } = source(credentials, type);
  const label = pemLabel(text, field, type);
  if (label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY') {
    let publicKey: KeyObject;
    try {
      publicKey = createPublicKey({ key: text, format: 'pem' });
    } catch (e) {
      throw signingInputError(field, `the PEM block could not be read as a public key (${(e as Error).message.slice(0, 80)})`);
    }
    return { publicKey: checkType(publicKey, field, type), privateKey: null };
  }
  const privateKey = readPrivateKey(credentials, type);
  return { publicKey: createPublicKey(privateKey), privateKey };
}
