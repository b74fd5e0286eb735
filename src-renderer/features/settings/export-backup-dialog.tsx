/** Export an encrypted backup under its own passphrase (never the vault's): the file is safe to copy anywhere. */
import { useMutation } from '@tanstack/react-query';
import { vaultMutations } from '../../ipc/vault-queries';
import { errorMessage } from '../../ipc/signet-client';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { Dialog } from '../../shared/ui/dialog';
import { PassphrasePairFields, usePassphrasePair } from './passphrase-fields';

export function ExportBackupDialog({ onClose }: { onClose: () => void }) {
  const pair = usePassphrasePair();
  const exportBackup = useMutation(vaultMutations.exportBackup());
  const result = exportBackup.data;
  const saved = result && 'path' in result ? result : null;

  const submit = () => {
    if (saved) return onClose();
    if (!pair.ready || exportBackup.isPending) return;
    exportBackup.mutate(pair.value);
  };

  return (
    <Dialog
      title="Export an encrypted backup"
      description="Choose a passphrase for this backup. You will need it to import the file; it is not your vault passphrase."
      size="s"
      onClose={onClose}
      onSubmit={submit}
      footer={
        saved ? (
          <Button type="submit" variant="primary">
            Done
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={!pair.ready} busy={exportBackup.isPending}>
              Choose location and export
            </Button>
          </>
        )
      }
    >
      {saved ? (
        <Callout tone="success" title={`Backed up ${saved.entryCount} ${saved.entryCount === 1 ? 'key' : 'keys'}`} role="status">
          Saved to <span className="mono break-all">{saved.path}</span>
        </Callout>
      ) : (
        <>
          <PassphrasePairFields pair={pair} label="Backup passphrase" autoFocus />
          {result && 'cancelled' in result ? <Callout>No file was chosen, so nothing was exported.</Callout> : null}
          {exportBackup.isError ? (
            <Callout tone="danger" title="Not exported" role="alert">
              {errorMessage(exportBackup.error)}
            </Callout>
          ) : null}
        </>
      )}
    </Dialog>
  );
}
