/**
 * Everything the Request page derives from the draft: the key and scheme in effect, main's suggestion, the signed
 * preview (debounced: main signs once typing pauses), and the error placed at the field it names. Computed once
 * per render of the page and handed to both panes, so the form and the preview never disagree.
 */
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { EntrySummary, RequestDraft, SchemeInfo, SchemeSuggestion } from '../../../src-main/contract/schemas';
import { requestQueries } from '../../ipc/request-queries';
import { isSignetError, errorMessage } from '../../ipc/signet-client';
import { vaultQueries } from '../../ipc/vault-queries';
import { useDebouncedValue } from '../../shared/lib/use-debounced-value';
import { effectiveEntry, missingCredentials, parseTimestamp, placeError, toRequestDraft, type PlacedError } from './request-model';
import { useRequestStore } from './request-store';

export const PREVIEW_DEBOUNCE_MS = 300;

export interface RequestSigningState {
  entries: readonly EntrySummary[] | undefined;
  entry: EntrySummary | null;
  schemes: readonly SchemeInfo[];
  suggestion: SchemeSuggestion | undefined;
  /** The scheme the preview signs with: the user's choice, else the suggestion. */
  scheme: SchemeInfo | null;
  /** Credentials the chosen scheme needs that the key lacks. */
  missing: string[];
  /** What main gets; null when there is nothing to sign yet (no key, no URL, a timestamp that is not one). */
  draft: RequestDraft | null;
  /**
   * What Send sends: the form as it is now, not as it was when typing paused (the preview's debounce must not
   * send a request without the last keystrokes). Signed with the scheme the page shows.
   */
  sendDraft: RequestDraft | null;
  preview: ReturnType<typeof usePreviewQuery>;
  error: PlacedError | null;
  /** A problem the page finds before asking main. */
  timestampProblem: string | null;
  /** The draft changed and the preview does not show it yet (typing, or main is signing). */
  stale: boolean;
}

function usePreviewQuery(draft: RequestDraft | null) {
  return useQuery({ ...requestQueries.preview(draft as RequestDraft), enabled: draft !== null });
}

export function useRequestSigning(): RequestSigningState {
  const d = useRequestStore((s) => s.draft);
  const entries = useQuery(vaultQueries.list({})).data;
  const schemes = useQuery(requestQueries.schemes()).data ?? [];
  const entry = entries ? effectiveEntry(entries, d.entryId) : null;

  const settled = useDebouncedValue(d, PREVIEW_DEBOUNCE_MS);
  const settledUrl = settled.url.trim();
  const suggestionQuery = useQuery({ ...requestQueries.suggestion(entry?.id ?? '', settledUrl), enabled: entry !== null });
  const suggestion = suggestionQuery.data;
  const schemeId = d.schemeId ?? suggestion?.schemeId ?? null;
  const scheme = schemes.find((s) => s.id === schemeId) ?? null;
  const timestampProblem = parseTimestamp(d.timestamp).problem;

  // Wait for the suggestion before the first signing, so the preview and the picker name the same scheme.
  const settledScheme = settled.schemeId ?? suggestion?.schemeId ?? null;
  const ready = entry !== null && settledUrl !== '' && parseTimestamp(settled.timestamp).problem === null && (settled.schemeId !== null || (suggestion !== undefined && !suggestionQuery.isPlaceholderData));
  const unsigned = settled.schemeId === null && suggestion?.schemeId === null;
  const keyRevealed = useRequestStore((s) => s.keyRevealed);
  const draft = useMemo(
    () => (ready && entry && !unsigned ? { ...toRequestDraft(settled, entry.id, settledScheme), ...(keyRevealed && { revealKey: true }) } : null),
    [ready, entry, unsigned, settled, settledScheme, keyRevealed],
  );
  const preview = usePreviewQuery(draft);
  const liveReady = entry !== null && d.url.trim() !== '' && timestampProblem === null && !(d.schemeId === null && suggestion?.schemeId === null);
  const sendDraft = useMemo(() => (liveReady && entry ? toRequestDraft(d, entry.id, schemeId) : null), [liveReady, entry, d, schemeId]);

  const failure = preview.isError ? preview.error : suggestionQuery.isError ? suggestionQuery.error : null;
  const error = failure ? placeError(isSignetError(failure) ? { code: failure.code, message: failure.message } : { code: 'ERR_INTERNAL', message: errorMessage(failure) }, entry ?? undefined) : null;

  return {
    entries,
    entry,
    schemes,
    suggestion,
    scheme,
    missing: scheme && entry ? missingCredentials(scheme, entry) : [],
    draft,
    sendDraft,
    preview,
    error,
    timestampProblem,
    stale: settled !== d || preview.isFetching || suggestionQuery.isFetching,
  };
}
