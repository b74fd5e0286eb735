/**
 * The egress's door for market data: the adapters in src-main/providers reach the network only
 * through this (REST) and egress-socket.ts (WebSocket). It is the Egress without signing: the same transport
 * (transport.ts: undici dispatcher, token buckets, retries with Retry-After or capped backoff with jitter), its own
 * host allowlist (host-allowlist.ts `marketDataRefusal`: each provider's documented public hosts, the running
 * sandbox), a bounded response body, and AppErrors that say what is wrong and what to do.
 *
 * Keys: CoinGecko and Token Metrics take the API key as a plain header. The key is opened from the vault for the
 * one request (`vault.useSecret`; polling passes record: false so the key's "last used" means a person used it),
 * never logged, and shown as •••• in the one Inspector record a request asked for with `record: true`. Market
 * polling is not recorded: it would push out of the Inspector the requests a person sent.
 */
import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { AppError } from '../base/errors';
import { silentLogger, type Logger } from '../base/logger';
import type { BucketLimit } from '../base/token-bucket';
import type { InspectorRecord, RecordedHeader, RequestTimings } from '../contract/inspector';
import type { MarketProviderId } from '../contract/markets';
import { createMasker, MASK } from '../request/mask-secrets';
import type { HttpAnswer, PublicHttp } from '../request/market-http';
import type { Vault } from '../vault/types';
import { PROVIDER_IDS } from '../contract/providers';
import { providerSchemeIds } from '../signing/scheme-for-provider';
import { marketDataRefusal, refusal } from './host-allowlist';
import type { InspectorStore } from './inspector-store';
import { keyHeaderOf } from './key-headers';
import { DEFAULT_RETRY, type RetryOptions } from './retry-policy';
import { createEgressAgent, DEFAULT_TIMEOUT_MS, defaultLimits, headerRecord, MAX_KEPT_BODY_BYTES, noTimings, outcomeOf, Transport, type Attempt as Sent, type FailureMessages } from './transport';

/** Largest market-data answer read (Binance's full ticker/24hr is ~1.5 MB); a larger one is refused, not cut. */
export const MAX_PUBLIC_BODY_BYTES = 8 * 1024 * 1024;

export interface PublicHttpDeps {
  readonly vault: Vault;
  /** The running sandbox's base URL (http://127.0.0.1:PORT), or null: the sandbox provider may reach only that. */
  readonly sandboxUrl: () => string | null;
  /** undici Dispatcher (shared with the Egress in the app); default: an Agent made here, closed by `close`. */
  readonly dispatcher?: Dispatcher;
  /** The token bucket per provider (default: the Egress's `defaultLimits`). Market data has its own buckets (`public:<provider>`). */
  readonly limits?: (provider: string) => BucketLimit;
  readonly retry?: RetryOptions;
  readonly logger?: Logger;
  /** Where `record: true` requests are recorded. */
  readonly inspector?: InspectorStore;
  /** Wait for response headers (default 15 s); the body may take twice as long between chunks. */
  readonly timeoutMs?: number;
  /** Longest wait for a rate-limit token before ERR_RATE_LIMITED (default 10 s). */
  readonly rateLimitWaitMs?: number;
  readonly maxBodyBytes?: number;
  readonly now?: () => number;
  readonly random?: () => number;
  /**
   * Exact origins allowed per provider besides the product allowlist: loopback fixture servers, for tests only.
   * The app never passes this.
   */
  readonly extraOrigins?: Partial<Record<MarketProviderId, readonly string[]>>;
}

type Attempt =
  | { kind: 'answer'; status: number; headers: Record<string, string>; body: string; bytes: number; timings: RequestTimings }
  | { kind: 'error'; error: AppError; retryable: boolean; status: number | null; timings: RequestTimings };

/** Market data's words for a failed attempt: the feed tries again on its own. */
const FAILURE_MESSAGES: FailureMessages = {
  connectTimeout: (url, s) => `Could not connect to ${url.host} within ${s} s. Check your network; the feed tries again.`,
  headersTimeout: (url, s) => `${url.host} did not answer ${url.pathname} within ${s} s; the feed tries again.`,
  bodyTimeout: (url, s) => `${url.host} stopped sending ${url.pathname} for more than ${s} s; the feed tries again.`,
  refused: (url) => `Nothing is listening at ${url.host} (connection refused). Check the address and that the server runs.`,
  dns: (url) => `${url.hostname} could not be found (DNS). Check your network.`,
  other: (url, why) => `The connection to ${url.host} failed: ${why}.`,
  tooLarge: (url, max) => `${url.host} sent more than ${Math.round(max / 1024 / 1024)} MB for ${url.pathname}; Signet stopped reading. Ask for fewer symbols.`,
};

/** The transport's attempt as market data hands it on: headers one per name, a failure as an AppError (masked). */
function asAttempt(a: Sent, mask: (t: string) => string): Attempt {
  if (a.kind === 'error') return { kind: 'error', error: new AppError(a.code, mask(a.message)), retryable: a.retryable, status: a.status, timings: a.timings };
  return { kind: 'answer', status: a.status, headers: headerRecord(a.headers), body: a.body, bytes: a.bytes, timings: a.timings };
}

/** What a log line may show of a URL: no query (a provider may take a key there one day). */
function logUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

export class PublicHttpClient implements PublicHttp {
  readonly #deps: PublicHttpDeps;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #transport: Transport;
  readonly #limits: (provider: string) => BucketLimit;

  constructor(deps: PublicHttpDeps) {
    this.#deps = deps;
    this.#logger = deps.logger ?? silentLogger;
    this.#now = deps.now ?? Date.now;
    const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#ownsDispatcher = deps.dispatcher === undefined;
    this.#dispatcher = deps.dispatcher ?? createEgressAgent({ timeoutMs });
    this.#limits = deps.limits ?? defaultLimits;
    const maxBytes = deps.maxBodyBytes ?? MAX_PUBLIC_BODY_BYTES;
    // Market data has its own buckets (`public:<provider>`), apart from the signed egress's.
    this.#transport = new Transport({
      dispatcher: this.#dispatcher,
      timeoutMs,
      retry: deps.retry ?? DEFAULT_RETRY,
      limits: this.#limits,
      ...(deps.rateLimitWaitMs !== undefined && { rateLimitWaitMs: deps.rateLimitWaitMs }),
      now: this.#now,
      random: deps.random,
      messages: FAILURE_MESSAGES,
      // An answer is parsed whole or not at all: a larger one is refused, not cut.
      body: { keepBytes: maxBytes, maxBytes, overMax: 'fail' },
    });
  }

  async request(
    provider: MarketProviderId,
    req: { method: 'GET' | 'POST'; url: string; headers?: Readonly<Record<string, string>>; body?: string; entryId?: string | null; record?: boolean },
  ): Promise<HttpAnswer> {
    const started = this.#now();
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new AppError('ERR_VALIDATION', `"${req.url}" is not a URL; market data needs an absolute https URL.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new AppError('ERR_VALIDATION', `Market data is fetched over https, not ${url.protocol.replace(':', '')}; use https://${url.host}${url.pathname}.`);
    }
    const entry = req.entryId ? this.#deps.vault.get(req.entryId) : null;
    if (entry && entry.provider !== provider) {
      throw new AppError('ERR_VALIDATION', `The key "${entry.label}" is a ${entry.provider} key, not a ${provider} key; choose a ${provider} key for ${provider} market data.`);
    }
    const keyHeader = entry ? keyHeaderOf(provider) : undefined;
    if (entry && !keyHeader) throw new AppError('ERR_VALIDATION', `${provider} market data is public and takes no key; remove the key from the request.`);

    const record = (error: AppError | null, a: Attempt | null, attempts: number, keyValue: string | null) =>
      req.record && this.#record({ provider, req, url, entry, keyHeader: keyHeader?.(url) ?? null, keyValue, error, attempt: a, attempts, started });

    const why = marketDataRefusal(url, { provider, sandboxUrl: this.#deps.sandboxUrl(), entryBaseUrl: entry?.baseUrl ?? null, extraOrigins: this.#deps.extraOrigins?.[provider] ?? [] });
    if (why) {
      this.#logger.warn('public-http: host refused', { provider, host: url.host });
      const error = new AppError('ERR_HOST_NOT_ALLOWED', why);
      record(error, null, 0, null);
      throw error;
    }

    // The key is read inside useSecret and held only for this request's headers.
    const keyValue = entry
      ? await this.#deps.vault.useSecret(
          entry.id,
          (c) => {
            if (!c.apiKey) throw new AppError('ERR_CREDENTIALS_INVALID', `The ${provider} key "${entry.label}" has no API key to send; edit it in the vault.`);
            return c.apiKey;
          },
          { record: req.record === true },
        )
      : null;
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    if (keyHeader && keyValue !== null) headers[keyHeader(url)] = keyValue;
    // The key is the whole secret of these providers: masked in every encoded form a server may echo it in.
    const mask = keyValue ? createMasker({ secret: keyValue }).mask : (text: string) => text;

    const wire = { wire: { method: req.method, url, headers, body: req.body } };
    const run = await this.#transport.run({
      buckets: [`public:${provider}`],
      method: req.method,
      target: url,
      prepare: () => wire,
      onRetry: ({ attempt, waitMs, last }) => this.#logger.warn('public-http: retrying', { provider, url: logUrl(url), attempt, waitMs, status: last.status }),
      retryAfter: (h) => headerRecord(h)['retry-after'],
    });
    if (run.kind === 'limited') {
      const l = this.#limits(provider);
      const error = new AppError(
        'ERR_RATE_LIMITED',
        `Signet's own rate limit for ${provider} market data (${l.refillPerSec} requests/s, bursts of ${l.capacity}) would hold this request too long; it is tried again on the next refresh.`,
      );
      record(error, null, 0, keyValue);
      throw error;
    }
    // Mid-retry, a token that would come too late ends the run with the provider's own last answer.
    const { attempts } = run;
    const last = asAttempt(run.last, mask);

    const totalMs = Math.max(0, this.#now() - started);
    if (last.kind === 'error') {
      this.#logger.warn('public-http: failed', { provider, method: req.method, url: logUrl(url), code: last.error.code, message: last.error.message, attempts, totalMs });
      record(last.error, last, attempts, keyValue);
      throw last.error;
    }
    this.#logger.debug('public-http: request', { provider, method: req.method, url: logUrl(url), status: last.status, attempts, bytes: last.bytes, totalMs });
    record(null, last, attempts, keyValue);
    return { status: last.status, headers: last.headers, body: last.body };
  }

  /**
   * The exchange's clock, for the debugger: one unsigned GET of `url` (the exchange's public time endpoint, or any
   * page for its Date header), allowed only where a key of the scheme's provider may go (the signing allowlist,
   * narrowed to the scheme), never recorded. Null when the exchange cannot be reached or refuses.
   */
  async clock(schemeId: string, url: string, read: (body: string, headers: Record<string, string>) => number | null): Promise<number | null> {
    const provider = PROVIDER_IDS.find((p) => providerSchemeIds(p).includes(schemeId));
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return null;
    }
    if (!provider || refusal(target, { provider, entryBaseUrl: null, schemeId, sandboxUrl: this.#deps.sandboxUrl() }) !== null) return null;
    const wire = { wire: { method: 'GET', url: target, headers: { accept: 'application/json' }, body: undefined } };
    const run = await this.#transport.run({ buckets: [`public:${provider}`], method: 'GET', target, prepare: () => wire, onRetry: () => undefined });
    if (run.kind === 'limited' || run.last.kind === 'error' || run.last.status >= 500) return null;
    return read(run.last.body, headerRecord(run.last.headers));
  }

  /** Closes the connections of the Agent made here (a dispatcher passed in belongs to the caller). */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  #record(r: {
    provider: MarketProviderId;
    req: { method: string; url: string; headers?: Readonly<Record<string, string>>; body?: string };
    url: URL;
    entry: { id: string; label: string } | null;
    keyHeader: string | null;
    keyValue: string | null;
    error: AppError | null;
    attempt: Attempt | null;
    attempts: number;
    started: number;
  }): void {
    const inspector = this.#deps.inspector;
    if (!inspector) return;
    const mask = r.keyValue ? createMasker({ secret: r.keyValue }).mask : (t: string) => t;
    const requestHeaders: RecordedHeader[] = Object.entries(r.req.headers ?? {}).map(([name, value]) => ({ name, value: mask(value), signed: false, masking: 'none' }));
    if (r.keyHeader && r.keyValue !== null) requestHeaders.push({ name: r.keyHeader, value: MASK, signed: false, masking: 'secret' });
    const a = r.attempt;
    const answer = a?.kind === 'answer' ? a : null;
    const status = a?.status ?? null;
    const body = answer ? mask(answer.body) : null;
    const record: InspectorRecord = {
      id: randomUUID(),
      at: new Date(r.started).toISOString(),
      provider: r.provider,
      entryId: r.entry?.id ?? null,
      entryLabel: r.entry?.label ?? null,
      schemeId: null,
      method: r.req.method,
      url: mask(r.url.href),
      requestHeaders,
      requestBody: r.req.body === undefined ? null : mask(r.req.body).slice(0, MAX_KEPT_BODY_BYTES),
      canonical: null,
      status,
      outcome: r.error ? 'failed' : status !== null ? outcomeOf(status) : 'ok',
      error: r.error ? { code: r.error.code, message: r.error.message } : answer && answer.status >= 400 ? { code: `HTTP_${answer.status}`, message: `${r.provider} answered ${answer.status}.` } : null,
      responseHeaders: answer ? Object.entries(answer.headers).map(([name, value]) => ({ name, value: mask(value) })) : [],
      responseBody: body === null ? null : body.slice(0, MAX_KEPT_BODY_BYTES),
      responseBytes: answer?.bytes ?? 0,
      responseTruncated: body !== null && body.length > MAX_KEPT_BODY_BYTES,
      timings: a?.timings ?? noTimings(Math.max(0, this.#now() - r.started)),
      attempts: r.attempts,
      draft: {
        entryId: r.entry?.id ?? null,
        schemeId: null,
        method: r.req.method,
        url: mask(r.req.url),
        headers: Object.entries(r.req.headers ?? {}).map(([name, value]) => ({ name, value: mask(value) })),
        body: r.req.body === undefined ? null : mask(r.req.body),
      },
    };
    inspector.add({ ...record, revealed: null });
  }
}
