/**
 * Maps an `app://signet/…` URL to a file under the renderer root, or null. Pure, so the traversal rules are tested
 * without Electron. It refuses rather than normalises: a `..` or `.` segment (however encoded), a NUL or other
 * control character, a backslash or a colon (Windows separators, drive letters, NTFS streams) mean the request is
 * not one our own build makes, so there is nothing to serve. The caller still checks the real path (symlinks).
 */
import { relative, resolve, isAbsolute, sep } from 'node:path';
import { isAppUrl } from './app-origin';

function hasForbiddenCharacter(path: string): boolean {
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x5c /* backslash */ || c === 0x3a /* colon */) return true;
  }
  return false;
}

/** True when `child` is `root` itself or lies beneath it. */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

export function resolveAppPath(root: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  const absRoot = resolve(root);
  let decoded: string;
  try {
    decoded = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  if (hasForbiddenCharacter(decoded)) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) return null;
  if (segments.length === 0) segments.push('index.html');
  const full = resolve(absRoot, ...segments);
  if (full === absRoot || !isInside(absRoot, full)) return null;
  return full;
}
