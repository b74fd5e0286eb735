/**
 * The single egress: the only code in Signet that opens a connection to an API. Every request goes through the
 * same steps, in this order, so none can be skipped:
 *   1. input checked (scheme, method, URL resolved against the key's base URL or the running sandbox) — errors
 *      here throw, nothing is sent;
 *   2. host allowlist (host-allowlist.ts) — checked before the key is opened;
 *   3. token buckets per provider and per key (base/token-bucket.ts);
 *   4. signing with the vault key, opened only for the signing (`vault.useSecret`, recorded as a use);
 *   5. undici request with timeouts, timings, a bounded response body (transport.ts, shared with public-http.ts);
 *   6. retries (transport.ts, retry-policy.ts), each re-signed with a fresh timestamp and nonce (exchanges reject
 *      replays);
 *   7. one inspector record with secrets as •••• and signatures masked (redact-signatures.ts).
 * Anything that happens after the input is accepted (a refused host, a timeout, a refused connection, an HTTP
 * error) is a record, never an exception: the inspector shows every attempt to send.
 *
 * Secret credential values do outlive the signing a little: a scheme may put one in a header (a passphrase) and
 * the request must carry it, and the same values mask error messages and response bodies until the record is made.
 */
import { randomUUID, randomBytes } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { AppError } from '../base/errors';
import { cannotConfirm, requireConfirmation, type Confirm } from '../base/confirm';
import { providerInfo } from '../contract/providers';
import { silentLogger, type Logger } from '../base/logger';
import type { InspectorRecord, RecordedDraft, RecordedHeader, RevealedSignatures } from '../contract/inspector';
import type { Credentials, EntryDetail } from '../contract/schemas';
import { toSignable, type Draft } from '../request/draft';
import { createMasker, secretCredentials } from '../request/mask-secrets';
import { masked } from '../request/masked';
import { resolveRequestUrl } from '../request/resolve-url';
import { getHeader } from '../signing/encoding';
import { getScheme } from '../signing/registry';
import { assertSchemeForProvider, schemeForProvider } from '../signing/scheme-for-provider';
import { signingInputError } from '../signing/signing-error';
import type { SignableRequest } from '../signing/types';
import type { Vault } from '../vault/types';
import type { CredentialSlot } from '../vault/rotation-edits';
import { awaitingApiKeyError } from '../vault/key-pair';
import { awsScopeOf, refusal } from './host-allowlist';
import { isReadRequest } from './request-kind';
import type { InspectorStore } from './inspector-store';
import { maskSecretFields, maskSignatureHeader, maskSignatureInUrl, maskSignatureParams, maskSignatureValue } from './redact-signatures';
import { keyHeaderOf } from './key-headers';
import { DEFAULT_RETRY, isIdempotent, type RetryOptions } from './retry-policy';
import { createEgressAgent, DEFAULT_TIMEOUT_MS, defaultLimits, MAX_KEPT_BODY_BYTES, noTimings, outcomeOf, Transport, type Attempt, type FailureMessages } from './transport';
import type { BucketLimit } from '../base/token-bucket';

export type { Draft } from '../request/draft';

/** A response larger than this is not read further (the connection is dropped). */
const MAX_READ_BYTES = 16 * 1024 * 1024;
const MAX_RECORDED_REQUEST_BODY = 256 * 1024;

export interface EgressDeps {
  readonly vault: Vault;
  readonly inspector: InspectorStore;
  readonly logger?: Logger;
  /** Epoch ms: signing timestamps, record times, Retry-After dates, token buckets. */
  readonly now?: () => number;
  readonly newNonce?: () => string;
  /** The running sandbox's base URL (http://127.0.0.1:PORT), or null when none runs: sandbox keys go there. */
  readonly sandboxUrl: () => string | null;
  /** undici Dispatcher (tests: `createEgressAgent` with short timeouts); default: an Agent made here (closed by `close`). */
  readonly dispatcher?: Dispatcher;
  /** Wait for response headers, and for connecting (default 15 s); the body may take twice as long between chunks. */
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions;
  /** The token bucket for a provider; each key of that provider gets a bucket of the same size too. */
  readonly limits?: (provider: string) => BucketLimit;
  /** Longest wait for a rate-limit token before the request is refused with ERR_RATE_LIMITED (default 10 s). */
  readonly rateLimitWaitMs?: number;
  /** Jitter source for backoff (tests fix it). */
  readonly random?: () => number;
  /**
   * Asks the person (a main-process dialog, the terminal) before a production key's request that is not a read is
   * sent. Default: nobody can be asked, so such a request is refused.
   */
  readonly confirm?: Confirm;
}

/** Body characters shown in a confirmation; the rest is counted. */
const CONFIRM_BODY_CHARS = 2_000;

/** The request as it goes on the wire (may hold a secret a scheme puts in a header), and as it is recorded. */
interface Signed {
  readonly wire: SignableRequest;
  readonly schemeId: string | null;
  readonly view: Pick<InspectorRecord, 'url' | 'requestHeaders' | 'requestBody' | 'canonical'>;
  readonly revealed: RevealedSignatures | null;
  readonly draft: RecordedDraft;
  readonly maskSecrets: (text: string) => string;
}

function cut(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

/** The API's own error from a JSON body (`{code, message}`, Binance `{code, msg}`, Kraken `{error: [...]}`), else the status. */
function apiError(status: number, body: string): { code: string; message: string } {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const message = [j.message, j.msg, j.error_description, Array.isArray(j.error) ? j.error.join('; ') : j.error].find((v) => typeof v === 'string' && v !== '');
    const code = j.code ?? j.error_code ?? j.status;
    if (typeof message === 'string') return { code: typeof code === 'string' || typeof code === 'number' ? String(code) : `HTTP_${status}`, message };
  } catch {
    // Not JSON: the status says it.
  }
  return { code: `HTTP_${status}`, message: `The API answered ${status}${body ? `: ${cut(body.trim().replace(/\s+/g, ' '), 200)}` : ''}.` };
}

/** The egress's words for a failed attempt: what to check, and whether a write may have gone through. */
const maybeDone = (method: string) => (isIdempotent(method) ? '' : ` It may or may not have been processed: check before sending this ${method} again.`);
const FAILURE_MESSAGES: FailureMessages = {
  connectTimeout: (url, s) => `Could not connect to ${url.host} within ${s} s. Check the address and your network.`,
  headersTimeout: (url, s, method) => `${url.host} did not answer within ${s} s.${maybeDone(method)}`,
  bodyTimeout: (url, s) => `${url.host} stopped sending its response for more than ${s} s.`,
  refused: (url) => `Nothing is listening at ${url.host} (connection refused). Check the URL and that the server runs.`,
  dns: (url) => `${url.hostname} could not be found (DNS). Check the host name and your network.`,
  other: (url, why, method) => `The connection to ${url.host} failed: ${why}.${maybeDone(method)}`,
  // Not reached: the egress keeps the first MAX_KEPT_BODY_BYTES of a larger answer (overMax 'keep').
  tooLarge: (url, max) => `${url.host} sent more than ${Math.round(max / 1024 / 1024)} MB; Signet stopped reading.`,
};

export class Egress {
  readonly #deps: EgressDeps;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #newNonce: () => string;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #transport: Transport;

  constructor(deps: EgressDeps) {
    this.#deps = deps;
    this.#logger = deps.logger ?? silentLogger;
    this.#now = deps.now ?? Date.now;
    this.#newNonce = deps.newNonce ?? (() => randomBytes(16).toString('hex'));
    const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#ownsDispatcher = deps.dispatcher === undefined;
    this.#dispatcher = deps.dispatcher ?? createEgressAgent({ timeoutMs });
    // Bucket names are `provider:<id>` and `key:<provider>:<entry id>`; both sizes come from the provider.
    this.#transport = new Transport({
      dispatcher: this.#dispatcher,
      timeoutMs,
      retry: deps.retry ?? DEFAULT_RETRY,
      limits: deps.limits ?? defaultLimits,
      ...(deps.rateLimitWaitMs !== undefined && { rateLimitWaitMs: deps.rateLimitWaitMs }),
      now: this.#now,
      random: deps.random,
      messages: FAILURE_MESSAGES,
      body: { keepBytes: MAX_KEPT_BODY_BYTES, maxBytes: MAX_READ_BYTES, overMax: 'keep' },
    });
  }

  /**
   * Signs the draft with its vault key and sends it; resolves to the record (also added to the inspector). A
   * refused host, a rate limit, a timeout or a network error is a record with outcome `failed`; input errors
   * (unknown scheme, bad method or URL, locked vault, missing entry, credentials the scheme cannot use) throw
   * before anything is sent.
   */
  async send(draft: Draft): Promise<InspectorRecord> {
    return (await this.#send(draft, 'current')).record;
  }

  /**
   * For main's own calls (a rotation's key API calls and checks): signs with a chosen credential slot and also
   * answers the response body as received. The record in the inspector is masked as always (secret-named JSON fields
   * such as a created key's `secret` are ••••); the raw body stays with the caller, in main.
   */
  async sendInternal(draft: Draft, slot: CredentialSlot): Promise<{ record: InspectorRecord; body: string | null }> {
    return this.#send(draft, slot);
  }

  async #send(draft: Draft, slot: CredentialSlot): Promise<{ record: InspectorRecord; body: string | null }> {
    const at = this.#now();
    const id = randomUUID();
    const method = draft.method.trim().toUpperCase();
    if (!/^[A-Z]{1,16}$/.test(method)) throw signingInputError('method', 'expected an HTTP method such as GET or POST');
    if (draft.schemeId) getScheme(draft.schemeId);
    toSignable(draft); // header rows checked before anything else happens
    // Another Signet process (the CLI beside the app) may have rotated or edited the key: sign with what is on disk.
    await this.#deps.vault.refresh().catch(() => false);
    const entry = this.#deps.vault.get(draft.entryId);
    // A generated pair whose public key is not registered yet has nothing to send as its API key.
    if (entry.awaitingApiKey) throw awaitingApiKeyError(entry.provider, entry.label);
    if (draft.schemeId) assertSchemeForProvider(entry.provider, draft.schemeId);
    const sandboxUrl = entry.provider === 'sandbox' ? this.#deps.sandboxUrl() : null;
    const resolved = resolveRequestUrl(draft.url, entry, sandboxUrl);

    const base = {
      id,
      at: new Date(at).toISOString(),
      provider: entry.provider,
      entryId: entry.id,
      entryLabel: entry.label,
      schemeId: draft.schemeId ?? null,
      method,
    };
    const typedDraft: RecordedDraft = {
      entryId: entry.id,
      schemeId: draft.schemeId ?? null,
      method: draft.method,
      url: draft.url,
      headers: draft.headers.map((h) => ({ name: h.name, value: h.value })),
      body: draft.body,
      ...(draft.options && { options: draft.options }),
    };
    const refuse = async (code: 'ERR_SANDBOX_UNAVAILABLE' | 'ERR_HOST_NOT_ALLOWED' | 'ERR_RATE_LIMITED', message: string, url: string, started: number) => {
      // Nothing was signed or sent, but a secret pasted into the URL, a header or the body must not be kept: the key
      // is opened only to mask its values (record: false: refusing is not a use of the key).
      const mask = await this.#deps.vault.useSecret(entry.id, (c) => createMasker(secretCredentials(entry.provider, c)).mask, { record: false, slot });
      const draftKept: RecordedDraft = {
        ...typedDraft,
        url: mask(typedDraft.url),
        headers: typedDraft.headers.map((h) => ({ name: h.name, value: mask(h.value) })),
        body: typedDraft.body === null ? null : mask(typedDraft.body),
      };
      const record = this.#finish({
        ...base,
        url: maskSignatureInUrl(mask(url)),
        requestHeaders: [],
        requestBody: null,
        canonical: null,
        status: null,
        outcome: 'failed',
        error: { code, message },
        responseHeaders: [],
        responseBody: null,
        responseBytes: 0,
        responseTruncated: false,
        timings: noTimings(Math.max(0, this.#now() - started)),
        attempts: 0,
        draft: draftKept,
        revealed: null,
      });
      return { record, body: null };
    };

    if ('unavailable' in resolved) return refuse('ERR_SANDBOX_UNAVAILABLE', resolved.unavailable, draft.url, at);
    const url = resolved.url;
    // undici sends a typed Host as given: the allowed address would be asked for another site (a shared front end
    // routes by Host), so the allowlist's host must be the one named.
    const hostRow = draft.headers.findIndex((h) => h.name.trim().toLowerCase() === 'host');
    if (hostRow >= 0 && draft.headers[hostRow]!.value.trim().toLowerCase() !== url.host) {
      throw signingInputError(`headers[${hostRow}].name`, `a Host header of ${JSON.stringify(cut(draft.headers[hostRow]!.value, 80))} names another host than the URL (${url.host}); remove it, Signet sends the URL's host`);
    }
    const why = refusal(url, { provider: entry.provider, entryBaseUrl: entry.baseUrl, schemeId: draft.schemeId ?? null, sandboxUrl, aws: awsScopeOf(entry) });
    if (why) {
      this.#logger.warn('egress: host refused', { id, provider: entry.provider, host: url.host });
      return refuse('ERR_HOST_NOT_ALLOWED', why, url.href, at);
    }

    if (entry.environment === 'prod' && !isReadRequest(entry.provider, method, url)) await this.#confirmWrite(entry, method, url, draft.body);

    const run = await this.#transport.run({
      buckets: [`provider:${entry.provider}`, `key:${entry.provider}:${entry.id}`],
      method,
      target: url,
      prepare: async (attempt): Promise<Signed> => this.#sign(draft, entry, method, url, attempt === 1, slot),
      onRetry: ({ attempt, waitMs, last }) =>
        this.#logger.warn('egress: retrying', { id, attempt, waitMs, status: last.status, code: last.kind === 'error' ? last.code : null }),
    });
    if (run.kind === 'limited') {
      const l = (this.#deps.limits ?? defaultLimits)(entry.provider);
      const message = `Signet's own rate limit for ${entry.provider} (${l.refillPerSec} requests/s, bursts of ${l.capacity}, per key and per provider) would hold this request too long; try again in a moment.`;
      return refuse('ERR_RATE_LIMITED', message, url.href, at);
    }
    // Mid-retry, a token that would come too late ends the run with the last answer (more useful than the refusal).
    const { attempts, prepared: signed } = run;
    const result: Attempt = run.last;

    const response =
      result.kind === 'response'
        ? {
            status: result.status,
            outcome: outcomeOf(result.status),
            error: result.status >= 400 ? apiError(result.status, signed.maskSecrets(result.body)) : null,
            responseHeaders: result.headers.map((h) => ({ name: h.name, value: signed.maskSecrets(h.value) })),
            responseBody: maskSecretFields(signed.maskSecrets(result.body)),
            responseBytes: result.bytes,
            responseTruncated: result.truncated,
          }
        : {
            status: result.status,
            outcome: 'failed' as const,
            error: { code: result.code, message: signed.maskSecrets(result.message) },
            responseHeaders: [],
            responseBody: null,
            responseBytes: 0,
            responseTruncated: false,
          };
    const record = this.#finish({ ...base, schemeId: signed.schemeId, ...signed.view, ...response, timings: result.timings, attempts, draft: signed.draft, revealed: signed.revealed });
    return { record, body: result.kind === 'response' ? result.body : null };
  }

  /** Re-signs a recorded draft with a fresh timestamp and nonce and sends it. */
  async resend(recordId: string): Promise<InspectorRecord> {
    const { draft } = this.#deps.inspector.get(recordId);
    if (draft.entryId === null) {
      throw new AppError('ERR_VALIDATION', 'This request was not sent with a vault key, so Signet cannot sign it again. Open it in the Request page and choose a key.');
    }
    return this.send({
      entryId: draft.entryId,
      ...(draft.schemeId !== null && { schemeId: draft.schemeId }),
      method: draft.method,
      url: draft.url,
      headers: draft.headers,
      body: draft.body,
      ...(draft.options && { options: draft.options }),
    });
  }

  /**
   * A production key's order, withdrawal or other write is sent only after the person says so, outside the page:
   * method, host, path, key and body are shown as they will be signed. Re-sends come through here too.
   */
  async #confirmWrite(entry: EntryDetail, method: string, url: URL, body: string | null): Promise<void> {
    const confirm = this.#deps.confirm ?? cannotConfirm('this host has no way to ask you.');
    const provider = providerInfo(entry.provider)?.name ?? entry.provider;
    const shownBody = body === null || body === '' ? '(none)' : body.length > CONFIRM_BODY_CHARS ? `${body.slice(0, CONFIRM_BODY_CHARS)}… (${body.length - CONFIRM_BODY_CHARS} more characters)` : body;
    await requireConfirmation(
      confirm,
      {
        title: 'Send with a production key?',
        message: `${method} ${url.host}${url.pathname} with the production key “${entry.label}”`,
        detail: [
          `Method: ${method}`,
          `Host: ${url.host}`,
          `Path: ${url.pathname}${url.search}`,
          `Key: ${entry.label} (${provider}, prod)`,
          `Body: ${shownBody}`,
          '',
          'This request may place an order or move funds. Signet asks before it sends anything but a read with a production key.',
        ].join('\n'),
        confirmLabel: 'Send',
      },
      `${method} ${url.host}${url.pathname} with the production key “${entry.label}” was not sent: you did not confirm it.`,
    );
  }

  /** Closes the connections of the Agent made here (a dispatcher passed in belongs to the caller). */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  #finish(stored: InspectorRecord & { revealed: RevealedSignatures | null }): InspectorRecord {
    const { revealed: _r, ...record } = stored;
    this.#deps.inspector.add(stored);
    this.#logger.info('egress: request', {
      id: record.id,
      provider: record.provider,
      method: record.method,
      url: record.url,
      status: record.status,
      outcome: record.outcome,
      errorCode: record.error?.code ?? null,
      attempts: record.attempts,
      totalMs: record.timings.totalMs,
    });
    return record;
  }

  /** Opens the key, signs, and builds the masked view of what is sent. `first`: the draft's own timestamp/nonce may be used. */
  async #sign(draft: Draft, entry: EntryDetail, method: string, url: URL, first: boolean, slot: CredentialSlot): Promise<Signed> {
    const timestamp = (first ? draft.timestamp : undefined) ?? this.#now();
    const nonce = (first ? draft.nonce : undefined) ?? this.#newNonce();
    const request: SignableRequest = { ...toSignable(draft), method, url: url.href };
    const options = draft.options && Object.keys(draft.options).length ? { options: draft.options } : {};
    return this.#deps.vault.useSecret(
      entry.id,
      (credentials) =>
        masked(credentials, async (): Promise<Signed> => {
          const schemeId = draft.schemeId ?? schemeForProvider(entry.provider, credentials).schemeId;
          const keyHeader = schemeId === null ? keyHeaderOf(entry.provider) : undefined;
          let wire: SignableRequest;
          let canonical: string | null = null;
          let signature: string | null = null;
          if (schemeId !== null) {
            const r = await getScheme(schemeId).sign(request, credentials, { timestamp, nonce, ...options });
            wire = r.request;
            canonical = r.canonical;
            signature = r.signature;
          } else {
            if (!keyHeader) throw signingInputError('scheme', `no way to send a ${entry.provider} key is known; choose a scheme`);
            if (!credentials.apiKey) throw signingInputError('credentials.apiKey', `the ${entry.provider} key has no apiKey to send`);
            wire = { ...request, headers: { ...request.headers, [keyHeader(url)]: credentials.apiKey } };
          }
          return this.#view(draft, request, wire, schemeId, canonical, signature, secretCredentials(entry.provider, credentials));
        }),
      // Sending is a use of the key.
      { record: true, slot },
    );
  }

  /**
   * The record's view of what was sent. Secrets are •••• for good; the key's API key (or access key id) shows as its
   * preview (••••3f9a) and signatures as their ends, both kept whole in memory only (`revealed`, shown on request).
   */
  #view(draft: Draft, typed: SignableRequest, wire: SignableRequest, schemeId: string | null, canonical: string | null, signature: string | null, secrets: Readonly<Credentials>): Signed {
    const maskSecrets = createMasker(secrets).mask;
    const maskIds = createMasker(secrets, { ids: true }).mask;
    const requestHeaders: RecordedHeader[] = [];
    const revealedHeaders: { name: string; value: string }[] = [];
    for (const [name, value] of Object.entries(wire.headers)) {
      const signed = getHeader(typed.headers, name) !== value;
      const hidden = maskSecrets(value);
      if (hidden !== value) {
        requestHeaders.push({ name, value: hidden, signed, masking: 'secret' });
        continue;
      }
      // Known signature headers by name; any other header by the signature value it carries (a recipe's own header).
      const sig = maskSignatureHeader(name, value) ?? maskSignatureValue(value, signature);
      const shown = sig === null ? maskIds(value) : maskIds(sig);
      if (shown !== value) {
        requestHeaders.push({ name, value: shown, signed, masking: sig !== null && sig !== value ? 'signature' : 'key' });
        revealedHeaders.push({ name, value });
      } else requestHeaders.push({ name, value, signed, masking: 'none' });
    }
    const url = maskSecrets(wire.url);
    const body = wire.body === null ? null : cut(maskSecrets(wire.body), MAX_RECORDED_REQUEST_BODY);
    const shownCanonical = canonical === null ? null : maskSecrets(canonical);
    const maskedBody = body === null ? null : maskIds(maskSignatureValue(maskSignatureParams(body), signature));
    const maskedUrl = maskIds(maskSignatureValue(maskSignatureInUrl(url), signature));
    const maskedCanonical = shownCanonical === null ? null : maskIds(shownCanonical);
    const revealable = revealedHeaders.length > 0 || maskedUrl !== url || maskedBody !== body || maskedCanonical !== shownCanonical;
    return {
      wire,
      schemeId,
      view: { url: maskedUrl, requestHeaders, requestBody: maskedBody, canonical: maskedCanonical },
      revealed: revealable ? { headers: revealedHeaders, url, requestBody: body, canonical: shownCanonical } : null,
      draft: {
        entryId: draft.entryId,
        schemeId: draft.schemeId ?? null,
        method: draft.method,
        url: maskIds(draft.url),
        headers: draft.headers.map((h) => ({ name: h.name, value: maskIds(h.value) })),
        body: draft.body === null ? null : maskIds(draft.body),
        ...(draft.options && { options: draft.options }),
      },
      maskSecrets,
    };
  }
}
