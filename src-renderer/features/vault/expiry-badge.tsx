/** Expired: red. Within 14 days: amber. Later: the date, quietly. None: nothing loud. */
import { Badge } from '../../shared/ui/badge';
import { ClockIcon } from '../../shared/ui/icons';
import { expiryLabel, expiryShortLabel, expiryState, formatDate } from '../../shared/lib/format';

export function ExpiryBadge({ expiresAt, now, quietWhenFar = true }: { expiresAt: string | null; now: number; quietWhenFar?: boolean }) {
  const state = expiryState(expiresAt, now);
  // In the list (quiet mode) space is tight; the detail pane spells it out.
  const label = quietWhenFar ? expiryShortLabel(state, expiresAt) : expiryLabel(state, expiresAt);
  if (state.kind === 'expired') return <Badge tone="danger" icon={<ClockIcon />} title={`Expired on ${formatDate(expiresAt)}`}>{label}</Badge>;
  if (state.kind === 'soon') return <Badge tone="warning" icon={<ClockIcon />} title={`Expires on ${formatDate(expiresAt)}`}>{label}</Badge>;
  if (state.kind === 'none') return <span className="text-faint">{quietWhenFar ? '—' : label}</span>;
  return quietWhenFar ? <span className="text-muted">{label}</span> : <Badge>{`Expires ${label}`}</Badge>;
}
