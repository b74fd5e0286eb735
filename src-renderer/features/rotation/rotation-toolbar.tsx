/** The agenda's filters (search, environment) and its counts. */
import type { Environment } from '../../../src-main/contract/providers';
import { SearchBox } from '../../shared/ui/search-box';
import { Segmented } from '../../shared/ui/segmented';
import { Button } from '../../shared/ui/button';
import { countLabel, NO_AGENDA_FILTERS, type Agenda } from './rotation-model';
import { useRotationStore } from './rotation-store';

const ENVIRONMENTS: { value: Environment | 'all'; label: string; className?: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'dev', label: 'Dev' },
  { value: 'test', label: 'Test' },
  { value: 'prod', label: 'Prod', className: 'rot-segment-prod' },
];

export function RotationToolbar({ agenda }: { agenda: Agenda | null }) {
  const filters = useRotationStore((s) => s.rotationFilters);
  const changed = useRotationStore((s) => s.rotationFiltersChanged);
  const filtered = filters.text.trim() !== '' || filters.environment !== 'all';
  return (
    <div className="page-toolbar rot-toolbar">
      <div className="page-filters" role="search" aria-label="Filter the rotation agenda">
        <SearchBox value={filters.text} onChange={(text) => changed({ text })} label="Search keys" placeholder="Search label or provider" />
        <Segmented label="Filter by environment" value={filters.environment} options={ENVIRONMENTS} onChange={(environment) => changed({ environment })} />
        {filtered ? (
          <Button variant="ghost" size="s" onClick={() => changed(NO_AGENDA_FILTERS)}>
            Clear filters
          </Button>
        ) : null}
      </div>
      <div className="toolbar-spacer" />
      {agenda ? (
        <span className="page-count rot-summary" aria-live="polite">
          {agenda.counts.attention ? <span className="rot-summary-attention">{agenda.counts.attention} {agenda.counts.attention === 1 ? 'needs' : 'need'} attention</span> : null}
          {agenda.counts['due-soon'] ? <span className="rot-summary-soon">{agenda.counts['due-soon']} due soon</span> : null}
          {agenda.counts['in-progress'] ? <span className="rot-summary-progress">{agenda.counts['in-progress']} in progress</span> : null}
          <span>{filtered ? `${agenda.shownKeys.toLocaleString()} of ${countLabel(agenda.totalKeys, 'key')}` : countLabel(agenda.totalKeys, 'key')}</span>
        </span>
      ) : null}
    </div>
  );
}
