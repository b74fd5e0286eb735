/**
 * The clock side of a signature, per scheme: where the exchange tells its time and how to read the answer
 * (`serverTimeEndpoint`), how far a request's timestamp may be from that clock (`apiWindowMs`), and what unit the
 * API wants the timestamp in (`timestampUnits`). Pure: the fetch happens elsewhere and its answer is passed in; the
 * local clock is never read here.
 *
 * APIs without a public time endpoint (Bitfinex, Gemini, AWS, the sandbox, a recipe's API) are read from the HTTP
 * Date header of an answer from the API's own host, whatever its status: every HTTP/1.1 origin server sends one
 * (RFC 9110 §6.6.1), it is the clock the server judges the request by, and it needs no credentials. Its resolution
 * is one second, so a skew under a second cannot be told from it.
 */
import { BINANCE_DOCS } from '../binance-signed-request';
import { getHeader } from '../encoding';
import { formValue } from '../payload-text';
import type { SignableRequest } from '../types';
import type { TimestampUnits } from './model';
import { debugModel, hasDebugModel } from './models';

export interface ServerTimeEndpoint {
  /** GET this URL; no credentials needed. */
  readonly url: string;
  /** Where the time is read from: the answer's JSON body, or its Date header. */
  readonly from: 'body' | 'date-header';
  /** The documentation the endpoint and its answer follow. */
  readonly docs: string;
  /** The server's time in epoch ms from the answer, or null when the answer does not hold it. Never throws. */
  read(body: string, headers: Readonly<Record<string, string>>): number | null;
}

export type { TimestampUnits };

// ───────────────────────────── reading answers ─────────────────────────────

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** Follows a path of object keys and array indexes into parsed JSON. */
function at(value: unknown, ...path: readonly (string | number)[]): unknown {
  let v = value;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

/** A plausible epoch-ms value (1970 to 2286), from a number or a string of digits (and an optional fraction). */
function epochMs(value: unknown, scale = 1): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}(\.\d{1,9})?$/.test(value) ? Number(value) : NaN;
  const ms = Math.round(n * scale);
  return Number.isFinite(ms) && ms > 0 && ms < 1e13 ? ms : null;
}

function isoMs(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** IMF-fixdate, the form servers must send (RFC 9110 §5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT". */
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** The Date header of an answer, in epoch ms (whole seconds), or null. */
export function dateHeaderMs(headers: Readonly<Record<string, string>>): number | null {
  const value = typeof headers === 'object' && headers !== null ? getHeader(headers, 'date')?.trim() : undefined;
  if (value === undefined || !HTTP_DATE.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

const fromBody =
  (pick: (json: unknown) => number | null) =>
  (body: string): number | null => {
    if (typeof body !== 'string') return null;
    const json = parseJson(body);
    return json === undefined ? null : pick(json);
  };

// ───────────────────────────── the endpoints ─────────────────────────────

/** GET /api/v3/time, {"serverTime": 1499827319559} (Binance spot REST API, general endpoints: check server time). */
const BINANCE: ServerTimeEndpoint = {
  url: 'https://api.binance.com/api/v3/time',
  from: 'body',
  docs: 'https://developers.binance.com/docs/binance-spot-api-docs/rest-api',
  read: fromBody((j) => epochMs(at(j, 'serverTime'))),
};

const ENDPOINTS: Readonly<Record<string, ServerTimeEndpoint>> = {
  'binance-hmac-sha256': BINANCE,
  'binance-ed25519': BINANCE,
  'binance-rsa': BINANCE,
  /** {"code":"0","msg":"","data":[{"ts":"1597026383085"}]} */
  'okx-v5': {
    url: 'https://www.okx.com/api/v5/public/time',
    from: 'body',
    docs: 'https://www.okx.com/docs-v5/en/#public-data-rest-api-get-system-time',
    read: fromBody((j) => epochMs(at(j, 'data', 0, 'ts'))),
  },
  /** {"retCode":0,"result":{"timeSecond":"1688639403","timeNano":"1688639403423213947"},"time":1688639403423} */
  'bybit-v5': {
    url: 'https://api.bybit.com/v5/market/time',
    from: 'body',
    docs: 'https://bybit-exchange.github.io/docs/v5/market/time',
    read: fromBody((j) => {
      const nano = at(j, 'result', 'timeNano');
      if (typeof nano === 'string' && /^\d{19}$/.test(nano)) return epochMs(nano.slice(0, 13));
      return epochMs(at(j, 'time')) ?? epochMs(at(j, 'result', 'timeSecond'), 1000);
    }),
  },
  /** {"error":[],"result":{"unixtime":1688669448,"rfc1123":"Thu, 06 Jul 23 18:50:48 +0000"}}: whole seconds. */
  'kraken-spot': {
    url: 'https://api.kraken.com/0/public/Time',
    from: 'body',
    docs: 'https://docs.kraken.com/api-reference/',
    read: fromBody((j) => epochMs(at(j, 'result', 'unixtime'), 1000)),
  },
  /** {"code":"200000","data":1546837113087} */
  'kucoin-v2': {
    url: 'https://api.kucoin.com/api/v1/timestamp',
    from: 'body',
    docs: 'https://www.kucoin.com/docs-new',
    read: fromBody((j) => epochMs(at(j, 'data'))),
  },
  /** {"iso":"2015-01-07T23:47:25.201Z","epoch":1420674445.201}: epoch in decimal seconds. */
  'coinbase-exchange-hmac': {
    url: 'https://api.exchange.coinbase.com/time',
    from: 'body',
    docs: 'https://docs.cdp.coinbase.com/exchange/rest-api/authentication',
    read: fromBody((j) => epochMs(at(j, 'epoch'), 1000) ?? isoMs(at(j, 'iso'))),
  },
  /** {"iso":"…","epochSeconds":"1731000000","epochMillis":"1731000000123"} (strings in the OpenAPI ExtendedTimestamp). */
  'coinbase-advanced-cdp-jwt': {
    url: 'https://api.coinbase.com/api/v3/brokerage/time',
    from: 'body',
    docs: 'https://docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/public/get-server-time',
    read: fromBody((j) => epochMs(at(j, 'epochMillis')) ?? epochMs(at(j, 'epochSeconds'), 1000) ?? isoMs(at(j, 'iso'))),
  },
  /** No time endpoint in Bitfinex's REST docs: the Date header of the public platform-status answer. */
  'bitfinex-v2': {
    url: 'https://api-pub.bitfinex.com/v2/platform/status',
    from: 'date-header',
    docs: 'https://docs.bitfinex.com/docs/rest-public',
    read: (_body, headers) => dateHeaderMs(headers),
  },
  /** No time endpoint in Gemini's REST docs: the Date header of the public symbols answer. */
  gemini: {
    url: 'https://api.gemini.com/v1/symbols',
    from: 'date-header',
    docs: 'https://developer.gemini.com/authentication/api-key',
    read: (_body, headers) => dateHeaderMs(headers),
  },
};

/** Date-header schemes whose host is the request's own: AWS (one endpoint per service and region), the sandbox (a random loopback port), a recipe's API. */
const FROM_REQUEST_HOST: Readonly<Record<string, { path: string; docs: string }>> = {
  'aws-sigv4': { path: '/', docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html' },
  hmac: { path: '/healthz', docs: 'docs/sandbox.md' },
  recipe: { path: '/', docs: 'docs/signing.md#recipe' },
};

function originOf(url: string | undefined): string | null {
  if (typeof url !== 'string') return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * How to ask `schemeId`'s API for its clock; null for an unknown scheme. AWS, the sandbox (`hmac`) and `recipe` have
 * no fixed host: give `requestUrl` (the request being debugged) and the Date header of an answer from its origin is
 * used; without it they are null.
 */
export function serverTimeEndpoint(schemeId: string, requestUrl?: string): ServerTimeEndpoint | null {
  if (Object.hasOwn(ENDPOINTS, schemeId)) return ENDPOINTS[schemeId]!;
  if (!Object.hasOwn(FROM_REQUEST_HOST, schemeId)) return null;
  const origin = originOf(requestUrl);
  if (origin === null) return null;
  const { path, docs } = FROM_REQUEST_HOST[schemeId]!;
  return { url: origin + path, from: 'date-header', docs, read: (_body, headers) => dateHeaderMs(headers) };
}

// ───────────────────────────── windows ─────────────────────────────

export interface ApiWindow {
  /** How far (±ms) the request's timestamp may be from the server's clock. */
  readonly windowMs: number;
  /** Where the number comes from, in words. */
  readonly source: string;
}

const BINANCE_TIMING = BINANCE_DOCS;

/** The raw recvWindow of a Binance request: the query's, else the form body's. */
function binanceRecvWindow(request: SignableRequest): string | undefined {
  let query = '';
  try {
    query = new URL(request.url).search.replace(/^\?/, '');
  } catch {
    // not a URL: nothing to read from it
  }
  return formValue(query, 'recvWindow') ?? (typeof request.body === 'string' ? formValue(request.body, 'recvWindow') : undefined);
}

function binanceWindow(request: SignableRequest): ApiWindow {
  const raw = binanceRecvWindow(request);
  const ahead = 'and no more than 1000 ms ahead of Binance\'s clock';
  if (raw === undefined) return { windowMs: 5000, source: `Binance's default recvWindow, 5000 ms (the request sends none), ${ahead} (${BINANCE_TIMING})` };
  const value = /^\d{1,8}(\.\d{1,3})?$/.test(raw) ? Number(raw) : NaN;
  if (!(value > 0)) return { windowMs: 5000, source: `recvWindow=${raw.slice(0, 20)} is not a number of milliseconds Binance accepts; its default is 5000 ms (${BINANCE_TIMING})` };
  if (value > 60_000) return { windowMs: 60_000, source: `recvWindow=${raw} is above Binance's maximum, 60000 ms, which Binance refuses; the most it allows is 60000 ms (${BINANCE_TIMING})` };
  return { windowMs: value, source: `the request's recvWindow=${raw} ms (at most 60000), ${ahead} (${BINANCE_TIMING})` };
}

function bybitWindow(request: SignableRequest): ApiWindow {
  const raw = getHeader(request.headers ?? {}, 'X-BAPI-RECV-WINDOW');
  const rule = 'Bybit accepts server_time - recv_window <= timestamp < server_time + 1000 (https://bybit-exchange.github.io/docs/v5/guide#authentication)';
  if (raw !== undefined && /^[1-9]\d{0,7}$/.test(raw)) return { windowMs: Number(raw), source: `the request's X-BAPI-RECV-WINDOW: ${raw} ms; ${rule}` };
  return { windowMs: 5000, source: `Bybit's default recv_window, 5000 ms (${raw === undefined ? 'the request sends no X-BAPI-RECV-WINDOW' : 'the X-BAPI-RECV-WINDOW sent is not a whole number of ms'}); ${rule}` };
}

/** Gemini: a window only for keys with a time-based nonce, whose nonce is Unix seconds; other keys just need increasing nonces. */
function geminiWindow(request: SignableRequest): ApiWindow | null {
  const payload = getHeader(request.headers ?? {}, 'X-GEMINI-PAYLOAD');
  if (payload === undefined) return null;
  const nonce = at(parseJson(Buffer.from(payload, 'base64').toString('utf8')), 'nonce');
  if (!/^\d{10}$/.test(String(nonce))) return null;
  return { windowMs: 30_000, source: 'the nonce is Unix seconds, as for a key set to "Uses a time based nonce", which must be within ±30 s (https://developer.gemini.com/authentication/api-key)' };
}

const FIXED_WINDOWS: Readonly<Record<string, ApiWindow>> = {
  'okx-v5': { windowMs: 30_000, source: 'OKX rejects a request whose OK-ACCESS-TIMESTAMP is more than 30 s from its clock (https://www.okx.com/docs-v5/en/#overview-rest-authentication-making-requests)' },
  'kucoin-v2': { windowMs: 5000, source: 'KuCoin rejects a KC-API-TIMESTAMP 5 s or more from its clock (https://www.kucoin.com/docs-new/authentication)' },
  'coinbase-exchange-hmac': { windowMs: 30_000, source: 'CB-ACCESS-TIMESTAMP must be within 30 s of the API service time (https://docs.cdp.coinbase.com/exchange/rest-api/authentication)' },
  'coinbase-advanced-cdp-jwt': { windowMs: 120_000, source: 'the JWT is valid from nbf for 2 minutes, after which requests are unauthenticated (https://docs.cdp.coinbase.com/get-started/authentication/jwt-authentication)' },
  'aws-sigv4': { windowMs: 15 * 60_000, source: 'AWS refuses a request that arrives more than 15 minutes from its X-Amz-Date, either way (RequestExpired, RequestTimeTooSkewed)' },
  hmac: { windowMs: 30_000, source: 'the sandbox\'s default window, ±30 s (startSandbox windowMs; docs/sandbox.md#authentication)' },
};

/**
 * The API's timestamp window for `request`, or null where the API checks no clock: Kraken and Bitfinex (nonces
 * must only increase), Gemini with a counter nonce, and a recipe (its API's window is not part of the recipe).
 */
export function apiWindowMs(schemeId: string, request: SignableRequest): ApiWindow | null {
  if (typeof request !== 'object' || request === null) return null;
  switch (schemeId) {
    case 'binance-hmac-sha256':
    case 'binance-ed25519':
    case 'binance-rsa':
      return binanceWindow(request);
    case 'bybit-v5':
      return bybitWindow(request);
    case 'gemini':
      return geminiWindow(request);
    default:
      return Object.hasOwn(FIXED_WINDOWS, schemeId) ? FIXED_WINDOWS[schemeId]! : null;
  }
}

// ───────────────────────────── units ─────────────────────────────

/**
 * The unit `schemeId`'s API wants its timestamp in: the scheme's debug model says it (one source for the engine and
 * for this table). A recipe's is its `timestamp.format`: pass the signing options (`{ recipe: '<JSON>' }`); without
 * them, or with no timestamp in the recipe, it is `none`.
 */
export function timestampUnits(schemeId: string, options?: Readonly<Record<string, string>>): TimestampUnits {
  if (!hasDebugModel(schemeId)) return 'none';
  const model = debugModel(schemeId);
  try {
    return (model.forOptions ? model.forOptions(options) : model).units;
  } catch {
    return 'none';
  }
}
