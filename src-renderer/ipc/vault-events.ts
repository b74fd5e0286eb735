/**
 * Main → renderer pushes. The status event is authoritative (auto-lock happens in main): it replaces the cached
 * status at once, and a lock wipes cached entries before the lock screen even renders.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { VaultStatus } from '../../src-main/contract/schemas';
import { signet } from './signet-client';
import { applyVaultStatus, invalidateEntries } from './vault-queries';

export function subscribeVaultEvents(client: QueryClient, onStatus: (status: VaultStatus) => void): () => void {
  const api = signet();
  const offStatus = api.vault.onStatusChanged((status) => {
    applyVaultStatus(client, status);
    onStatus(status);
  });
  const offEntries = api.vault.onEntriesChanged(() => void invalidateEntries(client));
  return () => {
    offStatus();
    offEntries();
  };
}
