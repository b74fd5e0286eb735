/** The main window is created hardened and shows the app's own page. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, recordingLogger, resetFakeElectron, type FakeBrowserWindow } from './fake-electron';
import { createMainWindow } from '../../../src-main/app/window';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule());

beforeEach(() => resetFakeElectron());

const open = (overrides: Partial<Parameters<typeof createMainWindow>[0]> = {}) =>
  createMainWindow({ preload: '/app/out/preload/index.cjs', devTools: false, theme: 'system', logger: recordingLogger(), ...overrides }) as unknown as FakeBrowserWindow;

describe('createMainWindow', () => {
  it('hardens webPreferences', () => {
    const prefs = open().options.webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
  });

  it('loads app://signet/index.html and shows only when ready', () => {
    const win = open();
    expect(win.loadedUrl).toBe('app://signet/index.html');
    expect(win.options.show).toBe(false);
    expect(win.visible).toBe(false);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
  });

  it('allows DevTools only when asked to', () => {
    expect(open({ devTools: true }).options.webPreferences!.devTools).toBe(true);
  });

  it('paints a background matching the theme before the page loads', () => {
    fake.nativeTheme.shouldUseDarkColors = false;
    const light = open({ theme: 'system' }).options.backgroundColor;
    const dark = open({ theme: 'dark' }).options.backgroundColor;
    expect(light).toMatch(/^#[0-9a-f]{6}$/i);
    expect(dark).not.toBe(light);
  });
});
