/**
 * Everything the renderer forgets when the vault locks, whoever locked it (the Lock button, or main's auto-lock):
 * the vault page's UI state, the Debugger's last report (made with a key; main forgets session credentials itself), the
 * Audit page's filters (which key was looked at) and open events, the last scan's findings (they name keys and
 * files), and a clipboard countdown that is now moot because main cleared the clipboard.
 */
import { useAuditStore } from '../features/audit/audit-store';
import { useDebuggerStore } from '../features/debugger/debugger-store';
import { useScanStore } from '../features/scan/scan-store';
import { useVaultStore } from '../features/vault/vault-store';
import { CLIPBOARD_TOAST, useToasts } from '../shared/ui/toast-store';

export function onVaultLocked(): void {
  useVaultStore.getState().vaultLocked();
  useDebuggerStore.getState().debuggerLocked();
  useScanStore.getState().scanLocked();
  useAuditStore.getState().auditLocked();
  useToasts.getState().toastSuperseded(CLIPBOARD_TOAST, 'Vault locked — clipboard cleared');
}
