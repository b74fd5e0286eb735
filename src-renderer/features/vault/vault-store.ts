/** The Vault feature's UI store (its slice: vault-slice.ts). Components select one field at a time. */
import { create } from 'zustand';
import { createVaultSlice, type VaultSlice } from './vault-slice';

export const useVaultStore = create<VaultSlice>()(createVaultSlice);
