/**
 * One market-data GET through the egress's PublicHttp, read as JSON, with the provider's error format turned into
 * a ProviderError a person can act on. Each adapter passes its own `readError` (Binance `{code,msg}`, Kraken error
 * arrays that come with HTTP 200, CoinGecko `status`, Token Metrics `{success:false}`); the HTTP status decides
 * the rest. The egress's AppErrors (refused host, timeout, network, Signet's own budget) become ProviderErrors too,
 * with their message kept.
 */
import { isAppError } from '../base/errors';
import type { MarketProviderId } from '../contract/markets';
import { retryAfterMs } from '../http/retry-policy';
import { ProviderError, type HttpAnswer, type ProviderDeps } from './types';

export interface GetJsonOptions {
  readonly entryId?: string | null;
  /** The provider's own error in this answer (any status), or null when it carries none. */
  readonly readError?: (json: unknown, answer: HttpAnswer) => { code?: ProviderError['code']; message: string } | null;
  /** Record in the Inspector (a one-off a person asked for). */
  readonly record?: boolean;
}

/** ProviderError code for an HTTP status with no readable provider error. */
function codeForStatus(status: number): ProviderError['code'] {
  if (status === 429 || status === 418) return 'rate_limited';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 400 || status === 404) return 'bad_symbol';
  return 'unavailable';
}

export function toProviderError(provider: MarketProviderId, e: unknown): ProviderError {
  if (e instanceof ProviderError) return e;
  if (isAppError(e)) {
    const code = e.code === 'ERR_RATE_LIMITED' ? 'rate_limited' : e.code === 'ERR_VAULT_LOCKED' || e.code === 'ERR_CREDENTIALS_INVALID' || e.code === 'ERR_ENTRY_NOT_FOUND' ? 'unauthorized' : 'unavailable';
    return new ProviderError(provider, code, e.message);
  }
  return new ProviderError(provider, 'unavailable', e instanceof Error ? e.message : String(e));
}

export async function getJson(deps: ProviderDeps, provider: MarketProviderId, name: string, url: string, opts: GetJsonOptions = {}): Promise<unknown> {
  let answer: HttpAnswer;
  try {
    answer = await deps.http.request(provider, { method: 'GET', url, entryId: opts.entryId ?? null, ...(opts.record && { record: true }) });
  } catch (e) {
    throw toProviderError(provider, e);
  }
  const path = new URL(url).pathname;
  let json: unknown;
  let parsed = true;
  try {
    json = JSON.parse(answer.body);
  } catch {
    parsed = false;
  }
  const retryAfter = retryAfterMs(answer.headers['retry-after'], deps.now?.() ?? Date.now());
  const own = parsed && opts.readError ? opts.readError(json, answer) : null;
  if (own || answer.status >= 400) {
    const code = own?.code ?? codeForStatus(answer.status);
    const what = own?.message ?? `HTTP ${answer.status}${answer.body ? `: ${answer.body.trim().slice(0, 160)}` : ''}`;
    const wait = code === 'rate_limited' ? ` Wait ${retryAfter !== null ? `${Math.ceil(retryAfter / 1000)} s` : 'a minute'} before asking again.` : '';
    const hint = code === 'unauthorized' ? ` Check the ${name} key in the vault.` : '';
    throw new ProviderError(provider, code, `${name} refused ${path}: ${what}.${wait}${hint}`.replace(/\.\./g, '.'), retryAfter);
  }
  if (!parsed) throw new ProviderError(provider, 'bad_response', `${name} answered ${path} with something that is not JSON; the API may have changed.`);
  return json;
}

/** A number from a provider's string or number field; NaN-safe (null when unreadable). */
export function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}
