/**
 * The preload: exposes `window.signet`, one function per contract channel (built from the channel table by
 * contract/api.ts), and nothing else. Each function is bound to its channel when it is made, so the renderer cannot
 * choose a channel (no generic invoke/send/on), and event listeners receive the payload only — never the
 * IpcRendererEvent, whose `sender` would hand the page ipcRenderer itself.
 * Imports only the zod-free contract files; built as CommonJS because sandboxed preloads cannot run ESM.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventChannel, isChannel, type Channel, type EventName } from '../contract/channels';
import { buildSignetApi, type Call, type Unsubscribe } from '../contract/api';

function subscribe<T>(name: EventName, listener: (payload: T) => void): Unsubscribe {
  const channel = eventChannel(name);
  const relay = (_event: IpcRendererEvent, payload: T): void => listener(payload);
  ipcRenderer.on(channel, relay);
  return () => {
    ipcRenderer.removeListener(channel, relay);
  };
}

/**
 * Binds one function to one channel of the table. buildSignetApi calls this once per CHANNELS entry while the preload
 * loads; the page only ever receives the bound functions, never this one, so it cannot pick a channel. A name that is
 * not in the table stops the preload instead of reaching ipcRenderer.
 */
function bindChannel<C extends Channel>(channel: C): Call<C> {
  if (!isChannel(channel)) throw new Error(`preload: ${String(channel)} is not a contract channel`);
  return ((input?: unknown) => ipcRenderer.invoke(channel, input)) as Call<C>;
}

const api = buildSignetApi(bindChannel, (event) => (listener) => subscribe(event, listener));

contextBridge.exposeInMainWorld('signet', api);
