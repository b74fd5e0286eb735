/**
 * The Request page's main side: list the schemes, suggest one for a key and a URL, sign a draft with the key's
 * credentials (opened with `vault.useSecret` for the duration of the signing only) and write it out as code.
 * What leaves here has every secret credential value masked (request/mask-secrets.ts); the signing itself is the engine's.
 */
import { PUBLIC_CREDENTIAL_FIELDS, type CredentialField } from '../contract/providers';
import type { Credentials, EntryDetail, RequestExport, RequestPreview, SchemeInfo, SchemeSuggestion, ExportFormat } from '../contract/schemas';
import { AppError } from '../base/errors';
import { getHeader } from '../signing/encoding';
import { exportRequest } from '../signing/export/export-request';
import { SCHEMES, getScheme as getRegistered } from '../signing/registry';
import { signingInputError } from '../signing/signing-error';
import { assertSchemeForProvider } from '../signing/scheme-for-provider';
import type { Scheme, SignableRequest, SignResult } from '../signing/types';
import type { Vault } from '../vault/types';
import { awaitingApiKeyError } from '../vault/key-pair';
import { toSignable, type Draft } from '../request/draft';
import { createMasker, encodedForms, secretCredentials, secretValues, splitOnSecrets } from '../request/mask-secrets';
import { masked } from '../request/masked';
import { resolveRequestUrl } from '../request/resolve-url';
import { suggestScheme } from './suggest-scheme';

export interface RequestSigningDeps {
  readonly vault: Vault;
  /** Epoch ms. */
  readonly now: () => number;
  readonly newNonce: () => string;
  /**
   * Default: the registry's SCHEMES. A scheme given here that the registry lacks (a test's own) is not held to the
   * provider's list of schemes; every registry scheme is.
   */
  readonly schemes?: readonly Scheme[];
  /** The running sandbox's base URL: a path typed for a sandbox key resolves against it, as when sending. */
  readonly sandboxUrl?: () => string | null;
}

export function schemeInfo(s: Scheme): SchemeInfo {
  return {
    id: s.id,
    title: s.title,
    description: s.description,
    docs: s.docs,
    hosts: [...s.hosts],
    credentials: s.credentials.map((c) => (typeof c === 'string' ? [c] : [...c])),
  };
}

export function createRequestSigning(deps: RequestSigningDeps) {
  const { vault } = deps;
  const schemes = deps.schemes ?? SCHEMES;
  // getRegistered throws the registry's ERR_UNKNOWN_SCHEME, which lists what exists.
  const getScheme = (id: string): Scheme => schemes.find((s) => s.id === id) ?? getRegistered(id);
  const assertAllowed = (provider: string, id: string): void => {
    if (SCHEMES.some((s) => s.id === id)) assertSchemeForProvider(provider, id);
  };

  /** The scheme named in the draft, else the one suggested for the key and the URL (decided with the credentials open). */
  const chooseScheme = (d: Draft, entry: EntryDetail, credentials: Readonly<Credentials>): Scheme => {
    if (d.schemeId) return getScheme(d.schemeId);
    const suggestion = suggestScheme(entry, credentials, d.url, schemes);
    if (suggestion.schemeId === null) throw signingInputError('scheme', `${suggestion.reason} Choose a scheme to sign with anyway.`);
    return getScheme(suggestion.schemeId);
  };

  /** Signs in main; `inside` runs while the credentials are open and must return nothing secret. */
  const sign = async <T>(
    d: Draft,
    inside: (r: { scheme: Scheme; request: SignableRequest; result: SignResult; credentials: Readonly<Credentials>; secrets: Readonly<Credentials>; timestamp: number; nonce: string }) => T,
  ): Promise<T> => {
    const entry = vault.get(d.entryId);
    if (entry.awaitingApiKey) throw awaitingApiKeyError(entry.provider, entry.label);
    // An unknown scheme, or one the key's provider does not sign with, fails before the key is opened.
    if (d.schemeId) {
      getScheme(d.schemeId);
      assertAllowed(entry.provider, d.schemeId);
    }
    // A path resolves against the key's base URL (or the sandbox's), exactly as the egress will send it.
    const resolved = resolveRequestUrl(d.url, entry, deps.sandboxUrl?.() ?? null);
    if ('unavailable' in resolved) throw signingInputError('url', resolved.unavailable);
    const request = { ...toSignable(d), ...(d.url.trim().startsWith('/') ? { url: resolved.url.href } : {}) };
    const timestamp = d.timestamp ?? deps.now();
    const nonce = d.nonce ?? deps.newNonce();
    const options = d.options && Object.keys(d.options).length ? { options: d.options } : {};
    return vault.useSecret(d.entryId, (credentials) =>
      masked(secretCredentials(entry.provider, credentials), async () => {
        const scheme = chooseScheme(d, entry, credentials);
        // A scheme the suggestion picked is the provider's own; checked all the same (a custom scheme list).
        assertAllowed(entry.provider, scheme.id);
        const result = await scheme.sign(request, credentials, { timestamp, nonce, ...options });
        return inside({ scheme, request, result, credentials, secrets: secretCredentials(entry.provider, credentials), timestamp, nonce });
      }),
      // A preview or an export sends nothing: it is not a use of the key.
      { record: false },
    );
  };

  return {
    schemes: (): SchemeInfo[] => schemes.map(schemeInfo),

    suggest: ({ entryId, url }: { entryId: string; url: string }): Promise<SchemeSuggestion> =>
      vault.useSecret(entryId, (credentials) => masked(credentials, () => suggestScheme(vault.get(entryId), credentials, url, schemes)), { record: false }),

    preview: (d: Draft): Promise<RequestPreview> =>
      sign(d, ({ scheme, request, result, secrets, timestamp, nonce }) => {
        // The API key shows as the vault shows it (••••3f9a) unless the person asked to see it.
        const m = createMasker(secrets, { ids: d.revealKey !== true });
        const secretOnly = createMasker(secrets);
        const headers = Object.entries(result.request.headers).map(([name, value]) => {
          const shown = m.mask(value);
          return { name, value: shown, signed: getHeader(request.headers, name) !== value, masked: secretOnly.mask(value) !== value };
        });
        return {
          schemeId: scheme.id,
          timestamp,
          nonce,
          canonical: m.mask(result.canonical),
          canonicalParts: result.canonicalParts.map((p) => ({ label: p.label, value: m.mask(p.value) })),
          signature: m.mask(result.signature),
          steps: result.steps.map((s) => ({ label: s.label, value: m.mask(s.value), encoding: s.encoding, ...(s.note !== undefined ? { note: m.mask(s.note) } : {}) })),
          request: { method: result.request.method, url: m.mask(result.request.url), headers, body: result.request.body === null ? null : m.mask(result.request.body) },
          masked: [...m.masked],
          keyMasked: m.maskedIds.length > 0,
        };
      }),

    exportCode: (d: Draft & { format: ExportFormat }): Promise<RequestExport> =>
      sign(d, ({ scheme, request, result, credentials, secrets: secretCredentialsOfKey, timestamp, nonce }) => {
        const secrets = secretValues(secretCredentialsOfKey);
        const split = (text: string) => splitOnSecrets(text, secrets);
        const publicCredentials: Partial<Record<CredentialField, string>> = {};
        for (const f of PUBLIC_CREDENTIAL_FIELDS) if (credentials[f] !== undefined) publicCredentials[f] = credentials[f];
        const written = exportRequest(
          d.format,
          {
            scheme,
            request: { ...request, url: new URL(request.url).href },
            publicCredentials,
            secretFields: secrets.map((s) => s.field),
            options: d.options ?? {},
          },
          {
            scheme,
            timestamp,
            nonce,
            request: {
              method: result.request.method,
              url: split(result.request.url),
              headers: Object.entries(result.request.headers).map(([k, v]) => [k, split(v)] as const),
              body: result.request.body === null ? null : split(result.request.body),
            },
          },
        );
        // Writers never see a secret; this holds even if a secret was typed into the request itself.
        if (secrets.some((s) => s.value.length >= 4 && encodedForms(s.value).some((form) => written.code.includes(form)))) {
          throw new AppError('ERR_SIGNING_INPUT', 'request: the code would contain a secret credential of this key (typed into the URL, a header or the body?); Signet does not write secrets into code');
        }
        return { code: written.code, kind: written.kind, env: [...written.env] };
      }),
  };
}
