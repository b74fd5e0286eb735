/**
 * The lock screen: unlock with the passphrase, or the OS keychain where this vault has a usable OS slot. When the
 * keychain backend changed since the slot was made, say so plainly; Signet never overwrites that slot itself.
 * When main refuses an older vault file put back (or cannot tell), the screen says so and lets the user choose:
 * Cancel, or open that version anyway (the same unlock again, with `acceptRollback`).
 */
import { useRef, useState } from 'react';
import { mutationOptions, useMutation } from '@tanstack/react-query';
import type { VaultStatus } from '../../../src-main/contract/schemas';
import { applyVaultStatus, vaultMutations } from '../../ipc/vault-queries';
import { errorMessage, isSignetError, signet, unwrap } from '../../ipc/signet-client';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { SecretField } from '../../shared/ui/field';
import { KeyIcon, LockIcon } from '../../shared/ui/icons';
import { AuthScreen } from './auth-screen';
import { OlderVaultCard } from './older-vault-card';
import { rollbackChoiceFor } from './rollback-choice';

type UnlockInput = { method: 'os' } | { method: 'passphrase'; passphrase: string };

/** The unlock the user chose to repeat, accepting the older vault file. */
const unlockAcceptingRollback = () =>
  mutationOptions({
    mutationKey: ['vault', 'unlockAcceptingRollback'],
    mutationFn: (input: UnlockInput) => unwrap(signet().vault.unlock({ ...input, acceptRollback: true })),
    onSuccess: (status: VaultStatus, _i: UnlockInput, _r: unknown, ctx) => applyVaultStatus(ctx.client, status),
  });

/** An unlock main refused as an older vault file (or could not tell): the choice to offer, and how to repeat it. */
function refusal(error: unknown, input: UnlockInput) {
  const choice = isSignetError(error) ? rollbackChoiceFor(error.code) : null;
  return choice ? { choice, input, message: errorMessage(error) } : null;
}

export function LockScreen({ status }: { status: VaultStatus }) {
  const [passphrase, setPassphrase] = useState('');
  const unlock = useMutation(vaultMutations.unlockWithPassphrase());
  const unlockOs = useMutation(vaultMutations.unlockWithOs());
  const accept = useMutation(unlockAcceptingRollback());
  const inputRef = useRef<HTMLInputElement>(null);
  const hasPassphrase = status.slots.some((s) => s.kind === 'passphrase');
  const busy = unlock.isPending || unlockOs.isPending;

  const submit = () => {
    if (!passphrase || busy) return;
    unlockOs.reset();
    unlock.mutate(passphrase, {
      onError: () => {
        inputRef.current?.focus();
        inputRef.current?.select();
      },
    });
  };

  const refused = refusal(unlock.error, { method: 'passphrase', passphrase }) ?? refusal(unlockOs.error, { method: 'os' });
  if (refused) {
    return (
      <AuthScreen>
        <OlderVaultCard
          choice={refused.choice}
          message={refused.message}
          busy={accept.isPending}
          error={accept.isError ? errorMessage(accept.error) : null}
          onOpen={() => accept.mutate(refused.input)}
          onCancel={() => {
            unlock.reset();
            unlockOs.reset();
            accept.reset();
            setPassphrase('');
          }}
        />
      </AuthScreen>
    );
  }

  const changed = status.osBackendChanged;
  return (
    <AuthScreen>
      <form
        className="auth-card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="lock-badge" aria-hidden="true">
          <LockIcon size={22} />
        </div>
        <div className="auth-heading auth-heading-center">
          <h1 className="auth-title">Vault locked</h1>
          <p className="auth-lede">
            {status.entryCount !== null ? `${status.entryCount} ${status.entryCount === 1 ? 'key' : 'keys'} · ` : ''}
            {status.autoLockMinutes > 0 ? `Locks itself after ${status.autoLockMinutes} min idle.` : 'Auto-lock is off.'}
          </p>
        </div>

        {changed ? (
          <Callout tone="warning" title="The keychain changed since this vault was set up">
            The keychain slot was sealed with <span className="mono">{changed.recorded}</span>, but this computer now reports{' '}
            <span className="mono">{changed.current ?? 'no keychain'}</span>. Signet will not use or overwrite that slot. Unlock with your passphrase, then
            remove and add the keychain slot again in Settings.
          </Callout>
        ) : null}

        {status.canUnlockWithOs ? (
          <>
            <Button
              variant="primary"
              block
              icon={<KeyIcon />}
              busy={unlockOs.isPending}
              disabled={busy}
              onClick={() => {
                unlock.reset();
                unlockOs.mutate(undefined);
              }}
            >
              Unlock with keychain
            </Button>
            {unlockOs.isError ? (
              <Callout tone="danger" role="alert">
                {errorMessage(unlockOs.error)}
              </Callout>
            ) : null}
            {hasPassphrase ? <div className="divider-text">or use your passphrase</div> : null}
          </>
        ) : null}

        {hasPassphrase ? (
          <>
            <SecretField
              ref={inputRef}
              label="Passphrase"
              value={passphrase}
              onChange={(e) => {
                setPassphrase(e.target.value);
                if (unlock.isError) unlock.reset();
              }}
              error={unlock.isError ? errorMessage(unlock.error) : null}
              autoFocus={!status.canUnlockWithOs}
              autoComplete="current-password"
            />
            <Button type="submit" variant={status.canUnlockWithOs ? 'secondary' : 'primary'} block busy={unlock.isPending} disabled={!passphrase || busy}>
              Unlock
            </Button>
          </>
        ) : !status.canUnlockWithOs ? (
          <Callout tone="danger" title="No way to unlock on this computer">
            This vault has no passphrase, and its keychain slot cannot be used here. Restore a backup, or open Signet on the computer that created it.
          </Callout>
        ) : null}
      </form>
    </AuthScreen>
  );
}
