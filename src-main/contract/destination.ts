/**
 * A key's own base URL as short as it can be shown beside the key: its host, with `http://` kept (plain http is the
 * exception, for sandbox and custom keys on this machine). The app and the CLI show it the same way.
 */
export function destinationLabel(baseUrl: string): string {
  try {
    const u = new URL(baseUrl);
    return u.protocol === 'http:' ? `http://${u.host}` : u.host;
  } catch {
    return baseUrl;
  }
}
