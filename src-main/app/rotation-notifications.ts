/**
 * Rotation reminders as OS notifications (Electron `Notification`): one per reminder the scheduler sends (a key that
 * became due soon, overdue or expired, once per change), naming the key and what to do. Clicking one brings the
 * window forward, where the in-app reminder names the key too. Nothing secret is in a notification: the label and the dates.
 */
import { Notification, type BrowserWindow } from 'electron';
import type { RotationReminderView } from '../contract/rotation';

const TITLES: Record<RotationReminderView['status'], string> = {
  'due-soon': 'Key rotation due soon',
  overdue: 'Key rotation overdue',
  expired: 'Key expired',
};

/** Shows the reminder; returns false where the OS has no notifications (the in-app reminder still shows). */
export function notifyRotation(reminder: RotationReminderView, window: () => BrowserWindow | null): boolean {
  if (!Notification.isSupported()) return false;
  const n = new Notification({ title: `${TITLES[reminder.status]}: ${reminder.label}`, body: reminder.reason, silent: reminder.status === 'due-soon' });
  n.on('click', () => {
    const w = window();
    if (!w) return;
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
  });
  n.show();
  return true;
}
