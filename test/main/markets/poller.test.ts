/** startPoller with real timers: live after a poll, Retry-After and backoff after failures, a refused key stops it, close stops it. */
import { afterEach, describe, expect, it } from 'vitest';
import { pollDelayMs, startPoller } from '../../../src-main/markets/poller';
import { ProviderError, type MarketFeed } from '../../../src-main/markets/types';

const feeds: MarketFeed[] = [];
afterEach(() => {
  for (const f of feeds.splice(0)) f.close();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function poller(poll: () => Promise<void>, intervalMs = 50) {
  const statuses: { state: string; message: string | null }[] = [];
  const feed = startPoller({ provider: 'coingecko', name: 'CoinGecko', intervalMs, poll, onStatus: (s) => void statuses.push(s) });
  feeds.push(feed);
  return { feed, statuses };
}

describe('startPoller', () => {
  it('polls at the interval, one at a time, and is live after the first success', async () => {
    let calls = 0;
    let inFlight = 0;
    let overlap = false;
    const { statuses } = poller(async () => {
      calls++;
      inFlight++;
      if (inFlight > 1) overlap = true;
      await sleep(30);
      inFlight--;
    });
    await sleep(400);
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(calls).toBeLessThanOrEqual(6);
    expect(overlap).toBe(false);
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'live']);
  });

  it("waits at least the provider's Retry-After and says why", async () => {
    const at: number[] = [];
    const { statuses } = poller(async () => {
      at.push(Date.now());
      if (at.length === 1) throw new ProviderError('coingecko', 'rate_limited', 'CoinGecko refused /simple/price: You\'ve exceeded the Rate Limit.', 400);
    });
    await sleep(700);
    expect(at.length).toBeGreaterThanOrEqual(2);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(390);
    expect(statuses[1]).toEqual({ state: 'reconnecting', message: "CoinGecko refused /simple/price: You've exceeded the Rate Limit. Trying again in 0.4 s." });
    expect(statuses[2]!.state).toBe('live');
  });

  it('stops when the key is refused, with the message', async () => {
    let calls = 0;
    const { statuses } = poller(async () => {
      calls++;
      throw new ProviderError('coingecko', 'unauthorized', 'Token Metrics refused /v2/tokens: Invalid API key.');
    });
    await sleep(300);
    expect(calls).toBe(1);
    expect(statuses.at(-1)).toEqual({ state: 'error', message: 'Token Metrics refused /v2/tokens: Invalid API key. Updates are stopped until this is fixed.' });
  });

  it('backs off exponentially, capped', () => {
    expect(pollDelayMs(1, 30_000, 300_000, null)).toBe(30_000);
    expect(pollDelayMs(3, 30_000, 300_000, null)).toBe(120_000);
    expect(pollDelayMs(9, 30_000, 300_000, null)).toBe(300_000);
    expect(pollDelayMs(1, 30_000, 300_000, 60_000)).toBe(60_000);
  });

  it('close() stops polling', async () => {
    let calls = 0;
    const { feed } = poller(async () => void calls++, 30);
    await sleep(100);
    feed.close();
    const n = calls;
    await sleep(200);
    expect(calls).toBe(n);
  });
});
