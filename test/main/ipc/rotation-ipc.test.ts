/**
 * The rotation:* channels through the real router, called as a compromised renderer might: unknown or missing ids,
 * fields that are not credentials, out-of-range overlaps, extra keys, steering a run that does not exist. Each is a
 * clear {code, message}; nothing changes in the vault; nothing that comes back holds a secret.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../../src-main/contract/channels';
import { VaultService } from '../../../src-main/vault/vault-service';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';
import { offlineRouter } from './offline-router';

const newHome = useTempHomes();
let vault: VaultService | undefined;
afterEach(async () => {
  if (vault?.isUnlocked()) await vault.lock();
  vault = undefined;
});

async function setup() {
  vault = new VaultService({ home: newHome(), osSlot: null, kdf: FAST_KDF });
  await vault.create({ passphrase: 'correct horse battery staple', useOsSlot: false });
  const binance = await vault.add({ label: 'Binance main', provider: 'binance', environment: 'prod', baseUrl: 'https://127.0.0.1:9', credentials: { apiKey: 'binance-key-1234', secret: 'binance-secret-value' } });
  const { router } = offlineRouter(vault);
  const call = (channel: Channel, input?: unknown) => router.handle(channel, input);
  return { vault, binance, call };
}

describe('rotation channels under hostile input', () => {
  it('answers the overview and the guide without any secret', async () => {
    const { binance, call } = await setup();
    const overview = await call('rotation:overview');
    expect(overview.ok).toBe(true);
    const guide = await call('rotation:guide', { entryId: binance.id });
    expect(guide).toMatchObject({ ok: true, value: { provider: 'binance', fields: ['apiKey', 'secret'] } });
    const text = JSON.stringify([overview, guide]);
    expect(text).not.toContain('binance-secret-value');
    expect(text).not.toContain('binance-key-1234');
  });

  it('refuses malformed input by schema, naming the field', async () => {
    const { binance, call } = await setup();
    for (const [channel, input] of [
      ['rotation:start', { entryId: binance.id, overlapMinutes: -1 }],
      ['rotation:start', { entryId: binance.id, overlapMinutes: 10 ** 9 }],
      ['rotation:start', { entryId: binance.id, extra: true }],
      ['rotation:start', { entryId: '' }],
      ['rotation:start', { entryId: 'x'.repeat(500) }],
      ['rotation:submit', { entryId: binance.id, credentials: { region: 'us-east-1' } }],
      ['rotation:submit', { entryId: binance.id, credentials: { apiKey: 'k', secret: 'x'.repeat(20_000) } }],
      ['rotation:submit', { entryId: binance.id, credentials: 'apiKey=k' }],
      ['rotation:cancel', {}],
      ['rotation:guide', null],
    ] as const) {
      const r = await call(channel, input);
      expect(r.ok, `${channel} ${JSON.stringify(input).slice(0, 60)}`).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('ERR_VALIDATION');
    }
  });

  it('refuses ids that do not exist and steering without a run; nothing changes', async () => {
    const { vault: v, binance, call } = await setup();
    const before = JSON.stringify(v.list());
    expect(await call('rotation:start', { entryId: 'no-such-key' })).toMatchObject({ ok: false, error: { code: 'ERR_ENTRY_NOT_FOUND' } });
    for (const channel of ['rotation:cancel', 'rotation:rollback', 'rotation:finish'] as const) {
      expect(await call(channel, { entryId: binance.id })).toMatchObject({ ok: false, error: { code: 'ERR_ROTATION_STATE', message: expect.stringMatching(/not being rotated/) } });
    }
    expect(await call('rotation:submit', { entryId: 'no-such-key', credentials: { apiKey: 'a', secret: 'b' } })).toMatchObject({ ok: false, error: { code: 'ERR_ENTRY_NOT_FOUND' } });
    expect(JSON.stringify(v.list())).toBe(before);
  });

  it('a guided run: the pasted key must fit the provider; a refused verify changes nothing', async () => {
    const { vault: v, binance, call } = await setup();
    expect(await call('rotation:start', { entryId: binance.id })).toMatchObject({ ok: true, value: { state: 'awaiting-credentials', mode: 'guided' } });
    expect(await call('rotation:start', { entryId: binance.id })).toMatchObject({ ok: false, error: { code: 'ERR_ROTATION_STATE' } });
    // A passphrase is not a Binance credential.
    expect(await call('rotation:submit', { entryId: binance.id, credentials: { apiKey: 'new-key-5678', secret: 's2', passphrase: 'p' } })).toMatchObject({ ok: false, error: { code: 'ERR_CREDENTIALS_INVALID' } });
    // Nothing listens at the key's base URL: the new key cannot be verified, so the current one stays.
    const r = await call('rotation:submit', { entryId: binance.id, credentials: { apiKey: 'new-key-5678', secret: 'new-secret-5678' } });
    expect(r).toMatchObject({ ok: true, value: { state: 'awaiting-credentials', error: { code: 'ERR_ROTATION_FAILED' } } });
    expect(JSON.stringify(r)).not.toContain('new-secret-5678');
    expect(await v.useSecret(binance.id, (c) => c.apiKey)).toBe('binance-key-1234');
    expect(v.rotationRecord(binance.id).hasNext).toBe(false);
    expect(await call('rotation:cancel', { entryId: binance.id })).toMatchObject({ ok: true, value: { state: 'cancelled' } });
  });
});
