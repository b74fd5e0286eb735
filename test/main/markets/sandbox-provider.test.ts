/**
 * The sandbox provider against a real sandbox exchange on loopback: REST tickers, candles and signals in the
 * contract's shapes, refusals as ProviderError with what to do, and the stream: live ticks, reconnect with
 * resubscription after the exchange restarts, and a silent socket dropped by the heartbeat.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { MarketTick } from '../../../src-main/contract/markets';
import { createSandboxProvider } from '../../../src-main/markets/sandbox-provider';
import { ProviderError, type MarketFeed } from '../../../src-main/markets/types';
import { startSandbox, type RunningSandbox } from '../../../src-main/sandbox/sandbox';
import { loopbackDoors, until } from './markets-loopback';

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function sandbox(port = 0): Promise<RunningSandbox> {
  const s = await startSandbox({ symbols: 20, seed: 'provider', rateHz: 10, port });
  cleanup.push(() => s.close());
  return s;
}

function feed(f: MarketFeed): MarketFeed {
  cleanup.push(() => f.close());
  return f;
}

describe('sandbox provider', () => {
  it('reads tickers, candles and signals through the http door, in the contract’s shapes', async () => {
    const s = await sandbox();
    const doors = loopbackDoors();
    const p = createSandboxProvider({ ...doors, entryId: null, sandboxUrl: () => s.url });
    const ticks = await p.tickers();
    expect(ticks).toHaveLength(20);
    for (const t of ticks) expect(MarketTick.strict().safeParse(t).success).toBe(true);
    expect(ticks[0]!.symbol).toBe('BTC-USD');
    const candles = await p.candles('ETH-USD', '5m', 50);
    expect(candles).toHaveLength(50);
    expect(candles[1]!.openTime - candles[0]!.openTime).toBe(300_000);
    const signals = await p.signals(['BTC-USD', 'SOL-USD']);
    expect(signals.map((x) => x.symbol)).toEqual(['BTC-USD', 'SOL-USD']);
    expect(['bullish', 'neutral', 'bearish']).toContain(signals[0]!.signal);
    expect(doors.requests).toEqual([
      `GET ${s.url}/v1/tickers`,
      `GET ${s.url}/v1/candles?symbol=ETH-USD&interval=5m&limit=50`,
      `GET ${s.url}/v1/signals?symbols=BTC-USD%2CSOL-USD`,
    ]);
  });

  it('refuses an unknown symbol with the sandbox’s reason, and says so when the sandbox is not running', async () => {
    const s = await sandbox();
    const p = createSandboxProvider({ ...loopbackDoors(), entryId: null, sandboxUrl: () => s.url });
    const bad = await p.candles('NOPE-USD', '1m', 10).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ProviderError);
    expect((bad as ProviderError).code).toBe('bad_symbol');
    expect((bad as ProviderError).message).toContain('Unknown symbol');
    const away = createSandboxProvider({ ...loopbackDoors(), entryId: null, sandboxUrl: () => null });
    const e = await away.tickers().catch((x: unknown) => x);
    expect((e as ProviderError).code).toBe('unavailable');
    expect((e as ProviderError).message).toMatch(/not running.*Restart Signet/);
  });

  it('streams every symbol, reconnects after the exchange restarts and subscribes again', async () => {
    const first = await sandbox();
    const port = first.port;
    const doors = loopbackDoors();
    const states: string[] = [];
    const messages: (string | null)[] = [];
    const seen = new Set<string>();
    let batches = 0;
    const p = createSandboxProvider({ ...doors, entryId: null, sandboxUrl: () => `http://127.0.0.1:${port}`, backoffMs: 20, maxBackoffMs: 100 });
    feed(
      p.stream('all', {
        onTicks: (t) => {
          batches++;
          for (const x of t) seen.add(x.symbol);
        },
        onStatus: (s) => {
          states.push(s.state);
          messages.push(s.message);
        },
      }),
    );
    await until(() => seen.size === 20 && batches >= 3, 5000, 'ticks');
    expect(states.slice(0, 2)).toEqual(['connecting', 'live']);
    await first.close();
    await until(() => states.includes('reconnecting'), 5000, 'reconnecting');
    expect(messages[states.indexOf('reconnecting')]).toBe('The connection to the sandbox stream closed. Trying again in 1 s.');
    const before = batches;
    await sandbox(port);
    await until(() => batches > before + 2, 8000, 'ticks after restart');
    expect(states.at(-1)).toBe('live');
    expect(doors.sockets.length).toBeGreaterThanOrEqual(2);
  });

  it('waits for a sandbox that is not running yet: connecting with the reason, then live once it runs', async () => {
    let url: string | null = null;
    const statuses: { state: string; message: string | null }[] = [];
    let batches = 0;
    const p = createSandboxProvider({ ...loopbackDoors(), entryId: null, sandboxUrl: () => url, backoffMs: 20, maxBackoffMs: 40 });
    feed(p.stream('all', { onTicks: () => void batches++, onStatus: (st) => void statuses.push(st) }));
    await until(() => statuses.length >= 3, 3000, 'retries');
    expect(new Set(statuses.map((st) => st.state))).toEqual(new Set(['connecting']));
    expect(statuses[1]!.message).toMatch(/not running.*Restart Signet.* Trying again in 1 s\.$/);
    url = (await sandbox()).url;
    await until(() => batches > 0, 5000, 'ticks');
    expect(statuses.at(-1)).toEqual({ state: 'live', message: null });
  });

  it('keeps a refused subscription reported as an error while the socket stays up', async () => {
    const s = await sandbox();
    const states: string[] = [];
    const p = createSandboxProvider({ ...loopbackDoors(), entryId: null, sandboxUrl: () => s.url, heartbeatMs: 50 });
    feed(p.stream(['NOPE-USD'], { onTicks: () => undefined, onStatus: (st) => void states.push(st.state) }));
    await until(() => states.includes('error'), 3000, 'the refusal');
    // Pongs to the heartbeat keep arriving; they do not make the feed look live again.
    await new Promise((r) => setTimeout(r, 300));
    expect(states).toEqual(['connecting', 'live', 'error']);
  });

  it('streams only the symbols asked for', async () => {
    const s = await sandbox();
    const seen = new Set<string>();
    const p = createSandboxProvider({ ...loopbackDoors(), entryId: null, sandboxUrl: () => s.url });
    feed(p.stream(['ETH-USD', 'SOL-USD'], { onTicks: (t) => t.forEach((x) => seen.add(x.symbol)), onStatus: () => undefined }));
    await new Promise((r) => setTimeout(r, 400));
    expect([...seen].sort()).toEqual(['ETH-USD', 'SOL-USD']);
  });

  it('drops a socket that stays silent past two heartbeats and opens a new one', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    cleanup.push(() => new Promise((r) => wss.close(r)));
    await new Promise((r) => wss.once('listening', r));
    let connections = 0;
    // Accepts and never says anything, not even to a ping message.
    wss.on('connection', () => connections++);
    const port = (wss.address() as { port: number }).port;
    const p = createSandboxProvider({ ...loopbackDoors(), entryId: null, sandboxUrl: () => `http://127.0.0.1:${port}`, heartbeatMs: 40, backoffMs: 10, maxBackoffMs: 20 });
    feed(p.stream('all', { onTicks: () => undefined, onStatus: () => undefined }));
    await until(() => connections >= 2, 3000, 'a second connection');
  });

  it('polls signals while streaming', async () => {
    const s = await sandbox();
    let polled = 0;
    const p = createSandboxProvider({ ...loopbackDoors(), entryId: null, sandboxUrl: () => s.url, signalsEveryMs: 50 });
    feed(p.stream('all', { onTicks: () => undefined, onSignals: (x) => (polled += x.length), onStatus: () => undefined }));
    await until(() => polled >= 40, 3000, 'two signal polls');
  });
});
