/**
 * The Audit feature's UI store (its slice: audit-slice.ts). It answers the shared `openAudit` command (a key's
 * "History" in the Vault).
 */
import { create } from 'zustand';
import { onNavigationCommand } from '../../shared/navigation/navigation-store';
import { createAuditSlice, type AuditSlice } from './audit-slice';

export const useAuditStore = create<AuditSlice>()(createAuditSlice);

onNavigationCommand('openAudit', ({ entryId }) => useAuditStore.getState().auditOpened(entryId));
