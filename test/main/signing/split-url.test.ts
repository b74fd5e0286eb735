import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitPlainUrl } from '../../../src-main/signing/split-url';

const chars = (alphabet: string) => fc.array(fc.constantFrom(...alphabet.split('')), { maxLength: 30 }).map((a) => a.join(''));
const ANY = "abcXYZ019-._~!$&'()*+,;=:@%/?#[]{}|\\^`\"<> é.";
const PLAIN = "abcXYZ019-._~!$&()*+,;=:@%/.";

describe('splitPlainUrl', () => {
  it('agrees with the WHATWG URL parser whenever it takes the fast path', () => {
    let fastPaths = 0;
    fc.assert(
      fc.property(fc.constantFrom('http', 'https', 'https', 'HTTPS', 'ftp'), fc.constantFrom('api.binance.com', 'api.binance.com', 'API.binance.com', 'a.1', '127.0.0.1', 'x-y.example', 'h:8080', 'u@h'), fc.boolean(), fc.oneof(chars(PLAIN), chars(ANY)), fc.oneof(chars(PLAIN), chars(ANY)), (scheme, host, slash, path, query) => {
        const href = `${scheme}://${host}${slash ? '/' : ''}${path}${query ? `?${query}` : ''}`;
        const fast = splitPlainUrl(href);
        if (fast === null) return;
        fastPaths++;
        const url = new URL(href);
        expect(fast).toEqual({ protocol: url.protocol, host: url.host, pathname: url.pathname, query: url.search.replace(/^\?/, '') });
      }),
      { numRuns: 5000 },
    );
    expect(fastPaths).toBeGreaterThan(100); // the comparison really ran, on many URLs
  });

  it('takes the fast path for the usual exchange URL, and not for what URL would rewrite', () => {
    expect(splitPlainUrl('https://api.binance.com/api/v3/order?symbol=LTCBTC&timestamp=1')).toEqual({ protocol: 'https:', host: 'api.binance.com', pathname: '/api/v3/order', query: 'symbol=LTCBTC&timestamp=1' });
    expect(splitPlainUrl('https://api.binance.com')).toMatchObject({ pathname: '/', query: '' });
    for (const slow of ['https://API.binance.com/x', 'https://h:443/x', 'https://h/a/../b', 'https://h/x?q=a b', 'https://h/x#f', "https://h/x?q='", 'https://127.0.0.1/x', 'https://h/%2e%2e/x']) {
      expect(splitPlainUrl(slow), slow).toBeNull();
    }
  });
});
