/**
 * First run: create the vault. With a secure OS keychain, it protects the vault by default and a passphrase is
 * an optional (recommended) recovery; without one, we say why and require a passphrase. A sandbox key is added
 * so there is something to try at once.
 */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { VaultStatus } from '../../../src-main/contract/schemas';
import { vaultMutations } from '../../ipc/vault-queries';
import { errorMessage } from '../../ipc/signet-client';
import { usePassphraseStrength } from '../../shared/lib/use-passphrase-strength';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { Checkbox, SecretField } from '../../shared/ui/field';
import { SandboxIcon } from '../../shared/ui/icons';
import { StrengthMeter } from '../../shared/ui/strength-meter';
import { AuthScreen } from './auth-screen';

export function FirstRunScreen({ status }: { status: VaultStatus }) {
  const osUsable = status.os.available && status.os.secure;
  const [useOs, setUseOs] = useState(osUsable);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [confirmTouched, setConfirmTouched] = useState(false);
  const strength = usePassphraseStrength(passphrase);
  const create = useMutation(vaultMutations.create());

  const passphraseRequired = !useOs;
  const entered = passphrase.length > 0;
  const matches = passphrase === confirm;
  const passphraseOk = Boolean(strength?.acceptable) && matches;
  const canCreate = passphraseRequired ? passphraseOk : !entered || passphraseOk;
  const mismatch = confirm.length > 0 && !matches && (confirmTouched || confirm.length >= passphrase.length);

  const submit = () => {
    if (!canCreate || create.isPending) return;
    create.mutate({ useOsSlot: useOs, addSandboxKey: true, ...(entered ? { passphrase } : {}) });
  };

  return (
    <AuthScreen>
      <form
        className="auth-card auth-card-wide"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="auth-heading">
          <h1 className="auth-title">Create your vault</h1>
          <p className="auth-lede">Signet keeps your exchange and API keys encrypted on this computer (AES-256-GCM). They never leave it: requests are signed here, and only the signed request is sent.</p>
        </div>

        {osUsable ? (
          <div className="option-card">
            <Checkbox
              checked={useOs}
              onChange={(e) => setUseOs(e.target.checked)}
              label="Protect with this computer’s keychain"
              description={`Unlocks while you are signed in to this computer, without typing anything (${status.os.backend ?? status.os.provider}).`}
            />
          </div>
        ) : (
          <Callout tone="warning" title="A passphrase is required on this computer">
            {status.os.reason ?? 'This computer has no secure keychain Signet can use.'} Signet will not store your vault key where it is not protected.
          </Callout>
        )}

        <div className="auth-fields">
          <SecretField
            label={passphraseRequired ? 'Passphrase' : 'Recovery passphrase'}
            aside={passphraseRequired ? undefined : 'optional, recommended'}
            hint={
              passphraseRequired
                ? 'You will type it to unlock. Signet cannot recover it if it is lost.'
                : 'Unlocks the vault if the keychain is reset or you move to another computer.'
            }
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            autoFocus
            autoComplete="new-password"
          />
          {entered || passphraseRequired ? <StrengthMeter strength={strength} empty={!entered} /> : null}
          {entered || passphraseRequired ? (
            <SecretField
              label="Confirm passphrase"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              onBlur={() => setConfirmTouched(true)}
              error={mismatch ? 'The two passphrases do not match.' : null}
              autoComplete="new-password"
            />
          ) : null}
        </div>

        <div className="sandbox-note">
          <SandboxIcon className="icon sandbox-note-icon" />
          <p>
            <strong>A sandbox key is added for you.</strong> It works with Signet’s built-in sandbox exchange, offline, so you can try signing before adding real keys.
          </p>
        </div>

        {create.isError ? (
          <Callout tone="danger" title="The vault was not created" role="alert">
            {errorMessage(create.error)}
          </Callout>
        ) : null}

        <Button type="submit" variant="primary" block disabled={!canCreate} busy={create.isPending}>
          Create vault
        </Button>
        <p className="auth-footnote mono" title="Vault file">
          {status.path}
        </p>
      </form>
    </AuthScreen>
  );
}
