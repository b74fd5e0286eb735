/**
 * Wires the shared IPC router into Electron: one `ipcMain.handle` per contract channel, each of which first checks
 * who is asking. Only the main window's own top frame, showing `app://signet`, may call; a sub-frame, another
 * origin or another webContents gets ERR_FORBIDDEN_SENDER as a Result (the renderer's ipc layer already handles
 * Results, and a throw would leak Electron's error text) and the handler never runs.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CHANNELS } from '../contract/channels';
import type { Result } from '../contract/errors';
import type { Router } from '../ipc/router';
import type { Logger } from '../base/logger';
import { isAppUrl } from './app-origin';

const FORBIDDEN: Result<never> = {
  ok: false,
  error: {
    code: 'ERR_FORBIDDEN_SENDER',
    message: "This request did not come from Signet's own window, so it was refused. Nothing was changed.",
  },
};

function isTrustedSender(event: IpcMainInvokeEvent, expected: WebContents | null): boolean {
  if (!expected || expected.isDestroyed() || event.sender !== expected) return false;
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/** Registers every channel; returns a function that removes them again. */
export function registerIpc(router: Router, mainWebContents: () => WebContents | null, logger: Logger): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      if (!isTrustedSender(event, mainWebContents())) {
        logger.warn('refused IPC from an untrusted sender', { channel, url: event.senderFrame?.url.slice(0, 200) ?? null });
        return FORBIDDEN;
      }
      return router.handle(channel, input);
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
