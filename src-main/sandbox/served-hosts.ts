/**
 * Which Host headers the sandbox answers. It listens on loopback only, yet a web page can still reach it: DNS
 * rebinding points the page's own name (evil.example) at 127.0.0.1, and the browser then sends the sandbox's
 * requests — same-origin to the page, so their answers readable — with `Host: evil.example:PORT`. The sandbox
 * serves only its own addresses (127.0.0.1, localhost, [::1], and the address it was told to bind, on its port),
 * so such a page gets a refusal instead of the API. Checked for every request, the WebSocket upgrade included.
 */

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;
/** Binding to every interface names no address of its own: only the loopback names are served then. */
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

/** The Host values served by a sandbox bound to `bindHost` on `port`, as `name:port` (lower case). */
export function servedHosts(bindHost: string, port: number): string[] {
  const bound = bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost;
  const names = new Set<string>([...LOOPBACK_NAMES, ...(WILDCARDS.has(bound) ? [] : [bound.toLowerCase()])]);
  return [...names].flatMap((n) => (port === 80 ? [`${n}:80`, n] : [`${n}:${port}`]));
}

/**
 * Whether a request's Host header names this sandbox. `served` null: the server is not listening (requests come
 * through `app.inject`, not a socket, so no browser is involved): any port of a loopback name is accepted then.
 */
export function isServedHost(host: string | undefined, served: ReadonlySet<string> | null): boolean {
  if (host === undefined) return false;
  const h = host.toLowerCase();
  if (served) return served.has(h);
  return LOOPBACK_NAMES.some((n) => h === n || (h.startsWith(`${n}:`) && /^\d{1,5}$/.test(h.slice(n.length + 1))));
}
