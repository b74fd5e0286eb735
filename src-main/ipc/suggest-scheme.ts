/**
 * The Request page's scheme suggestion: the key decides (signing/scheme-for-provider.ts reads the provider and the
 * kind of key), the URL's host decides when the key cannot (a custom key, a provider whose scheme is not
 * registered yet), and Signet's own `hmac` is the fallback. When the host belongs to another scheme than the key's,
 * the suggestion says so: a Binance key aimed at api.kraken.com is almost always a mistake.
 */
import { providerInfo } from '../contract/providers';
import type { SchemeSuggestion } from '../contract/schemas';
import { isAppError } from '../base/errors';
import { SCHEMES } from '../signing/registry';
import { schemeForProvider, schemesForHost, type SchemeChoice } from '../signing/scheme-for-provider';
import type { Scheme, SchemeCredentials } from '../signing/types';

const DEFAULT_SCHEME = 'hmac';

function hostOf(url: string): string | null {
  try {
    return new URL(url.trim()).hostname || null;
  } catch {
    return null;
  }
}

/** The provider's choice, or null when the provider implies none (unknown to the catalog). */
function providerChoice(provider: string, credentials: SchemeCredentials): SchemeChoice | null {
  try {
    return schemeForProvider(provider, credentials);
  } catch (e) {
    // "No scheme is known for provider X" is not a problem with the key: let the host decide.
    if (isAppError(e) && e.code === 'ERR_SIGNING_INPUT' && e.message.startsWith('provider:')) return null;
    throw e;
  }
}

export function suggestScheme(entry: { readonly provider: string }, credentials: SchemeCredentials, url: string, schemes: readonly Scheme[] = SCHEMES): SchemeSuggestion {
  const providerName = providerInfo(entry.provider)?.name ?? entry.provider;
  const host = hostOf(url);
  const byHost = url.trim() ? schemesForHost(url, schemes) : [];
  const choice = providerChoice(entry.provider, credentials);

  if (choice && choice.schemeId === null) return { schemeId: null, reason: choice.reason, basis: 'provider', warning: null };
  const chosen = choice?.schemeId ? schemes.find((s) => s.id === choice.schemeId) : undefined;
  if (choice && chosen) {
    const other = byHost.length && !byHost.some((s) => s.id === chosen.id) ? byHost[0] : undefined;
    const warning = other && host ? `${host} is where ${other.title} requests go, but this ${providerName} key signs with ${chosen.title}. Check the key and the URL.` : null;
    return { schemeId: chosen.id, reason: choice.reason, basis: 'provider', warning };
  }
  const first = byHost[0];
  if (first && host) {
    const why = choice?.schemeId ? `Signet has no ${choice.schemeId} scheme yet; ` : '';
    return { schemeId: first.id, reason: `${why}${host} is where ${first.title} requests go.`, basis: 'host', warning: null };
  }
  return {
    schemeId: DEFAULT_SCHEME,
    reason: `No scheme is known for ${providerName} keys${host ? ` or for ${host}` : ''}: Signet HMAC is the default. Pick the API’s scheme if it is listed.`,
    basis: 'default',
    warning: null,
  };
}
