/**
 * The Inspector's UI state: which record is open and the list filters. In the app store (not the page) so that
 * the Request page can open the record of what it just sent, and the filters survive a trip to another page.
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
  /** Shows a record in the Inspector, with the filters cleared so it is in the list. */
  recordOpened: (id: string) => void;
}

export const createInspectorSlice: StateCreator<InspectorSlice & { page: string; pageOpened: (page: 'inspector') => void }, [], [], InspectorSlice> = (set, get) => ({
  inspectorSelectedId: null,
  inspectorFilters: NO_FILTERS,
  recordSelected: (id) => set({ inspectorSelectedId: id }),
  inspectorFiltersChanged: (patch) => set((s) => ({ inspectorFilters: { ...s.inspectorFilters, ...patch } })),
  recordOpened: (id) => {
    set({ inspectorSelectedId: id, inspectorFilters: NO_FILTERS });
    get().pageOpened('inspector');
  },
});
