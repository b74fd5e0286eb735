/**
 * The Electron composition root: builds the services once (vault with the safeStorage OS slot, settings over
 * electron-store, the clipboard that clears itself, native file dialogs, the embedded sandbox exchange, the egress
 * and its inspector, the markets feed over the egress's public doors), hands them to the shared IPC handlers, forwards vault and inspector events to the window, and
 * ties the vault to the session: it locks when the screen locks or the machine sleeps, and on quit the secret leaves
 * the clipboard, the vault is locked (pending writes flushed), the inspector's history is written and the sandbox
 * stops.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { app, clipboard, dialog, powerMonitor, safeStorage, type BrowserWindow, type Event as ElectronEvent } from 'electron';
import ElectronStore from 'electron-store';
import { eventChannel } from '../contract/channels';
import { systemClock } from '../base/clock';
import { AppError } from '../base/errors';
import type { Confirm } from '../base/confirm';
import type { Logger } from '../base/logger';
import { Egress } from '../http/egress';
import { createSocketOpener } from '../http/egress-socket';
import { PublicHttpClient } from '../http/public-http';
import { InspectorStore } from '../http/inspector-store';
import { createHandlers, type FileDialogs } from '../ipc/handlers';
import { forwardHostEvents } from '../ipc/host-events';
import { EmbeddedSandbox } from '../sandbox/embedded-sandbox';
import { createDebugService } from '../debugger/record-source';
import { MarketsService } from '../markets/markets-service';
import { marketProviderFactories } from '../markets/provider-factories';
import { createProviderRegistry } from '../markets/provider-registry';
import { createRouter, type Router } from '../ipc/router';
import { SettingsService, type KeyValueStore } from '../settings/settings-service';
import { openSettingsStore } from '../settings/no-link-store';
import { SecretClipboard } from '../vault/secret-clipboard';
import { SafeStorageSlot } from '../vault/slots/safe-storage-slot';
import { VaultService } from '../vault/vault-service';
import type { LockReason } from '../vault/types';
import { ElectronClipboard } from './electron-clipboard';
import { notifyRotation } from './rotation-notifications';
import { RotationRuntime } from '../rotation/rotation-runtime';
import { egressCaller } from '../rotation/signed-caller';
import { ScanDesk } from '../scan/scan-desk';
import { scanWorkerNextTo } from '../scan/scan-pool';
import { ScanService } from '../scan/scan-service';
import { AuditService } from '../audit/audit-service';
import { recordScanRuns } from '../audit/scan-runs';

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
  readonly sandbox: EmbeddedSandbox;
  readonly inspector: InspectorStore;
  readonly egress: Egress;
  readonly markets: MarketsService;
  readonly settings: SettingsService;
  readonly clipboard: SecretClipboard;
  readonly audit: AuditService;
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

  // Opened only when settings.json is a plain file: a link planted in the home is not read or written through.
  const settings = new SettingsService(openSettingsStore(join(home, 'settings.json'), () => new ElectronStore({ cwd: home, name: 'settings' }) as KeyValueStore, logger));
  const vault = new VaultService({
    home,
    osSlot: new SafeStorageSlot(safeStorage, process.platform),
    logger,
    autoLockMinutes: settings.get().autoLockMinutes,
    actor: 'app',
    ...(opts.kdf ? { kdf: opts.kdf } : {}),
  });
  // The audit log: the vault keeps its chain (key and sealed head); this is what records, lists and verifies.
  const audit = new AuditService({ chain: vault });
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
    async chooseScanFolders() {
      const options = {
        title: 'Choose folders to scan for leaked keys',
        buttonLabel: 'Scan',
        properties: ['openDirectory', 'multiSelections'] as ('openDirectory' | 'multiSelections')[],
      };
      const w = window();
      const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
      return r.canceled || r.filePaths.length === 0 ? null : r.filePaths;
    },
  };

  // Questions only the person may answer (a production order, a new destination for a key): a native dialog, never
  // the page. Cancel is the default button, so Enter or Esc does not say yes.
  const confirm: Confirm = async (q) => {
    const options = { type: 'warning' as const, title: q.title, message: q.message, detail: q.detail, buttons: ['Cancel', q.confirmLabel], defaultId: 0, cancelId: 0, noLink: true };
    const w = window();
    const r = w ? await dialog.showMessageBox(w, options) : await dialog.showMessageBox(options);
    return r.response === 1;
  };

  // The sandbox exchange starts with the app, so everything works offline at once; the egress sends sandbox keys there.
  const inspector = new InspectorStore({ file: join(home, 'inspector.jsonl'), logger });
  void inspector.load();
  const sandbox = new EmbeddedSandbox({ home, vault, logger, audit });
  const egress = new Egress({ vault, inspector, logger, sandboxUrl: () => sandbox.url(), confirm });
  // Market data goes out through the egress's public doors (allowlist, rate limits); the feed starts with the app.
  const publicHttp = new PublicHttpClient({ vault, inspector, logger, sandboxUrl: () => sandbox.url() });
  const registry = createProviderRegistry({
    factories: marketProviderFactories({ sandboxUrl: () => sandbox.url() }),
    http: publicHttp,
    openSocket: createSocketOpener({ sandboxUrl: () => sandbox.url(), logger }),
    vault,
  });
  const markets = new MarketsService({ registry, initialProvider: settings.get().marketsProvider, logger });
  // The markets feed starts when the Markets page first asks for it (markets:snapshot), not at launch.
  void sandbox.start();

  // Rotation: reminders (OS notifications and the page's own), and rotations resumed after a crash or a quit.
  const rotation = new RotationRuntime({ home, vault, caller: egressCaller(egress), clock: systemClock, defaults: () => settings.get().rotationDefaults, logger });
  const offNotify = rotation.subscribe({ changed: () => {}, reminded: (r) => void notifyRotation(r, window) });
  void rotation.start().catch((e: unknown) => logger.error('could not start the rotation scheduler', { error: e }));

  // The secrets scan: its worker threads load out/main/scan-worker.js, built beside this bundle.
  const scanService = new ScanService({ vault, worker: scanWorkerNextTo(import.meta.url) });
  recordScanRuns(scanService, audit, logger);
  const scan = new ScanDesk(scanService);

  const router = createRouter(
    createHandlers({ host: 'electron', version: app.getVersion(), home, vault, settings, clipboard: secretClipboard, dialogs, confirm, egress, inspector, sandbox, markets, debugger: createDebugService({ vault, inspector, fetchServerTime: (schemeId, endpoint) => publicHttp.clock(schemeId, endpoint.url, endpoint.read), sandboxUrl: () => sandbox.url() }), rotation: rotation.service, scan, audit }),
    logger,
  );

  // Payloads are parsed like IPC outputs (host-events.ts): an event cannot carry more than its schema allows.
  const unsubscribe = forwardHostEvents({ vault, inspector, markets, rotationEvents: rotation, scan, audit }, (name, payload) => window()?.webContents.send(eventChannel(name), payload), logger);

  const lockNow = (why: string, reason: LockReason) => () => {
    secretClipboard.clearNow();
    if (!vault.isUnlocked()) return;
    logger.info('locking the vault', { why });
    vault.lock({ reason }).catch((e: unknown) => logger.error('could not lock the vault', { why, error: e }));
  };
  const onLockScreen = lockNow('screen locked', 'screen-locked');
  const onSuspend = lockNow('system suspended', 'suspend');
  const onShutdown = lockNow('system shutting down', 'shutdown');
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
    rotation.stop();
    const work: Promise<unknown>[] = [systemClipboard.settled()];
    if (vault.isUnlocked()) work.push(vault.lock({ reason: 'quit' }).catch((e: unknown) => logger.error('could not lock the vault before quitting', { error: e })));
    // Locked: audit events recorded since (failed unlocks, refused signatures) still go to the queue for the next unlock.
    else work.push(vault.flush().catch((e: unknown) => logger.error('could not queue audit events before quitting', { error: e })));
    markets.close();
    work.push(
      publicHttp.close().catch((e: unknown) => logger.error('could not close the market-data connections', { error: e })),
      egress
        .close()
        .then(() => inspector.flush())
        .catch((e: unknown) => logger.error('could not write the inspector history before quitting', { error: e })),
      sandbox.close().catch((e: unknown) => logger.error('could not stop the sandbox exchange', { error: e })),
    );
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
    sandbox,
    inspector,
    egress,
    markets,
    settings,
    clipboard: secretClipboard,
    audit,
    router,
    dispose() {
      unsubscribe();
      offNotify();
      rotation.stop();
      markets.close();
      powerMonitor.off('lock-screen', onLockScreen);
      powerMonitor.off('suspend', onSuspend);
      powerMonitor.off('shutdown', onShutdown);
      app.off('before-quit', onBeforeQuit);
    },
  };
}
