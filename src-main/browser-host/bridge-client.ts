/**
 * The page side of the browser host's bridge: `window.signet` over a loopback WebSocket, for development and
 * E2E only. It is built by the same contract/api.ts builder as the preload — one function per channel, the named
 * event subscriptions, nothing generic — so the renderer cannot tell (and cannot do more than) it does under Electron.
 *
 * This file runs in the browser, not in Node: the host bundles it with the zod-free contract files it imports
 * (bridge-client-script.ts) and serves it as /bridge.js before the renderer's own module. It declares the few
 * browser globals it touches because the main-side TypeScript program has no DOM library.
 */
import { buildSignetApi, type Call, type SignetApi, type Subscribe } from '../contract/api';
import { EVENTS, type Channel, type EventName } from '../contract/channels';
import type { ErrorDto, Result } from '../contract/errors';
import type { EventPayload } from '../contract/schemas';

interface BridgeSocket {
  readonly readyState: number;
  send(data: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
}

interface BrowserGlobals {
  location: { protocol: string; host: string; hash: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  WebSocket: new (url: string, protocols: string[]) => BridgeSocket;
  signet?: SignetApi;
}

const g = globalThis as unknown as BrowserGlobals;
const OPEN = 1;
/** The subprotocol the host selects; the second protocol entry carries the per-run token. */
const BRIDGE_PROTOCOL = 'signet-bridge.v1';

/** The token arrives once in the URL fragment (never sent to a server); keep it for reloads, then hide it. */
function takeToken(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(g.location.hash);
  if (match?.[1]) {
    g.sessionStorage.setItem('signet.bridgeToken', match[1]);
    g.history.replaceState(null, '', g.location.pathname + g.location.search);
    return match[1];
  }
  return g.sessionStorage.getItem('signet.bridgeToken');
}

const disconnected = (why: string): ErrorDto => ({
  code: 'ERR_INTERNAL',
  message: `${why} Restart \`npm run dev:browser\` and open the new URL it prints.`,
});

function connect(): SignetApi {
  const token = takeToken();
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const queue: string[] = [];
  const listeners = Object.fromEntries(EVENTS.map((e) => [e, new Set()])) as {
    [E in EventName]: Set<(payload: EventPayload<E>) => void>;
  };
  let nextId = 1;
  let failure: ErrorDto | null = token ? null : disconnected('This page was opened without the browser host token.');
  let socket: BridgeSocket | null = null;

  const failAll = (error: ErrorDto): void => {
    failure = error;
    for (const resolve of pending.values()) resolve({ ok: false, error });
    pending.clear();
  };

  if (token) {
    const scheme = g.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new g.WebSocket(`${scheme}//${g.location.host}/bridge`, [BRIDGE_PROTOCOL, `token.${token}`]);
    socket = ws;
    ws.addEventListener('open', () => {
      for (const frame of queue.splice(0)) ws.send(frame);
    });
    ws.addEventListener('close', () => failAll(disconnected('The connection to the browser host closed.')));
    ws.addEventListener('message', (e) => {
      if (typeof e.data !== 'string') return;
      let msg: { id?: unknown; result?: Result<unknown>; event?: unknown; payload?: unknown };
      try {
        msg = JSON.parse(e.data) as typeof msg;
      } catch {
        return;
      }
      if (typeof msg.id === 'number' && msg.result) {
        pending.get(msg.id)?.(msg.result);
        pending.delete(msg.id);
      } else if (typeof msg.event === 'string' && Object.hasOwn(listeners, msg.event)) {
        for (const l of listeners[msg.event as EventName]) (l as (p: unknown) => void)(msg.payload);
      }
    });
  }

  const send = (channel: Channel, input: unknown): Promise<Result<unknown>> =>
    new Promise((resolve) => {
      if (failure || !socket) {
        resolve({ ok: false, error: failure ?? disconnected('The browser host is not connected.') });
        return;
      }
      const id = nextId++;
      pending.set(id, resolve);
      const frame = JSON.stringify({ id, channel, input });
      if (socket.readyState === OPEN) socket.send(frame);
      else queue.push(frame);
    });

  const call = <C extends Channel>(channel: C): Call<C> => ((input?: unknown) => send(channel, input)) as Call<C>;
  const on =
    <E extends EventName>(event: E): Subscribe<E> =>
    (listener) => {
      listeners[event].add(listener);
      return () => {
        listeners[event].delete(listener);
      };
    };

  return buildSignetApi(call, on);
}

g.signet = connect();
