/** Change (or, for a keychain-only vault, add) the vault passphrase. */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { vaultMutations } from '../../ipc/vault-queries';
import { errorMessage, isSignetError } from '../../ipc/signet-client';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { Dialog } from '../../shared/ui/dialog';
import { SecretField } from '../../shared/ui/field';
import { showToast } from '../../shared/ui/toast-store';
import { PassphrasePairFields, usePassphrasePair } from './passphrase-fields';

export function ChangePassphraseDialog({ hasPassphrase, onClose }: { hasPassphrase: boolean; onClose: () => void }) {
  const [current, setCurrent] = useState('');
  const pair = usePassphrasePair();
  const change = useMutation(vaultMutations.changePassphrase());
  const canSubmit = pair.ready && (!hasPassphrase || current.length > 0);
  const badCurrent = isSignetError(change.error, 'ERR_BAD_PASSPHRASE');

  const submit = () => {
    if (!canSubmit || change.isPending) return;
    change.mutate(
      { ...(hasPassphrase ? { current } : {}), next: pair.value },
      {
        onSuccess: () => {
          showToast({ tone: 'success', title: hasPassphrase ? 'Passphrase changed' : 'Passphrase added' });
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      title={hasPassphrase ? 'Change passphrase' : 'Add a passphrase'}
      description={hasPassphrase ? 'Signet re-encrypts the whole vault under a new key: the old passphrase, and older copies of the file, no longer open it. A keychain slot added from the command line must be added again there.' : 'A passphrase unlocks the vault when the keychain cannot.'}
      size="s"
      onClose={onClose}
      onSubmit={submit}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={!canSubmit} busy={change.isPending}>
            {hasPassphrase ? 'Change passphrase' : 'Add passphrase'}
          </Button>
        </>
      }
    >
      {hasPassphrase ? (
        <SecretField
          label="Current passphrase"
          value={current}
          onChange={(e) => {
            setCurrent(e.target.value);
            if (change.isError) change.reset();
          }}
          error={badCurrent ? errorMessage(change.error) : null}
          autoComplete="current-password"
          autoFocus
        />
      ) : null}
      <PassphrasePairFields pair={pair} autoFocus={!hasPassphrase} />
      {change.isError && !badCurrent ? (
        <Callout tone="danger" title="Not changed" role="alert">
          {errorMessage(change.error)}
        </Callout>
      ) : null}
    </Dialog>
  );
}
