/**
 * The main window, locked down: context isolation, the Chromium sandbox, no Node in any frame, web security on,
 * no <webview>, no spellchecker (it would download dictionaries and read what is typed into secret fields).
 * The preload is the only bridge; the page is always the app's own `app://signet/index.html`.
 */
import { BrowserWindow, nativeTheme } from 'electron';
import type { Logger } from '../base/logger';
import { APP_INDEX_URL } from './app-origin';

export interface MainWindowOptions {
  /** Absolute path of out/preload/index.cjs. */
  readonly preload: string;
  readonly devTools: boolean;
  readonly theme: 'system' | 'dark' | 'light';
  readonly logger: Logger;
}

const DARK_BACKGROUND = '#0f1115';
const LIGHT_BACKGROUND = '#f6f7f9';

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const dark = opts.theme === 'dark' || (opts.theme === 'system' && nativeTheme.shouldUseDarkColors);
  const win = new BrowserWindow({
    title: 'Signet',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false, // shown on ready-to-show, so the user never sees a blank white frame
    backgroundColor: dark ? DARK_BACKGROUND : LIGHT_BACKGROUND,
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: opts.devTools,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.loadURL(APP_INDEX_URL).catch((e: unknown) => opts.logger.error('the window could not load the renderer', { error: e }));
  return win;
}
