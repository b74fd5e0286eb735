/** Navigation, window.open, <webview>, permissions and renderer network are all refused. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import { fake, FakeEvent, FakeSession, FakeWebContents, recordingLogger, resetFakeElectron } from './fake-electron';
import { guardSession, guardWebContents } from '../../../src-main/app/guards';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule());

beforeEach(() => resetFakeElectron());

function guarded(): FakeWebContents {
  const wc = new FakeWebContents();
  guardWebContents(wc as unknown as WebContents, recordingLogger());
  return wc;
}

const OUTSIDE = [
  'https://evil.example/',
  'http://127.0.0.1:8080/',
  'file:///etc/passwd',
  'data:text/html,<script>alert(1)</script>',
  'javascript:alert(1)',
  'app://evil/index.html',
  'app://signet.evil.example/index.html',
  'about:blank',
];

describe('guardWebContents', () => {
  it.each(['will-navigate', 'will-redirect', 'will-frame-navigate'])('%s: denies leaving app://signet, allows staying', (name) => {
    const wc = guarded();
    for (const url of OUTSIDE) {
      const event = new FakeEvent(url);
      wc.emit(name, event, url);
      expect(event.defaultPrevented, `${name} ${url}`).toBe(true);
    }
    const inside = new FakeEvent('app://signet/index.html#/vault');
    wc.emit(name, inside, inside.url);
    expect(inside.defaultPrevented).toBe(false);
  });

  it('denies every window.open, and hands only plain https links to the OS browser', () => {
    const wc = guarded();
    const open = (url: string) => wc.windowOpenHandler!({ url });
    expect(open('https://docs.signet.dev/vault')).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://docs.signet.dev/vault');
    fake.shell.openExternal.mockClear();
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://signet/index.html', 'https://user:pw@example.com/', 'smb://host/share', 'not a url']) {
      expect(open(url), url).toEqual({ action: 'deny' });
    }
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
  });

  it('refuses to attach a <webview>', () => {
    const wc = guarded();
    const event = new FakeEvent();
    wc.emit('will-attach-webview', event, {}, { src: 'https://evil.example/' });
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('guardSession', () => {
  function guardedSession(): FakeSession {
    const s = new FakeSession();
    guardSession(s as unknown as Session, recordingLogger());
    return s;
  }

  it('denies every permission request and check', () => {
    const s = guardedSession();
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'display-capture', 'unknown']) {
      const callback = vi.fn();
      s.permissionRequestHandler!({}, permission, callback, {});
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(s.permissionCheckHandler!({}, permission, 'app://signet', {}), permission).toBe(false);
    }
    expect(s.devicePermissionHandler!({ deviceType: 'usb', origin: 'app://signet' })).toBe(false);
  });

  it('lets only the app page write text to the clipboard', () => {
    const s = guardedSession();
    const ask = (origin: string) => {
      const callback = vi.fn();
      s.permissionRequestHandler!({}, 'clipboard-sanitized-write', callback, { requestingUrl: origin });
      return callback.mock.calls[0]?.[0] as boolean;
    };
    expect(ask('app://signet/index.html')).toBe(true);
    expect(ask('https://evil.example/')).toBe(false);
    expect(s.permissionCheckHandler!({}, 'clipboard-sanitized-write', 'app://signet', {})).toBe(true);
    expect(s.permissionCheckHandler!({}, 'clipboard-sanitized-write', 'https://evil.example', {})).toBe(false);
    expect(s.permissionCheckHandler!({}, 'clipboard-read', 'app://signet', {})).toBe(false);
  });

  it('cancels network requests from pages but lets app:// and data: through', () => {
    const s = guardedSession();
    const cancelled = (url: string): boolean | undefined => {
      let answer: boolean | undefined;
      s.webRequest.beforeRequest!({ url }, (r) => {
        answer = r.cancel;
      });
      return answer;
    };
    for (const url of ['https://api.binance.com/api/v3/account', 'http://127.0.0.1:4000/', 'wss://stream.example/ws', 'ws://127.0.0.1/', 'file:///etc/passwd', 'ftp://x/']) {
      expect(cancelled(url), url).toBe(true);
    }
    for (const url of ['app://signet/assets/index.js', 'data:image/png;base64,AAAA', 'devtools://devtools/bundled/inspector.html']) {
      expect(cancelled(url), url).toBe(false);
    }
  });
});
