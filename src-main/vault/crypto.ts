/**
 * The vault's cryptography, in one place: AES-256-GCM sealing with bound AAD, HKDF subkeys of the vault key,
 * scrypt for passphrases. Node's crypto (OpenSSL) does the work; this file only fixes the parameters and the
 * byte layout `iv(12) | ciphertext | tag(16)`, base64 on disk.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scrypt as scryptCb } from 'node:crypto';
import { AppError } from '../base/errors';

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** OWASP's minimum for scrypt: N 2^17, r 8, p 1. ~128 MiB and a few hundred ms per unlock on a 2-core machine. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

export function randomKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** Seals `plaintext` under `key`; `aad` binds the ciphertext to where it belongs (vault, entry, part). */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64');
}

/** Opens a sealed value; returns null when authentication fails (wrong key, wrong AAD, or altered bytes). */
export function open(key: Uint8Array, sealed: string, aad: string): Buffer | null {
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}

/**
 * Independent subkeys of the vault key for entry encryption, the file MAC, and the audit log's chain (its own label:
 * a key that MACs audit lines is used for nothing else; see docs/audit.md).
 */
export function deriveKeys(vaultKey: Uint8Array, vaultId: string): { enc: Buffer; mac: Buffer; audit: Buffer } {
  const info = (purpose: string) => Buffer.from(`signet-vault/v1/${purpose}`, 'utf8');
  const salt = Buffer.from(vaultId, 'utf8');
  return {
    enc: Buffer.from(hkdfSync('sha256', vaultKey, salt, info('entries'), KEY_BYTES)),
    mac: Buffer.from(hkdfSync('sha256', vaultKey, salt, info('file-mac'), KEY_BYTES)),
    audit: Buffer.from(hkdfSync('sha256', vaultKey, salt, info('audit-chain'), KEY_BYTES)),
  };
}

/**
 * The key of vault.json.seen's MAC (the newest generation seen; see seen-file.ts): a third HKDF subkey, so the
 * record is bound to this vault key and costs microseconds to check (no scrypt).
 */
export function deriveSeenKey(vaultKey: Uint8Array, vaultId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', vaultKey, Buffer.from(vaultId, 'utf8'), Buffer.from('signet-vault/v1/seen', 'utf8'), KEY_BYTES));
}

/**
 * What a key slot may ask for. The file is read before anything is verified, so its parameters are bounded: at
 * most 256 MiB of memory and 4× the default work (a crafted backup cannot hang or exhaust the app), and at least
 * `minN` (no silently weaker slot; only tests lower it).
 */
export function checkScryptParams(p: ScryptParams, minN = DEFAULT_SCRYPT.N): void {
  const pow2 = Number.isInteger(p.N) && p.N > 1 && (p.N & (p.N - 1)) === 0;
  const memory = 128 * p.N * p.r;
  const work = p.N * p.r * p.p;
  const ok = pow2 && p.N >= minN && p.r >= 1 && p.r <= 32 && p.p >= 1 && p.p <= 16 && memory <= 256 * 2 ** 20 && work <= 4 * DEFAULT_SCRYPT.N * DEFAULT_SCRYPT.r * DEFAULT_SCRYPT.p;
  if (!ok) {
    throw new AppError('ERR_VAULT_CORRUPT', `The key slot asks for scrypt parameters Signet does not accept (N=${p.N}, r=${p.r}, p=${p.p}). The file may be damaged or altered; it was left untouched.`);
  }
}

/** scrypt on the libuv thread pool, so the event loop keeps running while a passphrase is stretched. */
export function scrypt(passphrase: string, salt: Uint8Array, params: ScryptParams, minN = DEFAULT_SCRYPT.N): Promise<Buffer> {
  checkScryptParams(params, minN);
  const secret = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  return new Promise((resolve, reject) => {
    scryptCb(secret, salt, KEY_BYTES, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (err, key) => {
      secret.fill(0);
      if (err) reject(err);
      else resolve(key);
    });
  });
}
