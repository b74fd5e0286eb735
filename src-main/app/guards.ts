/**
 * What a web page in Signet may not do, whatever code ends up running in it: leave `app://signet`, open windows,
 * attach a <webview>, get any permission (camera, notifications, clipboard-read…), or reach the network.
 * Applied to every webContents the app creates (main.ts hooks `web-contents-created`), not just the main window.
 */
import { shell, type Session, type WebContents } from 'electron';
import type { Logger } from '../base/logger';
import { isAppUrl } from './app-origin';

/** Schemes the renderer never loads from; the CSP says the same, this holds even if the CSP were bypassed. */
const NETWORK_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:']);

/** https links (a provider's docs) go to the user's browser; nothing else leaves the app. */
export function isSafeExternalUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password && url.hostname !== '';
  } catch {
    return false;
  }
}

const clip = (url: string): string => url.slice(0, 200);

export function guardWebContents(contents: WebContents, logger: Logger): void {
  const denyUnlessApp = (what: string) => (event: { url: string; preventDefault(): void }) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    logger.warn(`blocked ${what}`, { url: clip(event.url) });
  };
  contents.on('will-navigate', denyUnlessApp('navigation'));
  contents.on('will-frame-navigate', denyUnlessApp('frame navigation'));
  contents.on('will-redirect', denyUnlessApp('redirect'));

  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) {
      shell.openExternal(url).catch((e: unknown) => logger.warn('could not open link in the browser', { error: e }));
    } else {
      logger.warn('blocked window.open', { url: clip(url) });
    }
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('blocked <webview>');
  });
}

export function guardSession(session: Session, logger: Logger): void {
  // One exception: the app's own page may write text to the clipboard (copy a canonical string, a signature, code
  // that reads its secret from the environment). The page never holds a secret, and it still cannot read the clipboard.
  const allowed = (permission: string, origin: string | undefined): boolean => permission === 'clipboard-sanitized-write' && origin !== undefined && isAppUrl(origin);
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const origin = (details as { requestingUrl?: string } | undefined)?.requestingUrl ?? contents?.getURL?.();
    if (allowed(permission, origin)) return callback(true);
    logger.warn('denied permission request', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
  // Main's own traffic goes through Node, not this session, so cancelling here only ever stops a page.
  session.webRequest.onBeforeRequest((details, callback) => {
    let scheme = '';
    try {
      scheme = new URL(details.url).protocol;
    } catch {
      // unparsable: cancel below
    }
    const cancel = scheme === '' || NETWORK_SCHEMES.has(scheme);
    if (cancel) logger.warn('blocked renderer network request', { url: clip(details.url) });
    callback({ cancel });
  });
}
