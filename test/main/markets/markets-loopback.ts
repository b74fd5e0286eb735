/**
 * A real PublicHttp and SocketOpener for the markets tests, over loopback only: undici for REST and the `ws`
 * WebSocket for streams, refusing any host that is not 127.0.0.1. The app uses the egress's own doors
 * (src-main/http/public-http.ts, egress-socket.ts); these let the provider and service tests run against a real
 * sandbox exchange without depending on them. Counts requests so tests can see what went out.
 */
import { request } from 'undici';
import { WebSocket } from 'ws';
import type { HttpAnswer, PublicHttp, SocketOpener } from '../../../src-main/markets/types';

export interface LoopbackDoors {
  readonly http: PublicHttp;
  readonly openSocket: SocketOpener;
  readonly requests: string[];
  readonly sockets: WebSocket[];
}

function loopbackOnly(url: string): void {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1') throw new Error(`test doors refuse ${host}: loopback only`);
}

export function loopbackDoors(): LoopbackDoors {
  const requests: string[] = [];
  const sockets: WebSocket[] = [];
  const http: PublicHttp = {
    async request(_provider, req): Promise<HttpAnswer> {
      loopbackOnly(req.url);
      requests.push(`${req.method} ${req.url}`);
      const res = await request(req.url, { method: req.method, headers: req.headers ?? {}, body: req.body ?? null });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v;
      return { status: res.statusCode, headers, body: await res.body.text() };
    },
  };
  const openSocket: SocketOpener = (_provider, url) => {
    loopbackOnly(url);
    const ws = new WebSocket(url);
    sockets.push(ws);
    return ws;
  };
  return { http, openSocket, requests, sockets };
}

/** Resolves when `check` returns true (polled), or rejects after `ms`. */
export async function until(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
