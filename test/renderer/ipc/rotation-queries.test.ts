/**
 * The rotation data layer's live updates, with a hand-written fake of `window.signet` (the preload's boundary): a
 * run's steps land in the cached overview in revision order, a run that ended does not come back from a late answer,
 * the overview follows the vault's entries, and a lock drops it (it names every key).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import type { RotationKey, RotationOverview, RotationRun } from '../../../src-main/contract/rotation';
import { DEFAULT_ROTATION_DEFAULTS } from '../../../src-main/contract/rotation';
import type { SignetApi } from '../../../src-main/contract/api';
import type { VaultStatus } from '../../../src-main/contract/schemas';
import { rotationKeys, subscribeRotationEvents } from '../../../src-renderer/ipc/rotation-queries';

type Listener<T> = (payload: T) => void;

/** The parts of window.signet the subscription uses; each `on…` keeps its listener for the test to call. */
function fakeSignet() {
  const listeners = { changed: [] as Listener<{ entryId: string; run: RotationRun | null }>[], reminded: [] as Listener<unknown>[], entries: [] as Listener<unknown>[], status: [] as Listener<VaultStatus>[] };
  const on =
    <T,>(list: Listener<T>[]) =>
    (l: Listener<T>) => {
      list.push(l);
      return () => list.splice(list.indexOf(l), 1);
    };
  const api = {
    rotation: { onChanged: on(listeners.changed), onReminded: on(listeners.reminded) },
    vault: { onEntriesChanged: on(listeners.entries), onStatusChanged: on(listeners.status) },
  } as unknown as SignetApi;
  return { api, listeners };
}

function run(id: string, rev: number, state: RotationRun['state'], endedAt: string | null = null): RotationRun {
  return { id, rev, mode: 'automated', state, startedAt: '2026-12-04T18:00:00.000Z', updatedAt: '2026-12-04T18:00:00.000Z', endedAt, keepOldUntil: null, oldPreview: '••••aaaa', newPreview: null, remote: { newKeyId: null, oldKeyId: null, label: null }, steps: [], error: null, overlapMinutes: 60, archiveDays: null, endAs: null, priorRotatedAt: null, nextKeyPair: null, priorKeyPair: null };
}

const key: RotationKey = {
  entryId: 'k1',
  label: 'Sandbox',
  provider: 'sandbox',
  environment: 'dev',
  policy: { everyDays: 365, warnDays: 30 },
  policySource: 'default',
  state: { status: 'ok', dueAt: '2027-12-04T00:00:00.000Z', warnFrom: '2027-11-04T00:00:00.000Z', expiresAt: null, reason: 'Next rotation due on 2027-12-04.' },
  mode: 'automated',
  run: null,
  history: [],
  lastRotatedAt: null,
};

describe('rotation events in the query cache', () => {
  let client: QueryClient;
  let fake: ReturnType<typeof fakeSignet>;
  let off: () => void;
  const cachedRun = () => client.getQueryData<RotationOverview>(rotationKeys.overview())?.keys[0]?.run ?? null;
  const changed = (r: RotationRun | null) => fake.listeners.changed.forEach((l) => l({ entryId: 'k1', run: r }));

  beforeEach(() => {
    fake = fakeSignet();
    (globalThis as { window?: unknown }).window = { signet: fake.api };
    client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    client.setQueryData<RotationOverview>(rotationKeys.overview(), { at: '2026-12-04T18:00:00.000Z', defaults: DEFAULT_ROTATION_DEFAULTS, keys: [key] });
    off = subscribeRotationEvents(client, () => undefined);
  });
  afterEach(() => {
    off();
    delete (globalThis as { window?: unknown }).window;
  });

  it('applies a run’s steps in revision order: an older state that arrives late is dropped', () => {
    changed(run('r1', 0, 'creating'));
    changed(run('r1', 3, 'overlap'));
    changed(run('r1', 1, 'verifying'));
    expect(cachedRun()).toMatchObject({ id: 'r1', rev: 3, state: 'overlap' });
  });

  it('does not bring back a run that ended, and asks main for the history', () => {
    changed(run('r2', 0, 'creating'));
    changed(null);
    expect(cachedRun()).toBeNull();
    expect(client.getQueryState(rotationKeys.overview())?.isInvalidated).toBe(true);
    changed(run('r2', 0, 'creating'));
    expect(cachedRun()).toBeNull();
    // A new run of the same key is news.
    changed(run('r3', 0, 'creating'));
    expect(cachedRun()).toMatchObject({ id: 'r3' });
  });

  it('follows the vault: a changed entry refreshes the overview, a lock drops every rotation query', () => {
    fake.listeners.entries.forEach((l) => l(undefined));
    expect(client.getQueryState(rotationKeys.overview())?.isInvalidated).toBe(true);
    client.setQueryData(rotationKeys.guide('k1', 'r3'), { provider: 'binance' });
    fake.listeners.status.forEach((l) => l({ locked: false, exists: true } as VaultStatus));
    expect(client.getQueryData(rotationKeys.overview())).toBeDefined();
    fake.listeners.status.forEach((l) => l({ locked: true, exists: true } as VaultStatus));
    expect(client.getQueryData(rotationKeys.overview())).toBeUndefined();
    expect(client.getQueryData(rotationKeys.guide('k1', 'r3'))).toBeUndefined();
  });
});
