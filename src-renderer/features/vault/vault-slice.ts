/**
 * Vault page UI state (never server data): search text, filters, the selected key and which dialog is open.
 * Actions are named for what happened, not for what to set.
 */
import type { StateCreator } from 'zustand';
import type { Environment } from '../../../src-main/contract/providers';

export interface VaultFilters {
  readonly provider: string | null;
  readonly environment: Environment | null;
  readonly tag: string | null;
}

export type VaultDialog = null | { kind: 'add' } | { kind: 'edit'; id: string } | { kind: 'delete'; id: string };

export interface VaultSlice {
  search: string;
  filters: VaultFilters;
  selectedId: string | null;
  dialog: VaultDialog;
  searchChanged: (text: string) => void;
  providerFilterChanged: (provider: string | null) => void;
  environmentFilterChanged: (environment: Environment | null) => void;
  tagFilterChanged: (tag: string | null) => void;
  filtersCleared: () => void;
  keySelected: (id: string | null) => void;
  addKeyRequested: () => void;
  editKeyRequested: (id: string) => void;
  deleteKeyRequested: (id: string) => void;
  dialogClosed: () => void;
  keySaved: (id: string) => void;
  keyRemoved: (id: string) => void;
  /** A key was opened from elsewhere (the shared `openKey` command): select it, with the search and filters cleared so it is in the list. */
  keyOpened: (id: string) => void;
  /** The vault locked (by the user or by auto-lock): forget everything about its contents. */
  vaultLocked: () => void;
}

export const NO_FILTERS: VaultFilters = { provider: null, environment: null, tag: null };

export const createVaultSlice: StateCreator<VaultSlice> = (set) => ({
  search: '',
  filters: NO_FILTERS,
  selectedId: null,
  dialog: null,
  searchChanged: (search) => set({ search }),
  providerFilterChanged: (provider) => set((s) => ({ filters: { ...s.filters, provider } })),
  environmentFilterChanged: (environment) => set((s) => ({ filters: { ...s.filters, environment } })),
  tagFilterChanged: (tag) => set((s) => ({ filters: { ...s.filters, tag } })),
  filtersCleared: () => set({ filters: NO_FILTERS, search: '' }),
  keySelected: (selectedId) => set({ selectedId }),
  addKeyRequested: () => set({ dialog: { kind: 'add' } }),
  editKeyRequested: (id) => set({ dialog: { kind: 'edit', id } }),
  deleteKeyRequested: (id) => set({ dialog: { kind: 'delete', id } }),
  dialogClosed: () => set({ dialog: null }),
  keySaved: (id) => set({ dialog: null, selectedId: id }),
  keyRemoved: (id) => set((s) => ({ dialog: null, selectedId: s.selectedId === id ? null : s.selectedId })),
  keyOpened: (id) => set({ selectedId: id, search: '', filters: NO_FILTERS, dialog: null }),
  vaultLocked: () => set({ search: '', filters: NO_FILTERS, selectedId: null, dialog: null }),
});
