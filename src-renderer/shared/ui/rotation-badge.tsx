/**
 * A key's rotation flag, the same wherever the key appears (the Vault list and detail, the Request page's key picker,
 * Markets' needs-key state): a run in progress, expired, overdue, due soon. A key on schedule shows nothing unless
 * `showOk` (the detail pane spells the next date out). The words come from the scheduler's own computation
 * (contract/rotation-policy.ts), and its reason is the tooltip.
 */
import type { RotationFlag } from '../../../src-main/contract/rotation-policy';
import { formatDate } from '../lib/format';
import { rotationFlagText } from '../lib/rotation-flag';
import { Badge } from './badge';
import { RotateIcon } from './icons';

/**
 * `besideExpiry`: the key's own expiry, where an expiry badge is shown next to this one; a key whose own expiry has
 * passed is then not called expired twice.
 */
export function RotationBadge({ flag, now, showOk = false, besideExpiry, className }: { flag: RotationFlag; now: number; showOk?: boolean; besideExpiry?: string | null; className?: string }) {
  if (flag.status === 'expired' && !flag.rotating && besideExpiry && Date.parse(besideExpiry) <= now) return null;
  const text = rotationFlagText(flag, now);
  if (text === null) {
    if (!showOk) return null;
    return (
      <Badge icon={<RotateIcon size={12} />} className={className} title={flag.reason}>
        Next rotation {formatDate(flag.dueAt)}
      </Badge>
    );
  }
  const tone = flag.rotating ? (flag.rotating.failing ? 'danger' : flag.rotating.state === 'awaiting-credentials' ? 'warning' : 'accent') : flag.status === 'due-soon' ? 'warning' : 'danger';
  const title = flag.rotating ? `A ${flag.rotating.mode} rotation is in progress: open the Rotation page to follow it.` : flag.reason;
  return (
    <Badge tone={tone} icon={<RotateIcon size={12} />} className={className} title={title}>
      <span data-rotation-flag={flag.rotating ? 'rotating' : flag.status}>{text}</span>
    </Badge>
  );
}

