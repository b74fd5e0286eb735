/**
 * Electron entry. Before ready: the `app://` scheme, the sandbox for every renderer, the single-instance lock
 * (a second launch focuses the running window and exits, so two processes never hold the vault at once) and the
 * guards on every webContents. On ready: session guards, the protocol, the services, the menu, IPC, the window.
 */
import { join } from 'node:path';
import { app, dialog, Menu, session, type BrowserWindow } from 'electron';
import { createLogger, type LogLevel } from '../base/logger';
import { compose } from './compose';
import { devToolsAllowed } from './dev-tools-allowed';
import { guardSession, guardWebContents } from './guards';
import { registerIpc } from './ipc';
import { buildAppMenu } from './menu';
import { registerAppProtocol, registerAppScheme } from './protocol';
import { createMainWindow } from './window';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
const level = LEVELS.find((l) => l === process.env.SIGNET_LOG_LEVEL) ?? 'info';
const logger = createLogger((line) => process.stderr.write(`${line}\n`), level);

// Built layout: out/main/index.js beside out/preload/index.cjs and out/renderer/.
const PRELOAD = join(import.meta.dirname, '../preload/index.cjs');
const RENDERER_ROOT = join(import.meta.dirname, '../renderer');

registerAppScheme();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, logger));
  // The vault lives in this process: when its window is gone there is nothing left to do, on macOS too.
  app.on('window-all-closed', () => app.quit());

  const start = (): void => {
    guardSession(session.defaultSession, logger);
    registerAppProtocol(RENDERER_ROOT);
    const devTools = devToolsAllowed(app.isPackaged, process.env);
    const services = compose({ logger, mainWindow: () => win });
    Menu.setApplicationMenu(buildAppMenu({ devTools, platform: process.platform }));
    registerIpc(services.router, () => (win && !win.isDestroyed() ? win.webContents : null), logger);
    win = createMainWindow({ preload: PRELOAD, devTools, theme: services.settings.get().theme, logger });
    win.on('closed', () => {
      win = null;
    });
    logger.info('Signet started', { home: services.home, version: app.getVersion() });
  };

  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      logger.error('Signet could not start', { error: e });
      const detail = e instanceof Error ? e.message : String(e);
      dialog.showErrorBox('Signet could not start', `${detail}\n\nNothing was changed. Details are in the log.`);
      app.exit(1);
    });
}
