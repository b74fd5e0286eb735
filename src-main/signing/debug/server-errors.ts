/**
 * What an exchange's refusal says about the cause: each API's documented signature and authentication errors, one
 * table per API (the reader for its error body, the codes, a sentence a developer can act on, and the ranked Cause
 * codes the error points to). Pure data and parsing: the answer is given, never fetched here.
 *
 * Only codes and wording found in each API's documentation (the URL is beside each table), or that the sandbox
 * itself returns (src-main/sandbox/sandbox-error.ts, authenticate.ts), are listed; where a table holds something the
 * docs do not state, its comment says where it comes from instead. An answer that matches nothing is null: the
 * debugger then reasons from the request alone.
 *
 * Hand-written rather than a library: no maintained package knows these tables, and the bodies are small JSON, XML
 * or text that JSON.parse and two regular expressions read.
 */
import type { Cause } from '../../contract/debug';

/** The server's answer as the debugger was given it (contract/debug.ts ServerAnswer). */
export interface ServerAnswerInput {
  readonly status: number | null;
  readonly body: string;
}

export interface ServerError {
  /** The error's code as the API names it: "-1022", "50113", "EAPI:Invalid nonce", "SignatureDoesNotMatch", "invalid_signature". */
  readonly code: string;
  /** One sentence: what the API refused and what to check. */
  readonly meaning: string;
  /** The client mistakes this error points to, most likely first; empty when the signature itself was accepted. */
  readonly causes: readonly Cause[];
}

/** One error as read from a body: its code and whatever message came with it. */
interface Reading {
  readonly code: string;
  readonly message: string;
}

interface Entry extends ServerError {
  /** Matches this reading; by default the code alone. */
  readonly matches?: (r: Reading) => boolean;
}

interface Dialect {
  /** Every error the body carries, in order (Kraken can send several). Never throws. */
  readonly read: (body: string) => readonly Reading[];
  readonly entries: readonly Entry[];
  /** Answers with no documented code that still say something (the recipe's generic 401/403). */
  readonly fallback?: (status: number | null) => ServerError | null;
}

// ───────────────────────────── readers ─────────────────────────────

/** The parsed JSON, or undefined for anything that is not JSON. */
function json(body: string): unknown {
  const text = body.trim();
  if (text === '' || (text[0] !== '{' && text[0] !== '[')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A code field as text: a string, or an integer (Binance's -1022, Bybit's 10004). */
function codeText(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0 && value.length <= 128) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** `{ <codeField>: …, <messageField>: "…" }`: Binance, OKX, Bybit, KuCoin and the sandbox. */
function codeAndMessage(codeFields: readonly string[], messageFields: readonly string[]) {
  return (body: string): readonly Reading[] => {
    const obj = record(json(body));
    if (!obj) return [];
    for (const field of codeFields) {
      const code = codeText(obj[field]);
      if (code !== undefined) return [{ code, message: messageFields.map((m) => text(obj[m])).find((m) => m !== '') ?? '' }];
    }
    return [];
  };
}

/** A JSON `{ "message": "…" }` or the body as plain text, as the message and the code (Coinbase). */
function messageOnly(body: string): readonly Reading[] {
  const parsed = json(body);
  const obj = record(parsed);
  const message = obj ? text(obj.message) : parsed === undefined ? body.trim() : '';
  return message !== '' && message.length <= 512 ? [{ code: message, message }] : [];
}

/** Kraken: `{ "error": ["EAPI:Invalid nonce"], "result": {} }`. */
function krakenErrors(body: string): readonly Reading[] {
  const errors = record(json(body))?.error;
  return Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string' && e.length <= 256).map((e) => ({ code: e, message: e })) : [];
}

/** Bitfinex v2: `["error", 10114, "nonce: small"]`. */
function bitfinexError(body: string): readonly Reading[] {
  const arr = json(body);
  if (!Array.isArray(arr) || arr[0] !== 'error') return [];
  const code = codeText(arr[1]);
  return code === undefined ? [] : [{ code, message: text(arr[2]) }];
}

/** Gemini: `{ "result": "error", "reason": "InvalidSignature", "message": "…" }`. */
function geminiError(body: string): readonly Reading[] {
  const obj = record(json(body));
  const reason = obj && obj.result === 'error' ? codeText(obj.reason) : undefined;
  return reason === undefined ? [] : [{ code: reason, message: text(obj?.message) }];
}

const XML_CODE = /<Code>([^<]{1,128})<\/Code>/;
const XML_MESSAGE = /<Message>([^<]{0,1024})<\/Message>/;

/**
 * AWS: the XML `<Error><Code>SignatureDoesNotMatch</Code>…` (S3, the query APIs), or JSON with `__type`
 * ("com.amazon.coral.service#InvalidSignatureException") or `code`, or API Gateway's `{"message": "…"}`.
 */
function awsError(body: string): readonly Reading[] {
  const xml = XML_CODE.exec(body);
  if (xml) return [{ code: xml[1]!.trim(), message: XML_MESSAGE.exec(body)?.[1] ?? '' }];
  const obj = record(json(body));
  if (!obj) return [];
  const message = text(obj.message) || text(obj.Message);
  const nested = record(obj.Error);
  const type = codeText(obj.__type) ?? codeText(obj.code) ?? codeText(obj.Code) ?? codeText(nested?.Code);
  if (type !== undefined) return [{ code: type.slice(type.lastIndexOf('#') + 1).split(':')[0]!, message }];
  return message !== '' ? [{ code: message, message }] : [];
}

// ───────────────────────────── shared cause lists ─────────────────────────────

const TIMESTAMP: readonly Cause[] = ['timestamp-skew', 'timestamp-units'];
const MISSING: readonly Cause[] = ['missing-component'];
const KEY: readonly Cause[] = ['wrong-secret'];

// ───────────────────────────── the tables ─────────────────────────────

/** The sandbox's own API (docs/sandbox.md#authentication): the codes authenticate.ts throws, in its check order. */
const SANDBOX_ENTRIES: readonly Entry[] = [
  { code: 'malformed_authorization', meaning: 'The Authorization header is missing or not HMAC apiKey="…", signature="…", timestamp="…", nonce="…": send all four fields, quoted.', causes: ['missing-component', 'scheme-mismatch'] },
  { code: 'unknown_key', meaning: 'The sandbox never issued this apiKey: check the key, and that it comes from this sandbox (GET /v1/keys lists them).', causes: KEY },
  { code: 'key_revoked', meaning: 'The key was revoked: create a new key (POST /v1/keys) or use another one.', causes: [] },
  { code: 'key_expired', meaning: 'The key is past its expiresAt: use a key that is still valid.', causes: [] },
  {
    code: 'invalid_signature',
    meaning: 'The signature does not match: check the secret and that METHOD, path, sorted query, SHA-256 of the body, timestamp and nonce were signed exactly as sent.',
    causes: ['method-case', 'path-form', 'query-order', 'url-encoding', 'body-mismatch', 'signature-encoding', 'wrong-algorithm', 'wrong-secret'],
  },
  { code: 'timestamp_skew', meaning: 'The signature is right but the timestamp (Unix seconds) is outside the sandbox window (±30 s by default): check the clock and the units.', causes: TIMESTAMP },
  { code: 'replayed_nonce', meaning: 'The signature is right but this nonce was already used with this key inside the window: use a fresh nonce per request.', causes: ['replayed-nonce'] },
  { code: 'insufficient_scope', meaning: 'The request was authenticated, but the key lacks the scope this route needs: use a key with that scope.', causes: [] },
  { code: 'rate_limited', meaning: 'The request was authenticated, but the key is over its rate limit: retry after the Retry-After seconds.', causes: [] },
];

const SANDBOX: Dialect = { read: codeAndMessage(['code'], ['message']), entries: SANDBOX_ENTRIES };

/** https://developers.binance.com/docs/binance-spot-api-docs/errors (github.com/binance/binance-spot-api-docs errors.md) */
const BINANCE: Dialect = {
  read: codeAndMessage(['code'], ['msg']),
  entries: [
    {
      code: '-1021',
      meaning: 'INVALID_TIMESTAMP: the timestamp is outside recvWindow or more than 1000 ms ahead of Binance\'s clock: compare with GET /api/v3/time, send milliseconds, or widen recvWindow (at most 60000).',
      causes: TIMESTAMP,
    },
    {
      code: '-1022',
      meaning: 'INVALID_SIGNATURE: the signature does not match the query string and body as sent: sign exactly the parameters sent, in their order and encoding, with this key\'s secret and type (HMAC, Ed25519 or RSA).',
      causes: ['query-order', 'url-encoding', 'body-mismatch', 'signature-encoding', 'scheme-mismatch', 'wrong-algorithm', 'secret-encoding', 'wrong-secret'],
    },
    { code: '-1102', meaning: 'MANDATORY_PARAM_EMPTY_OR_MALFORMED: a required parameter (often timestamp or signature) was not sent, was empty or malformed: send the one the message names.', causes: MISSING },
    { code: '-2014', meaning: 'BAD_API_KEY_FMT: the API key format is invalid: send the API key itself (not the secret) in the X-MBX-APIKEY header.', causes: ['missing-component', 'wrong-secret'] },
    {
      code: '-2015',
      meaning: 'REJECTED_MBX_KEY: Binance refused the API key, the calling IP, or the key\'s permissions for this action: check the key is right and active, that this IP is on its allow-list, and that it has this endpoint\'s permission.',
      causes: ['missing-component', 'wrong-secret'],
    },
  ],
};

/**
 * https://www.okx.com/docs-v5/en/#error-code (REST gateway codes 501xx). Wording as OKX publishes the same gateway
 * table (web3.okx.com docs' error-code pages) and the v5 table quoted in github.com/pyted/okx/issues/1.
 */
const OKX: Dialect = {
  read: codeAndMessage(['code'], ['msg']),
  entries: [
    { code: '50101', meaning: 'The API key does not match the current environment: demo-trading keys need the x-simulated-trading: 1 header, live keys must not send it.', causes: ['missing-component', 'wrong-secret'] },
    { code: '50102', meaning: 'Timestamp request expired: OK-ACCESS-TIMESTAMP is more than 30 s from OKX\'s clock: compare with GET /api/v5/public/time and sign just before sending.', causes: TIMESTAMP },
    { code: '50103', meaning: 'The OK-ACCESS-KEY header is missing or empty: send the API key in it.', causes: MISSING },
    { code: '50104', meaning: 'The OK-ACCESS-PASSPHRASE header is missing or empty: send the passphrase set when the key was created.', causes: MISSING },
    { code: '50105', meaning: 'OK-ACCESS-PASSPHRASE is incorrect: send the passphrase set when this key was created.', causes: KEY },
    { code: '50106', meaning: 'The OK-ACCESS-SIGN header is missing or empty: send the base64 HMAC-SHA256 signature in it.', causes: MISSING },
    { code: '50107', meaning: 'The OK-ACCESS-TIMESTAMP header is missing or empty: send the ISO 8601 time the request was signed at, e.g. 2020-12-08T09:08:57.715Z.', causes: MISSING },
    { code: '50110', meaning: 'The calling IP is not on this API key\'s IP allow-list: add it to the key or call from an allowed address.', causes: [] },
    { code: '50111', meaning: 'Invalid OK-ACCESS-KEY: OKX does not know this API key: check the key.', causes: KEY },
    { code: '50112', meaning: 'Invalid OK-ACCESS-TIMESTAMP: send an ISO 8601 UTC time with milliseconds, e.g. 2020-12-08T09:08:57.715Z, the same one you signed.', causes: ['timestamp-units', 'timestamp-skew'] },
    {
      code: '50113',
      meaning: 'Invalid signature: OK-ACCESS-SIGN does not match timestamp + METHOD + path?query + body as sent: check the SecretKey and that each part was signed exactly as sent, base64-encoded.',
      causes: ['signature-encoding', 'method-case', 'path-form', 'query-order', 'url-encoding', 'body-mismatch', 'secret-encoding', 'wrong-algorithm', 'wrong-secret'],
    },
  ],
};

/** https://bybit-exchange.github.io/docs/v5/error */
const BYBIT: Dialect = {
  read: codeAndMessage(['retCode', 'ret_code'], ['retMsg', 'ret_msg']),
  entries: [
    { code: '10002', meaning: 'The request time is outside the window: Bybit accepts server_time - recv_window <= X-BAPI-TIMESTAMP < server_time + 1000 ms: check the clock and the units, or raise X-BAPI-RECV-WINDOW.', causes: TIMESTAMP },
    { code: '10003', meaning: 'The API key is invalid, or belongs to another environment (mainnet, testnet, mainnet-demo, testnet-demo) than this host: use a key made for this host.', causes: KEY },
    {
      code: '10004',
      meaning: 'Error sign: X-BAPI-SIGN does not match timestamp + apiKey + recvWindow + (query string | body) as sent: check the secret and that each part was signed exactly as sent.',
      causes: ['query-order', 'url-encoding', 'body-mismatch', 'signature-encoding', 'wrong-algorithm', 'secret-encoding', 'wrong-secret'],
    },
    { code: '10005', meaning: 'Permission denied: the API key lacks the permission this endpoint needs: enable it on the key.', causes: [] },
    { code: '10007', meaning: 'User authentication failed: check that the X-BAPI-* headers are all sent and the key is active.', causes: ['missing-component', 'wrong-secret'] },
    { code: '10010', meaning: 'Unmatched IP: the calling IP is not among the API key\'s bound IP addresses: add it or call from a bound address.', causes: [] },
  ],
};

/** https://docs.kraken.com/exchange/guides/general/errors (authentication errors), https://docs.kraken.com/api/docs/guides/spot-rest-auth */
const KRAKEN: Dialect = {
  read: krakenErrors,
  entries: [
    { code: 'EAPI:Invalid key', meaning: 'The API-Key header is missing, malformed, or names a deleted or revoked key: check the key under Settings → API (repeated failures cause a temporary lockout).', causes: ['missing-component', 'wrong-secret'] },
    {
      code: 'EAPI:Invalid signature',
      meaning: 'API-Sign does not match HMAC-SHA512(URI path + SHA-256(nonce + POST data)) keyed with the base64-decoded secret: check the secret\'s decoding, and that the path and the exact body sent were signed.',
      causes: ['secret-encoding', 'body-mismatch', 'path-form', 'signature-encoding', 'wrong-algorithm', 'wrong-secret'],
    },
    { code: 'EAPI:Invalid nonce', meaning: 'The nonce is not greater than the last one this key used: send an always-increasing nonce (one source per key; switching from microseconds to milliseconds makes it smaller).', causes: ['replayed-nonce', 'timestamp-units'] },
    { code: 'EGeneral:Permission denied', meaning: 'The key was accepted but lacks the permission this endpoint needs: enable it on the key.', causes: [] },
    { code: 'EGeneral:Temporary lockout', meaning: 'Too many invalid-key errors locked the account for a few minutes: wait before retrying, then fix the key.', causes: [] },
  ],
};

const lower = (code: string) => (r: Reading) => r.code.trim().toLowerCase() === code;

/**
 * https://docs.cdp.coinbase.com/exchange/rest-api/authentication (the rules: 30 s, headers). The docs do not list
 * error bodies; the two messages are as Coinbase answers them: {"message":"invalid signature"} (Coinbase staff on
 * forums.coinbasecloud.dev/t/coinbase-pro-api-authentication/173), "request timestamp expired" (coinbase/coinbase-php#65).
 */
const COINBASE_EXCHANGE: Dialect = {
  read: messageOnly,
  entries: [
    {
      code: 'invalid signature',
      matches: lower('invalid signature'),
      meaning: 'CB-ACCESS-SIGN does not match timestamp + METHOD + requestPath + body: HMAC-SHA256 keyed with the base64-decoded secret, base64-encoded, over exactly what was sent.',
      causes: ['secret-encoding', 'signature-encoding', 'method-case', 'path-form', 'body-mismatch', 'wrong-algorithm', 'wrong-secret'],
    },
    { code: 'request timestamp expired', matches: lower('request timestamp expired'), meaning: 'CB-ACCESS-TIMESTAMP (Unix seconds) is more than 30 s from Coinbase\'s clock: compare with GET /time and sign just before sending.', causes: TIMESTAMP },
  ],
};

/**
 * https://docs.cdp.coinbase.com/get-started/authentication/jwt-authentication: "Your JWT expires after 2 minutes,
 * after which all requests are unauthenticated"; the refusal is HTTP 401 with the text "Unauthorized".
 */
const COINBASE_ADVANCED: Dialect = {
  read: (body) => (body.trim().toLowerCase() === 'unauthorized' ? [{ code: 'Unauthorized', message: body.trim() }] : []),
  entries: [
    {
      code: 'Unauthorized',
      meaning: 'Coinbase refused the JWT: it has expired (2 minutes after nbf; check the clock), its uri claim is not this request\'s "METHOD host/path", or it was not signed by this key.',
      causes: ['timestamp-skew', 'path-form', 'method-case', 'scheme-mismatch', 'wrong-secret'],
    },
  ],
};

/** https://www.kucoin.com/docs-new/error-code (gateway errors 400xxx); 400001's wording from the older docs (docs/basic-info/errors-code). */
const KUCOIN: Dialect = {
  read: codeAndMessage(['code'], ['msg']),
  entries: [
    { code: '400001', meaning: 'One of KC-API-KEY, KC-API-SIGN, KC-API-TIMESTAMP or KC-API-PASSPHRASE is missing from the headers: send all four.', causes: MISSING },
    { code: '400002', meaning: 'Invalid KC-API-TIMESTAMP: it must be Unix milliseconds within 5 s of KuCoin\'s clock: compare with GET /api/v1/timestamp.', causes: TIMESTAMP },
    { code: '400003', meaning: 'KC-API-KEY does not exist: check the API key.', causes: KEY },
    { code: '400004', meaning: 'Invalid KC-API-PASSPHRASE: with KC-API-KEY-VERSION 2 send base64 HMAC-SHA256 of the passphrase keyed with the secret, and the passphrase must be the one set on the key.', causes: ['secret-encoding', 'wrong-secret'] },
    {
      code: '400005',
      meaning: 'Invalid KC-API-SIGN: it does not match base64 HMAC-SHA256 of timestamp + METHOD + endpoint (with its query) + body as sent: check the secret and each part.',
      causes: ['signature-encoding', 'method-case', 'path-form', 'query-order', 'url-encoding', 'body-mismatch', 'wrong-algorithm', 'wrong-secret'],
    },
    { code: '400006', meaning: 'The calling IP is not on the API key\'s allow-list: add it or call from an allowed address.', causes: [] },
    { code: '400007', meaning: 'Access denied: the API key lacks the permission this endpoint needs.', causes: [] },
    { code: '400009', meaning: 'Invalid KC-API-KEY-VERSION: send the version the key was created with (2 for keys whose passphrase is HMAC-encrypted).', causes: MISSING },
  ],
};

/**
 * Bitfinex v2 answers errors as ["error", CODE, MESSAGE] (https://docs.bitfinex.com/docs/rest-auth for the
 * signing rules). Bitfinex's pages found here do not list the codes; 10100 "apikey: invalid" and 10114
 * "nonce: small" are the answers as client libraries record them (rotki's Bitfinex tests, JKorf/Bitfinex.Net).
 */
const BITFINEX: Dialect = {
  read: bitfinexError,
  entries: [
    { code: '10114', meaning: 'nonce: small: bfx-nonce is not greater than the last one this key used: send an always-increasing nonce (microseconds, as the docs do) and one source per key.', causes: ['replayed-nonce', 'timestamp-units'] },
    { code: '10100', matches: (r) => r.code === '10100' && r.message === 'apikey: invalid', meaning: 'apikey: invalid: Bitfinex does not accept this bfx-apikey: check the key and that it is enabled.', causes: ['missing-component', 'wrong-secret'] },
    {
      code: '10100',
      meaning: 'Authentication failed: check bfx-apikey, and that bfx-signature is hex HMAC-SHA384 of "/api/" + path + bfx-nonce + the exact body sent.',
      causes: ['path-form', 'body-mismatch', 'signature-encoding', 'wrong-algorithm', 'wrong-secret'],
    },
  ],
};

/** https://developer.gemini.com/error-codes (the reason names as ccxt's Gemini exception table copies them from it). */
const GEMINI: Dialect = {
  read: geminiError,
  entries: [
    { code: 'InvalidSignature', meaning: 'X-GEMINI-SIGNATURE is not hex HMAC-SHA384 of X-GEMINI-PAYLOAD (the base64 payload as sent) keyed with the secret.', causes: ['signature-encoding', 'body-mismatch', 'wrong-algorithm', 'wrong-secret'] },
    { code: 'InvalidNonce', meaning: 'The payload nonce is not greater than the last one this key used (or, for a time-based-nonce key, not Unix seconds within ±30 s).', causes: ['replayed-nonce', 'timestamp-units', 'timestamp-skew'] },
    { code: 'MissingApikeyHeader', meaning: 'The X-GEMINI-APIKEY header is missing: send the API key in it.', causes: MISSING },
    { code: 'MissingPayloadHeader', meaning: 'The X-GEMINI-PAYLOAD header is missing: send the base64 JSON payload in it.', causes: MISSING },
    { code: 'MissingSignatureHeader', meaning: 'The X-GEMINI-SIGNATURE header is missing: send the signature in it.', causes: MISSING },
    { code: 'MissingRole', meaning: 'The key was accepted but lacks the role this endpoint needs: add the role to the key.', causes: [] },
  ],
};

/**
 * AWS: common errors (e.g. https://docs.aws.amazon.com/awsconsolehelpdocs/latest/gsg/common-errors.html:
 * IncompleteSignature, MissingAuthenticationToken, RequestExpired, InvalidClientTokenId, ExpiredTokenException), S3's
 * SignatureDoesNotMatch and RequestTimeTooSkewed (as S3 answers them), InvalidSignatureException from JSON services
 * (aws.amazon.com/blogs/developer/clock-skew-correction), InvalidAccessKeyId from the AWS SDK's service error list.
 */
const CANONICAL: readonly Cause[] = ['path-form', 'query-order', 'url-encoding', 'body-mismatch', 'method-case', 'signature-encoding', 'wrong-secret'];
const AWS: Dialect = {
  read: awsError,
  entries: [
    { code: 'SignatureDoesNotMatch', meaning: 'The signature AWS calculated from the canonical request differs: check the secret access key, and that method, path, query, signed headers and payload hash were canonicalized as sent.', causes: CANONICAL },
    { code: 'InvalidSignatureException', meaning: 'The signature does not match the canonical request AWS built, or the request time is skewed: check the secret key, the canonical request and the clock.', causes: [...CANONICAL.slice(0, -1), 'timestamp-skew', 'wrong-secret'] },
    { code: 'IncompleteSignature', meaning: 'The signature does not conform to AWS standards: the Authorization header needs Credential, SignedHeaders and Signature, and X-Amz-Date must be sent.', causes: MISSING },
    {
      code: 'MissingAuthenticationToken',
      matches: (r) => ['MissingAuthenticationToken', 'MissingAuthenticationTokenException', 'Missing Authentication Token'].includes(r.code),       meaning: 'No AWS access key or signature was found: sign the request (Authorization header or X-Amz-* query) — API Gateway also answers this for an unknown path.',
      causes: ['missing-component', 'path-form'],
    },
    { code: 'RequestTimeTooSkewed', meaning: 'The request time (X-Amz-Date) and the server time differ by more than 15 minutes: fix the clock and sign just before sending.', causes: TIMESTAMP },
    { code: 'RequestExpired', meaning: 'The request reached AWS more than 15 minutes after its date stamp (or its date is over 15 minutes ahead): sign just before sending and check the clock.', causes: TIMESTAMP },
    { code: 'InvalidClientTokenId', meaning: 'The access key ID does not exist in AWS\'s records: check the access key ID (and the partition/region it belongs to).', causes: KEY },
    { code: 'InvalidAccessKeyId', meaning: 'The access key ID does not exist in AWS\'s records: check the access key ID.', causes: KEY },
    { code: 'ExpiredTokenException', matches: (r) => r.code === 'ExpiredTokenException' || r.code === 'ExpiredToken', meaning: 'The session token has expired: get fresh temporary credentials.', causes: [] },
  ],
};

/** The recipe signs APIs Signet does not know: the sandbox's codes, else what a bare 401 or 403 says. */
const RECIPE: Dialect = {
  ...SANDBOX,
  fallback: (status) =>
    status === 401
      ? { code: '401', meaning: 'The server refused the request\'s authentication (HTTP 401) without a code Signet knows: check the headers the API requires, the timestamp and the secret.', causes: ['missing-component', 'timestamp-skew', 'wrong-secret'] }
      : status === 403
        ? { code: '403', meaning: 'The server refused the request (HTTP 403): the key may lack permission or the IP may not be allowed; some APIs also answer 403 for a bad signature.', causes: KEY }
        : null,
};

const DIALECTS: Readonly<Record<string, Dialect>> = {
  hmac: SANDBOX,
  recipe: RECIPE,
  'binance-hmac-sha256': BINANCE,
  'binance-ed25519': BINANCE,
  'binance-rsa': BINANCE,
  'okx-v5': OKX,
  'bybit-v5': BYBIT,
  'kraken-spot': KRAKEN,
  'coinbase-exchange-hmac': COINBASE_EXCHANGE,
  'coinbase-advanced-cdp-jwt': COINBASE_ADVANCED,
  'kucoin-v2': KUCOIN,
  'bitfinex-v2': BITFINEX,
  gemini: GEMINI,
  'aws-sigv4': AWS,
};

/** The scheme ids this module knows the errors of (every scheme in the registry). */
export const SERVER_ERROR_SCHEMES: readonly string[] = Object.keys(DIALECTS);

/** Every documented error of `schemeId`'s API, in table order (for a legend or help text); empty for an unknown scheme. */
export function serverErrorTable(schemeId: string): readonly ServerError[] {
  const dialect = Object.hasOwn(DIALECTS, schemeId) ? DIALECTS[schemeId]! : undefined;
  return dialect ? dialect.entries.map(({ code, meaning, causes }) => ({ code, meaning, causes })) : [];
}

/**
 * The documented error in `answer`, read the way `schemeId`'s API writes its errors, with what it says about the
 * cause; null for an unknown scheme, an answer that is not an error body, or a code no table lists. Never throws.
 */
export function readServerAnswer(schemeId: string, answer: ServerAnswerInput): ServerError | null {
  const dialect = Object.hasOwn(DIALECTS, schemeId) ? DIALECTS[schemeId] : undefined;
  if (!dialect || typeof answer?.body !== 'string') return null;
  for (const reading of dialect.read(answer.body)) {
    const entry = dialect.entries.find((e) => (e.matches ? e.matches(reading) : e.code === reading.code));
    if (entry) return { code: entry.code, meaning: entry.meaning, causes: entry.causes };
  }
  return dialect.fallback?.(answer.status) ?? null;
}
