/** `signet vault show ENTRY [--reveal]`: one key's details, masked unless --reveal asks for the secrets. */
import type { CredentialField } from '../../contract/providers';
import { flag, printable } from '../args';
import type { Command } from '../command';
import { dateTime, envLabel, envPaint, expiryLabel, expiryPaint } from '../format';
import { ensureUnlocked } from '../unlock';

export const vaultShow: Command = {
  name: 'show',
  summary: 'Show one key (masked; --reveal prints its secrets)',
  synopsis: 'show ENTRY [--reveal]',
  details: [
    '  ENTRY      an id, a unique id prefix (6+ characters) or a unique label',
    '  --reveal   print the credentials in clear (recorded as a use of the key)',
  ].join('\n'),
  options: { reveal: { type: 'boolean' } },
  positionals: { min: 1, max: 1, names: ['entry'] },
  async run(ctx, { values, positionals }) {
    await ensureUnlocked(ctx);
    const { vault, out } = ctx;
    const { id } = vault.resolve(positionals[0]!);
    const detail = vault.get(id);
    const reveal = flag(values, 'reveal');
    const revealed: Partial<Record<CredentialField, string>> = {};
    if (reveal) {
      // A private key generated in the vault is never revealed; its public key is what `signet keygen` printed.
      for (const c of detail.credentials) if (c.field !== 'privateKeyPem' || !detail.keyPair) revealed[c.field] = await vault.revealField(id, c.field);
    }
    if (out.json) {
      out.result(reveal ? { ...detail, revealed } : detail);
      return;
    }
    const now = Date.now();
    out.fields([
      ['Label', printable(detail.label)],
      ['ID', detail.id],
      ['Provider', detail.provider],
      ['Environment', envPaint(out, detail.environment)(envLabel(detail.environment))],
      ['Base URL', detail.baseUrl ?? '(provider default)'],
      ['Scopes', detail.scopes.join(', ') || '-'],
      ['Tags', detail.tags.join(', ') || '-'],
      ['Expires', expiryPaint(out, detail.expiresAt, now)(expiryLabel(detail.expiresAt, now))],
      ['Created', dateTime(detail.createdAt)],
      ['Last used', dateTime(detail.lastUsedAt)],
      ['Last rotated', dateTime(detail.lastRotatedAt)],
      ['Fingerprint', detail.fingerprint || '-'],
      ...(detail.keyPair
        ? ([
            ['Key pair', `${detail.keyPair.type}, generated in the vault (the private key never leaves it)`],
            ['Public key', detail.keyPair.fingerprint],
          ] as const)
        : []),
      ...(detail.awaitingApiKey ? ([['State', out.yellow('awaiting its API key: register the public key, then add the API key')]] as const) : []),
    ]);
    out.line('Credentials:');
    const width = Math.max(...detail.credentials.map((c) => c.field.length));
    for (const c of detail.credentials) {
      const value = reveal ? (revealed[c.field] ?? c.preview) : c.preview;
      const lines = value.replace(/\n$/, '').split('\n');
      out.line(`  ${c.field.padEnd(width)}  ${lines[0] ?? ''}`);
      for (const more of lines.slice(1)) out.line(`  ${' '.repeat(width)}  ${more}`);
    }
    if (detail.notes) {
      out.line('Notes:');
      for (const l of detail.notes.split('\n')) out.line(`  ${printable(l)}`);
    }
    if (reveal && ctx.io.isTTY) out.note(out.yellow('Secrets shown in clear; clear your terminal scrollback when done.'));
  },
};
