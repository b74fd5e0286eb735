/**
 * The audit log: its events a page at a time (an infinite query over `audit:list`, newest first, each page asking for
 * the events before the last one it has), the keys deleted since the log began (for the key filter), and the
 * verification of the whole chain (`audit:verify`).
 *
 * Main announces each append (`audit:appended`, a summary only): every audit query is marked stale, so the page shows
 * the new events and a fresh verification without polling. The events name keys (their labels), so, like the entries,
 * they are dropped from the cache the moment the vault locks (applyVaultStatus).
 */
import { infiniteQueryOptions, keepPreviousData, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { AuditListQuery, AuditPage, AuditType } from '../../src-main/contract/audit';
import { signet, unwrap } from './signet-client';

/** Events a page: enough to fill a tall window several times, small enough to read backwards quickly. */
export const AUDIT_PAGE_SIZE = 200;

/**
 * What the Audit page filters by. `withinMs` is a preset range ("the last hour"), resolved against the clock when each
 * page is asked for, so the cache key stays the same while time passes; `from`/`to` are fixed instants.
 */
export interface AuditFilter {
  readonly entryId?: string;
  readonly types?: readonly AuditType[];
  readonly withinMs?: number;
  readonly from?: string;
  readonly to?: string;
}

export const auditKeys = {
  all: ['audit'] as const,
  lists: () => ['audit', 'list'] as const,
  list: (f: AuditFilter) => ['audit', 'list', f] as const,
  deletedKeys: () => ['audit', 'deleted-keys'] as const,
  verification: () => ['audit', 'verification'] as const,
};

/** The contract's query for one page of `f`, before `cursor` when given. */
export function listQueryOf(f: AuditFilter, cursor: number | undefined, now: number, limit = AUDIT_PAGE_SIZE): AuditListQuery {
  const from = f.withinMs !== undefined ? new Date(now - f.withinMs).toISOString() : f.from;
  return {
    ...(f.entryId ? { entryId: f.entryId } : {}),
    ...(f.types?.length ? { types: [...f.types] } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(f.to !== undefined && f.withinMs === undefined ? { to: f.to } : {}),
    limit,
    ...(cursor !== undefined ? { cursor } : {}),
  };
}

export const auditQueries = {
  list: (f: AuditFilter) =>
    infiniteQueryOptions({
      queryKey: auditKeys.list(f),
      queryFn: ({ pageParam }): Promise<AuditPage> => unwrap(signet().audit.list(listQueryOf(f, pageParam, Date.now()))),
      initialPageParam: undefined as number | undefined,
      getNextPageParam: (last: AuditPage) => last.nextCursor ?? undefined,
      // A new filter swaps one timeline for the next without flashing an empty one.
      placeholderData: keepPreviousData,
    }),
  /** Keys the log saw deleted, newest first, as they were labelled (one page: the most recent 500). */
  deletedKeys: () =>
    queryOptions({
      queryKey: auditKeys.deletedKeys(),
      queryFn: async () => {
        const page = await unwrap(signet().audit.list({ types: ['key.deleted'], limit: 500 }));
        const seen = new Map<string, string>();
        for (const e of page.events) if (e.entry && !seen.has(e.entry.id)) seen.set(e.entry.id, e.entry.label);
        return [...seen].map(([id, label]) => ({ id, label }));
      },
    }),
  verification: () => queryOptions({ queryKey: auditKeys.verification(), queryFn: () => unwrap(signet().audit.verify()) }),
};

/**
 * Main → renderer: an append marks every audit query stale (the ones on screen refetch). A lock drops them with the
 * entries (vault-queries.ts applyVaultStatus): they name keys.
 */
export function subscribeAuditEvents(client: QueryClient): () => void {
  return signet().audit.onAppended(() => void client.invalidateQueries({ queryKey: auditKeys.all }));
}
