/**
 * Composition root of the browser host (development and E2E only; never packaged): the same services as the
 * Electron app, composed in plain Node, with the renderer served to a browser through host-server.ts.
 * Differences from the app, all deliberate: no OS slot (no safeStorage outside Electron), a clipboard that stays in
 * this process (tests read it through `services.clipboardStore`), file dialogs that use `<home>/backups/`, and
 * confirmations asked on the terminal that runs the host (terminal-confirm.ts), never in the page.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import Conf from 'conf';
import { VaultService } from '../vault/vault-service';
import { MemoryClipboard, SecretClipboard } from '../vault/secret-clipboard';
import { SettingsService, type KeyValueStore } from '../settings/settings-service';
import { openSettingsStore } from '../settings/no-link-store';
import type { HostServices } from '../ipc/handlers';
import type { Router } from '../ipc/router';
import type { OsSlotProvider } from '../vault/types';
import { systemClock, type Clock } from '../base/clock';
import { createLogger, type Logger } from '../base/logger';
import { Egress } from '../http/egress';
import { createSocketOpener } from '../http/egress-socket';
import { PublicHttpClient } from '../http/public-http';
import { createDebugService } from '../debugger/record-source';
import { MarketsService } from '../markets/markets-service';
import { marketProviderFactories } from '../markets/provider-factories';
import { createProviderRegistry } from '../markets/provider-registry';
import { InspectorStore } from '../http/inspector-store';
import { EmbeddedSandbox } from '../sandbox/embedded-sandbox';
import type { SandboxOptions } from '../sandbox/sandbox';
import { BackupFolderDialogs } from './backup-folder-dialogs';
import { startHostServer } from './host-server';
import { terminalConfirm } from './terminal-confirm';
import type { Confirm } from '../base/confirm';
import { RotationRuntime } from '../rotation/rotation-runtime';
import { egressCaller } from '../rotation/signed-caller';
import { ScanDesk } from '../scan/scan-desk';
import { scanWorkerNextTo } from '../scan/scan-pool';
import { ScanService } from '../scan/scan-service';
import { AuditService } from '../audit/audit-service';
import { recordScanRuns } from '../audit/scan-runs';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const DEFAULT_RENDERER_DIR = join(REPO_ROOT, 'out/renderer');

export interface BrowserHostOptions {
  /** Signet home; defaults to SIGNET_HOME, else a throwaway temp dir removed on close. */
  readonly home?: string;
  /** Defaults to a random free port. */
  readonly port?: number;
  /** scrypt cost; tests pass a cheap one. */
  readonly kdf?: { N: number; r: number; p: number };
  readonly rendererDir?: string;
  /** The app has an OS slot; the browser host has none unless one is passed (e.g. a keyring slot). */
  readonly osSlot?: OsSlotProvider | null;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly env?: NodeJS.ProcessEnv;
  /** The embedded sandbox exchange's settings (tests fix the seed and the symbol count). */
  readonly sandbox?: Omit<SandboxOptions, 'stateFile' | 'host'>;
  /**
   * The markets feed: the sandbox feed's stale threshold (tests shorten it), and a sandbox exchange to take market
   * data from instead of the embedded one (the benchmark runs the exchange in its own process).
   */
  readonly markets?: { readonly sandboxStaleAfterMs?: number; readonly sandboxUrl?: string };
  /** Who answers questions only the person may answer (a production order, a new key destination); default: the terminal. */
  readonly confirm?: Confirm;
  /** What "choosing folders to scan" answers (there is no folder dialog here); default SIGNET_SCAN_FOLDERS, else the cwd. */
  readonly scanFolders?: readonly string[];
}

export interface BrowserHostServices extends HostServices {
  readonly vault: VaultService;
  readonly embeddedSandbox: EmbeddedSandbox;
  readonly markets: MarketsService;
  /** Where copied secrets land: in this process, never in the page. */
  readonly clipboardStore: MemoryClipboard;
  readonly dialogs: BackupFolderDialogs;
  readonly router: Router;
  readonly rotationRuntime: RotationRuntime;
}

export interface BrowserHost {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly home: string;
  readonly services: BrowserHostServices;
  close(): Promise<void>;
}

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

export async function startBrowserHost(opts: BrowserHostOptions = {}): Promise<BrowserHost> {
  const env = opts.env ?? process.env;
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? createLogger((line) => process.stderr.write(`${line}\n`), 'warn');
  const given = opts.home ?? env.SIGNET_HOME;
  const home = given ? resolve(given) : await mkdtemp(join(tmpdir(), 'signet-browser-host-'));
  const throwaway = !given;

  const store: KeyValueStore = openSettingsStore(join(home, 'settings.json'), () => new Conf<Record<string, unknown>>({ cwd: home, configName: 'settings' }), logger);
  const settings = new SettingsService(store);
  const vault = new VaultService({
    home,
    osSlot: opts.osSlot ?? null,
    clock,
    logger,
    autoLockMinutes: settings.get().autoLockMinutes,
    actor: 'browser-host',
    ...(opts.kdf ? { kdf: opts.kdf } : {}),
  });
  const audit = new AuditService({ chain: vault });
  const clipboardStore = new MemoryClipboard();
  const clipboard = new SecretClipboard(clipboardStore, clock);
  const scanFolders = opts.scanFolders ?? (env.SIGNET_SCAN_FOLDERS ? env.SIGNET_SCAN_FOLDERS.split(delimiter).filter(Boolean) : [process.cwd()]);
  const dialogs = new BackupFolderDialogs(home, clock, scanFolders);
  // As in the app: the inspector's history, the sandbox exchange, and the egress that sends to both.
  const inspector = new InspectorStore({ file: join(home, 'inspector.jsonl'), logger });
  await inspector.load();
  const sandbox = new EmbeddedSandbox({ home, vault, logger, audit, ...(opts.sandbox ? { sandbox: opts.sandbox } : {}) });
  await sandbox.start();
  const confirm = opts.confirm ?? terminalConfirm();
  const egress = new Egress({ vault, inspector, logger, sandboxUrl: () => sandbox.url(), confirm });
  const marketsSandboxUrl = opts.markets?.sandboxUrl ? () => opts.markets!.sandboxUrl! : () => sandbox.url();
  const publicHttp = new PublicHttpClient({ vault, inspector, logger, sandboxUrl: marketsSandboxUrl });
  const registry = createProviderRegistry({
    factories: marketProviderFactories({ sandboxUrl: marketsSandboxUrl, ...(opts.markets?.sandboxStaleAfterMs ? { sandboxStaleAfterMs: opts.markets.sandboxStaleAfterMs } : {}) }),
    http: publicHttp,
    openSocket: createSocketOpener({ sandboxUrl: marketsSandboxUrl, logger }),
    vault,
  });
  const markets = new MarketsService({ registry, initialProvider: settings.get().marketsProvider, logger });
  const rotation = new RotationRuntime({ home, vault, caller: egressCaller(egress), clock, defaults: () => settings.get().rotationDefaults, logger });
  await rotation.start();
  // Run from source: the scan's worker threads are bundled from src-main/scan/scan-worker.ts on first use.
  const scanService = new ScanService({ vault, worker: scanWorkerNextTo(import.meta.url) });
  recordScanRuns(scanService, audit, logger);
  const scan = new ScanDesk(scanService);
  const base: HostServices = { host: 'browser', version: await packageVersion(), home, vault, settings, clipboard, dialogs, confirm, egress, inspector, sandbox, markets, debugger: createDebugService({ vault, inspector, fetchServerTime: (schemeId, endpoint) => publicHttp.clock(schemeId, endpoint.url, endpoint.read), sandboxUrl: () => sandbox.url() }), rotation: rotation.service, rotationEvents: rotation, scan, audit };

  const server = await startHostServer({
    services: base,
    rendererDir: opts.rendererDir ?? DEFAULT_RENDERER_DIR,
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    logger,
  });

  return {
    url: server.url,
    origin: server.origin,
    token: server.token,
    home,
    services: { ...base, vault, clipboardStore, dialogs, router: server.router, embeddedSandbox: sandbox, markets, rotationRuntime: rotation },
    async close() {
      rotation.stop();
      await server.close();
      markets.close();
      await publicHttp.close();
      await egress.close();
      await inspector.flush();
      await sandbox.close();
      clipboard.clearNow();
      // A damaged vault file cannot stop the host from shutting down.
      await vault.lock({ reason: 'quit' }).catch(() => undefined);
      if (throwaway) await rm(home, { recursive: true, force: true });
    },
  };
}
