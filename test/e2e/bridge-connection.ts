/**
 * A raw client of the browser host's bridge, as a compromised renderer would hold it: any channel, any input,
 * straight over the WebSocket with the page's token and Origin (or without them, to test the guards).
 */
import WebSocket from 'ws';
import type { BrowserHost } from '../../src-main/browser-host/browser-host';
import { BRIDGE_PROTOCOL } from '../../src-main/browser-host/host-server';

export interface BridgeReply {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

export interface BridgeConnection {
  ws: WebSocket;
  call(channel: unknown, input?: unknown): Promise<BridgeReply>;
  events: { event: string; payload: unknown }[];
}

export function connectBridge(host: Pick<BrowserHost, 'token' | 'origin'>, opts: { token?: string | null; origin?: string; host?: string } = {}): Promise<BridgeConnection> {
  const token = opts.token === undefined ? host.token : opts.token;
  const protocols = token === null ? [BRIDGE_PROTOCOL] : [BRIDGE_PROTOCOL, `token.${token}`];
  const url = host.origin.replace('http:', 'ws:') + '/bridge';
  const ws = new WebSocket(url, protocols, {
    origin: opts.origin ?? host.origin,
    ...(opts.host ? { headers: { Host: opts.host } } : {}),
  });
  const waiting = new Map<number, (r: BridgeReply) => void>();
  const events: BridgeConnection['events'] = [];
  let next = 1;
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: BridgeReply; event?: string; payload?: unknown };
    if (typeof msg.id === 'number') waiting.get(msg.id)?.(msg.result!);
    else if (msg.event) events.push({ event: msg.event, payload: msg.payload });
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        events,
        call: (channel, input) =>
          new Promise((done) => {
            const id = next++;
            waiting.set(id, done);
            ws.send(JSON.stringify({ id, channel, input }));
          }),
      }),
    );
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
