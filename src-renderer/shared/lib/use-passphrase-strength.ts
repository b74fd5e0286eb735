/**
 * The contract's passphrase strength, as you type. The estimator carries large dictionaries, so it is loaded on
 * first use (its own chunk) rather than with the app; until then the result is null.
 */
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { PassphraseStrength } from '../../../src-main/contract/passphrase-strength';

type Estimator = (passphrase: string, userInputs?: readonly string[]) => PassphraseStrength;
let loading: Promise<Estimator> | undefined;

function loadEstimator(): Promise<Estimator> {
  loading ??= import('../../../src-main/contract/passphrase-strength').then((m) => m.passphraseStrength);
  return loading;
}

export function usePassphraseStrength(passphrase: string): PassphraseStrength | null {
  const [estimate, setEstimate] = useState<Estimator | null>(null);
  useEffect(() => {
    let live = true;
    void loadEstimator().then((fn) => {
      if (live) setEstimate(() => fn);
    });
    return () => {
      live = false;
    };
  }, []);
  const deferred = useDeferredValue(passphrase);
  return useMemo(() => (estimate ? estimate(deferred) : null), [estimate, deferred]);
}
