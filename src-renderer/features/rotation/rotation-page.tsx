/**
 * The Rotation page: the agenda of every key's rotations on the left (what needs attention, what is in progress,
 * what is due, what was done), the selected key on the right (its schedule, Rotate now, the run live, its history).
 * Server state is main's rotation:overview, kept live by rotation:changed (ipc/rotation-queries.ts).
 */
import { useEffect, useMemo, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { rotationKeys, rotationQueries } from '../../ipc/rotation-queries';
import { errorMessage } from '../../ipc/signet-client';
import { useNow } from '../../shared/lib/use-now';
import { useNavigationStore } from '../../shared/navigation/navigation-store';
import { Button } from '../../shared/ui/button';
import { EmptyState } from '../../shared/ui/empty-state';
import { FilterXIcon, RotateIcon, SearchIcon, VaultIcon } from '../../shared/ui/icons';
import { AgendaList } from './agenda-list';
import { KeyPane } from './key-pane';
import { buildAgenda, NO_AGENDA_FILTERS, statusAt, type Agenda } from './rotation-model';
import { RotationDialogs } from './run-dialogs';
import { RotationToolbar } from './rotation-toolbar';
import { useRotationStore } from './rotation-store';
import '../../shared/ui/page-layout.css';
import './rotation.css';

/** At most this many past runs in the agenda; each key's pane has its whole history. */
const PAST_LIMIT = 100;

function AgendaPane({ agenda, error, onRetry }: { agenda: Agenda | null; error: unknown; onRetry: () => void }) {
  const changed = useRotationStore((s) => s.rotationFiltersChanged);
  const pageOpened = useNavigationStore((s) => s.pageOpened);
  // The countdowns in the rows tick every second; the grouping is the page's, once a minute.
  const now = useNow(1000);
  if (error) {
    return (
      <EmptyState title="The rotation overview could not be loaded" action={<Button onClick={onRetry}>Try again</Button>}>
        {errorMessage(error)}
      </EmptyState>
    );
  }
  if (!agenda) return <div className="rot-agenda-loading" aria-busy="true" />;
  if (agenda.totalKeys === 0) {
    return (
      <EmptyState
        icon={<RotateIcon size={20} />}
        title="No keys to rotate"
        action={
          <Button variant="primary" icon={<VaultIcon />} onClick={() => pageOpened('vault')}>
            Open the Vault
          </Button>
        }
      >
        Add a key to the vault: each key gets a rotation schedule, reminders before it is due, and a rotation that never leaves you without a working key.
      </EmptyState>
    );
  }
  if (agenda.shownKeys === 0) {
    return (
      <EmptyState
        icon={<SearchIcon size={20} />}
        title="No keys match these filters"
        action={
          <Button icon={<FilterXIcon />} onClick={() => changed(NO_AGENDA_FILTERS)}>
            Clear filters
          </Button>
        }
      >
        Search matches a key’s label and its provider.
      </EmptyState>
    );
  }
  return <AgendaList agenda={agenda} now={now} pastLimit={PAST_LIMIT} />;
}

/** When a key's status changes with time alone (due soon → overdue at midnight UTC), main's words for it are asked again. */
function useFreshStatuses(): void {
  const client = useQueryClient();
  const keys = useQuery(rotationQueries.overview()).data?.keys;
  const now = useNow(60_000);
  // Once per tick at most: main's own clock may be a moment behind at the boundary.
  const asked = useRef(0);
  useEffect(() => {
    if (asked.current === now || !keys?.some((k) => statusAt(k.state, now) !== k.state.status)) return;
    asked.current = now;
    void client.invalidateQueries({ queryKey: rotationKeys.overview() });
  }, [client, keys, now]);
}

export function RotationPage() {
  useFreshStatuses();
  const overview = useQuery(rotationQueries.overview());
  const filters = useRotationStore((s) => s.rotationFilters);
  // Regrouped each minute (a key becomes due at midnight UTC) and whenever main's overview changes.
  const now = useNow(60_000);
  const keys = overview.data?.keys;
  const agenda = useMemo(() => (keys ? buildAgenda(keys, filters, now, PAST_LIMIT) : null), [keys, filters, now]);
  return (
    <div className="page rot-page">
      <RotationToolbar agenda={agenda} />
      <div className="page-body">
        <section className="page-list-pane" aria-label="Rotation agenda">
          <AgendaPane agenda={agenda} error={overview.isError ? overview.error : null} onRetry={() => void overview.refetch()} />
        </section>
        <aside className="page-detail-pane rot-detail-pane" aria-label="Key rotation">
          <KeyPane />
        </aside>
      </div>
      <RotationDialogs />
    </div>
  );
}
