/** Delete with confirmation that names the key; a production key must have its label typed to confirm. */
import { useRef, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { vaultMutations, vaultQueries } from '../../ipc/vault-queries';
import { errorMessage } from '../../ipc/signet-client';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { Dialog } from '../../shared/ui/dialog';
import { TextField } from '../../shared/ui/field';
import { showToast } from '../../shared/ui/toast-store';
import { EnvironmentBadge } from '../../shared/ui/badge';
import { providerName } from './provider-avatar';
import { useVaultStore } from './vault-store';

export function DeleteKeyDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const detail = useQuery(vaultQueries.detail(id));
  const remove = useMutation(vaultMutations.remove());
  const keyRemoved = useVaultStore((s) => s.keyRemoved);
  const [typed, setTyped] = useState('');
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  if (!detail.data) return null;
  const entry = detail.data;
  const isProd = entry.environment === 'prod';
  const confirmed = !isProd || typed.trim() === entry.label;

  const submit = () => {
    if (!confirmed || remove.isPending) return;
    remove.mutate(id, {
      onSuccess: () => {
        keyRemoved(id);
        showToast({ tone: 'success', title: `Deleted “${entry.label}”` });
      },
    });
  };

  return (
    <Dialog
      title={`Delete “${entry.label}”?`}
      tone="danger"
      size="s"
      onClose={onClose}
      initialFocus={isProd ? confirmRef : cancelRef}
      onSubmit={submit}
      footer={
        <>
          <Button ref={cancelRef} onClick={onClose} disabled={remove.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={!confirmed} busy={remove.isPending}>
            Delete key
          </Button>
        </>
      }
    >
      <div className="delete-summary">
        <EnvironmentBadge environment={entry.environment} />
        <span className="delete-summary-label">{entry.label}</span>
        <span className="text-muted">{providerName(entry.provider)}</span>
        <span className="mono text-muted">{entry.preview}</span>
      </div>
      <p className="text-muted">
        Its credentials are removed from this vault for good. Revoke the key at {providerName(entry.provider)} too if it is no longer needed; backups you exported earlier still contain it.
      </p>
      {isProd ? (
        <TextField
          ref={confirmRef}
          label={
            <>
              Type <strong className="mono">{entry.label}</strong> to confirm
            </>
          }
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
      ) : null}
      {remove.isError ? (
        <Callout tone="danger" title="Not deleted" role="alert">
          {errorMessage(remove.error)}
        </Callout>
      ) : null}
    </Dialog>
  );
}
