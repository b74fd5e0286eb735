/**
 * Where a typed URL goes: an absolute http(s) URL as it is, or a path joined to the key's base URL (the provider's
 * default, or for sandbox keys the running sandbox's). Shared by the egress and the Request page's preview, so that
 * what is previewed is what is sent.
 */
import { providerInfo } from '../contract/providers';
import type { EntryDetail } from '../contract/schemas';
import { signingInputError } from '../signing/signing-error';

const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);

export function resolveRequestUrl(typed: string, entry: Pick<EntryDetail, 'baseUrl' | 'provider' | 'label'>, sandboxUrl: string | null): { url: URL } | { unavailable: string } {
  const text = typed.trim();
  let href: string;
  if (/^https?:\/\//i.test(text)) href = text;
  else if (text.startsWith('/')) {
    const base = entry.baseUrl ?? (entry.provider === 'sandbox' ? sandboxUrl : (providerInfo(entry.provider)?.defaultBaseUrl ?? null));
    if (base === null) {
      if (entry.provider === 'sandbox') {
        return { unavailable: 'No sandbox exchange is running, so a path has nowhere to go. Start it (the app starts one; from a terminal, `signet sandbox` prints its URL: set SIGNET_SANDBOX_URL to it) and send again.' };
      }
      throw signingInputError('url', `"${cut(text, 60)}" is a path, and the key "${entry.label}" has no base URL to resolve it against; give a full https:// URL or set the key's base URL`);
    }
    // Joined, not resolved: a base URL with a path (CoinGecko's /api/v3) keeps it.
    href = base.replace(/\/+$/, '') + text;
  } else throw signingInputError('url', "expected a full URL (https://…) or a path starting with / (resolved against the key's base URL)");
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    throw signingInputError('url', `"${cut(href, 80)}" is not a valid URL`);
  }
  if (url.username || url.password) throw signingInputError('url', 'a URL must not carry a user name or password; the key signs the request');
  return { url };
}
