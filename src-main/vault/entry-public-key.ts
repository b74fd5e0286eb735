/**
 * The public key of a vault entry that holds a private key: derived from the private key in main, inside
 * `useSecret` (not recorded as a use: nothing is signed or sent), so what is shown is always the half of the key the
 * entry signs with. Only the public key leaves.
 */
import { AppError } from '../base/errors';
import type { PublicKeyView } from '../contract/schemas';
import { publicKeyOf, publicKeyView } from './key-pair';
import type { Vault } from './types';

export async function entryPublicKey(vault: Vault, id: string): Promise<PublicKeyView> {
  const entry = vault.get(id);
  if (!entry.credentialFields.includes('privateKeyPem')) {
    throw new AppError('ERR_VALIDATION', `“${entry.label}” holds no private key, so it has no public key to show. Keys with a private key PEM (Binance Ed25519 or RSA, Coinbase CDP) have one.`);
  }
  const info = await vault.useSecret(id, (c) => publicKeyOf(c.privateKeyPem as string, c.passphrase), { record: false });
  if (!info) throw new AppError('ERR_VALIDATION', `The private key of “${entry.label}” is not an Ed25519, RSA or ECDSA P-256 key; Signet shows the public key of those only.`);
  return publicKeyView(entry.provider, info);
}
