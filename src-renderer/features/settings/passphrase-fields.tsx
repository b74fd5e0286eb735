/** New passphrase + confirmation + live strength: the pair every "set a passphrase" form in Settings uses. */
import { useState } from 'react';
import { usePassphraseStrength } from '../../shared/lib/use-passphrase-strength';
import { SecretField } from '../../shared/ui/field';
import { StrengthMeter } from '../../shared/ui/strength-meter';

export function usePassphrasePair() {
  const [value, setValue] = useState('');
  const [confirm, setConfirm] = useState('');
  const [confirmTouched, setConfirmTouched] = useState(false);
  const strength = usePassphraseStrength(value);
  const ready = Boolean(strength?.acceptable) && value === confirm;
  const mismatch = confirm.length > 0 && value !== confirm && (confirmTouched || confirm.length >= value.length);
  return { value, setValue, confirm, setConfirm, setConfirmTouched, strength, ready, mismatch };
}

export function PassphrasePairFields({ pair, label = 'New passphrase', hint, autoFocus }: { pair: ReturnType<typeof usePassphrasePair>; label?: string; hint?: string; autoFocus?: boolean }) {
  return (
    <>
      <SecretField label={label} hint={hint} value={pair.value} onChange={(e) => pair.setValue(e.target.value)} autoComplete="new-password" autoFocus={autoFocus} />
      <StrengthMeter strength={pair.strength} empty={!pair.value} />
      <SecretField
        label="Confirm"
        value={pair.confirm}
        onChange={(e) => pair.setConfirm(e.target.value)}
        onBlur={() => pair.setConfirmTouched(true)}
        error={pair.mismatch ? 'The two passphrases do not match.' : null}
        autoComplete="new-password"
      />
    </>
  );
}
