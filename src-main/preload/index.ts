/**
 * The preload: exposes `window.signet`, one function per contract channel (built from the channel table by
 * contract/api.ts), and nothing else. Each function is bound to its channel when it is made, so the renderer cannot
 * choose a channel (no generic invoke/send/on), and event listeners receive the payload only — never the
 * IpcRendererEvent, whose `sender` would hand the page ipcRenderer itself.
 * Imports only the zod-free contract files; built as CommonJS because sandboxed preloads cannot run ESM.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventChannel, type EventName } from '../contract/channels';
import { buildSignetApi, type Call, type Unsubscribe } from '../contract/api';

function subscribe<T>(name: EventName, listener: (payload: T) => void): Unsubscribe {
  const channel = eventChannel(name);
  const relay = (_event: IpcRendererEvent, payload: T): void => listener(payload);
  ipcRenderer.on(channel, relay);
  return () => {
    ipcRenderer.removeListener(channel, relay);
  };
}

const api = buildSignetApi(
  (channel) => ((input?: unknown) => ipcRenderer.invoke(channel, input)) as Call<typeof channel>,
  (event) => (listener) => subscribe(event, listener),
);

contextBridge.exposeInMainWorld('signet', api);
