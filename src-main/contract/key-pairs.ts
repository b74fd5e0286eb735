/**
 * Key pairs Signet generates in the vault (docs/key-pairs.md): which types each provider takes, and how they are
 * named. Zod-free and Node-free, so the renderer's Add key dialog offers exactly what main will generate.
 */

export const KEY_PAIR_TYPES = ['ed25519', 'rsa', 'p256'] as const;
export type KeyPairType = (typeof KEY_PAIR_TYPES)[number];

export interface KeyPairChoice {
  readonly type: KeyPairType;
  /** As the exchange's key page names it. */
  readonly label: string;
  readonly recommended: boolean;
}

/**
 * Binance: Ed25519 (recommended by Binance) or RSA, registered as a "self-generated" key by pasting the public key
 * (https://developers.binance.com/docs/binance-spot-api-docs/faqs/api_key_types). Coinbase CDP: ES256 (ECDSA P-256,
 * which the Coinbase App SDKs require) or Ed25519, the two algorithms its JWT signer takes.
 */
export const KEY_PAIR_CHOICES: Readonly<Record<string, readonly KeyPairChoice[]>> = {
  binance: [
    { type: 'ed25519', label: 'Ed25519', recommended: true },
    { type: 'rsa', label: 'RSA (2048-bit)', recommended: false },
  ],
  coinbase: [
    { type: 'p256', label: 'ES256 (ECDSA P-256)', recommended: true },
    { type: 'ed25519', label: 'Ed25519', recommended: false },
  ],
};

/** The types Signet generates for `provider` (none: it issues its own keys or uses shared secrets). */
export function keyPairChoices(provider: string): readonly KeyPairChoice[] {
  return Object.hasOwn(KEY_PAIR_CHOICES, provider) ? (KEY_PAIR_CHOICES[provider] as readonly KeyPairChoice[]) : [];
}

export function isKeyPairType(value: unknown): value is KeyPairType {
  return typeof value === 'string' && (KEY_PAIR_TYPES as readonly string[]).includes(value);
}

export const KEY_PAIR_TYPE_NAMES: Readonly<Record<KeyPairType, string>> = { ed25519: 'Ed25519', rsa: 'RSA', p256: 'ECDSA P-256' };
