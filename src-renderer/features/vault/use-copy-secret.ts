/**
 * Copy a credential: main puts it on the clipboard and clears it after 30 s; the renderer never sees it. The toast
 * counts down to the moment main clears it.
 */
import { useMutation } from '@tanstack/react-query';
import { vaultMutations } from '../../ipc/vault-queries';
import { errorMessage } from '../../ipc/signet-client';
import { CLIPBOARD_TOAST, showToast } from '../../shared/ui/toast-store';
import { CREDENTIAL_LABELS, isSecretField } from './key-form-model';

export function useCopySecret() {
  return useMutation({
    ...vaultMutations.copySecret(),
    onSuccess: ({ field, clearsAt }) => {
      const what = isSecretField(field) ? 'Secret' : CREDENTIAL_LABELS[field];
      showToast({
        key: CLIPBOARD_TOAST,
        tone: 'success',
        title: `${what} copied`,
        countdown: {
          from: Date.now(),
          until: Date.parse(clearsAt),
          running: (s) => `${what} copied — clipboard clears in ${s} s`,
          done: 'Clipboard cleared',
        },
        durationMs: 2500,
      });
    },
    onError: (e) => {
      showToast({ tone: 'danger', title: 'Could not copy', body: errorMessage(e), durationMs: 6000 });
    },
  });
}
