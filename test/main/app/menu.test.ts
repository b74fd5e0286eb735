/** The menu offers DevTools and reload only where DevTools are allowed (not in packaged builds by default). */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetFakeElectron } from './fake-electron';
import { buildAppMenu } from '../../../src-main/app/menu';
import { devToolsAllowed } from '../../../src-main/app/dev-tools-allowed';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule());

beforeEach(() => resetFakeElectron());

type Item = { role?: string; label?: string; submenu?: Item[] };
const roles = (items: Item[]): string[] => items.flatMap((i) => [...(i.role ? [i.role] : []), ...roles(i.submenu ?? [])]);
const menuRoles = (devTools: boolean, platform: NodeJS.Platform = 'linux') =>
  roles((buildAppMenu({ devTools, platform }) as unknown as { template: Item[] }).template);

describe('application menu', () => {
  it('has no DevTools or reload when DevTools are not allowed', () => {
    const r = menuRoles(false);
    expect(r).not.toContain('toggleDevTools');
    expect(r).not.toContain('reload');
    expect(r).not.toContain('forceReload');
    expect(r).toEqual(expect.arrayContaining(['fileMenu', 'editMenu', 'windowMenu']));
  });

  it('adds DevTools and reload when allowed, and the app menu on macOS', () => {
    expect(menuRoles(true)).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
    expect(menuRoles(false, 'darwin')).toContain('appMenu');
    expect(menuRoles(false, 'linux')).not.toContain('appMenu');
  });

  it('allows DevTools in development, and in a packaged build only with SIGNET_DEVTOOLS=1', () => {
    expect(devToolsAllowed(false, {})).toBe(true);
    expect(devToolsAllowed(true, {})).toBe(false);
    expect(devToolsAllowed(true, { SIGNET_DEVTOOLS: 'true' })).toBe(false);
    expect(devToolsAllowed(true, { SIGNET_DEVTOOLS: '1' })).toBe(true);
  });
});
