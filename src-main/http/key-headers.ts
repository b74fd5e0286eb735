/**
 * The header that carries the API key of each provider whose requests are not signed: the key is the whole secret,
 * sent as it is. One table for the signed egress (a key a person sends with) and the market-data client.
 */

/** Provider id → the header for a request to `url`. */
export const KEY_HEADERS: Readonly<Partial<Record<string, (url: URL) => string>>> = {
  // https://docs.coingecko.com/reference/authentication — demo keys on api.coingecko.com, paid keys on pro-api.
  coingecko: (url) => (url.hostname === 'pro-api.coingecko.com' ? 'x-cg-pro-api-key' : 'x-cg-demo-api-key'),
  // https://developers.tokenmetrics.com — every call carries x-api-key.
  'token-metrics': () => 'x-api-key',
};

/** The key header of `provider`, or undefined when its requests are signed or public. */
export function keyHeaderOf(provider: string): ((url: URL) => string) | undefined {
  return Object.hasOwn(KEY_HEADERS, provider) ? KEY_HEADERS[provider] : undefined;
}
