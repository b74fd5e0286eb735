/**
 * Thin handlers: each channel calls one service method. Hosts supply the services (composition roots in
 * app/, browser-host/); nothing here knows which host it runs in.
 */
import type { Handlers } from './router';
import type { Vault } from '../vault/types';
import type { SettingsService } from '../settings/settings-service';
import type { SecretClipboard } from '../vault/secret-clipboard';
import type { SandboxStatus } from '../contract/inspector';
import type { Egress } from '../http/egress';
import type { InspectorStore } from '../http/inspector-store';
import type { MarketsService } from '../markets/markets-service';
import { newNonce } from '../lib/signing';
import { createRequestSigning } from './request-signing';
import { confirmChangedDestination, confirmImportedDestinations, confirmNewKeyDestination } from './key-destination';
import type { ImportPreview } from '../contract/schemas';
import type { Confirm } from '../base/confirm';
import type { DebugService } from '../debugger/debug-service';
import type { RotationService } from '../rotation/rotation-service';
import type { RotationRuntime } from '../rotation/rotation-runtime';
import { entryPublicKey } from '../vault/entry-public-key';
import type { ScanDesk } from '../scan/scan-desk';
import { vaultLocked } from '../base/errors';
import { AuditService } from '../audit/audit-service';
import type { Audit } from '../audit/types';

/** Native file pickers in the app; a fixed folder under the Signet home in the browser host. */
export interface FileDialogs {
  chooseBackupSavePath(defaultName: string): Promise<string | null>;
  chooseBackupOpenPath(): Promise<string | null>;
  /** Folders to scan for leaks, picked by the person (absolute paths); null when they cancelled. */
  chooseScanFolders(): Promise<string[] | null>;
}

export interface HostServices {
  readonly host: 'electron' | 'browser';
  readonly version: string;
  readonly home: string;
  readonly vault: Vault;
  readonly settings: SettingsService;
  readonly clipboard: SecretClipboard;
  readonly dialogs: FileDialogs;
  /** Asks the person outside the page (a native dialog; the terminal in the browser host). */
  readonly confirm: Confirm;
  /** The only way out to the network: signs with a vault key, sends, records in the inspector. */
  readonly egress: Egress;
  readonly inspector: InspectorStore;
  /** The embedded sandbox exchange this host runs. */
  readonly sandbox: { status(): SandboxStatus };
  /** Live prices and signals from one provider at a time (public data only). */
  readonly markets: Pick<MarketsService, 'providers' | 'select' | 'open' | 'symbol' | 'subscribe'>;
  /** The signature debugger (keys from the vault, or credentials pasted for this session). */
  readonly debugger: DebugService;
  /** Key rotation: schedules, runs, the guided checklist. */
  readonly rotation: Pick<RotationService, 'overview' | 'guide' | 'start' | 'submit' | 'cancel' | 'rollback' | 'finish' | 'abandon'>;
  /** Run changes and reminders, forwarded to the page as rotation:changed / rotation:reminded. */
  readonly rotationEvents?: Pick<RotationRuntime, 'subscribe'>;
  /** The secrets scan over folders picked in main's dialog (progress forwarded as scan:progress). */
  readonly scan: ScanDesk;
  /** The audit log over the vault; a host that composes none gets one over `vault` (which keeps the chain). */
  readonly audit?: Audit;
}

export function createHandlers(s: HostServices): Handlers {
  const { vault } = s;
  const audit = s.audit ?? new AuditService({ chain: vault });
  const signing = createRequestSigning({ vault, now: Date.now, newNonce, sandboxUrl: () => s.sandbox.status().url });
  // Import previews by id, for the question vault:import asks about the backup's base URLs (a preview expires in the
  // vault; a stale one here only asks about keys that are no longer staged).
  const previews = new Map<string, ImportPreview>();
  // Every call a person makes counts as activity for auto-lock.
  const active = <T>(v: T): T => {
    vault.touch();
    return v;
  };
  return {
    'app:info': () => ({ version: s.version, platform: process.platform, host: s.host, home: s.home }),
    'settings:get': () => s.settings.get(),
    'settings:set': (patch) => {
      const next = s.settings.set(patch);
      vault.setAutoLockMinutes(next.autoLockMinutes);
      return next;
    },
    'vault:status': () => vault.status(),
    'vault:create': (i) => vault.create(i),
    'vault:unlock': (i) => (i.method === 'os' ? vault.unlockWithOs({ acceptRollback: i.acceptRollback }) : vault.unlockWithPassphrase(i.passphrase, { acceptRollback: i.acceptRollback })),
    'vault:lock': () => {
      s.clipboard.clearNow();
      return vault.lock({ reason: 'user' });
    },
    'vault:list': (q) => active(vault.list(q)),
    'vault:get': ({ id }) => active(vault.get(id)),
    // A base URL that widens where a key goes is the person's decision, asked in main (key-destination.ts).
    'vault:add': async (i) => {
      active(null);
      await confirmNewKeyDestination(s.confirm, i);
      return vault.add(i);
    },
    'vault:update': async (p) => {
      active(null);
      await confirmChangedDestination(s.confirm, vault.get(p.id), p);
      return vault.update(p);
    },
    'vault:remove': async ({ id }) => {
      active(null);
      await vault.remove(id);
      return { removed: id };
    },
    'vault:copySecret': async ({ id, field }) => {
      active(null);
      const value = await vault.revealField(id, field, { purpose: 'copy' });
      const clearsAt = s.clipboard.copy(value);
      return { field, clearsAt: new Date(clearsAt).toISOString() };
    },
    'vault:changePassphrase': (i) => active(vault.changePassphrase(i)),
    'vault:addOsSlot': () => active(vault.addOsSlot()),
    'vault:removeOsSlot': () => active(vault.removeOsSlot()),
    'vault:export': async ({ backupPassphrase }) => {
      active(null);
      const name = `signet-backup-${new Date().toISOString().slice(0, 10)}.json`;
      const path = await s.dialogs.chooseBackupSavePath(name);
      if (!path) return { cancelled: true as const };
      // The native save dialog already asked before replacing an existing file.
      return vault.exportBackup(path, backupPassphrase, { overwrite: true });
    },
    'vault:importPreview': async ({ backupPassphrase }) => {
      active(null);
      const path = await s.dialogs.chooseBackupOpenPath();
      if (!path) return { cancelled: true as const };
      const preview = await vault.previewImport(path, backupPassphrase);
      previews.set(preview.importId, preview);
      // Previews nobody imported are forgotten, oldest first (the vault drops their staging on its own).
      if (previews.size > 16) previews.delete(previews.keys().next().value!);
      return preview;
    },
    'vault:import': async ({ importId, onConflict }) => {
      active(null);
      // The backup's base URLs, as its preview found them: a key's new destination is the person's to allow.
      await confirmImportedDestinations(s.confirm, previews.get(importId)?.destinations ?? []);
      previews.delete(importId);
      return vault.applyImport(importId, onConflict);
    },
    // The pair is generated and sealed in main; the renderer gets the entry and the public key only.
    'vault:generateKeyPair': async (i) => {
      active(null);
      await confirmNewKeyDestination(s.confirm, { ...i, credentials: {} });
      return vault.addKeyPair(i);
    },
    'vault:publicKey': ({ id }) => active(entryPublicKey(vault, id)),
    'signing:schemes': () => signing.schemes(),
    'signing:suggest': (i) => active(signing.suggest(i)),
    // Signing opens the key's credentials in main; what comes back has every secret value masked.
    'request:preview': (d) => active(signing.preview(d)),
    'request:export': (d) => active(signing.exportCode(d)),
    // Sending signs afresh inside the egress (the key is opened there, only for the signing).
    'request:send': async (d) => s.inspector.view((await active(s.egress.send(d))).id),
    'debug:run': (i) => active(s.debugger.run(i)),
    'debug:session': () => ({ fields: s.debugger.sessionFields() }),
    'debug:setSession': (i) => active(s.debugger.setSession(i.credentials, i.provider)),
    'debug:forgetSession': () => {
      s.debugger.forgetSession();
      return { fields: [] };
    },
    'inspector:list': (q) => s.inspector.list(q),
    'inspector:get': ({ id }) => s.inspector.view(id),
    // A request's signatures are not a key, but one still inside its timestamp window can be replayed: the reveal is
    // recorded (signature.revealed, naming the record and the key, never the values) before they are shown.
    'inspector:reveal': async ({ id }) => {
      active(null);
      const record = s.inspector.view(id);
      const revealed = s.inspector.reveal(id);
      await audit.record({ type: 'signature.revealed', entry: record.entryId ? { id: record.entryId, label: record.entryLabel ?? '' } : null, details: { recordId: record.id, method: record.method, host: hostOf(record.url) } });
      return revealed;
    },
    'inspector:resend': async ({ id }) => s.inspector.view((await active(s.egress.resend(id))).id),
    'inspector:clear': async () => ({ cleared: await s.inspector.clear() }),
    'sandbox:status': () => s.sandbox.status(),
    'markets:providers': () => s.markets.providers(),
    'markets:select': ({ provider }) => {
      // Remembered first: the choice stands even while the provider is still connecting (or waiting for a key).
      s.settings.set({ marketsProvider: provider });
      return s.markets.select(provider);
    },
    // The feed starts when the Markets page first asks (nothing streams at launch).
    'markets:snapshot': () => s.markets.open(),
    'markets:symbol': async ({ symbol, interval }) => {
      await s.markets.open();
      return s.markets.symbol(symbol, interval);
    },
    'rotation:overview': () => active(s.rotation.overview()),
    'rotation:guide': ({ entryId }) => active(s.rotation.guide(entryId)),
    'rotation:start': ({ entryId, overlapMinutes, archiveDays }) => active(s.rotation.start(entryId, { ...(overlapMinutes !== undefined && { overlapMinutes }), ...(archiveDays !== undefined && { archiveDays }) })),
    'rotation:submit': ({ entryId, credentials }) => active(s.rotation.submit(entryId, credentials)),
    'rotation:cancel': ({ entryId }) => active(s.rotation.cancel(entryId)),
    'rotation:rollback': ({ entryId }) => active(s.rotation.rollback(entryId)),
    'rotation:finish': ({ entryId }) => active(s.rotation.finish(entryId)),
    'rotation:abandon': ({ entryId }) => active(s.rotation.abandon(entryId)),
    // Folders come from main's own dialog; the page gets ids for them and can scan nothing else.
    'scan:pickFolders': async () => {
      active(null);
      const folders = await s.scan.pick(() => s.dialogs.chooseScanFolders());
      return folders ? { folders } : { cancelled: true as const };
    },
    'scan:run': (i) => active(s.scan.run(i)),
    'scan:cancel': () => s.scan.cancel(),
    // The log holds labels of keys (never a secret); the page sees it only while the vault is unlocked, as it does keys.
    'audit:list': (q) => {
      if (!vault.isUnlocked()) throw vaultLocked();
      return active(audit.list(q));
    },
    'audit:verify': () => active(audit.verify()),
  };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
