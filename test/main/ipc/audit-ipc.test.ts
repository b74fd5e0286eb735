/**
 * The audit:* channels and the audit:appended event through the real router, called as a compromised renderer might:
 * pages too large, dates that are not dates, types that do not exist, extra keys, a cursor out of range. Each is a
 * clear {code, message}; a page is bounded and carries no MAC or chain field; the event is a summary only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../../src-main/contract/channels';
import type { AuditEvent, AuditPage, AuditVerification } from '../../../src-main/contract/audit';
import { AuditService } from '../../../src-main/audit/audit-service';
import { forwardHostEvents } from '../../../src-main/ipc/host-events';
import { silentLogger } from '../../../src-main/base/logger';
import { VaultService } from '../../../src-main/vault/vault-service';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';
import { offlineRouter } from './offline-router';

const PASS = 'correct horse battery staple';
const newHome = useTempHomes();
let vault: VaultService | undefined;
afterEach(async () => {
  if (vault?.isUnlocked()) await vault.lock();
  vault = undefined;
});

async function setup(keys = 6) {
  vault = new VaultService({ home: newHome(), osSlot: null, kdf: FAST_KDF });
  await vault.create({ passphrase: PASS, useOsSlot: false });
  const ids: string[] = [];
  for (let i = 0; i < keys; i++) ids.push((await vault.add({ label: `K${i}`, provider: 'kraken', environment: 'dev', credentials: { apiKey: `kraken-${i}-abcd`, secret: 'c2VjcmV0' } })).id);
  const { router } = offlineRouter(vault);
  const call = async <T>(channel: Channel, input?: unknown) => router.handle(channel, input) as Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>;
  return { vault, ids, call };
}

describe('audit:list', () => {
  it('answers a bounded page, newest first, with no MAC or chain fields, and pages on with the cursor', async () => {
    const { call } = await setup();
    const first = await call<AuditPage>('audit:list', { limit: 3 });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.events.map((e) => e.seq)).toEqual([8, 7, 6]);
    expect(first.value.nextCursor).toBe(6);
    for (const e of first.value.events) {
      expect(Object.keys(e).sort()).toEqual(['actor', 'at', 'details', 'entry', 'queued', 'seq', 'type']);
    }
    const seen: number[] = [];
    let cursor: number | null | undefined;
    do {
      const page = await call<AuditPage>('audit:list', { limit: 4, ...(cursor ? { cursor } : {}) });
      if (!page.ok) throw new Error(page.error.message);
      seen.push(...page.value.events.map((e) => e.seq));
      cursor = page.value.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    const all = await call<AuditPage>('audit:list');
    expect(all.ok && all.value.events).toHaveLength(8);
  });

  it('filters by key, types and time', async () => {
    const { call, ids } = await setup();
    const one = await call<AuditPage>('audit:list', { entryId: ids[2] });
    expect(one.ok && one.value.events.map((e: AuditEvent) => [e.type, e.entry?.label])).toEqual([['key.created', 'K2']]);
    const created = await call<AuditPage>('audit:list', { types: ['vault.created', 'vault.unlocked'] });
    expect(created.ok && created.value.events.map((e: AuditEvent) => e.type)).toEqual(['vault.created']);
    const future = await call<AuditPage>('audit:list', { from: '2099-01-01T00:00:00Z' });
    expect(future.ok && future.value.events).toEqual([]);
    const past = await call<AuditPage>('audit:list', { to: '2000-01-01T00:00:00.000Z' });
    expect(past.ok && past.value).toEqual({ events: [], nextCursor: null });
  });

  it('refuses hostile input by schema, naming what is wrong', async () => {
    const { call } = await setup(1);
    const cases: [unknown, RegExp][] = [
      [{ limit: 1_000_000_000 }, /limit: At most 500 events a page\./],
      [{ limit: 0 }, /limit/],
      [{ limit: 2.5 }, /limit/],
      [{ limit: '10' }, /limit/],
      [{ from: 'yesterday' }, /from/],
      [{ to: '2026-13-45T99:00:00Z' }, /to/],
      [{ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, /from: `from` must not be after `to`\./],
      [{ types: ['key.stolen'] }, /types\.0/],
      [{ types: [] }, /types/],
      [{ types: Array.from({ length: 200 }, () => 'key.used') }, /types/],
      [{ cursor: -1 }, /cursor/],
      [{ entryId: 'x'.repeat(10_000) }, /entryId/],
      [{ sql: 'drop table' }, /Unrecognized key|sql/],
      [null, /Invalid input for audit:list/],
      ['everything', /Invalid input for audit:list/],
    ];
    for (const [input, message] of cases) {
      const r = await call('audit:list', input);
      expect(r.ok, JSON.stringify(input).slice(0, 60)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('ERR_VALIDATION');
        expect(r.error.message).toMatch(message);
        expect(r.error.message).not.toMatch(/at .*\.ts:\d+/);
      }
    }
  });

  it('is refused while the vault is locked', async () => {
    const { call, vault: v } = await setup(1);
    await v.lock();
    const r = await call('audit:list');
    expect(r).toMatchObject({ ok: false, error: { code: 'ERR_VAULT_LOCKED' } });
  });
});

describe('audit:verify', () => {
  it('answers the verification state; locked: ERR_VAULT_LOCKED; extra input: ERR_VALIDATION', async () => {
    const { call, vault: v } = await setup(2);
    const r = await call<AuditVerification>('audit:verify');
    expect(r).toMatchObject({ ok: true, value: { ok: true, status: 'intact', lines: 4, problem: null } });
    expect(await call('audit:verify', { deep: true })).toMatchObject({ ok: false, error: { code: 'ERR_VALIDATION' } });
    await v.lock();
    expect(await call('audit:verify')).toMatchObject({ ok: false, error: { code: 'ERR_VAULT_LOCKED' } });
  });
});

describe('audit:appended', () => {
  it('is sent after each append with a summary only, parsed by its schema', async () => {
    const { vault: v, ids } = await setup(1);
    const sent: { name: string; payload: unknown }[] = [];
    const audit = new AuditService({ chain: v });
    const off = forwardHostEvents({ vault: v, inspector: { subscribe: () => () => {} }, audit }, (name, payload) => sent.push({ name, payload }), silentLogger);
    await v.revealField(ids[0] as string, 'secret', { purpose: 'copy' });
    await v.update({ id: ids[0] as string, meta: { label: 'Renamed' } });
    off();
    await v.revealField(ids[0] as string, 'secret');
    const appended = sent.filter((s) => s.name === 'audit:appended').map((s) => s.payload);
    expect(appended).toEqual([
      { seq: 4, count: 1, types: ['key.copied'], at: expect.any(String) },
      { seq: 5, count: 1, types: ['key.updated'], at: expect.any(String) },
    ]);
  });
});
