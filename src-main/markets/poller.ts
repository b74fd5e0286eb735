/**
 * Polling for providers with no stream (CoinGecko, Token Metrics) or as a stream's fallback: one poll at a time
 * (the next is scheduled after the last finished, so a slow provider is never asked twice at once), the provider's
 * Retry-After honoured, exponential backoff after failures, and every failure reported to `onStatus` with the
 * provider's own message. A refused key stops polling: asking again cannot fix it, a person must.
 */
import { isAppError } from '../base/errors';
import type { MarketProviderId } from '../contract/markets';
import { ProviderError, type MarketFeed, type StreamHandlers } from './types';

export interface PollerOptions {
  readonly provider: MarketProviderId;
  readonly name: string;
  /** Between the end of one successful poll and the start of the next. */
  readonly intervalMs: number;
  /** Fetches and delivers (through the adapter's handlers); throws ProviderError (or AppError) on failure. */
  readonly poll: () => Promise<void>;
  readonly onStatus: StreamHandlers['onStatus'];
  /** Longest wait after repeated failures (default 10 × interval, at most 10 min). */
  readonly maxBackoffMs?: number;
}

/** The wait after the `failures`-th failure in a row: the interval doubled each time, capped, at least what the provider asked. */
export function pollDelayMs(failures: number, intervalMs: number, maxBackoffMs: number, retryAfterMs: number | null): number {
  const backoff = Math.min(maxBackoffMs, intervalMs * 2 ** Math.max(0, failures - 1));
  return Math.max(backoff, retryAfterMs ?? 0);
}

export function startPoller(o: PollerOptions): MarketFeed {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let failures = 0;
  let live = false;
  const maxBackoff = o.maxBackoffMs ?? Math.min(600_000, o.intervalMs * 10);

  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(run, ms);
  };
  async function run(): Promise<void> {
    timer = null;
    try {
      await o.poll();
      if (stopped) return;
      failures = 0;
      if (!live) {
        live = true;
        o.onStatus({ state: 'live', message: null });
      }
      schedule(o.intervalMs);
    } catch (e) {
      if (stopped) return;
      live = false;
      failures++;
      const pe = e instanceof ProviderError ? e : null;
      const message = e instanceof Error ? e.message : String(e);
      if (pe?.code === 'unauthorized' || (isAppError(e) && (e.code === 'ERR_HOST_NOT_ALLOWED' || e.code === 'ERR_VAULT_LOCKED'))) {
        o.onStatus({ state: 'error', message: `${message} Updates are stopped until this is fixed.` });
        return;
      }
      const wait = pollDelayMs(failures, o.intervalMs, maxBackoff, pe?.retryAfterMs ?? null);
      const again = `Trying again in ${Math.round(wait / 100) / 10} s.`;
      // A provider that answered with something unreadable or refused a symbol is an error a person should see;
      // a rate limit or an outage is a wait.
      const state = pe && (pe.code === 'bad_response' || pe.code === 'bad_symbol') ? 'error' : 'reconnecting';
      o.onStatus({ state, message: `${message} ${again}` });
      schedule(wait);
    }
  }

  o.onStatus({ state: 'connecting', message: null });
  schedule(0);
  return {
    close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
