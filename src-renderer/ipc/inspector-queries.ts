/**
 * Inspector and sending: the records main keeps of every request Signet sent (no secrets; signature values masked
 * until revealed), and the mutations that send. A send or re-send puts its record in the cache at once, so the
 * Request page and the Inspector show the same thing without asking main again.
 */
import { keepPreviousData, mutationOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { InspectorQuery, InspectorRecord } from '../../src-main/contract/inspector';
import type { RequestDraft } from '../../src-main/contract/schemas';
import { signet, unwrap } from './signet-client';

export const inspectorKeys = {
  all: ['inspector'] as const,
  lists: () => ['inspector', 'list'] as const,
  list: (q: InspectorQuery) => ['inspector', 'list', q] as const,
  record: (id: string) => ['inspector', 'record', id] as const,
  revealed: (id: string) => ['inspector', 'revealed', id] as const,
  sandbox: () => ['sandbox', 'status'] as const,
};

export const inspectorQueries = {
  list: (q: InspectorQuery) =>
    queryOptions({
      queryKey: inspectorKeys.list(q),
      queryFn: () => unwrap(signet().inspector.list(q)),
      // Typing a filter swaps one result set for the next without flashing an empty list.
      placeholderData: keepPreviousData,
    }),
  /** A record never changes once written. */
  record: (id: string) => queryOptions({ queryKey: inspectorKeys.record(id), queryFn: () => unwrap(signet().inspector.get({ id })), staleTime: Infinity }),
  /** Full signature values: asked for when the user clicks Reveal, dropped as soon as nothing shows them. */
  revealed: (id: string) => queryOptions({ queryKey: inspectorKeys.revealed(id), queryFn: () => unwrap(signet().inspector.reveal({ id })), staleTime: Infinity, gcTime: 0 }),
  sandbox: () => queryOptions({ queryKey: inspectorKeys.sandbox(), queryFn: () => unwrap(signet().sandbox.status()), staleTime: 5_000 }),
};

function remember(client: QueryClient, record: InspectorRecord): Promise<void> {
  client.setQueryData(inspectorKeys.record(record.id), record);
  return client.invalidateQueries({ queryKey: inspectorKeys.lists() });
}

export const inspectorMutations = {
  send: () =>
    mutationOptions({
      mutationKey: ['request', 'send'],
      mutationFn: (draft: RequestDraft) => unwrap(signet().request.send(draft)),
      onSuccess: (record, _d, _r, ctx) => remember(ctx.client, record),
    }),
  resend: () =>
    mutationOptions({
      mutationKey: ['inspector', 'resend'],
      mutationFn: (id: string) => unwrap(signet().inspector.resend({ id })),
      onSuccess: (record, _id, _r, ctx) => remember(ctx.client, record),
    }),
  clear: () =>
    mutationOptions({
      mutationKey: ['inspector', 'clear'],
      mutationFn: () => unwrap(signet().inspector.clear()),
      onSuccess: (_c, _i, _r, ctx) => ctx.client.removeQueries({ queryKey: inspectorKeys.all }),
    }),
};

/** A request sent from anywhere (another window, the CLI is separate) shows up in the list as it is recorded. */
export function subscribeInspectorEvents(client: QueryClient): () => void {
  return signet().inspector.onRecorded(() => void client.invalidateQueries({ queryKey: inspectorKeys.lists() }));
}
