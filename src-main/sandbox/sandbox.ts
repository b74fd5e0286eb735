/**
 * The embedded sandbox exchange: a small, careful exchange API on loopback (Fastify + ws), so Signet does its whole
 * job offline on first launch. Public market data (markets, tickers, candles, signals, a WebSocket stream), a
 * private API signed with Signet's `hmac` scheme (account, paper orders, key management), and operations endpoints
 * (/healthz, /readyz, /metrics). The app, the CLI (`signet sandbox`) and the tests compose it through startSandbox.
 * Every connection is bounded in time, and every request must name the sandbox as its Host (DNS rebinding).
 * Routes, auth, error codes, connections and the stream protocol: docs/sandbox.md.
 */
import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import pino from 'pino';
import { z } from 'zod';
import { systemClock, type Clock } from '../base/clock';
import { describeIssues } from '../base/describe-issues';
import { AppError, isAppError } from '../base/errors';
import type { BucketLimit } from '../base/token-bucket';
import { Authenticator } from './authenticate';
import { parseHmacAuthorization } from '../signing/schemes/hmac';
import { CANDLE_INTERVALS, MAX_CANDLES, seedNumber, SimulatedMarket, type CandleInterval, type MarketSimulation } from './market-simulation';
import { orderInputSchema, PaperTrading } from './paper-trading';
import { SandboxError } from './sandbox-error';
import { SANDBOX_SCOPES, SandboxKeyStore, type SandboxKeyRecord, type SandboxKeys, type SandboxKeySeed } from './sandbox-keys';
import { SandboxMetrics } from './sandbox-metrics';
import { isServedHost, servedHosts } from './served-hosts';
import { StreamHub } from './stream-hub';

export type { SandboxKeySeed, SandboxKeys, SandboxKeyInfo } from './sandbox-keys';
export type { MarketSimulation, Ticker, Candle, Signal, MarketInfo, CandleInterval } from './market-simulation';

export interface SandboxOptions {
  /** Default '127.0.0.1'. Never 0.0.0.0 unless asked. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 200, 1..5000. */
  symbols?: number;
  /** Price updates per second per symbol; default 1, up to 20. */
  rateHz?: number;
  /** Deterministic markets (tests, reproducible demos); default: random. */
  seed?: string | number;
  /** Keys trusted from the start (upserted: a key already in the state file is updated). */
  keys?: readonly SandboxKeySeed[];
  /** When set, keys persist here (atomic write, mode 0600) and load at start. */
  stateFile?: string;
  /** Timestamp window (±ms); default 30,000. Nonces are remembered for as long. */
  windowMs?: number;
  /** Per key; default a burst of 20, then 10 per second. */
  rateLimit?: { capacity: number; refillPerSec: number };
  clock?: Clock;
  /** Default: silent. Never given a secret, a full signature or an Authorization header. */
  logger?: pino.Logger;
  /** WebSocket ping interval (ms); a peer that misses one is closed. Default 15,000. */
  heartbeatMs?: number;
  /** Active (not revoked) keys an account may hold, as exchanges cap them; default 50. */
  maxKeysPerAccount?: number;
  /** Bounds on slow and idle connections (tests shorten them); see SandboxTimeouts. */
  timeouts?: SandboxTimeouts;
  /**
   * Told of each signed request refused (the embedded sandbox records signature failures in the audit log): the code,
   * the method and path (no query), the apiKey it named and the signature's first characters, never more of it.
   */
  onRefused?: (refusal: SandboxRefusal) => void;
}

/** A refused signed request, as `onRefused` is told of it. */
export interface SandboxRefusal {
  readonly code: string;
  readonly method: string;
  readonly path: string;
  /** The apiKey the Authorization header named (a key id, not a secret); null when it named none. */
  readonly apiKey: string | null;
  /** The first 8 characters of the signature sent, and an ellipsis; null when there was none. */
  readonly signaturePrefix: string | null;
}

/**
 * How long a connection may take, so a client that dribbles its request cannot hold a connection (and its memory)
 * open for ever. Generous for loopback, where a whole request takes milliseconds. A WebSocket stream, once open, is
 * not bound by these (its heartbeat finds dead peers).
 */
export interface SandboxTimeouts {
  /** The whole request, headers and body, must arrive within this; else 408 and the connection is closed. Default 10,000. */
  requestMs?: number;
  /** The headers must arrive within this (at most requestMs). Default 5,000, or requestMs if that is less. */
  headersMs?: number;
  /** A keep-alive connection with no request in flight is closed after this. Default 5,000. */
  keepAliveMs?: number;
  /** A connection on which nothing moves for this long is closed. Default 10,000. */
  idleMs?: number;
}

export interface RunningSandbox {
  /** 'http://127.0.0.1:PORT' */
  readonly url: string;
  readonly port: number;
  readonly keys: SandboxKeys;
  readonly market: MarketSimulation;
  close(): Promise<void>;
}

/** The sandbox built but not listening: `app.inject` drives it without sockets (the fuzz test). */
export interface SandboxServer {
  readonly app: FastifyInstance;
  readonly keys: SandboxKeyStore;
  readonly market: SimulatedMarket;
  readonly metrics: SandboxMetrics;
  readonly authenticator: Authenticator;
  close(): Promise<void>;
}

const DEFAULT_RATE_LIMIT: BucketLimit = { capacity: 20, refillPerSec: 10 };
const BODY_LIMIT = 64 * 1024;
const STREAM_ROUTE = '/v1/stream';
const DEFAULT_TIMEOUTS = { requestMs: 10_000, headersMs: 5000, keepAliveMs: 5000, idleMs: 10_000 } as const;

const timeoutMs = z.number().int('expected a whole number of ms').min(50, 'expected at least 50 ms').max(600_000, 'expected at most 600000 ms');

const optionsSchema = z.object({
  host: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65_535).optional(),
  symbols: z.number().int('expected a whole number').min(1, 'expected 1 to 5000').max(5000, 'expected 1 to 5000').optional(),
  rateHz: z.number().positive('expected more than 0 updates per second').max(20, 'expected at most 20 updates per second').optional(),
  windowMs: z.number().int().min(1000, 'expected at least 1000 ms').max(600_000, 'expected at most 600000 ms').optional(),
  rateLimit: z.object({ capacity: z.number().min(1), refillPerSec: z.number().positive() }).optional(),
  heartbeatMs: z.number().int().min(10).optional(),
  timeouts: z
    .strictObject({ requestMs: timeoutMs.optional(), headersMs: timeoutMs.optional(), keepAliveMs: timeoutMs.optional(), idleMs: timeoutMs.optional() })
    .refine((t) => t.headersMs === undefined || t.headersMs <= (t.requestMs ?? DEFAULT_TIMEOUTS.requestMs), {
      path: ['headersMs'],
      message: 'expected no more than timeouts.requestMs (the headers are part of the request)',
    })
    .optional(),
});

/** The timeouts with their defaults, and how often Node checks them (it checks on an interval, not per socket). */
function resolveTimeouts(t: SandboxTimeouts = {}) {
  const requestMs = t.requestMs ?? DEFAULT_TIMEOUTS.requestMs;
  const headersMs = t.headersMs ?? Math.min(DEFAULT_TIMEOUTS.headersMs, requestMs);
  return { requestMs, headersMs, keepAliveMs: t.keepAliveMs ?? DEFAULT_TIMEOUTS.keepAliveMs, idleMs: t.idleMs ?? DEFAULT_TIMEOUTS.idleMs, checkEveryMs: Math.max(25, Math.min(1000, Math.floor(headersMs / 4))) };
}

/**
 * The Fastify server options that bound connections: Fastify leaves the request timeout off (0), so a client sending
 * one byte a second would hold its connection for as long as it liked, and Node checks the limits only every
 * connectionsCheckingInterval (30 s unless told). Exported for the benchmark's baseline server, which must run with
 * the same settings.
 */
export function connectionLimits(t?: SandboxTimeouts) {
  const r = resolveTimeouts(t);
  return { requestTimeout: r.requestMs, connectionTimeout: r.idleMs, keepAliveTimeout: r.keepAliveMs, http: { headersTimeout: r.headersMs, connectionsCheckingInterval: r.checkEveryMs } };
}

/** Scope each private route needs (contract/providers.ts lists the sandbox's scopes). */
const ROUTE_SCOPE = { account: 'read', placeOrder: 'trade', listOrders: 'read', keys: 'keys:manage' } as const;

const candlesQuery = z.strictObject({
  symbol: z.string().min(1),
  interval: z.enum(Object.keys(CANDLE_INTERVALS) as [CandleInterval, ...CandleInterval[]]).default('1m'),
  limit: z.coerce.number().int('limit must be a whole number').min(1).max(MAX_CANDLES, `limit must be at most ${MAX_CANDLES}`).default(500),
});
const symbolsQuery = z.strictObject({ symbols: z.string().max(200_000).optional() });
const ordersQuery = z.strictObject({ symbol: z.string().optional(), status: z.enum(['open', 'filled']).optional() });
const createKeyBody = z.strictObject({
  label: z.string().max(200).optional(),
  scopes: z.array(z.string().refine((s) => SANDBOX_SCOPES.includes(s), `expected one of ${SANDBOX_SCOPES.join(', ')}`)).min(1, 'give the key at least one scope'),
  expiresAt: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 time such as 2027-01-31T12:00:00Z')
    .nullable()
    .optional(),
  /** Relative expiry, as exchanges offer it; the server's clock turns it into expiresAt. */
  expiresInDays: z.number().int('expected a whole number of days').min(1, 'expected 1 to 3650 days').max(3650, 'expected 1 to 3650 days').optional(),
}).refine((b) => b.expiresAt === undefined || b.expiresInDays === undefined, { message: 'give expiresAt or expiresInDays, not both', path: ['expiresInDays'] });

function badRequest(where: string, error: z.ZodError): SandboxError {
  return new SandboxError('bad_request', `Invalid ${where}: ${describeIssues(error)}.`);
}

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw badRequest(where, r.error);
  return r.data;
}

function symbolList(text: string | undefined, market: MarketSimulation): string[] | undefined {
  if (text === undefined) return undefined;
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = list.filter((s) => !market.has(s));
  if (unknown.length) throw new SandboxError('bad_request', `Unknown symbol ${JSON.stringify(unknown[0]).slice(0, 60)}. GET /v1/markets lists the symbols.`);
  return list;
}

/** The body, parsed as JSON, after the signature over its exact bytes was checked. */
function jsonBody(req: FastifyRequest): unknown {
  const text = typeof req.body === 'string' ? req.body : '';
  if (text === '') throw new SandboxError('bad_request', 'The request has no body. Send a JSON object with Content-Type: application/json.');
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new SandboxError('unsupported_media_type', `The body must be JSON (Content-Type: application/json), not ${JSON.stringify(type.slice(0, 60))}.`);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new SandboxError('bad_request', `The body is not valid JSON (${(e as Error).message}). Send a JSON object.`);
  }
}

/** Builds the exchange without listening. */
export async function createSandboxServer(opts: SandboxOptions = {}): Promise<SandboxServer> {
  const checked = optionsSchema.safeParse(opts);
  if (!checked.success) throw new AppError('ERR_VALIDATION', `Invalid sandbox options: ${describeIssues(checked.error)}.`);
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger ?? pino({ enabled: false });
  const windowMs = opts.windowMs ?? 30_000;
  const keys = await SandboxKeyStore.open(clock, opts.stateFile);
  for (const seed of opts.keys ?? []) await keys.upsert(seed);

  const metrics = new SandboxMetrics();
  const market = new SimulatedMarket({ symbols: opts.symbols ?? 200, rateHz: opts.rateHz ?? 1, seed: seedNumber(opts.seed ?? Math.floor(Math.random() * 2 ** 31)), clock });
  market.onStep(() => metrics.marketSteps.inc());
  const trading = new PaperTrading(market, clock);
  const authenticator = new Authenticator(keys, clock, windowMs, opts.rateLimit ?? DEFAULT_RATE_LIMIT);
  const hub = new StreamHub(market, metrics, opts.heartbeatMs ?? 15_000);
  const signedBy = new WeakMap<FastifyRequest, SandboxKeyRecord>();
  let ready = false;

  const timeouts = resolveTimeouts(opts.timeouts);
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    ...connectionLimits(opts.timeouts),
    // What Node refuses before Fastify sees a request (too slow, headers too large, not HTTP), in the sandbox's format.
    clientErrorHandler: (err, socket) => {
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      const e =
        err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new SandboxError('request_timeout', `The request did not arrive in time (headers within ${timeouts.headersMs} ms, the whole request within ${timeouts.requestMs} ms), so the connection was closed. Send the whole request at once.`)
          : err.code === 'HPE_HEADER_OVERFLOW'
            ? new SandboxError('headers_too_large', 'The request headers are larger than 16 KiB. Send fewer or shorter headers.')
            : new SandboxError('bad_request', 'The request is not valid HTTP/1.1, so the connection was closed. Check what the client sends.');
      const body = JSON.stringify(e.toJSON());
      if (socket.writable) socket.write(`HTTP/1.1 ${e.status} ${STATUS_CODES[e.status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      socket.destroy();
    },
  });

  // Only requests addressed to the sandbox itself (DNS rebinding: served-hosts.ts). Known once it listens; a
  // server driven by app.inject never listens, and accepts the loopback names on any port.
  let served: Set<string> | null = null;
  app.server.once('listening', () => {
    const address = app.server.address();
    if (typeof address === 'object' && address) served = new Set(servedHosts(opts.host ?? '127.0.0.1', address.port));
  });
  // A request with `Connection: Upgrade` leaves Node's HTTP handling before it is routed: no timeout applies to its
  // socket and nothing closes it after an answer. Only the stream upgrades; every other one is answered and closed.
  const upgrading = new WeakSet<object>();
  app.server.prependListener('upgrade', (raw: object) => upgrading.add(raw));
  app.addHook('onRequest', (req, reply, done) => {
    const upgrade = upgrading.has(req.raw);
    if (upgrade) reply.raw.once('finish', () => req.raw.socket.destroy());
    if (!isServedHost(req.headers.host, served)) {
      const own = served ? [...served].filter((h) => h.includes(':')).join(', ') : '127.0.0.1, localhost or [::1]';
      const named = req.headers.host === undefined ? 'this one has no Host header' : `this one is addressed to ${JSON.stringify(req.headers.host.slice(0, 80))}`;
      return done(
        new SandboxError(
          'misdirected_request',
          `The sandbox answers only requests addressed to itself (Host ${own}); ${named}. A web page that points its own name at this machine (DNS rebinding) is refused. Send the request to the sandbox's own URL.`,
        ),
      );
    }
    if (upgrade && !(req.method === 'GET' && req.routeOptions.url === STREAM_ROUTE)) {
      return done(new SandboxError('bad_request', `Only GET ${STREAM_ROUTE} upgrades to a WebSocket, not ${req.method} ${req.url.split('?')[0]!.slice(0, 100)}. Send it without Connection: Upgrade.`));
    }
    done();
  });

  // Keep the body as the exact text sent: the signature covers SHA-256 of its bytes. JSON is parsed after auth.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    metrics.observe(route, req.method, status, reply.elapsedTime / 1000);
    if (logger.isLevelEnabled('info')) {
      // The route pattern, not the URL (a query is the caller's business), and never a header.
      req.log.info({ method: req.method, route, status, ms: Math.round(reply.elapsedTime * 100) / 100, keyId: signedBy.get(req)?.id }, 'request');
    }
    done();
  });

  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]!.slice(0, 100)}. The routes are listed in docs/sandbox.md.` });
  });

  app.setErrorHandler((err: FastifyError | SandboxError | AppError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof SandboxError) {
      if (err.retryAfter !== undefined) void reply.header('retry-after', String(err.retryAfter));
      return reply.code(err.status).send(err.toJSON());
    }
    if (isAppError(err)) {
      const status = err.code === 'ERR_ENTRY_NOT_FOUND' ? 404 : err.code === 'ERR_VALIDATION' ? 400 : 500;
      return reply.code(status).send({ code: status === 404 ? 'not_found' : status === 400 ? 'bad_request' : 'internal', message: err.message });
    }
    const e = err as FastifyError;
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ code: 'payload_too_large', message: `The body is larger than ${BODY_LIMIT} bytes. Send less.` });
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return reply.code(e.statusCode).send({ code: 'bad_request', message: `${e.message}. Check the request.` });
    req.log.error({ err: { name: e.name, message: e.message, code: e.code } }, 'unexpected error');
    return reply.code(500).send({ code: 'internal', message: 'The sandbox failed to handle this request. Nothing was changed; the sandbox log has details.' });
  });

  const signed = (scope: string) => ({
    preHandler: (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
      try {
        const body = typeof req.body === 'string' ? req.body : null;
        signedBy.set(req, authenticator.authenticate({ method: req.method, url: req.url, authorization: req.headers.authorization, body }, scope));
        done();
      } catch (e) {
        if (e instanceof SandboxError) {
          metrics.authFailures.inc({ code: e.code });
          req.log.info({ code: e.code, sig: signaturePrefix(req.headers.authorization) }, 'auth refused');
          if (opts.onRefused) {
            const auth = parseHmacAuthorization(req.headers.authorization);
            try {
              opts.onRefused({ code: e.code, method: req.method, path: req.url.split('?')[0] ?? '', apiKey: 'error' in auth ? null : auth.apiKey, signaturePrefix: signaturePrefix(req.headers.authorization) ?? null });
            } catch (err) {
              req.log.warn({ err: { message: (err as Error).message } }, 'refusal listener failed');
            }
          }
        }
        done(e as Error);
      }
    },
  });
  const keyOf = (req: FastifyRequest): SandboxKeyRecord => signedBy.get(req) as SandboxKeyRecord;

  // Operations.
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => (ready ? { status: 'ready', symbols: market.symbols().length } : reply.code(503).send({ status: 'starting' })));
  app.get('/metrics', async (_req, reply) => reply.header('content-type', metrics.contentType).send(await metrics.text()));

  // Public market data.
  app.get('/v1/markets', async () => market.markets());
  app.get('/v1/tickers', async (req) => market.tickers(symbolList(parse(symbolsQuery, req.query, 'query').symbols, market)));
  app.get('/v1/signals', async (req) => market.signals(symbolList(parse(symbolsQuery, req.query, 'query').symbols, market)));
  app.get('/v1/candles', async (req) => {
    const q = parse(candlesQuery, req.query, 'query');
    if (!market.has(q.symbol)) throw new SandboxError('bad_request', `Unknown symbol ${JSON.stringify(q.symbol).slice(0, 60)}. GET /v1/markets lists the symbols.`);
    return market.candles(q.symbol, q.interval, q.limit);
  });
  // In its own context: @fastify/websocket adds onRequest/onResponse hooks, which only the stream route needs
  // (on every route they cost the private API a sixth of its throughput).
  await app.register(async (streamScope) => {
    await streamScope.register(websocket, { options: { maxPayload: 64 * 1024 } });
    streamScope.get(STREAM_ROUTE, { websocket: true }, (socket) => hub.accept(socket));
  });

  // Private API.
  app.get('/v1/account', signed(ROUTE_SCOPE.account), async (req) => {
    const key = keyOf(req);
    return { ...trading.view(key.accountId), keyId: key.id, scopes: key.scopes };
  });
  app.post('/v1/orders', signed(ROUTE_SCOPE.placeOrder), async (req, reply) => reply.code(201).send(trading.place(keyOf(req).accountId, parse(orderInputSchema, jsonBody(req), 'order'))));
  app.get('/v1/orders', signed(ROUTE_SCOPE.listOrders), async (req) => trading.orders(keyOf(req).accountId, parse(ordersQuery, req.query, 'query')));
  app.post('/v1/keys', signed(ROUTE_SCOPE.keys), async (req, reply) => {
    const creator = keyOf(req);
    const body = parse(createKeyBody, jsonBody(req), 'key');
    const input = { ...body, expiresAt: body.expiresInDays === undefined ? body.expiresAt : new Date(clock.now() + body.expiresInDays * 86_400_000).toISOString() };
    if (input.expiresAt != null && Date.parse(input.expiresAt) <= clock.now()) {
      throw new SandboxError('bad_request', `Invalid key: expiresAt: ${new Date(Date.parse(input.expiresAt)).toISOString()} is not in the future (server time ${new Date(clock.now()).toISOString()}). Give a later time.`);
    }
    const beyond = input.scopes.filter((s) => !creator.scopes.includes(s));
    // A key cannot mint a key stronger than itself.
    if (beyond.length) throw new SandboxError('insufficient_scope', `A key can only grant scopes it has; this key lacks ${beyond.join(', ')}. Ask for fewer scopes or sign with a stronger key.`);
    // Nor one that outlives it: an expiring key must not be able to mint a key that stays valid after it.
    if (creator.expiresAtMs !== null && (input.expiresAt == null || Date.parse(input.expiresAt) > creator.expiresAtMs)) {
      throw new SandboxError('insufficient_scope', `This key expires at ${creator.expiresAt}, so the keys it creates must expire by then too. Give an expiresAt no later than that, or sign with a key that does not expire.`);
    }
    const cap = opts.maxKeysPerAccount ?? 50;
    if (keys.listAccount(creator.accountId).filter((k) => k.revokedAt === null).length >= cap) {
      throw new SandboxError('bad_request', `This account already has ${cap} active keys, the most the sandbox allows (exchanges cap keys per account too). Revoke one first (DELETE /v1/keys/:id).`);
    }
    const { key, secret } = await keys.create({ label: input.label, scopes: [...new Set(input.scopes)], expiresAt: input.expiresAt, accountId: creator.accountId });
    return reply.code(201).send({ ...key, secret });
  });
  app.get('/v1/keys', signed(ROUTE_SCOPE.keys), async (req) => keys.listAccount(keyOf(req).accountId));
  app.delete('/v1/keys/:id', signed(ROUTE_SCOPE.keys), async (req) => {
    const { id } = req.params as { id: string };
    const target = keys.get(id);
    // Other accounts' keys are not this caller's to see: the same answer as a key that does not exist.
    if (!target || target.accountId !== keyOf(req).accountId) throw new SandboxError('not_found', `No key with the id ${JSON.stringify(id).slice(0, 60)} in this account. GET /v1/keys lists them.`);
    await keys.revoke(id);
    return keys.info(keys.get(id) as SandboxKeyRecord);
  });

  await app.ready();
  market.start();
  ready = true;
  let closing: Promise<void> | null = null;
  return {
    // The instance is typed with pino's Logger; callers only inject and listen.
    app: app as unknown as FastifyInstance,
    keys,
    market,
    metrics,
    authenticator,
    close() {
      closing ??= (async () => {
        ready = false;
        market.stop();
        trading.close();
        hub.close();
        await app.close();
        await keys.flushed();
      })();
      return closing;
    },
  };
}

/** The first 8 characters of the signature at most: enough to match log lines, useless for anything else. */
function signaturePrefix(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /signature="([^"]{0,8})/.exec(header);
  return m ? `${m[1]}…` : undefined;
}

/** Starts the sandbox exchange on loopback and resolves once it listens. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const server = await createSandboxServer(opts);
  const host = opts.host ?? '127.0.0.1';
  try {
    await server.app.listen({ host, port: opts.port ?? 0 });
  } catch (e) {
    await server.close();
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the port is in use; choose another (or 0 for a free one)' : code === 'EACCES' ? 'permission denied; use a port above 1023' : (e as Error).message;
    throw new AppError('ERR_VALIDATION', `The sandbox could not listen on ${host}:${opts.port ?? 0}: ${why}.`, { cause: e });
  }
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    keys: server.keys,
    market: server.market,
    close: () => server.close(),
  };
}
