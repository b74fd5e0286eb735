/**
 * Key pairs made in the vault (docs/key-pairs.md): generating one with node:crypto, reading the public half of a
 * private key, and the forms of a public key an exchange's key page asks for. The private key PEM made here is what
 * the signers read (signing/pem-key.ts for Binance, the CDP JWT scheme for Coinbase): PKCS#8, unencrypted.
 *
 * Rotation of a generated key is `generateKeyPair(type)` again, then `vault.update` with the new privateKeyPem and
 * `apiKey: null`: the vault derives the entry's new public key, and the entry waits for its new API key.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPair as generate, type KeyObject } from 'node:crypto';
import { AppError } from '../base/errors';
import { KEY_PAIR_TYPE_NAMES, keyPairChoices, type KeyPairType } from '../contract/key-pairs';
import { providerInfo } from '../contract/providers';
import type { PublicKeyView } from '../contract/schemas';

/** RSA modulus: Binance takes 2048 and 4096 bits; 2048 signs about six times faster and is NIST's floor to 2030. */
export const RSA_BITS = 2048;

export interface GeneratedKeyPair {
  readonly type: KeyPairType;
  /** PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), ending in a newline. Goes into the vault and nowhere else. */
  readonly privateKeyPem: string;
  /** SPKI PEM ("-----BEGIN PUBLIC KEY-----"). */
  readonly publicKeyPem: string;
  readonly fingerprint: string;
}

/** The public half as the vault keeps it in an entry's metadata (it is not secret). */
export interface PublicKeyInfo {
  readonly type: KeyPairType;
  readonly publicKeyPem: string;
  readonly fingerprint: string;
}

const PEM_OUT = { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } } as const;

/** A fresh key pair of `type` (asynchronous: an RSA key takes a noticeable moment, and main keeps serving meanwhile). */
export async function generateKeyPair(type: KeyPairType): Promise<GeneratedKeyPair> {
  const [publicKeyPem, privateKeyPem] = await new Promise<[string, string]>((resolve, reject) => {
    const done = (err: Error | null, publicKey: string, privateKey: string) => (err ? reject(err) : resolve([publicKey, privateKey]));
    if (type === 'ed25519') generate('ed25519', PEM_OUT, done);
    else if (type === 'rsa') generate('rsa', { modulusLength: RSA_BITS, publicExponent: 0x10001, ...PEM_OUT }, done);
    else if (type === 'p256') generate('ec', { namedCurve: 'prime256v1', ...PEM_OUT }, done);
    else refuseType(type);
  });
  return { type, privateKeyPem, publicKeyPem, fingerprint: publicKeyFingerprint(publicKeyPem) };
}

function refuseType(type: unknown): never {
  throw new AppError('ERR_VALIDATION', `Signet generates ed25519, rsa or p256 key pairs, not ${JSON.stringify(String(type)).slice(0, 40)}.`);
}

/** `sha256:` + the hex SHA-256 of the public key's SPKI DER (what `openssl pkey -pubin -outform DER | sha256sum` prints). */
export function publicKeyFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ format: 'der', type: 'spki' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}

/** Which of Signet's types a key is, or null (an Ed448 key, an EC key on another curve, RSA-PSS…). */
export function keyPairTypeOf(key: KeyObject): KeyPairType | null {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'rsa') return 'rsa';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'p256';
  return null;
}

/**
 * The public half of a private key PEM (an encrypted one opens with `passphrase`), or null when it is not one of
 * Signet's types. Throws ERR_CREDENTIALS_INVALID when the text is not a readable private key.
 */
export function publicKeyOf(privateKeyPem: string, passphrase?: string): PublicKeyInfo | null {
  let key: KeyObject;
  try {
    key = createPrivateKey(passphrase ? { key: privateKeyPem, format: 'pem', passphrase } : { key: privateKeyPem, format: 'pem' });
  } catch {
    throw new AppError('ERR_CREDENTIALS_INVALID', 'This key’s privateKeyPem cannot be read as a private key (or its passphrase does not open it). Edit the key and paste the whole PEM.');
  }
  const type = keyPairTypeOf(key);
  if (!type) return null;
  const publicKeyPem = createPublicKey(key).export({ format: 'pem', type: 'spki' }).toString();
  return { type, publicKeyPem, fingerprint: publicKeyFingerprint(publicKeyPem) };
}

/** The base64 body of a PEM block, without its armour and line breaks: the DER, in base64. */
function pemBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
}

const FORM_LABELS = { pem: 'PEM (SPKI)', 'der-base64': 'Base64 DER, no armour', 'raw-base64': 'Raw 32-byte key, base64' } as const;

interface Registration {
  readonly primary: PublicKeyView['primary'];
  readonly registerUrl: string | null;
  readonly instruction: (type: KeyPairType) => string;
}

const REGISTRATION: Readonly<Record<string, Registration>> = {
  binance: {
    primary: 'pem',
    registerUrl: 'https://www.binance.com/en/my/settings/api-management',
    instruction: (type) =>
      `On Binance, open API Management, choose Create API → Self-generated, and paste this ${KEY_PAIR_TYPE_NAMES[type]} public key (the PEM, BEGIN and END lines included). Name it, finish 2FA, then paste the API key Binance shows into this key in Signet.`,
  },
  coinbase: {
    primary: 'pem',
    registerUrl: null,
    instruction: (type) =>
      `Coinbase's CDP portal creates its Secret API keys itself: its documentation has no field for a public key made elsewhere. Register this ${KEY_PAIR_TYPE_NAMES[type]} public key only where your Coinbase product accepts one, then paste the key name it gives you (organizations/…/apiKeys/…) into this key in Signet.`,
  },
};

/**
 * The public key in the forms `provider`'s key page may ask for, the one it takes, and what to do next. Pure:
 * re-encodings of `publicKeyPem`, nothing opened, nothing generated.
 */
export function publicKeyForms(provider: string, type: KeyPairType, publicKeyPem: string): Omit<PublicKeyView, 'type' | 'pem' | 'fingerprint'> {
  const der = pemBody(publicKeyPem);
  const forms: PublicKeyView['forms'] = [
    { id: 'pem', label: FORM_LABELS.pem, text: publicKeyPem },
    { id: 'der-base64', label: FORM_LABELS['der-base64'], text: der },
  ];
  // An Ed25519 SPKI is a fixed 12-byte prefix and the 32-byte key: the raw key is its last 32 bytes.
  if (type === 'ed25519') forms.push({ id: 'raw-base64', label: FORM_LABELS['raw-base64'], text: Buffer.from(der, 'base64').subarray(-32).toString('base64') });
  const reg = REGISTRATION[provider];
  const name = providerInfo(provider)?.name ?? provider;
  return {
    forms,
    primary: reg?.primary ?? 'pem',
    instruction: reg?.instruction(type) ?? `Register this ${KEY_PAIR_TYPE_NAMES[type]} public key with ${name}, then paste the API key it gives you into this key in Signet.`,
    registerUrl: reg?.registerUrl ?? null,
  };
}

/** The whole public key view (the contract's PublicKeyView) for one entry's public key. */
export function publicKeyView(provider: string, info: PublicKeyInfo): PublicKeyView {
  return { type: info.type, pem: info.publicKeyPem, fingerprint: info.fingerprint, ...publicKeyForms(provider, info.type, info.publicKeyPem) };
}

/** Refuses a type the provider does not take, naming the ones it does. */
export function requireKeyPairType(provider: string, type: KeyPairType): void {
  const choices = keyPairChoices(provider);
  const name = providerInfo(provider)?.name ?? provider;
  if (choices.length === 0) {
    throw new AppError('ERR_VALIDATION', `Signet generates key pairs for Binance and Coinbase keys only; ${name} issues its own credentials. Add the key it gave you instead.`);
  }
  if (!choices.some((c) => c.type === type)) {
    throw new AppError('ERR_VALIDATION', `${name} does not take ${KEY_PAIR_TYPE_NAMES[type]} keys. Choose ${choices.map((c) => c.type).join(' or ')}.`);
  }
}

/** A generated private key is never revealed or copied: only its public key leaves the vault. */
export function generatedKeyStays(label: string): AppError {
  return new AppError('ERR_VALIDATION', `The private key of “${label}” was generated in the vault and never leaves it. Copy its public key instead (the key’s Public key section, or \`signet keygen\` output).`);
}

/** Why a key that waits for its API key cannot sign yet, and what to do (the same words in the app and the CLI). */
export function awaitingApiKeyError(provider: string, label: string): AppError {
  const name = providerInfo(provider)?.name ?? provider;
  const where = provider === 'binance' ? 'Binance’s API management page' : `${name}’s API key page`;
  return new AppError('ERR_CREDENTIALS_INVALID', `“${label}” has no API key yet. Register the public key on ${where} and paste the API key it gives you into this key; then it can sign.`);
}
