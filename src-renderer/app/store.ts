/**
 * The one UI store, assembled from feature slices. It holds UI state only; server state lives in TanStack Query.
 * Components select one field at a time (`useAppStore((s) => s.selectedId)`), so a keystroke in the search box
 * re-renders the search box, not the list.
 */
import { create } from 'zustand';
import { createNavSlice, type NavSlice } from './nav-slice';
import { createVaultSlice, type VaultSlice } from '../features/vault/vault-slice';
import { createRequestSlice, type RequestSlice } from '../features/request/request-slice';
import { createInspectorSlice, type InspectorSlice } from '../features/inspector/inspector-slice';
import { createMarketsSlice, type MarketsSlice } from '../features/markets/markets-slice';

export type AppState = NavSlice & VaultSlice & RequestSlice & InspectorSlice & MarketsSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createNavSlice(...a),
  ...createVaultSlice(...a),
  ...createRequestSlice(...a),
  ...createInspectorSlice(...a),
  ...createMarketsSlice(...a),
}));
