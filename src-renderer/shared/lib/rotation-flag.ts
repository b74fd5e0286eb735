/** A key's rotation flag in a few words (the badge's text, the Request page's key options). */
import { calendarDaysBetween, type RotationFlag } from '../../../src-main/contract/rotation-policy';
import type { RunState } from '../../../src-main/contract/rotation';

const RUN_WORDS: Partial<Record<RunState, string>> = {
  'awaiting-credentials': 'Awaiting new key',
  overlap: 'Rotated · old key in overlap',
  archived: 'Rotated · old key archived',
  'rolling-back': 'Rolling back',
};

/** The flag in words, or null for a key on schedule (and not rotating). */
export function rotationFlagText(flag: RotationFlag, now: number): string | null {
  if (flag.rotating?.failing) return flag.rotating.state === 'awaiting-credentials' ? 'New key refused' : 'Rotation step failing';
  if (flag.rotating) return RUN_WORDS[flag.rotating.state] ?? 'Rotating';
  switch (flag.status) {
    case 'expired':
      return 'Expired';
    case 'overdue': {
      const days = calendarDaysBetween(Date.parse(flag.dueAt), now);
      return days === 0 ? 'Rotation due today' : `Rotation overdue ${days} d`;
    }
    case 'due-soon': {
      const days = calendarDaysBetween(now, Date.parse(flag.dueAt));
      return days === 0 ? 'Rotate today' : `Rotate in ${days} d`;
    }
    case 'ok':
      return null;
  }
}
