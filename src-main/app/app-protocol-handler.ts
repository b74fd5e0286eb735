/**
 * Serves the built renderer for `app://signet/…`: GET and HEAD of real files under the root, every response (404s
 * included) with the CSP and nosniff headers. Written against the fetch API's Request/Response and plain fs, so it
 * is tested in Node with real files; protocol.ts plugs it into Electron.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SECURITY_HEADERS } from '../base/content-security-policy';
import { contentTypeFor } from './content-type';
import { isInside, resolveAppPath } from './resolve-app-path';

function plain(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra } });
}

export function createAppProtocolHandler(root: string): (request: Request) => Promise<Response> {
  const absRoot = resolve(root);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    const candidate = resolveAppPath(absRoot, request.url);
    if (!candidate) return plain(404, 'Not found');
    try {
      // A symlink inside the build could point anywhere: serve only what really lives under the real root.
      const [realRoot, realFile] = await Promise.all([realpath(absRoot), realpath(candidate)]);
      if (!isInside(realRoot, realFile) || realFile === realRoot) return plain(404, 'Not found');
      if (!(await stat(realFile)).isFile()) return plain(404, 'Not found');
      const body = request.method === 'HEAD' ? null : await readFile(realFile);
      return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(realFile) } });
    } catch {
      return plain(404, 'Not found');
    }
  };
}
