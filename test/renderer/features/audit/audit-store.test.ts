/**
 * The Audit page's store answers the shared `openAudit` command (a key's "History" in the Vault) in the same update
 * as the page, and the Vault's store answers `openKey` (a key named on the Audit page); a lock forgets the filters.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useAuditStore } from '../../../../src-renderer/features/audit/audit-store';
import { NO_FILTERS } from '../../../../src-renderer/features/audit/audit-model';
import { useVaultStore } from '../../../../src-renderer/features/vault/vault-store';
import { useNavigationStore } from '../../../../src-renderer/shared/navigation/navigation-store';

describe('the audit store and the commands between the Vault and the Audit page', () => {
  beforeEach(() => {
    useNavigationStore.setState({ page: 'vault', command: null });
    useAuditStore.setState({ auditFilters: { entryId: 'other', types: ['key.copied'], range: 'hour', from: '', to: '' }, auditSelectedSeq: 12, auditExpanded: new Set([12]) });
    useVaultStore.setState({ search: 'bot', filters: { provider: 'binance', environment: 'prod', tag: null }, selectedId: null, dialog: { kind: 'add' } });
  });

  it('openAudit opens the page on the key’s history: every type, all time, nothing open', () => {
    useNavigationStore.getState().openAudit('key-7');
    expect(useNavigationStore.getState().page).toBe('audit');
    expect(useAuditStore.getState()).toMatchObject({ auditFilters: { ...NO_FILTERS, entryId: 'key-7' }, auditSelectedSeq: null });
    expect(useAuditStore.getState().auditExpanded.size).toBe(0);
  });

  it('openAudit without a key opens the whole log', () => {
    useNavigationStore.getState().openAudit();
    expect(useAuditStore.getState().auditFilters).toEqual(NO_FILTERS);
  });

  it('openKey opens the Vault on the key, with its search and filters cleared so it is in the list', () => {
    useNavigationStore.getState().openKey('key-7');
    expect(useNavigationStore.getState().page).toBe('vault');
    expect(useVaultStore.getState()).toMatchObject({ selectedId: 'key-7', search: '', filters: { provider: null, environment: null, tag: null }, dialog: null });
    // Given twice (after the person moved on), it applies twice.
    useVaultStore.getState().keySelected('elsewhere');
    useNavigationStore.getState().openKey('key-7');
    expect(useVaultStore.getState().selectedId).toBe('key-7');
  });

  it('toggles an event open and closed, choosing it', () => {
    useAuditStore.getState().auditEventToggled(3);
    expect(useAuditStore.getState().auditSelectedSeq).toBe(3);
    expect([...useAuditStore.getState().auditExpanded].sort()).toEqual([12, 3]);
    useAuditStore.getState().auditEventToggled(12);
    expect([...useAuditStore.getState().auditExpanded]).toEqual([3]);
  });

  it('forgets the key looked at and what was open when the vault locks', () => {
    useAuditStore.getState().auditLocked();
    expect(useAuditStore.getState()).toMatchObject({ auditFilters: NO_FILTERS, auditSelectedSeq: null });
    expect(useAuditStore.getState().auditExpanded.size).toBe(0);
  });
});
