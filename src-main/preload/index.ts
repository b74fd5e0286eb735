/**
 * The preload: exposes `window.signet`, one function per contract channel, and nothing else. Each function names
 * its channel literally, so the renderer cannot choose a channel (no generic invoke/send/on), and event listeners
 * receive the payload only — never the IpcRendererEvent, whose `sender` would hand the page ipcRenderer itself.
 * Imports only the zod-free contract files; built as CommonJS because sandboxed preloads cannot run ESM.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventChannel, type EventName } from '../contract/channels';
import type { SignetApi, Unsubscribe } from '../contract/api';

function subscribe<T>(name: EventName, listener: (payload: T) => void): Unsubscribe {
  const channel = eventChannel(name);
  const relay = (_event: IpcRendererEvent, payload: T): void => listener(payload);
  ipcRenderer.on(channel, relay);
  return () => {
    ipcRenderer.removeListener(channel, relay);
  };
}

const api: SignetApi = {
  app: {
    info: (input) => ipcRenderer.invoke('app:info', input),
  },
  settings: {
    get: (input) => ipcRenderer.invoke('settings:get', input),
    set: (input) => ipcRenderer.invoke('settings:set', input),
  },
  vault: {
    status: (input) => ipcRenderer.invoke('vault:status', input),
    create: (input) => ipcRenderer.invoke('vault:create', input),
    unlock: (input) => ipcRenderer.invoke('vault:unlock', input),
    lock: (input) => ipcRenderer.invoke('vault:lock', input),
    list: (input) => ipcRenderer.invoke('vault:list', input),
    get: (input) => ipcRenderer.invoke('vault:get', input),
    add: (input) => ipcRenderer.invoke('vault:add', input),
    update: (input) => ipcRenderer.invoke('vault:update', input),
    remove: (input) => ipcRenderer.invoke('vault:remove', input),
    copySecret: (input) => ipcRenderer.invoke('vault:copySecret', input),
    changePassphrase: (input) => ipcRenderer.invoke('vault:changePassphrase', input),
    addOsSlot: (input) => ipcRenderer.invoke('vault:addOsSlot', input),
    removeOsSlot: (input) => ipcRenderer.invoke('vault:removeOsSlot', input),
    export: (input) => ipcRenderer.invoke('vault:export', input),
    importPreview: (input) => ipcRenderer.invoke('vault:importPreview', input),
    import: (input) => ipcRenderer.invoke('vault:import', input),
    onStatusChanged: (listener) => subscribe('vault:statusChanged', listener),
    onEntriesChanged: (listener) => subscribe('vault:entriesChanged', listener),
  },
  signing: {
    schemes: (input) => ipcRenderer.invoke('signing:schemes', input),
    suggest: (input) => ipcRenderer.invoke('signing:suggest', input),
  },
  request: {
    preview: (input) => ipcRenderer.invoke('request:preview', input),
    export: (input) => ipcRenderer.invoke('request:export', input),
    send: (input) => ipcRenderer.invoke('request:send', input),
  },
  inspector: {
    list: (input) => ipcRenderer.invoke('inspector:list', input),
    get: (input) => ipcRenderer.invoke('inspector:get', input),
    reveal: (input) => ipcRenderer.invoke('inspector:reveal', input),
    resend: (input) => ipcRenderer.invoke('inspector:resend', input),
    clear: (input) => ipcRenderer.invoke('inspector:clear', input),
    onRecorded: (listener) => subscribe('inspector:recorded', listener),
  },
  sandbox: {
    status: (input) => ipcRenderer.invoke('sandbox:status', input),
  },
  markets: {
    providers: (input) => ipcRenderer.invoke('markets:providers', input),
    select: (input) => ipcRenderer.invoke('markets:select', input),
    snapshot: (input) => ipcRenderer.invoke('markets:snapshot', input),
    symbol: (input) => ipcRenderer.invoke('markets:symbol', input),
    onUpdate: (listener) => subscribe('markets:update', listener),
  },
};

contextBridge.exposeInMainWorld('signet', api);
