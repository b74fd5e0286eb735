/**
 * The audit data layer with a hand-written fake of `window.signet` (the preload's boundary): the timeline pages on
 * with the cursor main gave, a preset range is resolved when each page is asked for, an append marks what is shown
 * stale, and a lock drops every audit query (the events name keys), as it drops the entries.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InfiniteQueryObserver, QueryClient } from '@tanstack/react-query';
import type { AuditAppended, AuditEvent, AuditListQuery, AuditPage } from '../../../src-main/contract/audit';
import type { SignetApi } from '../../../src-main/contract/api';
import type { VaultStatus } from '../../../src-main/contract/schemas';
import { auditKeys, auditQueries, listQueryOf, subscribeAuditEvents } from '../../../src-renderer/ipc/audit-queries';
import { applyVaultStatus, vaultKeys } from '../../../src-renderer/ipc/vault-queries';

const event = (seq: number): AuditEvent => ({ seq, at: new Date(Date.UTC(2026, 11, 4, 12, 0, seq)).toISOString(), type: 'key.used', actor: 'app', entry: { id: 'k1', label: 'Bot' }, details: { count: seq }, queued: false });

/** A log of `n` events; `audit.list` answers pages of it as main does (newest first, below the cursor). */
function fakeSignet(n: number) {
  const asked: AuditListQuery[] = [];
  const appended: ((a: AuditAppended) => void)[] = [];
  const log = Array.from({ length: n }, (_, i) => event(n - i));
  const api = {
    audit: {
      list: (q: AuditListQuery = {}) => {
        asked.push(q);
        const limit = q.limit ?? 100;
        const below = log.filter((e) => q.cursor === undefined || e.seq < q.cursor);
        const events = below.slice(0, limit);
        const page: AuditPage = { events, nextCursor: below.length > limit ? events[events.length - 1]!.seq : null };
        return Promise.resolve({ ok: true, value: page });
      },
      verify: () => Promise.resolve({ ok: true, value: { ok: true, status: 'intact', lines: n } }),
      onAppended: (l: (a: AuditAppended) => void) => {
        appended.push(l);
        return () => appended.splice(appended.indexOf(l), 1);
      },
    },
  } as unknown as SignetApi;
  return { api, asked, appended };
}

describe('audit queries', () => {
  let client: QueryClient;
  let fake: ReturnType<typeof fakeSignet>;

  beforeEach(() => {
    fake = fakeSignet(450);
    (globalThis as { window?: unknown }).window = { signet: fake.api };
    client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  });
  afterEach(() => {
    client.clear();
    delete (globalThis as { window?: unknown }).window;
  });

  it('pages on with the cursor main gave until the first line', async () => {
    const observer = new InfiniteQueryObserver(client, auditQueries.list({ entryId: 'k1' }));
    const off = observer.subscribe(() => undefined);
    try {
      await expect.poll(() => observer.getCurrentResult().isSuccess).toBe(true);
      expect(observer.getCurrentResult().hasNextPage).toBe(true);
      await observer.fetchNextPage();
      await observer.fetchNextPage();
      const result = observer.getCurrentResult();
      expect(result.data?.pages.map((p) => p.events.length)).toEqual([200, 200, 50]);
      expect(result.data?.pages.flatMap((p) => p.events).map((e) => e.seq)).toEqual(Array.from({ length: 450 }, (_, i) => 450 - i));
      expect(result.hasNextPage).toBe(false);
      expect(fake.asked.map((q) => q.cursor)).toEqual([undefined, 251, 51]);
      expect(fake.asked.every((q) => q.entryId === 'k1' && q.limit === 200)).toBe(true);
    } finally {
      off();
    }
  });

  it('resolves a preset range against the clock when a page is asked for, and leaves fixed dates as they are', () => {
    const now = Date.UTC(2026, 11, 4, 15, 0, 0);
    expect(listQueryOf({ withinMs: 3_600_000, types: ['key.copied'] }, undefined, now)).toEqual({ types: ['key.copied'], from: '2026-12-04T14:00:00.000Z', limit: 200 });
    expect(listQueryOf({ from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z' }, 42, now)).toEqual({ from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z', limit: 200, cursor: 42 });
    // The key stays the same while time passes: the window, not an instant, is in it.
    expect(auditQueries.list({ withinMs: 3_600_000 }).queryKey).toEqual(['audit', 'list', { withinMs: 3_600_000 }]);
  });

  it('marks the timeline, the deleted keys and the verification stale on an append', async () => {
    const off = subscribeAuditEvents(client);
    try {
      await client.fetchInfiniteQuery(auditQueries.list({}));
      await client.fetchQuery(auditQueries.verification());
      await client.fetchQuery(auditQueries.deletedKeys());
      expect(client.getQueryState(auditKeys.list({}))?.isInvalidated).toBe(false);
      for (const l of fake.appended) l({ seq: 451, count: 1, types: ['key.copied'], at: '2026-12-04T12:10:00.000Z' });
      for (const key of [auditKeys.list({}), auditKeys.verification(), auditKeys.deletedKeys()]) expect(client.getQueryState(key)?.isInvalidated).toBe(true);
    } finally {
      off();
    }
    expect(fake.appended).toHaveLength(0);
  });

  it('drops every audit query when the vault locks, with the entries', async () => {
    await client.fetchInfiniteQuery(auditQueries.list({ entryId: 'k1' }));
    await client.fetchQuery(auditQueries.verification());
    client.setQueryData(vaultKeys.list({}), []);
    const status = { exists: true, locked: false } as VaultStatus;
    applyVaultStatus(client, status);
    expect(client.getQueryCache().findAll({ queryKey: auditKeys.all })).toHaveLength(2);
    applyVaultStatus(client, { ...status, locked: true });
    expect(client.getQueryCache().findAll({ queryKey: auditKeys.all })).toHaveLength(0);
    expect(client.getQueryData(vaultKeys.list({}))).toBeUndefined();
  });

  it('lists each deleted key once, as the log last labelled it', async () => {
    const deleted = (seq: number, id: string, label: string): AuditEvent => ({ ...event(seq), type: 'key.deleted', entry: { id, label } });
    const page: AuditPage = { events: [deleted(9, 'a', 'Bot v2'), deleted(5, 'b', 'Old'), deleted(3, 'a', 'Bot')], nextCursor: null };
    const asked: AuditListQuery[] = [];
    (globalThis as { window?: unknown }).window = {
      signet: {
        audit: {
          list: (q: AuditListQuery) => {
            asked.push(q);
            return Promise.resolve({ ok: true, value: page });
          },
        },
      },
    };
    expect(await client.fetchQuery(auditQueries.deletedKeys())).toEqual([
      { id: 'a', label: 'Bot v2' },
      { id: 'b', label: 'Old' },
    ]);
    expect(asked).toEqual([{ types: ['key.deleted'], limit: 500 }]);
  });
});
