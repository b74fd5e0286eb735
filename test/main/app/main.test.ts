/**
 * The Electron entry, run for real against the fake electron module: single-instance lock, what happens before
 * and after ready, and that the pieces are connected (window, protocol, guards, IPC through to the vault).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, FakeBrowserWindow, FakeEvent, FakeWebContents, FakeWebFrame, resetFakeElectron } from './fake-electron';
import { CHANNELS } from '../../../src-main/contract/channels';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule());

let home: string;

beforeEach(() => {
  resetFakeElectron();
  vi.resetModules();
  home = mkdtempSync(join(tmpdir(), 'signet-main-'));
  vi.stubEnv('SIGNET_HOME', home);
  vi.stubEnv('SIGNET_LOG_LEVEL', 'error');
  vi.stubEnv('SIGNET_DEVTOOLS', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(home, { recursive: true, force: true });
});

async function launch(): Promise<void> {
  await import('../../../src-main/app/main');
}
async function launchUntilWindow(): Promise<FakeBrowserWindow> {
  await launch();
  await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
  return FakeBrowserWindow.instances[0]!;
}

describe('main', () => {
  it('quits at once when another instance holds the lock, touching nothing', async () => {
    fake.app.gotLock = false;
    await launch();
    expect(fake.app.quit).toHaveBeenCalledTimes(1);
    expect(fake.app.whenReady).not.toHaveBeenCalled();
    await new Promise((r) => setTimeout(r, 20));
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it('registers the scheme and the sandbox before ready', async () => {
    await launchUntilWindow();
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    expect(fake.calls.indexOf('protocol.registerSchemesAsPrivileged')).toBeGreaterThanOrEqual(0);
    expect(fake.calls.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(fake.calls.indexOf('app.whenReady'));
    expect(fake.calls.indexOf('protocol.handle:app')).toBeGreaterThan(fake.calls.indexOf('app.whenReady'));
  });

  it('opens one hardened window on app://signet with the CommonJS preload', async () => {
    const win = await launchUntilWindow();
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(win.options.webPreferences!.preload)).toMatch(/[/\\]preload[/\\]index\.cjs$/);
    expect(win.loadedUrl).toBe('app://signet/index.html');
  });

  it('guards the session and installs the menu, IPC and protocol once ready', async () => {
    fake.app.isPackaged = true;
    await launchUntilWindow();
    const s = fake.session.defaultSession;
    const callback = vi.fn();
    s.permissionRequestHandler!({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(s.permissionCheckHandler!({}, 'notifications', 'app://signet', {})).toBe(false);
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    expect(fake.protocol.handlers.has('app')).toBe(true);
    expect(JSON.stringify(fake.Menu.current)).not.toContain('toggleDevTools');
    expect(FakeBrowserWindow.instances[0]!.options.webPreferences!.devTools).toBe(false);
  });

  it('guards every webContents the app creates', async () => {
    await launchUntilWindow();
    const wc = new FakeWebContents();
    fake.app.emit('web-contents-created', new FakeEvent(), wc);
    const nav = new FakeEvent('https://evil.example/');
    wc.emit('will-navigate', nav, nav.url);
    expect(nav.defaultPrevented).toBe(true);
    expect(wc.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('focuses the existing window when a second instance starts', async () => {
    const win = await launchUntilWindow();
    win.minimized = true;
    fake.app.emit('second-instance', new FakeEvent(), ['signet'], process.cwd());
    expect(win.minimized).toBe(false);
    expect(win.visible).toBe(true);
    expect(win.focusCount).toBe(1);
  });

  it('answers IPC from its window with the real vault, and refuses a sub-frame', async () => {
    const win = await launchUntilWindow();
    const top = new FakeWebFrame('app://signet/index.html');
    const ok = (await fake.ipcMain.invoke('vault:status', { sender: win.webContents, senderFrame: top }, undefined)) as { ok: boolean; value: { exists: boolean; path: string } };
    expect(ok.ok).toBe(true);
    expect(ok.value).toMatchObject({ exists: false, path: join(home, 'vault.json') });
    const sub = new FakeWebFrame('app://signet/index.html', top);
    expect(await fake.ipcMain.invoke('vault:status', { sender: win.webContents, senderFrame: sub }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'ERR_FORBIDDEN_SENDER' },
    });
  });

  it('quits when the window is closed', async () => {
    const win = await launchUntilWindow();
    win.emit('closed');
    fake.app.emit('window-all-closed');
    expect(fake.app.quit).toHaveBeenCalled();
  });

  it('explains a failed start and exits instead of running half-built', async () => {
    const file = join(home, 'not-a-directory');
    writeFileSync(file, 'x');
    vi.stubEnv('SIGNET_HOME', file);
    await launch();
    await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalledWith(1));
    expect(fake.dialog.showErrorBox).toHaveBeenCalledWith('Signet could not start', expect.stringMatching(/cannot use .*not-a-directory as its data folder[\s\S]*SIGNET_HOME/));
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });
});
