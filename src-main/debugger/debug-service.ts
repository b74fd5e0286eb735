/**
 * The debugger's main side, shared by the app, the browser host and the CLI: it reads the pasted request (raw
 * HTTP, curl, HAR) or an Inspector record, picks the scheme (given, or detected), opens the key's credentials for
 * the one diagnosis (`vault.useSecret`) or uses credentials pasted for this session — kept here in memory only,
 * never written, dropped when the vault locks —, reads the server's answer against the exchange's documented
 * errors, asks the exchange's clock when told to, counts the nonce in the Inspector history, and masks every
 * credential value in what it returns (request/mask-secrets.ts). The diagnosis itself is the engine's (signing/debug).
 */
import { AppError } from '../base/errors';
import { isLoopback } from '../http/host-allowlist';
import type { Credentials } from '../contract/schemas';
import type { DebugRun } from '../contract/debug';
import { createMasker, maskDeep } from '../request/mask-secrets';
import { detectScheme } from '../signing/debug/detect-scheme';
import { diagnose } from '../signing/debug/diagnose';
import { debugModel, hasDebugModel } from '../signing/debug/models';
import { parseCurl } from '../signing/debug/parse-curl';
import { parseHar } from '../signing/debug/parse-har';
import { parseHttp } from '../signing/debug/parse-http';
import { readServerAnswer } from '../signing/debug/server-errors';
import { apiWindowMs, serverTimeEndpoint, type ServerTimeEndpoint } from '../signing/debug/server-time';
import { getScheme } from '../signing/registry';
import { assertSchemeForProvider, providerSchemeIds } from '../signing/scheme-for-provider';
import type { SchemeCredentials, SignableRequest } from '../signing/types';
import type { Vault } from '../vault/types';

export type DebugSource =
  | { readonly kind: 'http'; readonly text: string }
  | { readonly kind: 'curl'; readonly text: string }
  | { readonly kind: 'har'; readonly text: string; readonly entry?: number | undefined }
  | { readonly kind: 'record'; readonly recordId: string };

export interface DebugRunInput {
  readonly source: DebugSource;
  /** A scheme id, or `auto`. */
  readonly scheme: string;
  /** A vault entry, or the credentials pasted for this session. */
  readonly key: { readonly entryId: string } | { readonly session: true };
  readonly response?: { readonly status: number | null; readonly body: string } | null;
  /** Epoch ms to judge the timestamp against (default: the clock). */
  readonly now?: number;
  /** Ask the exchange its clock (through the egress). */
  readonly serverTime?: boolean;
  readonly options?: Readonly<Record<string, string>>;
}

/** What the service needs of an Inspector record: the request as sent, signatures and key values in full. */
export interface RecordSource {
  request(recordId: string): { request: SignableRequest; secretHeaders: readonly string[]; entryId: string | null; schemeId: string | null; response: { status: number | null; body: string } | null };
  /** How many records of this key sent this nonce (the record being debugged excluded). */
  nonceCount(entryId: string | null, schemeId: string, nonce: string, exceptRecordId?: string): number;
}

export interface DebugServiceDeps {
  readonly vault: Vault;
  readonly records: RecordSource;
  readonly now: () => number;
  readonly newNonce: () => string;
  /** The exchange's clock through the egress (public, unsigned); null when it cannot be asked. */
  readonly fetchServerTime?: (schemeId: string, endpoint: ServerTimeEndpoint) => Promise<number | null>;
  /** The running sandbox's base URL (http://127.0.0.1:PORT), or null. */
  readonly sandboxUrl?: () => string | null;
}

/** `http(s)://127.0.0.1:PORT/v1/x?y` → the running sandbox's `…/v1/x?y` (or the path alone); any other URL as it is. */
function sandboxTarget(url: string, sandboxUrl: string | null): string {
  try {
    const u = new URL(url);
    if (!isLoopback(u.hostname)) return url;
    return `${sandboxUrl ?? ''}${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

/** A pasted request (raw HTTP, curl, HAR) read; ERR_DEBUG_INPUT naming the line, flag or entry when it cannot be. */
export function readPasted(source: Exclude<DebugSource, { kind: 'record' }>): { request: SignableRequest; notes: readonly string[]; response: { status: number | null; body: string } | null } {
  if (source.kind === 'http') return { ...parseHttp(source.text), response: null };
  if (source.kind === 'curl') return { ...parseCurl(source.text), response: null };
  return parseHar(source.text, source.entry);
}

interface ReadSource {
  request: SignableRequest;
  readonly notes: readonly string[];
  readonly response: { status: number | null; body: string } | null;
  readonly entryId: string | null;
  readonly schemeId: string | null;
  readonly secretHeaders: readonly string[];
  readonly recordId?: string;
}

/** Pasted credentials live at most this long without use. */
const SESSION_IDLE_MS = 30 * 60_000;

export class DebugService {
  readonly #deps: DebugServiceDeps;
  #session: { credentials: Credentials; provider: string | null; touched: number } | null = null;

  constructor(deps: DebugServiceDeps) {
    this.#deps = deps;
    deps.vault.subscribe((event) => {
      if (event.type === 'status' && event.status.locked) this.forgetSession();
    });
  }

  /** Keeps pasted credentials in memory for this session; answers which fields are held (never their values). */
  setSession(credentials: Credentials, provider: string | null = null): { fields: string[] } {
    const clean = Object.fromEntries(Object.entries(credentials).filter(([, v]) => typeof v === 'string' && v !== '')) as Credentials;
    if (Object.keys(clean).length === 0) throw new AppError('ERR_DEBUG_INPUT', 'Paste at least the secret to debug with (nothing was kept).');
    this.#session = { credentials: clean, provider, touched: this.#deps.now() };
    return { fields: Object.keys(clean) };
  }

  sessionFields(): string[] {
    const s = this.#liveSession();
    return s ? Object.keys(s.credentials) : [];
  }

  forgetSession(): void {
    this.#session = null;
  }

  #liveSession() {
    const s = this.#session;
    if (s && this.#deps.now() - s.touched > SESSION_IDLE_MS) this.#session = null;
    return this.#session;
  }

  async run(input: DebugRunInput): Promise<DebugRun> {
    const read = this.#read(input.source);
    const entryId = 'entryId' in input.key ? input.key.entryId : null;
    const chosen = this.#scheme(input.scheme, read.request, read.schemeId);
    const response = input.response ?? read.response;
    const now = input.now ?? this.#deps.now();
    const run = async (credentials: Readonly<Credentials>, provider: string | null): Promise<DebugRun> => {
      if (provider) assertSchemeForProvider(provider, chosen.id);
      // A recorded passphrase header was never kept: it was this key's passphrase, so it is put back from the key.
      if (read.secretHeaders.length > 0 && credentials.passphrase) {
        read.request = { ...read.request, headers: { ...read.request.headers, ...Object.fromEntries(read.secretHeaders.map((h) => [h, credentials.passphrase!])) } };
      }
      const model = debugModel(chosen.id);
      const nonce = model.read(read.request, credentials).nonce;
      const endpoint = input.serverTime ? serverTimeEndpoint(chosen.id, read.request.url) : null;
      const serverTime = endpoint && this.#deps.fetchServerTime ? await this.#deps.fetchServerTime(chosen.id, endpoint) : null;
      const report = await diagnose({
        schemeId: chosen.id,
        schemeReason: chosen.reason,
        request: read.request,
        credentials: credentials as SchemeCredentials,
        now,
        ...(input.options && { options: input.options }),
        window: apiWindowMs(chosen.id, read.request),
        serverTime,
        server: response ? readServerAnswer(chosen.id, response) : null,
        nonceSeenBefore: nonce === null ? 0 : this.#deps.records.nonceCount(read.entryId ?? entryId, chosen.id, nonce, read.recordId),
        freshNonce: this.#deps.newNonce(),
        // A vault key is tried with its provider's schemes only; pasted credentials belong to no provider.
        ...(provider && { otherSchemes: providerSchemeIds(provider) }),
      });
      const unsignedFix = report.fixed ? model.unsigned(report.fixed).request : null;
      // A sandbox key's request to this machine goes to the running sandbox (or, with none known, as a path the egress
      // joins to it), so a request pasted from another run (another port, or https assumed for a path-only request
      // line) can still be sent.
      const draft = unsignedFix && provider === 'sandbox' ? { ...unsignedFix, url: sandboxTarget(unsignedFix.url, this.#deps.sandboxUrl?.() ?? null) } : unsignedFix;
      const out: DebugRun = {
        ...report,
        request: { ...read.request, headers: { ...read.request.headers } },
        notes: [...read.notes],
        draft: draft && { method: draft.method, url: draft.url, headers: Object.entries(draft.headers).map(([name, value]) => ({ name, value })), body: draft.body },
        entryId,
      };
      // Every secret value, in every encoding, masked wherever it appears (a passphrase header, a secret in a URL). The
      // API key is an identifier the request carries in the clear: kept, so the fixed request can be sent as shown.
      const masker = createMasker(credentials);
      return maskDeep(out, (text) => masker.mask(text));
    };
    if (entryId !== null) {
      const entry = this.#deps.vault.get(entryId);
      return this.#deps.vault.useSecret(entryId, (credentials) => run(credentials, entry.provider));
    }
    const session = this.#liveSession();
    if (!session) throw new AppError('ERR_DEBUG_INPUT', 'No credentials for this session: paste them first, or choose a key from the vault.');
    session.touched = this.#deps.now();
    return run(session.credentials, null);
  }

  #read(source: DebugSource): ReadSource {
    switch (source.kind) {
      case 'http':
      case 'curl':
      case 'har':
        return { ...readPasted(source), entryId: null, schemeId: null, secretHeaders: [] };
      case 'record': {
        const r = this.#deps.records.request(source.recordId);
        return { request: r.request, notes: [], response: r.response, entryId: r.entryId, schemeId: r.schemeId, secretHeaders: r.secretHeaders, recordId: source.recordId };
      }
    }
  }

  #scheme(asked: string, request: SignableRequest, recorded: string | null): { id: string; reason: string } {
    if (asked !== 'auto') {
      getScheme(asked);
      if (!hasDebugModel(asked)) throw new AppError('ERR_DEBUG_INPUT', `The debugger does not know the ${asked} scheme.`);
      return { id: asked, reason: 'given' };
    }
    if (recorded && hasDebugModel(recorded)) return { id: recorded, reason: 'the scheme the request was sent with (Inspector record)' };
    const detected = detectScheme(request);
    if (!detected) throw new AppError('ERR_DEBUG_INPUT', 'Could not tell the scheme from the request’s headers, host or parameters: name it with --scheme (or pick it in the Debugger).');
    return { id: detected.schemeId, reason: detected.reason };
  }
}
