/**
 * The Electron composition root, with the real VaultService, SettingsService (electron-store on real files) and
 * router; only Electron itself is faked. Checks the wiring a user relies on: where state lives, the safeStorage
 * slot, events reaching the window, locking on screen lock / sleep, and a clean clipboard and locked vault on quit.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { fake, FakeBrowserWindow, FakeEvent, recordingLogger, resetFakeElectron } from './fake-electron';
import { compose, type AppServices } from '../../../src-main/app/compose';
import { eventChannel, type Channel } from '../../../src-main/contract/channels';
import type { InputOf, OutputOf } from '../../../src-main/contract/schemas';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule());

const PASSPHRASE = 'velvet harbor quartz lantern 91';
const KDF = { N: 2 ** 14, r: 8, p: 1 };

let home: string;
let win: FakeBrowserWindow | null;
let services: AppServices | undefined;
let logger: ReturnType<typeof recordingLogger>;

beforeEach(() => {
  resetFakeElectron();
  home = mkdtempSync(join(tmpdir(), 'signet-compose-'));
  win = new FakeBrowserWindow({});
});
afterEach(async () => {
  services?.dispose();
  await services?.sandbox.close();
  if (services?.vault.isUnlocked()) await services.vault.lock();
  services = undefined;
  rmSync(home, { recursive: true, force: true });
});

function start(env: NodeJS.ProcessEnv = { SIGNET_HOME: home }): AppServices {
  logger = recordingLogger();
  services = compose({ logger, mainWindow: () => win as unknown as BrowserWindow, env, kdf: KDF });
  return services;
}

async function call<C extends Channel>(s: AppServices, channel: C, input?: InputOf<C>): Promise<OutputOf<C>> {
  const res = (await s.router.handle(channel, input)) as { ok: boolean; value?: unknown; error?: unknown };
  if (!res.ok) {
    // ERR_INTERNAL hides the cause from the caller; the log has it.
    const logged = logger.lines.find((l) => l.level === 'error')?.fields?.error;
    throw new Error(`${channel} failed: ${JSON.stringify(res.error)} ${logged instanceof Error ? logged.stack : ''}`);
  }
  return res.value as OutputOf<C>;
}

const statusEvents = () => win!.webContents.sent.filter((m) => m.channel === eventChannel('vault:statusChanged')).map((m) => m.args[0] as Record<string, unknown>);

describe('compose', () => {
  it('keeps state under SIGNET_HOME and reports itself as the Electron host', async () => {
    const s = start();
    expect(s.home).toBe(home);
    expect(await call(s, 'app:info')).toEqual({ version: '0.1.0-test', platform: process.platform, host: 'electron', home });
    await call(s, 'settings:set', { theme: 'dark' });
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8'))).toMatchObject({ settings: { theme: 'dark' } });
    await call(s, 'vault:create', { passphrase: PASSPHRASE, useOsSlot: false });
    expect(existsSync(join(home, 'vault.json'))).toBe(true);
  });

  it('works offline on first run: the sandbox starts, the new vault’s sandbox key is trusted, a signed request is answered and recorded', async () => {
    const s = start();
    await call(s, 'vault:create', { passphrase: PASSPHRASE, useOsSlot: false });
    await vi.waitFor(() => expect(s.sandbox.status().running).toBe(true));
    await s.sandbox.synced();
    const key = (await call(s, 'vault:list', {}))[0]!;
    const record = await call(s, 'request:send', { entryId: key.id, method: 'GET', url: `${s.sandbox.url()}/v1/account`, headers: [] });
    expect(record).toMatchObject({ status: 200, outcome: 'ok', provider: 'sandbox', schemeId: 'hmac', revealable: true });
    expect(JSON.parse(record.responseBody ?? '')).toHaveProperty('balances');
    expect(win!.webContents.sent.some((m) => m.channel === eventChannel('inspector:recorded') && (m.args[0] as { id: string }).id === record.id)).toBe(true);
    expect((await call(s, 'inspector:list', {})).records.map((r) => r.id)).toEqual([record.id]);
    expect(await call(s, 'sandbox:status')).toMatchObject({ running: true, url: s.sandbox.url(), error: null });
  });

  it("falls back to Electron's userData when SIGNET_HOME is not set", () => {
    fake.app.paths.userData = home;
    expect(start({}).home).toBe(home);
  });

  it('takes the auto-lock minutes from the saved settings', async () => {
    await call(start(), 'settings:set', { autoLockMinutes: 7 });
    services!.dispose();
    const again = start();
    expect((await again.vault.status()).autoLockMinutes).toBe(7);
  });

  it("uses Electron's safeStorage for the OS slot, and refuses it on a basic_text desktop", async () => {
    fake.safeStorage.backend = 'basic_text';
    const status = await start().vault.status();
    expect(status.os).toMatchObject({ provider: 'electron-safestorage', secure: false, backend: process.platform === 'linux' ? 'basic_text' : expect.any(String) });
    if (process.platform === 'linux') expect(status.os.reason).toMatch(/passphrase is required/);
  });

  it('forwards vault status and entry changes to the window', async () => {
    const s = start();
    await call(s, 'vault:create', { passphrase: PASSPHRASE, useOsSlot: false });
    const last = statusEvents().at(-1)!;
    expect(last).toMatchObject({ exists: true, locked: false });
    const [entry] = await call(s, 'vault:list');
    if (!entry) throw new Error('the sandbox key is missing');
    await call(s, 'vault:update', { id: entry.id, meta: { notes: 'rotated' } });
    expect(win!.webContents.sent.some((m) => m.channel === eventChannel('vault:entriesChanged'))).toBe(true);
  });

  it('does not fail when there is no window to tell', async () => {
    win = null;
    const s = start();
    await expect(call(s, 'vault:create', { passphrase: PASSPHRASE, useOsSlot: false })).resolves.toMatchObject({ locked: false });
  });

  it.each(['lock-screen', 'suspend'])('locks the vault and clears the copied secret on %s', async (name) => {
    const s = start();
    await call(s, 'vault:create', { passphrase: PASSPHRASE, useOsSlot: false });
    const [entry] = await call(s, 'vault:list');
    if (!entry) throw new Error('the sandbox key is missing');
    await call(s, 'vault:copySecret', { id: entry.id, field: 'secret' });
    await vi.waitFor(() => expect(fake.clipboard.text).not.toBe(''));
    fake.powerMonitor.emit(name);
    await vi.waitFor(() => expect(s.vault.isUnlocked()).toBe(false));
    await vi.waitFor(() => expect(fake.clipboard.text).toBe(''));
    expect(statusEvents().at(-1)).toMatchObject({ locked: true });
  });

  it('on quit, holds the quit until the clipboard is cleared and the vault locked, then quits', async () => {
    const s = start();
    await call(s, 'vault:create', { passphrase: PASSPHRASE, useOsSlot: false });
    const [entry] = await call(s, 'vault:list');
    if (!entry) throw new Error('the sandbox key is missing');
    await call(s, 'vault:copySecret', { id: entry.id, field: 'secret' });
    await vi.waitFor(() => expect(fake.clipboard.text).not.toBe(''));

    const event = new FakeEvent();
    fake.app.emit('before-quit', event);
    expect(event.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalledTimes(1));
    expect(fake.clipboard.text).toBe('');
    expect(s.vault.isUnlocked()).toBe(false);

    // Electron emits before-quit again for that quit; this time it goes through.
    const second = new FakeEvent();
    fake.app.emit('before-quit', second);
    expect(second.defaultPrevented).toBe(false);
  });

  it('asks a native dialog where to export, parented to the window, and handles cancel', async () => {
    const s = start();
    await call(s, 'vault:create', { passphrase: PASSPHRASE, useOsSlot: false });
    fake.app.paths.documents = home;
    const out = join(home, 'backup.json');
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: out });
    expect(await call(s, 'vault:export', { backupPassphrase: 'another long backup phrase 42' })).toMatchObject({ path: out });
    expect(fake.dialog.showSaveDialog.mock.calls[0]![0]).toBe(win);
    expect(existsSync(out)).toBe(true);
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await call(s, 'vault:importPreview', { backupPassphrase: 'another long backup phrase 42' })).toEqual({ cancelled: true });
  });

  it('asks in a native message box, parented to the window, before a key may go somewhere new; Cancel is the default (issue 9)', async () => {
    const s = start();
    await call(s, 'vault:create', { passphrase: PASSPHRASE, useOsSlot: false, addSandboxKey: false });
    const key = await call(s, 'vault:add', { label: 'OKX', provider: 'okx', environment: 'prod', credentials: { apiKey: 'okx-key-0001', secret: 's-0123456789', passphrase: 'pass phrase 1' } });
    fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    const declined = await s.router.handle('vault:update', { id: key.id, meta: { baseUrl: 'https://okx.example.net' } });
    expect(declined).toMatchObject({ ok: false, error: { code: 'ERR_CANCELLED' } });
    const [parent, options] = fake.dialog.showMessageBox.mock.calls[0]! as [unknown, { buttons: string[]; defaultId: number; cancelId: number; message: string; detail: string }];
    expect(parent).toBe(win);
    expect(options).toMatchObject({ buttons: ['Cancel', 'Allow'], defaultId: 0, cancelId: 0, message: 'Let the OKX key “OKX” send to https://okx.example.net' });
    fake.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false });
    expect((await call(s, 'vault:update', { id: key.id, meta: { baseUrl: 'https://okx.example.net' } })).baseUrl).toBe('https://okx.example.net');
  });
});
