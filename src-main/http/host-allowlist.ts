/**
 * Which hosts a key may talk to. A vault key for one API must never be used to sign a request to another host
 * (a typo, a pasted link, a malicious redirect, a compromised renderer), so each request is checked before its key
 * is opened:
 * - the provider's default API host, and hosts its keys are documented to work with (the schemes' `hosts`), over
 *   https on port 443 only; AWS keys only the endpoints of their own service and region, not all of amazonaws.com;
 * - the entry's own base URL (scheme, host and port exactly), which is how a user allows anything else: one outside
 *   the documented hosts is confirmed by the user in a main-process dialog when it is set (see `needsConfirmation`);
 * - for the sandbox provider, the running sandbox's address only.
 * Plain http is allowed only to loopback addresses, and only for sandbox and custom keys: an exchange's key never
 * travels in clear, not even to this machine (a local listener is not the exchange).
 */
import { providerInfo } from '../contract/providers';
import { SCHEMES } from '../signing/registry';
import { providerSchemeIds } from '../signing/scheme-for-provider';

/** Documented hosts the provider catalog's default base URL does not name. */
const EXTRA_HOSTS: Readonly<Record<string, readonly string[]>> = {
  // CoinGecko's paid plans use pro-api (with x-cg-pro-api-key).
  coingecko: ['pro-api.coingecko.com'],
};

const LOOPBACK = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

export function isLoopback(hostname: string): boolean {
  return LOOPBACK.has(hostname.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Providers whose keys may use plain http to this machine (their servers are the user's own or Signet's sandbox). */
const PLAIN_HTTP_PROVIDERS: ReadonlySet<string> = new Set(['sandbox', 'custom']);

export interface AllowContext {
  readonly provider: string;
  readonly entryBaseUrl: string | null;
  /** The key's scheme when the draft names one. */
  readonly schemeId: string | null;
  readonly sandboxUrl: string | null;
  /** An AWS key's region and service (public fields, shown in full on the entry): its endpoints are narrowed to them. */
  readonly aws?: { readonly region: string | null; readonly service: string | null };
}

/** The region and service an entry's previews show (AWS keys), for `AllowContext.aws`. */
export function awsScopeOf(entry: { readonly credentials: readonly { readonly field: string; readonly preview: string }[] }): AllowContext['aws'] {
  const shown = (field: string) => entry.credentials.find((c) => c.field === field)?.preview || null;
  return { region: shown('region'), service: shown('service') };
}

const DNS_LABELS = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * The endpoints of one AWS service in one region: `svc.region.amazonaws.com` and its FIPS and dual-stack forms,
 * with any prefix (an S3 bucket, an API Gateway id); the older `region.svc` order (OpenSearch domains); S3's legacy
 * `s3-region`; global endpoints (`iam.amazonaws.com`, `sts.amazonaws.com`) for us-east-1, where they sign.
 */
function awsPatterns(scope: AllowContext['aws']): string[] {
  const region = scope?.region?.toLowerCase() ?? '';
  const service = scope?.service?.toLowerCase() ?? '';
  if (!DNS_LABELS.test(region) || !DNS_LABELS.test(service)) return [];
  const hosts = [`${service}.${region}.amazonaws.com`, `${service}-fips.${region}.amazonaws.com`, `${service}.dualstack.${region}.amazonaws.com`, `${region}.${service}.amazonaws.com`];
  if (service === 's3') hosts.push(`s3-${region}.amazonaws.com`);
  if (region === 'us-east-1') hosts.push(`${service}.amazonaws.com`);
  return hosts.flatMap((h) => [h, `*.${h}`]);
}

/**
 * Schemes whose hosts this key may reach. The draft's scheme narrows the provider's list, never widens it: the
 * draft comes from the renderer or the command line, and naming another API's scheme (a Kraken key signed "as
 * Bybit") must not open that API's hosts to the key.
 */
function schemeIdsFor(ctx: AllowContext): readonly string[] {
  const own = providerSchemeIds(ctx.provider);
  return ctx.schemeId && own.includes(ctx.schemeId) ? [ctx.schemeId] : own;
}

function patternMatches(pattern: string, hostname: string): boolean {
  const p = pattern.toLowerCase();
  return p.startsWith('*.') ? hostname.endsWith(p.slice(1)) : hostname === p;
}

/** Hostname patterns a key of this provider may reach over https on port 443 (loopback patterns are not included). */
function knownHostPatterns(ctx: AllowContext): string[] {
  if (ctx.provider === 'sandbox') return [];
  const out: string[] = [];
  const base = providerInfo(ctx.provider)?.defaultBaseUrl;
  if (base) out.push(new URL(base).hostname);
  out.push(...(EXTRA_HOSTS[ctx.provider] ?? []));
  for (const id of schemeIdsFor(ctx)) {
    const hosts = SCHEMES.find((s) => s.id === id)?.hosts ?? [];
    // SigV4 names all of amazonaws.com; an AWS key reaches its own service and region only.
    out.push(...(id === 'aws-sigv4' ? awsPatterns(ctx.aws) : hosts));
  }
  // A scheme's loopback hosts (the hmac scheme names 127.0.0.1) would open every local port: not here.
  return out.filter((h) => !isLoopback(h));
}

/** Whether `url` is on a documented host of the key's provider (https, port 443). */
function onKnownHost(url: URL, ctx: AllowContext): boolean {
  const hostname = url.hostname.toLowerCase();
  return url.protocol === 'https:' && url.port === '' && knownHostPatterns(ctx).some((p) => patternMatches(p, hostname));
}

/** Why a key of `provider` cannot have `baseUrl` at all (plain http where it is not allowed), or null. */
export function baseUrlProblem(provider: string, baseUrl: string): string | null {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:') return null;
  if (!isLoopback(url.hostname)) return `Signet sends plain http only to this machine (loopback); use https://${url.host} instead.`;
  if (!PLAIN_HTTP_PROVIDERS.has(provider)) return `A ${providerInfo(provider)?.name ?? provider} key travels over https only, not plain http, even to this machine; use an https:// base URL (plain http is for sandbox and custom keys).`;
  return null;
}

/**
 * Whether setting `baseUrl` on a key widens where the key may go: anything but one of the provider's documented
 * hosts over https on 443 must be confirmed by the user in a main-process dialog before it is stored.
 */
export function needsConfirmation(provider: string, baseUrl: string, aws?: AllowContext['aws']): boolean {
  return !onKnownHost(new URL(baseUrl), { provider, entryBaseUrl: null, schemeId: null, sandboxUrl: null, ...(aws && { aws }) });
}

/** The documented hosts of a provider's keys, for messages (`api.binance.com, api1.binance.com, …`). */
export function documentedHosts(provider: string, aws?: AllowContext['aws']): string[] {
  return [...new Set(knownHostPatterns({ provider, entryBaseUrl: null, schemeId: null, sandboxUrl: null, ...(aws && { aws }) }))];
}

/** Exact origins (scheme, host, port) allowed: the entry's base URL, the running sandbox. */
function exactOrigins(ctx: AllowContext): string[] {
  const out: string[] = [];
  if (ctx.entryBaseUrl) out.push(new URL(ctx.entryBaseUrl).origin);
  if (ctx.provider === 'sandbox' && ctx.sandboxUrl) {
    const u = new URL(ctx.sandboxUrl);
    if (isLoopback(u.hostname)) out.push(u.origin);
  }
  return out;
}

/** Null when `url` may be sent to with this key; otherwise why not and what to do, in a sentence. */
export function refusal(url: URL, ctx: AllowContext): string | null {
  const hostname = url.hostname.toLowerCase();
  if (url.protocol === 'http:' && !isLoopback(hostname)) {
    return `Signet sends plain http only to this machine (loopback); use https://${url.host}${url.pathname} instead.`;
  }
  if (url.protocol === 'http:' && !PLAIN_HTTP_PROVIDERS.has(ctx.provider)) {
    return `A ${providerInfo(ctx.provider)?.name ?? ctx.provider} key travels over https only, not plain http, even to this machine; send to https://… (plain http is for sandbox and custom keys).`;
  }
  if (exactOrigins(ctx).includes(url.origin)) return null;
  if (onKnownHost(url, ctx)) return null;
  const allowed = [...exactOrigins(ctx), ...knownHostPatterns(ctx)];
  const list = allowed.length ? ` It may reach: ${allowed.join(', ')}.` : '';
  const fix =
    ctx.provider === 'sandbox' && !ctx.sandboxUrl && !ctx.entryBaseUrl
      ? ' No sandbox is running; start it (the app does, or `signet sandbox`) and send to its address.'
      : ` To use this key with ${url.host}, set the key's base URL to ${url.origin} in the vault.`;
  return `${url.host} is not an allowed host for this ${ctx.provider} key.${list}${fix}`;
}

/**
 * Hosts the market-data adapters (src-main/providers) may reach for each provider, REST and WebSocket alike, with
 * no key or with the unsigned key header CoinGecko and Token Metrics take. `host` alone: the scheme's default
 * port; `host:port`: that port only (Binance streams on 9443). Kept apart from the signing hosts above so that
 * adding a public data host can never let a signed request go somewhere new.
 */
export const MARKET_DATA_HOSTS: Readonly<Record<string, readonly string[]>> = {
  // https://developers.binance.com/docs/binance-spot-api-docs/rest-api/general-api-information (market data only: data-api.binance.vision)
  binance: ['api.binance.com', 'api1.binance.com', 'api2.binance.com', 'api3.binance.com', 'api4.binance.com', 'data-api.binance.vision', 'stream.binance.com:9443', 'stream.binance.com', 'data-stream.binance.vision'],
  coinbase: ['api.exchange.coinbase.com', 'api.coinbase.com', 'ws-feed.exchange.coinbase.com', 'advanced-trade-ws.coinbase.com'],
  kraken: ['api.kraken.com', 'ws.kraken.com'],
  coingecko: ['api.coingecko.com', 'pro-api.coingecko.com'],
  'token-metrics': ['api.tokenmetrics.com'],
};

export interface MarketDataAllowContext {
  readonly provider: string;
  /** The running sandbox's base URL; the sandbox provider may reach only that host:port. */
  readonly sandboxUrl: string | null;
  /** The base URL of the vault key the request carries, when it carries one (the user chose it). */
  readonly entryBaseUrl?: string | null;
  /** Exact origins (http://127.0.0.1:PORT) allowed besides the product list: fixture servers in tests only. */
  readonly extraOrigins?: readonly string[];
}

const SECURE: Readonly<Record<string, string>> = { 'https:': 'https:', 'wss:': 'https:', 'http:': 'http:', 'ws:': 'http:' };

/** `scheme://host:port` with ws→http and wss→https, so a REST origin also admits its WebSocket. */
function originKey(url: URL): string | null {
  const family = SECURE[url.protocol];
  if (!family) return null;
  const port = url.port || (family === 'https:' ? '443' : '80');
  return `${family}//${url.hostname.toLowerCase()}:${port}`;
}

/** Null when market data for `provider` may be fetched from `url` (http(s) or ws(s)); otherwise why not, in a sentence. */
export function marketDataRefusal(url: URL, ctx: MarketDataAllowContext): string | null {
  const key = originKey(url);
  if (key === null) return `Signet fetches market data over https or wss only, not ${url.protocol.replace(':', '')}.`;
  const hostname = url.hostname.toLowerCase();
  const plain = url.protocol === 'http:' || url.protocol === 'ws:';
  if (plain && !isLoopback(hostname)) {
    return `Signet sends plain ${url.protocol.replace(':', '')} only to this machine (loopback); use ${url.protocol === 'ws:' ? 'wss' : 'https'}://${url.host}${url.pathname} instead.`;
  }
  const exact: string[] = [...(ctx.extraOrigins ?? [])];
  // A key's own base URL, unless it is one no key of this provider may have (plain http for an exchange's key).
  if (ctx.entryBaseUrl && baseUrlProblem(ctx.provider, ctx.entryBaseUrl) === null) exact.push(ctx.entryBaseUrl);
  if (ctx.provider === 'sandbox' && ctx.sandboxUrl && isLoopback(new URL(ctx.sandboxUrl).hostname)) exact.push(ctx.sandboxUrl);
  if (exact.some((o) => originKey(new URL(o)) === key)) return null;
  const listed = MARKET_DATA_HOSTS[ctx.provider] ?? [];
  if (!plain && listed.some((h) => (h.includes(':') ? `${hostname}:${url.port || '443'}` === h : hostname === h && url.port === ''))) return null;
  if (ctx.provider === 'sandbox') {
    return ctx.sandboxUrl
      ? `${url.host} is not the running sandbox (${new URL(ctx.sandboxUrl).host}); sandbox market data comes from there only.`
      : 'No sandbox is running; start it (the app does, or `signet sandbox`) to see its markets.';
  }
  const allowed = listed.length ? ` It may reach: ${listed.join(', ')}.` : '';
  return `${url.host} is not an allowed market-data host for ${ctx.provider}.${allowed}`;
}
