/**
 * A small hand-written fake of the `electron` module for tests of src-main/app and src-main/preload (the real
 * module cannot load here: no binary). It records what the code under test asks for — window options, handlers,
 * listeners — and lets a test play Electron's part (emit events, invoke IPC handlers).
 *
 * Use: `vi.mock('electron', async () => (await import('../app/fake-electron')).electronModule())`.
 * The state lives on globalThis so a test that re-imports modules (vi.resetModules) still sees the same fake;
 * `resetFakeElectron()` clears it in place between tests.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebFrame {
  constructor(
    readonly url: string,
    readonly parent: FakeWebFrame | null = null,
  ) {}
  get top(): FakeWebFrame {
    return this.parent ? this.parent.top : this;
  }
}

let nextId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  destroyed = false;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly mainFrame = new FakeWebFrame('app://signet/index.html');
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  visible = false;
  focusCount = 0;
  minimized = false;
  destroyed = false;
  constructor(readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focusCount++;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

type PermissionRequestHandler = (wc: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void;
type BeforeRequest = (details: { url: string }, callback: (r: { cancel?: boolean }) => void) => void;

export class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null | undefined;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null | undefined;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null | undefined;
  readonly webRequest = {
    beforeRequest: undefined as BeforeRequest | undefined,
    onBeforeRequest(listener: BeforeRequest): void {
      this.beforeRequest = listener;
    },
  };
  setPermissionRequestHandler(h: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: ((...args: unknown[]) => boolean) | null): void {
    this.permissionCheckHandler = h;
  }
  setDevicePermissionHandler(h: ((...args: unknown[]) => boolean) | null): void {
    this.devicePermissionHandler = h;
  }
}

class FakeApp extends EventEmitter {
  constructor(private readonly calls: string[]) {
    super();
  }
  gotLock = true;
  isPackaged = false;
  readonly paths: Record<string, string> = { userData: '/nonexistent/userData', documents: '/nonexistent/Documents' };
  readonly quit = vi.fn();
  readonly exit = vi.fn();
  readonly enableSandbox = vi.fn();
  readonly requestSingleInstanceLock = vi.fn(() => this.gotLock);
  readonly whenReady = vi.fn(() => {
    this.calls.push('app.whenReady');
    return Promise.resolve();
  });
  getPath(name: string): string {
    const p = this.paths[name];
    if (!p) throw new Error(`fake app has no path named ${name}`);
    return p;
  }
  getVersion(): string {
    return '0.1.0-test';
  }
}

/** Main-process IPC: records `handle` registrations; `invoke` plays a renderer call with a given event. */
class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  handle(channel: string, fn: (event: unknown, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const fn = this.handlers.get(channel);
    if (!fn) throw new Error(`No handler registered for '${channel}'`);
    return fn(event, ...args);
  }
}

/** Renderer-side IPC: records invokes; `emit(channel, event, payload)` plays main sending an event. */
class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, value: { channel, args } }));
  readonly send = vi.fn();
  readonly sendSync = vi.fn();
}

/** Electron 45's clipboard is asynchronous. */
class FakeClipboard {
  text = '';
  readonly readText = vi.fn(async () => this.text);
  readonly writeText = vi.fn(async (t: string) => {
    this.text = t;
  });
}

/** Really encrypts (AES-256-GCM under a per-instance key), like safeStorage with a keyring behind it. */
class FakeSafeStorage {
  backend = 'gnome_libsecret';
  available = true;
  readonly key = randomBytes(32);
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.available;
  }
  async encryptStringAsync(plain: string): Promise<Buffer> {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }
  async decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }> {
    const d = createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(0, 12));
    d.setAuthTag(encrypted.subarray(12, 28));
    return { shouldReEncrypt: false, result: Buffer.concat([d.update(encrypted.subarray(28)), d.final()]).toString('utf8') };
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
}

/** Electron's Notification: records what was shown; `click()` plays the person clicking it. */
export class FakeNotification extends EventEmitter {
  static shown: FakeNotification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  constructor(readonly options: { title: string; body: string; silent?: boolean }) {
    super();
  }
  show(): void {
    FakeNotification.shown.push(this);
  }
  click(): void {
    this.emit('click');
  }
}

export interface Fake {
  app: FakeApp;
  BrowserWindow: typeof FakeBrowserWindow;
  protocol: {
    privileged: unknown[];
    handlers: Map<string, (request: Request) => Promise<Response> | Response>;
    registerSchemesAsPrivileged(schemes: unknown[]): void;
    handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void;
  };
  ipcMain: FakeIpcMain;
  ipcRenderer: FakeIpcRenderer;
  contextBridge: { exposed: Map<string, unknown>; exposeInMainWorld(key: string, api: unknown): void };
  session: { defaultSession: FakeSession };
  shell: { openExternal: ReturnType<typeof vi.fn> };
  Menu: { current: unknown; buildFromTemplate(template: unknown[]): { template: unknown[] }; setApplicationMenu(menu: unknown): void };
  dialog: { showSaveDialog: ReturnType<typeof vi.fn>; showOpenDialog: ReturnType<typeof vi.fn>; showMessageBox: ReturnType<typeof vi.fn>; showErrorBox: ReturnType<typeof vi.fn> };
  clipboard: FakeClipboard;
  powerMonitor: EventEmitter;
  safeStorage: FakeSafeStorage;
  nativeTheme: { shouldUseDarkColors: boolean };
  Notification: typeof FakeNotification;
  /** The order in which notable calls happened (to check "before ready"). */
  calls: string[];
}

function createFake(): Fake {
  const calls: string[] = [];
  return {
    app: new FakeApp(calls),
    BrowserWindow: FakeBrowserWindow,
    protocol: {
      privileged: [],
      handlers: new Map(),
      registerSchemesAsPrivileged(schemes) {
        calls.push('protocol.registerSchemesAsPrivileged');
        this.privileged.push(...schemes);
      },
      handle(scheme, handler) {
        calls.push(`protocol.handle:${scheme}`);
        this.handlers.set(scheme, handler);
      },
    },
    ipcMain: new FakeIpcMain(),
    ipcRenderer: new FakeIpcRenderer(),
    contextBridge: {
      exposed: new Map(),
      exposeInMainWorld(key, api) {
        this.exposed.set(key, api);
      },
    },
    session: { defaultSession: new FakeSession() },
    shell: { openExternal: vi.fn(async () => undefined) },
    Menu: {
      current: undefined,
      buildFromTemplate: (template) => ({ template }),
      setApplicationMenu(menu) {
        this.current = menu;
      },
    },
    dialog: { showSaveDialog: vi.fn(), showOpenDialog: vi.fn(), showMessageBox: vi.fn(), showErrorBox: vi.fn() },
    clipboard: new FakeClipboard(),
    powerMonitor: new EventEmitter(),
    safeStorage: new FakeSafeStorage(),
    nativeTheme: { shouldUseDarkColors: true },
    Notification: FakeNotification,
    calls,
  };
}

const holder = globalThis as { __signetFakeElectron?: Fake };
export const fake: Fake = (holder.__signetFakeElectron ??= createFake());

/** Puts every fake back to its initial state, keeping object identity (modules hold references to them). */
export function resetFakeElectron(): void {
  const fresh = createFake();
  fake.calls.length = 0;
  for (const emitter of [fake.app, fake.ipcMain, fake.ipcRenderer, fake.powerMonitor] as EventEmitter[]) emitter.removeAllListeners();
  Object.assign(fake.app, { gotLock: true, isPackaged: false });
  fake.app.paths.userData = '/nonexistent/userData';
  fake.app.paths.documents = '/nonexistent/Documents';
  for (const fn of [fake.app.quit, fake.app.exit, fake.app.enableSandbox, fake.app.requestSingleInstanceLock, fake.app.whenReady]) fn.mockClear();
  FakeBrowserWindow.instances = [];
  fake.protocol.privileged.length = 0;
  fake.protocol.handlers.clear();
  fake.ipcMain.handlers.clear();
  fake.ipcRenderer.invoke.mockClear();
  fake.contextBridge.exposed.clear();
  Object.assign(fake.session.defaultSession, fresh.session.defaultSession);
  fake.session.defaultSession.webRequest.beforeRequest = undefined;
  fake.shell.openExternal.mockClear();
  fake.Menu.current = undefined;
  for (const fn of Object.values(fake.dialog)) fn.mockReset();
  fake.clipboard.text = '';
  fake.clipboard.readText.mockClear();
  fake.clipboard.writeText.mockClear();
  Object.assign(fake.safeStorage, { backend: 'gnome_libsecret', available: true });
  fake.nativeTheme.shouldUseDarkColors = true;
  FakeNotification.shown = [];
  FakeNotification.supported = true;
}

/** The module object vi.mock returns for 'electron' (named exports plus a default, as electron-store imports it). */
export function electronModule(): Record<string, unknown> {
  const mod = {
    app: fake.app,
    BrowserWindow: fake.BrowserWindow,
    protocol: fake.protocol,
    ipcMain: fake.ipcMain,
    ipcRenderer: fake.ipcRenderer,
    contextBridge: fake.contextBridge,
    session: fake.session,
    shell: fake.shell,
    Menu: fake.Menu,
    dialog: fake.dialog,
    clipboard: fake.clipboard,
    powerMonitor: fake.powerMonitor,
    safeStorage: fake.safeStorage,
    nativeTheme: fake.nativeTheme,
    Notification: fake.Notification,
  };
  return { ...mod, default: mod };
}

/** A recording logger, to check that refusals are logged (and nothing secret is). */
export function recordingLogger(): { lines: { level: string; msg: string; fields?: Record<string, unknown> }[] } & Record<
  'debug' | 'info' | 'warn' | 'error',
  (msg: string, fields?: Record<string, unknown>) => void
> {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
    lines.push({ level, msg, ...(fields ? { fields } : {}) });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
