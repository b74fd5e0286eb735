/**
 * Where a request's time went (DNS, connect, TLS, first byte, total), measured from undici's diagnostics
 * channels and socket events. undici offers no per-request timing API, so:
 * - the egress's Agent connects through `timedConnector`, which watches the new socket's `lookup`, `connect` and
 *   `secureConnect` events;
 * - `undici:request:create` ties undici's internal Request to the trace of the call that is dispatching
 *   synchronously at that moment (`traced`); `undici:client:sendHeaders` then names the socket it went out on,
 *   and `undici:request:headers` marks the first byte of the response.
 * A request on a reused socket had no DNS, connect or TLS of its own: those stay null. A dispatcher not built
 * here still gets connect time (DNS + TCP + TLS together) from `undici:client:beforeConnect` / `connected`.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { buildConnector } from 'undici';
import type { RequestTimings } from '../contract/inspector';

interface SocketTimes {
  start: number;
  lookupAt: number | null;
  connectAt: number | null;
  secureAt: number | null;
  /** Only the first request on a socket paid for opening it. */
  claimed: boolean;
}

/** One attempt's marks (performance.now() ms). */
export class Trace {
  readonly start = performance.now();
  sentAt: number | null = null;
  headersAt: number | null = null;
  socket: SocketTimes | null = null;

  timings(end = performance.now()): RequestTimings {
    const s = this.socket;
    const ms = (a: number | null, b: number | null) => (a === null || b === null ? null : round(b - a));
    const tcpStart = s ? (s.lookupAt ?? s.start) : null;
    return {
      dnsMs: s ? ms(s.start, s.lookupAt) : null,
      connectMs: s ? ms(tcpStart, s.connectAt ?? s.secureAt) : null,
      tlsMs: s && s.secureAt !== null && s.connectAt !== null ? ms(s.connectAt, s.secureAt) : null,
      firstByteMs: ms(this.sentAt, this.headersAt),
      totalMs: round(end - this.start),
    };
  }
}

const round = (n: number) => Math.round(Math.max(0, n) * 100) / 100;

const socketTimes = new WeakMap<object, SocketTimes>();
const requestTraces = new WeakMap<object, Trace>();
const connectStarts = new WeakMap<object, number>();
let dispatching: Trace | null = null;

subscribe('undici:request:create', (m) => {
  const { request } = m as { request: object };
  if (dispatching) requestTraces.set(request, dispatching);
  dispatching = null;
});
subscribe('undici:client:sendHeaders', (m) => {
  const { request, socket } = m as { request: object; socket: object };
  const trace = requestTraces.get(request);
  if (!trace) return;
  trace.sentAt = performance.now();
  const s = socketTimes.get(socket);
  if (s && !s.claimed) {
    s.claimed = true;
    trace.socket = s;
  }
});
subscribe('undici:request:headers', (m) => {
  const trace = requestTraces.get((m as { request: object }).request);
  if (trace && trace.headersAt === null) trace.headersAt = performance.now();
});
subscribe('undici:client:beforeConnect', (m) => {
  connectStarts.set((m as { connector: object }).connector, performance.now());
});
subscribe('undici:client:connected', (m) => {
  const { connector, socket } = m as { connector: object; socket: object };
  const start = connectStarts.get(connector);
  if (start === undefined || socketTimes.has(socket)) return;
  socketTimes.set(socket, { start, lookupAt: null, connectAt: performance.now(), secureAt: null, claimed: false });
});

/**
 * Runs `dispatch` (which must hand its request to undici synchronously, as `undici.request` does) with `trace`
 * as the one the next created undici Request belongs to.
 */
export function traced<T>(trace: Trace, dispatch: () => Promise<T>): Promise<T> {
  dispatching = trace;
  try {
    return dispatch();
  } finally {
    dispatching = null;
  }
}

/** undici's connector, with the new socket's DNS, TCP and TLS moments noted. */
export function timedConnector(options: buildConnector.BuildOptions): buildConnector.connector {
  const base = buildConnector(options);
  return (opts, callback) => {
    const times: SocketTimes = { start: performance.now(), lookupAt: null, connectAt: null, secureAt: null, claimed: false };
    // Typed as void, but undici's connector returns the socket it made (lib/core/connect.js).
    const socket = (base as unknown as (o: buildConnector.Options, cb: buildConnector.Callback) => Socket | undefined)(opts, callback);
    if (!socket || typeof socket.once !== 'function') return;
    socketTimes.set(socket, times);
    socket.once('lookup', () => (times.lookupAt = performance.now()));
    socket.once('connect', () => (times.connectAt = performance.now()));
    socket.once('secureConnect', () => (times.secureAt = performance.now()));
  };
}
