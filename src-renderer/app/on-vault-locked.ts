/**
 * Everything the renderer forgets when the vault locks, whoever locked it (the Lock button, or main's auto-lock):
 * the vault page's UI state, and a clipboard countdown that is now moot because main cleared the clipboard.
 */
import { useVaultStore } from '../features/vault/vault-store';
import { CLIPBOARD_TOAST, useToasts } from '../shared/ui/toast-store';

export function onVaultLocked(): void {
  useVaultStore.getState().vaultLocked();
  useToasts.getState().toastSuperseded(CLIPBOARD_TOAST, 'Vault locked — clipboard cleared');
}
