/** What to show for the vault's state: first run, the lock screen, or the app. Main's status decides, nothing else. */
import { useQuery } from '@tanstack/react-query';
import { vaultQueries } from '../ipc/vault-queries';
import { errorMessage } from '../ipc/signet-client';
import { FirstRunScreen } from '../features/vault/first-run-screen';
import { LockScreen } from '../features/vault/lock-screen';
import { Button } from '../shared/ui/button';
import { Callout } from '../shared/ui/callout';
import { Shell } from './shell';

export function AppGate() {
  const status = useQuery(vaultQueries.status());
  if (status.isPending) return <div className="splash" aria-busy="true" />;
  if (status.isError) {
    return (
      <main className="splash splash-error">
        <Callout tone="danger" title="Signet cannot read the vault">
          {errorMessage(status.error)}
        </Callout>
        <Button onClick={() => void status.refetch()} busy={status.isFetching}>
          Try again
        </Button>
      </main>
    );
  }
  if (!status.data.exists) return <FirstRunScreen status={status.data} />;
  if (status.data.locked) return <LockScreen status={status.data} />;
  return <Shell />;
}
