/**
 * The markets pipeline: ticks coalesce per symbol (latest wins) into at most one update per 50 ms, with only the
 * symbols that changed; status changes go out at once; silent symbols and feeds turn stale and fresh again; a
 * provider needing a key the vault lacks is 'needs-key' until a key is added; and, against a real sandbox
 * exchange on loopback, the first snapshot, streaming updates and a symbol's candles and signal history.
 *
 * The scripted provider is a small hand-written MarketProvider (the interface the service depends on), so the
 * timing cases are exact; the sandbox cases use the real adapter over real sockets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MarketProviderId, MarketsUpdate, MarketTick } from '../../../src-main/contract/markets';
import { MarketsSnapshot, MarketsUpdate as UpdateSchema, SPARK_POINTS } from '../../../src-main/contract/markets';
import { mergeQuote, MarketsService } from '../../../src-main/markets/markets-service';
import { createProviderRegistry, type ProviderFactory } from '../../../src-main/markets/provider-registry';
import { createSandboxProvider } from '../../../src-main/markets/sandbox-provider';
import type { MarketProvider, StreamHandlers } from '../../../src-main/markets/types';
import { startSandbox } from '../../../src-main/sandbox/sandbox';
import { VaultService } from '../../../src-main/vault/vault-service';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';
import { loopbackDoors, until } from './markets-loopback';

const newHome = useTempHomes();
let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

class ScriptedProvider implements MarketProvider {
  readonly name: string;
  readonly hasSignals = true;
  handlers: StreamHandlers | null = null;
  constructor(
    readonly id: MarketProviderId,
    readonly key: 'none' | 'required',
    readonly staleAfterMs = 60_000,
  ) {
    this.name = `Scripted ${id}`;
  }
  async tickers() {
    return [tick('BTC-USD', 100, 1_000), tick('ETH-USD', 10, 1_000)];
  }
  async candles() {
    return [{ openTime: 0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 3 }];
  }
  async signals() {
    return [{ symbol: 'BTC-USD', signal: 'bullish' as const, grade: 70, since: '2026-01-01T00:00:00.000Z' }];
  }
  stream(_s: unknown, handlers: StreamHandlers) {
    this.handlers = handlers;
    handlers.onStatus({ state: 'live', message: null });
    return { close: () => void (this.handlers = null) };
  }
}

function tick(symbol: string, last: number, ts: number): MarketTick {
  return { symbol, last, bid: last - 0.5, ask: last + 0.5, change24hPct: 1, volume24h: 5, ts };
}

async function vault() {
  const v = new VaultService({ home: newHome(), osSlot: null, kdf: FAST_KDF });
  await v.create({ passphrase: 'correct horse battery staple', useOsSlot: false, addSandboxKey: false });
  cleanup.push(() => v.isUnlocked() && v.lock());
  return v;
}

async function scripted(opts: { staleAfterMs?: number; flushMs?: number } = {}) {
  const provider = new ScriptedProvider('sandbox', 'none', opts.staleAfterMs);
  const doors = loopbackDoors();
  const registry = createProviderRegistry({ factories: { sandbox: () => provider }, ...doors, vault: await vault() });
  const service = new MarketsService({ registry, ...(opts.flushMs ? { flushMs: opts.flushMs } : {}) });
  cleanup.push(() => service.close());
  const updates: { at: number; u: MarketsUpdate }[] = [];
  service.subscribe((u) => updates.push({ at: performance.now(), u }));
  const first = await service.start();
  return { provider, service, updates, first };
}

describe('markets service', () => {
  it('sends the first snapshot with signals and sparklines', async () => {
    const { first } = await scripted();
    expect(MarketsSnapshot.safeParse(first).success).toBe(true);
    expect(first.provider).toBe('sandbox');
    expect(first.rows.map((r) => r.symbol)).toEqual(['BTC-USD', 'ETH-USD']);
    expect(first.rows[0]).toMatchObject({ last: 100, signal: 'bullish', grade: 70, stale: false, spark: [100] });
    expect(first.rows[1]).toMatchObject({ signal: null, grade: null });
    expect(first.status.state).toBe('live');
  });

  it('coalesces ticks per symbol, latest wins, at most one update per 50 ms with only what changed', async () => {
    const { provider, updates } = await scripted();
    await new Promise((r) => setTimeout(r, 80));
    updates.length = 0;
    const h = provider.handlers!;
    h.onTicks([tick('BTC-USD', 101, 2_000)]);
    h.onTicks([tick('BTC-USD', 102, 2_100), tick('BTC-USD', 103, 2_200)]);
    h.onTicks([tick('ETH-USD', 11, 2_200)]);
    await until(() => updates.length === 1, 1000, 'one update');
    expect(updates[0]!.u.ticks.map((t) => [t.symbol, t.last])).toEqual([
      ['BTC-USD', 103],
      ['ETH-USD', 11],
    ]);
    // A burst spread over 300 ms: never two pushes closer than the cadence.
    for (let i = 0; i < 30; i++) {
      h.onTicks([tick('ETH-USD', 12 + i, 3_000 + i)]);
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 80));
    const gaps = updates.slice(1).map((x, i) => x.at - updates[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(45);
    expect(updates.length).toBeLessThanOrEqual(9);
    expect(updates.at(-1)!.u.ticks).toEqual([tick('ETH-USD', 41, 3_029)]);
    for (const { u } of updates) {
      expect(UpdateSchema.safeParse(u).success).toBe(true);
      expect(u.ticks.every((t) => t.symbol === 'ETH-USD' || u === updates[0]!.u)).toBe(true);
    }
    const seqs = updates.map((x) => x.u.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('opening a symbol fetches its current quote where the provider has one, and it joins the row', async () => {
    const { provider, service, updates } = await scripted();
    const quoting = Object.assign(provider, { quote: async (symbol: string) => ({ symbol, last: 123, bid: null, ask: null, change24hPct: null, volume24h: null, ts: 5_000 }) });
    expect(quoting.quote).toBeDefined();
    updates.length = 0;
    await service.symbol('BTC-USD', '1h');
    await until(() => updates.some((x) => x.u.ticks.some((t) => t.symbol === 'BTC-USD')), 1000, 'the quote pushed');
    const pushed = updates.flatMap((x) => x.u.ticks).find((t) => t.symbol === 'BTC-USD');
    // The price and time are the quote's; bid, ask, change and volume the quote lacks keep the row's values.
    expect(pushed).toEqual({ symbol: 'BTC-USD', last: 123, bid: 99.5, ask: 100.5, change24hPct: 1, volume24h: 5, ts: 5_000 });
    expect(service.snapshot().rows.find((r) => r.symbol === 'BTC-USD')).toMatchObject({ last: 123, bid: 99.5 });
  });

  it('contacts no provider until something asks for the markets, then opens the feed once', async () => {
    const provider = new ScriptedProvider('sandbox', 'none');
    let opened = 0;
    const registry = createProviderRegistry({ factories: { sandbox: () => (opened++, provider) }, ...loopbackDoors(), vault: await vault() });
    const service = new MarketsService({ registry });
    cleanup.push(() => service.close());
    expect(opened).toBe(0);
    expect((await service.open()).rows.map((r) => r.symbol)).toEqual(['BTC-USD', 'ETH-USD']);
    await service.open();
    expect(opened).toBe(1);
    expect(provider.handlers).not.toBeNull();
  });

  it('opens nothing once closed (the app quitting before the sandbox finished starting)', async () => {
    const provider = new ScriptedProvider('sandbox', 'none');
    let opened = 0;
    const registry = createProviderRegistry({ factories: { sandbox: () => (opened++, provider) }, ...loopbackDoors(), vault: await vault() });
    const service = new MarketsService({ registry });
    service.close();
    await service.start();
    expect(opened).toBe(0);
    expect(provider.handlers).toBeNull();
    await expect(service.select('sandbox')).rejects.toThrow(/shutting down/);
  });

  it('an older quote never replaces a newer tick', () => {
    const had = tick('BTC-USD', 100, 9_000);
    expect(mergeQuote(had, { ...tick('BTC-USD', 50, 8_000), bid: null })).toBe(had);
  });

  it('pushes a status change at once, without waiting for the batch', async () => {
    const { provider, updates } = await scripted({ flushMs: 10_000 });
    provider.handlers!.onTicks([tick('BTC-USD', 101, 2_000)]);
    const before = updates.length;
    provider.handlers!.onStatus({ state: 'reconnecting', message: 'The connection closed. Trying again in 1 s.' });
    expect(updates.length).toBe(before + 1);
    expect(updates.at(-1)!.u.status).toMatchObject({ state: 'reconnecting', message: 'The connection closed. Trying again in 1 s.', provider: 'sandbox' });
  });

  it('keeps one spark point per bucket of tick time, the newest 60', async () => {
    const { provider, service } = await scripted();
    for (let i = 0; i < 200; i++) provider.handlers!.onTicks([tick('ETH-USD', 20 + i, 10_000 + i * 1_000)]);
    const eth = service.snapshot().rows.find((r) => r.symbol === 'ETH-USD')!;
    expect(eth.spark).toHaveLength(SPARK_POINTS);
    // Two ticks per 2 s bucket: each point is its bucket's latest price.
    expect(eth.spark.at(-1)).toBe(219);
    expect(eth.spark.at(-2)).toBe(217);
    expect(eth.spark[0]).toBe(101);
  });

  it('marks silent symbols and the feed stale, and fresh again when ticks resume', async () => {
    const { provider, updates } = await scripted({ staleAfterMs: 150 });
    const h = provider.handlers!;
    const timer = setInterval(() => h.onTicks([tick('BTC-USD', 100, Date.now())]), 30);
    cleanup.push(() => clearInterval(timer));
    await until(() => updates.some((x) => x.u.stale.includes('ETH-USD')), 2000, 'ETH stale');
    expect(updates.some((x) => x.u.stale.includes('BTC-USD'))).toBe(false);
    clearInterval(timer);
    await until(() => updates.some((x) => x.u.status?.state === 'stale'), 2000, 'feed stale');
    expect(updates.find((x) => x.u.status?.state === 'stale')!.u.status!.message).toMatch(/No price update .* for \d+ s/);
    h.onTicks([tick('ETH-USD', 12, Date.now())]);
    await until(() => updates.some((x) => x.u.fresh.includes('ETH-USD')), 1000, 'ETH fresh');
    expect(updates.at(-1)!.u.status?.state ?? updates.findLast((x) => x.u.status)!.u.status!.state).toBe('live');
  });

  it('shows needs-key for a provider whose key is not in the vault, and opens it once a key is added', async () => {
    const v = await vault();
    const keyed = new ScriptedProvider('token-metrics', 'required');
    const factories: Partial<Record<MarketProviderId, ProviderFactory>> = { sandbox: () => new ScriptedProvider('sandbox', 'none'), 'token-metrics': () => keyed };
    const registry = createProviderRegistry({ factories, ...loopbackDoors(), vault: v });
    const service = new MarketsService({ registry });
    cleanup.push(() => service.close());
    await service.start();
    expect(service.providers().map((p) => [p.id, p.available, p.needsKey])).toEqual([
      ['sandbox', true, false],
      ['token-metrics', false, true],
    ]);
    const snap = await service.select('token-metrics');
    expect(snap.status.state).toBe('needs-key');
    expect(snap.status.message).toMatch(/Add a Scripted token-metrics key in the Vault|Add a Token Metrics key in the Vault/);
    expect(snap.rows).toEqual([]);
    const entry = await v.add({ label: 'TM', provider: 'token-metrics', environment: 'prod', credentials: { apiKey: 'tm-key-123' } });
    await until(() => service.snapshot().status.state === 'live', 2000, 'reopened with the key');
    expect(service.snapshot().status.entryId).toBe(entry.id);
    expect(service.providers().find((p) => p.id === 'token-metrics')!.available).toBe(true);
  });

  it('streams a real sandbox exchange: snapshot, updates, candles and signal history', async () => {
    const s = await startSandbox({ symbols: 30, seed: 'service', rateHz: 10 });
    cleanup.push(() => s.close());
    const doors = loopbackDoors();
    const registry = createProviderRegistry({ factories: { sandbox: (d) => createSandboxProvider({ ...d, sandboxUrl: () => s.url }) }, ...doors, vault: await vault() });
    const service = new MarketsService({ registry });
    cleanup.push(() => service.close());
    const updates: MarketsUpdate[] = [];
    service.subscribe((u) => updates.push(u));
    const first = await service.start();
    expect(first.rows).toHaveLength(30);
    expect(first.rows.filter((r) => r.signal !== null)).toHaveLength(30);
    // What was pushed before the snapshot resolved is in it (seq ≤ first.seq); the page applies only later ones.
    const later = () => updates.filter((u) => u.seq > first.seq && u.ticks.length > 0);
    await until(() => later().length >= 5, 5000, 'updates');
    const withTicks = later();
    expect(new Set(withTicks[2]!.ticks.map((t) => t.symbol)).size).toBe(withTicks[2]!.ticks.length);
    const detail = await service.symbol('BTC-USD', '1h');
    expect(detail.candles).toHaveLength(300);
    expect(detail.candles[1]!.openTime - detail.candles[0]!.openTime).toBe(3_600_000);
    expect(detail.signalHistory).toHaveLength(1);
    await expect(service.symbol('NOPE-USD', '1m')).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
  });
});
