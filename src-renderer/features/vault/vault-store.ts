/**
 * The Vault feature's UI store (its slice: vault-slice.ts). Components select one field at a time. It answers the
 * shared `openKey` command (a key named on the Audit page).
 */
import { create } from 'zustand';
import { onNavigationCommand } from '../../shared/navigation/navigation-store';
import { createVaultSlice, type VaultSlice } from './vault-slice';

export const useVaultStore = create<VaultSlice>()(createVaultSlice);

onNavigationCommand('openKey', ({ entryId }) => useVaultStore.getState().keyOpened(entryId));
