/**
 * The Electron composition root: builds the services once (vault with the safeStorage OS slot, settings over
 * electron-store, the clipboard that clears itself, native file dialogs), hands them to the shared IPC handlers,
 * forwards vault events to the window, and ties the vault to the session: it locks when the screen locks or the
 * machine sleeps, and on quit the secret leaves the clipboard and the vault is locked (pending writes flushed).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { app, clipboard, dialog, powerMonitor, safeStorage, type BrowserWindow, type Event as ElectronEvent } from 'electron';
import ElectronStore from 'electron-store';
import { eventChannel, type EventName } from '../contract/channels';
import { events } from '../contract/schemas';
import { systemClock } from '../base/clock';
import { AppError } from '../base/errors';
import type { Logger } from '../base/logger';
import { createHandlers, type FileDialogs } from '../ipc/handlers';
import { createRouter, type Router } from '../ipc/router';
import { SettingsService, type KeyValueStore } from '../settings/settings-service';
import { SecretClipboard } from '../vault/secret-clipboard';
import { SafeStorageSlot } from '../vault/slots/safe-storage-slot';
import { VaultService } from '../vault/vault-service';
import { ElectronClipboard } from './electron-clipboard';
import type { VaultEvent } from '../vault/types';

export interface ComposeOptions {
  readonly logger: Logger;
  /** The window that receives vault events and parents dialogs; null before it exists and after it closes. */
  readonly mainWindow: () => BrowserWindow | null;
  readonly env?: NodeJS.ProcessEnv;
  /** Tests pass a cheaper scrypt cost; production uses the vault's default. */
  readonly kdf?: { N: number; r: number; p: number };
}

export interface AppServices {
  readonly home: string;
  readonly vault: VaultService;
  readonly settings: SettingsService;
  readonly clipboard: SecretClipboard;
  readonly router: Router;
  /** Detaches every listener compose installed (tests; a real app just quits). */
  dispose(): void;
}

/** How long quitting waits for the clipboard clear and the vault lock before it goes anyway. */
const QUIT_TIMEOUT_MS = 5_000;

export function compose(opts: ComposeOptions): AppServices {
  const { logger } = opts;
  const env = opts.env ?? process.env;
  const home = env.SIGNET_HOME || app.getPath('userData');
  try {
    mkdirSync(home, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new AppError(
      'ERR_FILE',
      `Signet cannot use ${home} as its data folder (${e instanceof Error ? e.message : String(e)}). Point SIGNET_HOME at a folder you can write to.`,
      { cause: e },
    );
  }

  const settings = new SettingsService(new ElectronStore({ cwd: home, name: 'settings' }) as KeyValueStore);
  const vault = new VaultService({
    home,
    osSlot: new SafeStorageSlot(safeStorage, process.platform),
    logger,
    autoLockMinutes: settings.get().autoLockMinutes,
    ...(opts.kdf ? { kdf: opts.kdf } : {}),
  });
  const systemClipboard = new ElectronClipboard(clipboard, logger);
  const secretClipboard = new SecretClipboard(systemClipboard, systemClock);

  const window = (): BrowserWindow | null => {
    const w = opts.mainWindow();
    return w && !w.isDestroyed() ? w : null;
  };
  const dialogs: FileDialogs = {
    async chooseBackupSavePath(defaultName) {
      const options = {
        title: 'Export an encrypted backup',
        defaultPath: join(app.getPath('documents'), defaultName),
        filters: [{ name: 'Signet backup', extensions: ['json'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'] as ('createDirectory' | 'showOverwriteConfirmation')[],
      };
      const w = window();
      const r = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    async chooseBackupOpenPath() {
      const options = {
        title: 'Import a Signet backup',
        filters: [{ name: 'Signet backup', extensions: ['json'] }],
        properties: ['openFile'] as 'openFile'[],
      };
      const w = window();
      const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
  };

  const router = createRouter(
    createHandlers({ host: 'electron', version: app.getVersion(), home, vault, settings, clipboard: secretClipboard, dialogs }),
    logger,
  );

  const send = (name: EventName, payload: unknown): void => {
    // Parsed like an IPC output: unknown keys are stripped, so an event cannot carry more than its schema allows.
    const parsed = events[name].safeParse(payload);
    if (!parsed.success) {
      logger.error('vault event failed its schema; not sent', { event: name });
      return;
    }
    window()?.webContents.send(eventChannel(name), parsed.data);
  };
  const unsubscribe = vault.subscribe((event: VaultEvent) => {
    if (event.type === 'status') send('vault:statusChanged', event.status);
    else send('vault:entriesChanged', { at: new Date().toISOString() });
  });

  const lockNow = (why: string) => () => {
    secretClipboard.clearNow();
    if (!vault.isUnlocked()) return;
    logger.info('locking the vault', { why });
    vault.lock().catch((e: unknown) => logger.error('could not lock the vault', { why, error: e }));
  };
  const onLockScreen = lockNow('screen locked');
  const onSuspend = lockNow('system suspended');
  const onShutdown = lockNow('system shutting down');
  powerMonitor.on('lock-screen', onLockScreen);
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('shutdown', onShutdown);

  let quitting = false;
  const onBeforeQuit = (event: ElectronEvent): void => {
    if (quitting) return;
    quitting = true;
    // Hold the quit until the secret is off the clipboard and the vault is locked (pending writes flushed, key wiped).
    event.preventDefault();
    secretClipboard.clearNow();
    const work: Promise<unknown>[] = [systemClipboard.settled()];
    if (vault.isUnlocked()) work.push(vault.lock().catch((e: unknown) => logger.error('could not lock the vault before quitting', { error: e })));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, QUIT_TIMEOUT_MS);
    });
    void Promise.race([Promise.all(work), timeout]).finally(() => {
      clearTimeout(timer);
      app.quit();
    });
  };
  app.on('before-quit', onBeforeQuit);

  return {
    home,
    vault,
    settings,
    clipboard: secretClipboard,
    router,
    dispose() {
      unsubscribe();
      powerMonitor.off('lock-screen', onLockScreen);
      powerMonitor.off('suspend', onSuspend);
      powerMonitor.off('shutdown', onShutdown);
      app.off('before-quit', onBeforeQuit);
    },
  };
}
