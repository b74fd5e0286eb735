/**
 * The Inspector's UI state: which record is open and the list filters. In the feature's store (not the page) so
 * that the Request page can open the record of what it just sent (the shared `openRecord` command), and the filters
 * survive a trip to another page.
 */
import type { StateCreator } from 'zustand';
import type { InspectorOutcome } from '../../../src-main/contract/inspector';

export interface InspectorFilters {
  /** '' = every provider. */
  readonly provider: string;
  readonly outcome: InspectorOutcome | 'all';
  /** '' = every key. */
  readonly entryId: string;
  readonly text: string;
}

export const NO_FILTERS: InspectorFilters = { provider: '', outcome: 'all', entryId: '', text: '' };

export interface InspectorSlice {
  inspectorSelectedId: string | null;
  inspectorFilters: InspectorFilters;
  recordSelected: (id: string | null) => void;
  inspectorFiltersChanged: (patch: Partial<InspectorFilters>) => void;
  /** A record was opened from elsewhere (the shared `openRecord` command): select it, with the filters cleared so it is in the list. */
  recordOpened: (id: string) => void;
}

export const createInspectorSlice: StateCreator<InspectorSlice> = (set) => ({
  inspectorSelectedId: null,
  inspectorFilters: NO_FILTERS,
  recordSelected: (id) => set({ inspectorSelectedId: id }),
  inspectorFiltersChanged: (patch) => set((s) => ({ inspectorFilters: { ...s.inspectorFilters, ...patch } })),
  recordOpened: (id) => set({ inspectorSelectedId: id, inspectorFilters: NO_FILTERS }),
});
