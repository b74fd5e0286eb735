/**
 * Request page server state: the schemes, the suggestion for a key and URL, and the signed preview, all computed
 * in main. Previews and exports carry API keys and signatures (never a secret: main masks those), so they are
 * dropped from the cache as soon as nothing shows them (gcTime 0) and never outlive the page or the unlock.
 */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { ExportFormat, RequestDraft } from '../../src-main/contract/schemas';
import { signet, unwrap } from './signet-client';

export const requestKeys = {
  all: ['request'] as const,
  schemes: () => ['request', 'schemes'] as const,
  suggestion: (entryId: string, url: string) => ['request', 'suggestion', entryId, url] as const,
  preview: (draft: RequestDraft) => ['request', 'preview', draft] as const,
};

export const requestQueries = {
  schemes: () => queryOptions({ queryKey: requestKeys.schemes(), queryFn: () => unwrap(signet().signing.schemes()), staleTime: Infinity }),
  suggestion: (entryId: string, url: string) =>
    queryOptions({
      queryKey: requestKeys.suggestion(entryId, url),
      queryFn: () => unwrap(signet().signing.suggest({ entryId, url })),
      placeholderData: keepPreviousData,
      staleTime: Infinity,
      gcTime: 0,
    }),
  /** One signature per draft: the same draft is not re-signed until the user asks (Re-sign) or changes it. */
  preview: (draft: RequestDraft) =>
    queryOptions({
      queryKey: requestKeys.preview(draft),
      queryFn: () => unwrap(signet().request.preview(draft)),
      placeholderData: keepPreviousData,
      staleTime: Infinity,
      gcTime: 0,
    }),
};

export function exportRequest(draft: RequestDraft, format: ExportFormat) {
  return unwrap(signet().request.export({ ...draft, format }));
}
