/**
 * `signet keygen`: generates a key pair in the vault (Binance Ed25519 or RSA, Coinbase ES256 or Ed25519) and prints
 * its public key only. The private key is sealed in the vault as it is made and never printed; the entry waits for
 * its API key, added once the public key is registered on the exchange (`vault add` cannot, so the app's key detail
 * or `vault:update` does). Everything is checked before the vault is unlocked, so a typo costs no passphrase prompt.
 */
import { KEY_PAIR_TYPES, KEY_PAIR_TYPE_NAMES, isKeyPairType, keyPairChoices } from '../../contract/key-pairs';
import { KeyPairInput } from '../../contract/schemas';
import { requireKeyPairType } from '../../vault/key-pair';
import { baseUrlProblem } from '../../http/host-allowlist';
import { list, parseExpiry, printable, str, usageError } from '../args';
import type { Command } from '../command';
import { envLabel, shortId } from '../format';
import { ensureUnlocked } from '../unlock';
import { parseEnvironment, parseProvider } from './vault-list';
import { KEY_META_OPTIONS } from './vault-add';

const FLAG_OF: Record<string, string> = {
  label: '--label',
  provider: '--provider',
  baseUrl: '--base-url',
  environment: '--env',
  scopes: '--scopes',
  tags: '--tags',
  expiresAt: '--expires',
  notes: '--notes',
  type: '--type',
};

export const keygen: Command = {
  name: 'keygen',
  summary: 'Generate a key pair in the vault and print its public key',
  synopsis: 'keygen --type ed25519|rsa|p256 --label L --provider binance|coinbase --env dev|test|prod [--base-url URL] [--scopes a,b] [--tags a,b] [--expires DATE] [--notes TEXT]',
  details: [
    '  --type T          ed25519 or rsa (Binance; ed25519 is what Binance recommends), p256 (ES256) or ed25519 (Coinbase)',
    '  --label L         a unique name for the key',
    '  --provider P      binance or coinbase',
    '  --env E           dev, test or prod',
    '  --base-url URL    the API base URL, if not the provider default',
    '  --scopes a,b      what the key may do once registered',
    '  --tags a,b        free-form tags for filtering',
    '  --expires DATE    YYYY-MM-DD (good through that day, UTC) or an ISO 8601 timestamp',
    '  --notes TEXT      notes kept with the key',
    '',
    'Prints the public key (PEM) and its fingerprint; --json prints {entry, publicKey} with every form of the',
    'public key. The private key is sealed in the vault at once and never printed. The key waits for its API key:',
    'register the public key on the exchange, then give Signet the API key it gives you: `signet vault register ENTRY`.',
  ].join('\n'),
  options: { type: { type: 'string' }, ...KEY_META_OPTIONS },
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, { values }) {
    for (const required of ['type', 'label', 'provider', 'env']) {
      if (str(values, required) === undefined) throw usageError(`Missing --${required} (see \`signet keygen --help\`).`);
    }
    const provider = parseProvider(str(values, 'provider'))!;
    const type = str(values, 'type')!.trim().toLowerCase();
    if (!isKeyPairType(type)) throw usageError(`--type: "${printable(str(values, 'type')!)}" is not a key type; use one of ${KEY_PAIR_TYPES.join(', ')}.`);
    try {
      requireKeyPairType(provider, type);
    } catch (e) {
      const choices = keyPairChoices(provider);
      throw usageError(`${choices.length ? '--type' : '--provider'}: ${(e as Error).message}`);
    }
    const expires = str(values, 'expires');
    const baseUrl = str(values, 'base-url');
    const input = {
      type,
      label: str(values, 'label')!,
      provider,
      environment: parseEnvironment(str(values, 'env'))!,
      ...(baseUrl !== undefined && { baseUrl }),
      scopes: list(str(values, 'scopes')),
      tags: list(str(values, 'tags')),
      ...(expires !== undefined && { expiresAt: parseExpiry(expires) }),
      notes: str(values, 'notes') ?? '',
    };
    const checked = KeyPairInput.safeParse(input);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      const field = String(issue.path[0] ?? '');
      throw usageError(`${FLAG_OF[field] ?? field}: ${issue.message}`);
    }
    const baseUrlIssue = checked.data.baseUrl ? baseUrlProblem(provider, checked.data.baseUrl) : null;
    if (baseUrlIssue) throw usageError(`--base-url: ${baseUrlIssue}`);

    await ensureUnlocked(ctx);
    const { entry, publicKey } = await ctx.vault.addKeyPair(checked.data);
    const { out } = ctx;
    if (out.json) {
      out.result({ entry, publicKey });
      return;
    }
    out.note(`Generated an ${KEY_PAIR_TYPE_NAMES[publicKey.type]} key pair for "${printable(entry.label)}" (${entry.provider}, ${envLabel(entry.environment)}) as ${shortId(entry.id)}; the private key is sealed in the vault.`);
    out.line(publicKey.pem.trimEnd());
    out.note(`Fingerprint: ${publicKey.fingerprint}`);
    out.note(`Next: ${publicKey.instruction}`);
    if (publicKey.registerUrl) out.note(`      ${publicKey.registerUrl}`);
    out.note(`Then: signet vault register ${entry.id.slice(0, 8)} < api-key.txt   (full id ${entry.id})`);
  },
};
