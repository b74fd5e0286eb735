/**
 * Every contract channel is handled, and only the main window's own top frame on app://signet is answered; any
 * other sender gets ERR_FORBIDDEN_SENDER as a Result and the handler never runs. Uses the real router.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';
import { fake, FakeWebContents, FakeWebFrame, recordingLogger, resetFakeElectron } from './fake-electron';
import { registerIpc } from '../../../src-main/app/ipc';
import { CHANNELS } from '../../../src-main/contract/channels';
import { createRouter, type Handlers } from '../../../src-main/ipc/router';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule());

let win: FakeWebContents;
let info: ReturnType<typeof vi.fn>;
let dispose: () => void;
let logger: ReturnType<typeof recordingLogger>;

beforeEach(() => {
  resetFakeElectron();
  win = new FakeWebContents();
  info = vi.fn(() => ({ version: '1.0.0', platform: 'linux', host: 'electron' as const, home: '/home/me/.config/Signet' }));
  const unused = () => {
    throw new Error('not used in this test');
  };
  const handlers = { ...Object.fromEntries(CHANNELS.map((c) => [c, unused])), 'app:info': info } as unknown as Handlers;
  logger = recordingLogger();
  dispose = registerIpc(createRouter(handlers, logger), () => win as unknown as WebContents, logger);
});

const top = (url = 'app://signet/index.html') => new FakeWebFrame(url);
const event = (sender: FakeWebContents, senderFrame: FakeWebFrame | null) => ({ sender, senderFrame, frameId: 1, processId: 1 });
const FORBIDDEN = { ok: false, error: { code: 'ERR_FORBIDDEN_SENDER', message: expect.stringMatching(/refused/) } };

describe('registerIpc', () => {
  it('registers exactly the contract channels', () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('answers the main window top frame through the router', async () => {
    const res = await fake.ipcMain.invoke('app:info', event(win, top()), undefined);
    expect(res).toEqual({ ok: true, value: { version: '1.0.0', platform: 'linux', host: 'electron', home: '/home/me/.config/Signet' } });
    expect(info).toHaveBeenCalledTimes(1);
  });

  it('validates input through the router', async () => {
    const res = await fake.ipcMain.invoke('app:info', event(win, top()), { unexpected: true });
    expect(res).toMatchObject({ ok: false, error: { code: 'ERR_VALIDATION' } });
    expect(info).not.toHaveBeenCalled();
  });

  it('refuses a sub-frame of the app page', async () => {
    const sub = new FakeWebFrame('app://signet/index.html', top());
    await expect(fake.ipcMain.invoke('app:info', event(win, sub), undefined)).resolves.toEqual(FORBIDDEN);
    expect(info).not.toHaveBeenCalled();
  });

  it.each([
    'https://evil.example/',
    'app://evil/index.html',
    'app://signet.evil.example/index.html',
    'file:///tmp/index.html',
    'data:text/html,hi',
    'about:blank',
  ])('refuses a top frame showing %s', async (url) => {
    await expect(fake.ipcMain.invoke('app:info', event(win, top(url)), undefined)).resolves.toEqual(FORBIDDEN);
    expect(info).not.toHaveBeenCalled();
  });

  it('refuses another webContents, even one showing app://signet', async () => {
    const other = new FakeWebContents();
    await expect(fake.ipcMain.invoke('app:info', event(other, top()), undefined)).resolves.toEqual(FORBIDDEN);
    expect(info).not.toHaveBeenCalled();
  });

  it('refuses when the sending frame is gone or the window is closed', async () => {
    await expect(fake.ipcMain.invoke('app:info', event(win, null), undefined)).resolves.toEqual(FORBIDDEN);
    win.destroyed = true;
    await expect(fake.ipcMain.invoke('app:info', event(win, top()), undefined)).resolves.toEqual(FORBIDDEN);
    expect(info).not.toHaveBeenCalled();
    expect(logger.lines.filter((l) => l.msg.includes('untrusted sender'))).toHaveLength(2);
  });

  it('removes its handlers when disposed', () => {
    dispose();
    expect(fake.ipcMain.handlers.size).toBe(0);
  });
});
