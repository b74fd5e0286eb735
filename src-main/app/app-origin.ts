/**
 * The renderer's one origin, `app://signet`. Navigation guards, the protocol handler and the IPC sender check all
 * decide "is this ours?" with `isAppUrl`, so they cannot drift apart.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'signet';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * True for `app://signet/…` only. Compares scheme and host rather than `URL.origin`: Node's URL reports the
 * origin of a non-special scheme as the string "null", which would make every custom-scheme URL look alike.
 */
export function isAppUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && !url.username && !url.password && !url.port;
}
