/**
 * The Rotation page's UI state (never server data): the agenda's filters, the key whose pane is open (and the past
 * run picked in the agenda, opened in that key's history), and which dialog is open. Actions are named for what
 * happened. In the feature's store, not the page, so a reminder's "Open in Rotation" (the shared `openRotation`
 * command) can pick the key before the page renders.
 */
import type { StateCreator } from 'zustand';
import { NO_AGENDA_FILTERS, type AgendaFilters } from './rotation-model';

export type RotationDialogKind = 'rotate' | 'finish' | 'rollback' | 'abandon';
export type RotationDialog = null | { readonly kind: RotationDialogKind; readonly entryId: string };

export interface RotationSlice {
  rotationFilters: AgendaFilters;
  /** The key whose pane is open. */
  rotationSelectedId: string | null;
  /** A past run picked in the agenda (null: the key's own row). */
  rotationSelectedRunId: string | null;
  rotationDialog: RotationDialog;
  rotationFiltersChanged: (patch: Partial<AgendaFilters>) => void;
  rotationKeySelected: (entryId: string | null) => void;
  rotationPastRunSelected: (entryId: string, runId: string) => void;
  rotationDialogOpened: (kind: RotationDialogKind, entryId: string) => void;
  rotationDialogClosed: () => void;
  /** The key was opened from elsewhere (a reminder): select it, with the filters cleared so it is in the agenda. */
  rotationOpened: (entryId: string) => void;
}

export const createRotationSlice: StateCreator<RotationSlice> = (set) => ({
  rotationFilters: NO_AGENDA_FILTERS,
  rotationSelectedId: null,
  rotationSelectedRunId: null,
  rotationDialog: null,
  rotationFiltersChanged: (patch) => set((s) => ({ rotationFilters: { ...s.rotationFilters, ...patch } })),
  rotationKeySelected: (entryId) => set({ rotationSelectedId: entryId, rotationSelectedRunId: null }),
  rotationPastRunSelected: (entryId, runId) => set({ rotationSelectedId: entryId, rotationSelectedRunId: runId }),
  rotationDialogOpened: (kind, entryId) => set({ rotationDialog: { kind, entryId } }),
  rotationDialogClosed: () => set({ rotationDialog: null }),
  rotationOpened: (entryId) => set({ rotationSelectedId: entryId, rotationSelectedRunId: null, rotationFilters: NO_AGENDA_FILTERS, rotationDialog: null }),
});
