/**
 * Rotation reminders as OS notifications: one per reminder, titled by what happened and naming the key, the reason
 * as the body; a click brings the window back (restored if minimized); where the OS has none, nothing is shown and
 * the caller knows (the in-app reminder still shows).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { FakeBrowserWindow, FakeNotification, resetFakeElectron } from './fake-electron';
import { notifyRotation } from '../../../src-main/app/rotation-notifications';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule());

beforeEach(() => resetFakeElectron());

const reminder = { entryId: 'e1', label: 'Binance main', status: 'overdue' as const, reason: 'Rotation was due on 2026-11-01 (every 90 days, created 2026-08-03); overdue by 32 d.', at: '2026-12-03T10:00:00.000Z' };

describe('rotation notifications', () => {
  it('shows one notification naming the key, and a click brings the window back', () => {
    const win = new FakeBrowserWindow({});
    win.minimized = true;
    expect(notifyRotation(reminder, () => win as unknown as BrowserWindow)).toBe(true);
    expect(FakeNotification.shown).toHaveLength(1);
    const n = FakeNotification.shown[0]!;
    expect(n.options).toMatchObject({ title: 'Key rotation overdue: Binance main', body: reminder.reason, silent: false });
    n.click();
    expect(win).toMatchObject({ minimized: false, visible: true, focusCount: 1 });
  });

  it('is quiet for "due soon", and does nothing where the OS has no notifications', () => {
    notifyRotation({ ...reminder, status: 'due-soon' }, () => null);
    expect(FakeNotification.shown[0]!.options).toMatchObject({ title: 'Key rotation due soon: Binance main', silent: true });
    FakeNotification.shown[0]!.click(); // no window: nothing to bring back, no error
    FakeNotification.supported = false;
    expect(notifyRotation(reminder, () => null)).toBe(false);
    expect(FakeNotification.shown).toHaveLength(1);
  });
});
