/**
 * The real router and handlers over a real vault, for tests that sign but send nothing: no sandbox or markets feed
 * is started, the egress has no sandbox to send to, and nobody can be asked to confirm.
 */
import { createHandlers } from '../../../src-main/ipc/handlers';
import { Egress } from '../../../src-main/http/egress';
import { InspectorStore } from '../../../src-main/http/inspector-store';
import { EmbeddedSandbox } from '../../../src-main/sandbox/embedded-sandbox';
import { createDebugService } from '../../../src-main/debugger/record-source';
import { MarketsService } from '../../../src-main/markets/markets-service';
import { createProviderRegistry } from '../../../src-main/markets/provider-registry';
import { createRouter, type Router } from '../../../src-main/ipc/router';
import { MemoryStore, SettingsService } from '../../../src-main/settings/settings-service';
import { MemoryClipboard, SecretClipboard } from '../../../src-main/vault/secret-clipboard';
import type { VaultService } from '../../../src-main/vault/vault-service';
import { silentLogger } from '../../../src-main/base/logger';
import { systemClock } from '../../../src-main/base/clock';
import { cannotConfirm } from '../../../src-main/base/confirm';
import { RotationService } from '../../../src-main/rotation/rotation-service';
import { egressCaller } from '../../../src-main/rotation/signed-caller';
import { ScanDesk } from '../../../src-main/scan/scan-desk';
import { ScanService } from '../../../src-main/scan/scan-service';

/** `scanFolders`: what the folder dialog "picks" (null: the person cancels). */
export function offlineRouter(vault: VaultService, opts: { scanFolders?: () => string[] | null } = {}): { router: Router; clipboard: MemoryClipboard; inspector: InspectorStore; scan: ScanDesk } {
  const inspector = new InspectorStore({ file: null });
  const clipboard = new MemoryClipboard();
  const settings = new SettingsService(new MemoryStore());
  const egress = new Egress({ vault, inspector, sandboxUrl: () => null });
  const scan = new ScanDesk(new ScanService({ vault }));
  const router = createRouter(
    createHandlers({
      host: 'browser',
      version: 'test',
      home: '/tmp',
      vault,
      settings,
      clipboard: new SecretClipboard(clipboard, systemClock),
      dialogs: { chooseBackupSavePath: async () => null, chooseBackupOpenPath: async () => null, chooseScanFolders: async () => opts.scanFolders?.() ?? null },
      confirm: cannotConfirm('nobody is asked in this test.'),
      inspector,
      egress,
      // Not started: these tests sign without sending.
      sandbox: new EmbeddedSandbox({ home: '/tmp', vault, logger: silentLogger }),
      // Not started either: no markets channel is called.
      markets: new MarketsService({ registry: createProviderRegistry({ factories: {}, http: { request: () => Promise.reject(new Error('unused')) }, openSocket: () => { throw new Error('unused'); }, vault }) }),
      debugger: createDebugService({ vault, inspector }),
      rotation: new RotationService({ vault, caller: egressCaller(egress), clock: systemClock, defaults: () => settings.get().rotationDefaults }),
      scan,
    }),
    silentLogger,
  );
  return { router, clipboard, inspector, scan };
}
