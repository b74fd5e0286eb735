/**
 * The one transport under both egress policies (egress.ts: signed requests with a vault key; public-http.ts: market
 * data): an undici request with timeouts and timings (request-timings.ts), a capped body read, the description of a
 * failed attempt, and the retry loop — a rate-limit token per attempt, then Retry-After or capped backoff
 * (retry-policy.ts). What is sent on each attempt, what a refusal becomes and how it is recorded are the policy's.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import tls from 'node:tls';
import { Agent, request, type Dispatcher } from 'undici';
import type { InspectorOutcome, RequestTimings } from '../contract/inspector';
import { RateLimiter, type BucketLimit } from '../base/token-bucket';
import { backoffMs, isIdempotent, retryableStatus, retryAfterMs, type RetryOptions } from './retry-policy';
import { timedConnector, Trace, traced } from './request-timings';

export const DEFAULT_TIMEOUT_MS = 15_000;
/** Response bytes kept in a record; the rest is counted (responseBytes) and not kept. */
export const MAX_KEPT_BODY_BYTES = 256 * 1024;

/** Defaults below the public limits of the APIs Signet knows (Binance allows 6,000 weight a minute, Kraken ~1/s for private calls with decay); users hit the API's own limit first only on purpose. */
export function defaultLimits(provider: string): BucketLimit {
  if (provider === 'sandbox') return { capacity: 100, refillPerSec: 100 };
  if (provider === 'kraken') return { capacity: 15, refillPerSec: 1 };
  return { capacity: 20, refillPerSec: 10 };
}

/**
 * An undici Agent whose connections report DNS, connect and TLS times to the inspector. `ca`: certificates to trust
 * besides the system's (a company's TLS-inspecting proxy, a local test server); the system roots stay trusted.
 */
export function createEgressAgent(opts: { timeoutMs?: number; ca?: readonly string[] } = {}): Agent {
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const ca = opts.ca?.length ? { ca: [...tls.rootCertificates, ...opts.ca] } : {};
  return new Agent({ connect: timedConnector({ timeout, ...ca }), headersTimeout: timeout, bodyTimeout: timeout * 2, keepAliveTimeout: 10_000 });
}

export function outcomeOf(status: number): InspectorOutcome {
  return status >= 500 ? 'server-error' : status >= 400 ? 'client-error' : 'ok';
}

/** The timings of a request that never reached the network. */
export function noTimings(totalMs: number): RequestTimings {
  return { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, totalMs };
}

/** What goes on the wire for one attempt. */
export interface Wire {
  readonly method: string;
  readonly url: string | URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null | undefined;
}

export interface Header {
  readonly name: string;
  readonly value: string;
}

/** The answer's headers as one string per name (lower case), repeated values joined with ", ". */
export function headerRecord(headers: readonly Header[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of headers) {
    const key = name.toLowerCase();
    out[key] = key in out ? `${out[key]}, ${value}` : value;
  }
  return out;
}

export type Failure = 'connect-timeout' | 'headers-timeout' | 'body-timeout' | 'refused' | 'dns' | 'other' | 'too-large';

export type Attempt =
  | { kind: 'response'; status: number; headers: Header[]; body: string; bytes: number; truncated: boolean; timings: RequestTimings }
  | { kind: 'error'; status: number | null; failure: Failure; code: 'ERR_TIMEOUT' | 'ERR_NETWORK'; message: string; retryable: boolean; timings: RequestTimings };

/** A policy's words for each way an attempt fails (`s`: the timeout in seconds; `why`: the cause, at most 200 characters). */
export interface FailureMessages {
  connectTimeout(url: URL, s: number): string;
  headersTimeout(url: URL, s: number, method: string): string;
  bodyTimeout(url: URL, s: number): string;
  refused(url: URL): string;
  dns(url: URL): string;
  other(url: URL, why: string, method: string): string;
  tooLarge(url: URL, maxBytes: number): string;
}

export interface TransportOptions {
  readonly dispatcher: Dispatcher;
  /** Wait for connecting and for the response headers; the body may pause twice as long between chunks. */
  readonly timeoutMs: number;
  readonly retry: RetryOptions;
  /** The token bucket for a provider: bucket names are `<kind>:<provider>[:…]`. */
  readonly limits: (provider: string) => BucketLimit;
  /** Longest wait for a rate-limit token before the request is refused (default 10 s). */
  readonly rateLimitWaitMs?: number;
  readonly now: () => number;
  /** Jitter source for backoff (tests fix it). */
  readonly random?: (() => number) | undefined;
  readonly messages: FailureMessages;
  /**
   * The body read: the first `keepBytes` are kept; past `maxBytes` reading stops, and the attempt either keeps what
   * it has (`'keep'`, the answer marked truncated) or fails (`'fail'`, ERR_NETWORK `tooLarge`).
   */
  readonly body: { readonly keepBytes: number; readonly maxBytes: number; readonly overMax: 'keep' | 'fail' };
}

/** How a run ended: no token for the first attempt (`limited`), or the last attempt after retries. */
export type RunResult<P> = { kind: 'limited' } | { kind: 'done'; attempts: number; last: Attempt; prepared: P };

function errorCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; errors?: { code?: unknown }[]; cause?: { code?: unknown } };
  const c = err?.code ?? err?.errors?.[0]?.code ?? err?.cause?.code;
  return typeof c === 'string' ? c : undefined;
}

export class Transport {
  readonly #o: TransportOptions;
  readonly #limiter: RateLimiter;

  constructor(options: TransportOptions) {
    this.#o = options;
    this.#limiter = new RateLimiter((name) => options.limits(name.split(':')[1] ?? ''));
  }

  /**
   * Sends until an attempt should not be retried: each attempt takes a token from every bucket first, then
   * `prepare(n)` says what goes on the wire (the egress signs again each time). A token that would come too late
   * ends the run — with `limited` before any attempt, else with the last answer (it says more than Signet's budget).
   */
  async run<P extends { readonly wire: Wire }>(r: {
    buckets: readonly string[];
    /** The method that decides what may be retried. */
    method: string;
    /** The URL named in messages. */
    target: URL;
    prepare: (attempt: number) => Promise<P> | P;
    onRetry: (info: { attempt: number; waitMs: number; last: Attempt }) => void;
    /** The Retry-After value of an answer (default: the first such header). */
    retryAfter?: (headers: readonly Header[]) => string | undefined;
  }): Promise<RunResult<P>> {
    let attempts = 0;
    let last: Attempt | null = null;
    let prepared: P | null = null;
    for (;;) {
      const wait = this.#limiter.reserve(r.buckets, this.#o.now(), this.#o.rateLimitWaitMs ?? 10_000);
      if (wait === null) {
        if (last === null) return { kind: 'limited' };
        break;
      }
      if (wait > 0) await sleep(wait);
      attempts++;
      prepared = await r.prepare(attempts);
      last = await this.attempt(prepared.wire, r.target);
      const pause = this.#retryPause(last, r.method, attempts, r.retryAfter);
      if (pause === null) break;
      r.onRetry({ attempt: attempts, waitMs: pause, last });
      await sleep(pause);
    }
    return { kind: 'done', attempts, last, prepared: prepared! };
  }

  /** One request: undici with the timeouts, timed, the body read up to the cap. Never throws. */
  async attempt(wire: Wire, target: URL): Promise<Attempt> {
    const trace = new Trace();
    const { keepBytes, maxBytes, overMax } = this.#o.body;
    let status: number | null = null;
    try {
      const res = await traced(trace, () =>
        request(wire.url, {
          method: wire.method as Dispatcher.HttpMethod,
          headers: wire.headers,
          body: wire.body ?? undefined,
          dispatcher: this.#o.dispatcher,
          headersTimeout: this.#o.timeoutMs,
          bodyTimeout: this.#o.timeoutMs * 2,
        }),
      );
      status = res.statusCode;
      const kept: Buffer[] = [];
      let keptBytes = 0;
      let bytes = 0;
      let over = false;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        if (keptBytes < keepBytes) {
          const part = chunk.subarray(0, keepBytes - keptBytes);
          kept.push(part);
          keptBytes += part.length;
        }
        if (bytes > maxBytes) {
          res.body.destroy();
          over = true;
          break;
        }
      }
      if (over && overMax === 'fail') {
        return { kind: 'error', status, failure: 'too-large', code: 'ERR_NETWORK', message: this.#o.messages.tooLarge(target, maxBytes), retryable: false, timings: trace.timings() };
      }
      const headers: Header[] = [];
      for (const [name, v] of Object.entries(res.headers)) {
        if (v === undefined) continue;
        for (const value of Array.isArray(v) ? v : [v]) headers.push({ name, value });
      }
      return { kind: 'response', status, headers, body: Buffer.concat(kept).toString('utf8'), bytes, truncated: bytes > keptBytes, timings: trace.timings() };
    } catch (e) {
      return { kind: 'error', status, ...this.#describe(e, target, wire.method), timings: trace.timings() };
    }
  }

  /** undici's error as a code, the policy's message, and whether trying again is harmless. */
  #describe(e: unknown, url: URL, method: string): { failure: Failure; code: 'ERR_TIMEOUT' | 'ERR_NETWORK'; message: string; retryable: boolean } {
    const m = this.#o.messages;
    const s = Math.round(this.#o.timeoutMs / 100) / 10;
    switch (errorCode(e)) {
      case 'UND_ERR_CONNECT_TIMEOUT':
        return { failure: 'connect-timeout', code: 'ERR_TIMEOUT', message: m.connectTimeout(url, s), retryable: false };
      case 'UND_ERR_HEADERS_TIMEOUT':
        return { failure: 'headers-timeout', code: 'ERR_TIMEOUT', message: m.headersTimeout(url, s, method), retryable: false };
      case 'UND_ERR_BODY_TIMEOUT':
        return { failure: 'body-timeout', code: 'ERR_TIMEOUT', message: m.bodyTimeout(url, s * 2), retryable: false };
      case 'ECONNREFUSED':
        // Refused: nothing was processed, so any method may be tried again.
        return { failure: 'refused', code: 'ERR_NETWORK', message: m.refused(url), retryable: true };
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return { failure: 'dns', code: 'ERR_NETWORK', message: m.dns(url), retryable: false };
      default: {
        const why = e instanceof Error ? e.message : String(e);
        return { failure: 'other', code: 'ERR_NETWORK', message: m.other(url, why.slice(0, 200), method), retryable: isIdempotent(method) };
      }
    }
  }

  /** How long to wait before trying again, or null to stop here. */
  #retryPause(a: Attempt, method: string, attempts: number, retryAfter = (h: readonly Header[]) => h.find((x) => x.name.toLowerCase() === 'retry-after')?.value): number | null {
    const { retry } = this.#o;
    if (attempts >= retry.maxAttempts) return null;
    if (a.kind === 'error') return a.retryable && a.status === null ? backoffMs(attempts, retry, this.#o.random) : null;
    if (!retryableStatus(a.status, method)) return null;
    const asked = retryAfterMs(retryAfter(a.headers), this.#o.now());
    // A server asking for more than Signet would ever wait gets its answer handed back instead of a frozen send.
    if (asked !== null) return asked <= retry.capMs ? asked : null;
    return backoffMs(attempts, retry, this.#o.random);
  }
}
