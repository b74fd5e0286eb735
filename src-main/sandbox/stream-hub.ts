/**
 * WebSocket /v1/stream: clients subscribe to symbols (or '*') and get `{type:'ticker', data:[…]}` batches, one per
 * market step. Built to stay cheap with thousands of symbols: the hub listens to the market only while someone is
 * connected, a '*' batch is serialized once per step for every client that wants everything, and a client that
 * cannot keep up skips batches (prices are state, not events: the next batch supersedes the one skipped) instead
 * of growing the server's memory. Dead peers are found with ping/pong and closed.
 *
 * Protocol (docs/sandbox.md#stream): {op:'subscribe'|'unsubscribe', symbols:[…]|'*'} → {type:'subscribed', symbols};
 * {op:'ping'} → {type:'pong'}; anything else → {type:'error', code, message}.
 */
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { describeIssues } from '../base/describe-issues';
import type { SimulatedMarket, Ticker } from './market-simulation';
import type { SandboxMetrics } from './sandbox-metrics';

/** Beyond this much unsent data a client skips batches until it catches up. */
const MAX_BUFFERED = 4 * 1024 * 1024;

const messageSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('subscribe'), symbols: z.union([z.literal('*'), z.array(z.string().max(40)).min(1).max(5000)]) }),
  z.strictObject({ op: z.literal('unsubscribe'), symbols: z.union([z.literal('*'), z.array(z.string().max(40)).min(1).max(5000)]) }),
  z.strictObject({ op: z.literal('ping') }),
]);

interface Client {
  readonly socket: WebSocket;
  all: boolean;
  readonly symbols: Set<string>;
  alive: boolean;
}

export class StreamHub {
  private readonly clients = new Set<Client>();
  private unsubscribe: (() => void) | null = null;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly market: SimulatedMarket,
    private readonly metrics: SandboxMetrics,
    heartbeatMs: number,
  ) {
    this.heartbeat = setInterval(() => this.beat(), heartbeatMs);
    this.heartbeat.unref();
  }

  accept(socket: WebSocket): void {
    const client: Client = { socket, all: false, symbols: new Set(), alive: true };
    this.clients.add(client);
    this.metrics.streamClients.set(this.clients.size);
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('message', (data, isBinary) => this.onMessage(client, isBinary ? null : data.toString()));
    socket.on('close', () => this.drop(client));
    socket.on('error', () => this.drop(client));
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const c of this.clients) c.socket.terminate();
    this.clients.clear();
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private drop(client: Client): void {
    if (!this.clients.delete(client)) return;
    this.metrics.streamClients.set(this.clients.size);
    this.listenIfNeeded();
  }

  /** Market batches are built only while a client wants some symbol. */
  private listenIfNeeded(): void {
    const wanted = [...this.clients].some((c) => c.all || c.symbols.size > 0);
    if (wanted && !this.unsubscribe) this.unsubscribe = this.market.subscribe((batch) => this.broadcast(batch));
    else if (!wanted && this.unsubscribe) {
      this.unsubscribe();
      this.unsubscribe = null;
    }
  }

  private broadcast(batch: readonly Ticker[]): void {
    let everything: string | null = null;
    for (const c of this.clients) {
      if (c.socket.readyState !== c.socket.OPEN || c.socket.bufferedAmount > MAX_BUFFERED) continue;
      if (c.all) c.socket.send((everything ??= JSON.stringify({ type: 'ticker', data: batch })));
      else if (c.symbols.size > 0) {
        const data = batch.filter((t) => c.symbols.has(t.symbol));
        if (data.length > 0) c.socket.send(JSON.stringify({ type: 'ticker', data }));
      }
    }
  }

  private onMessage(client: Client, text: string | null): void {
    const fail = (code: string, message: string) => client.socket.send(JSON.stringify({ type: 'error', code, message }));
    if (text === null) return fail('bad_message', 'Binary frames are not understood. Send JSON text such as {"op":"subscribe","symbols":["BTC-USD"]}.');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return fail('bad_message', 'The message is not JSON. Send {"op":"subscribe","symbols":["BTC-USD"]} or {"op":"subscribe","symbols":"*"}.');
    }
    const parsed = messageSchema.safeParse(json);
    if (!parsed.success) return fail('bad_message', `The message is not understood (${describeIssues(parsed.error)}). Send {"op":"subscribe"|"unsubscribe","symbols":[…]|"*"} or {"op":"ping"}.`);
    const msg = parsed.data;
    if (msg.op === 'ping') {
      client.socket.send(JSON.stringify({ type: 'pong' }));
      return;
    }
    if (msg.symbols !== '*') {
      const unknown = msg.symbols.filter((s) => !this.market.has(s));
      if (unknown.length > 0) return fail('unknown_symbol', `Unknown symbol${unknown.length > 1 ? 's' : ''} ${unknown.slice(0, 5).map((s) => JSON.stringify(s)).join(', ')}${unknown.length > 5 ? ', …' : ''}. GET /v1/markets lists the symbols; nothing was changed.`);
    }
    let added: readonly string[] = [];
    if (msg.op === 'subscribe') {
      if (msg.symbols === '*') {
        client.all = true;
        client.symbols.clear();
        added = this.market.symbols();
      } else if (!client.all) {
        added = msg.symbols.filter((s) => !client.symbols.has(s));
        for (const s of msg.symbols) client.symbols.add(s);
      }
    } else if (msg.symbols === '*') {
      client.all = false;
      client.symbols.clear();
    } else {
      if (client.all) {
        client.all = false;
        for (const s of this.market.symbols()) client.symbols.add(s);
      }
      for (const s of msg.symbols) client.symbols.delete(s);
    }
    client.socket.send(JSON.stringify({ type: 'subscribed', symbols: client.all ? '*' : [...client.symbols] }));
    // The current prices at once, so a new subscriber need not wait for the next step.
    if (added.length > 0) client.socket.send(JSON.stringify({ type: 'ticker', data: this.market.tickers(added) }));
    this.listenIfNeeded();
  }

  private beat(): void {
    for (const c of this.clients) {
      if (!c.alive) {
        c.socket.terminate();
        continue;
      }
      c.alive = false;
      c.socket.ping();
    }
  }
}
