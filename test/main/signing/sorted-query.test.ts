/**
 * The sorted RFC 3986 query that hmac, recipe (`"format": "sorted"`) and aws-sigv4 sign (encoding.ts
 * `sortedQueryString`), read from the raw query as given: split on "&" and the first "=", %XX escapes decoded to
 * bytes, every byte but RFC 3986's unreserved ones written %XX. Before, URLSearchParams
 * dropped a leading literal "?" (`GET /??x=1` signed as `x=1`; AWS expects `%3Fx=1`) and read "+" as a space.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signRequest, verifyRequest } from '../../../src-main/lib/signing';
import { rfc3986, sortedQueryString } from '../../../src-main/signing/encoding';
import type { SignableRequest } from '../../../src-main/signing/types';

const get = (url: string): SignableRequest => ({ method: 'GET', url, headers: {}, body: null });
const ctx = { timestamp: Date.UTC(2015, 7, 30, 12, 36, 0), nonce: 'n-1' };
const aws = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 'service' };
const recipe = { recipe: JSON.stringify({ components: [{ type: 'method' }, { type: 'query', format: 'sorted' }], separator: '\n', algorithm: 'hmac-sha256', signature: { in: 'header', name: 'X-Sig' } }) };

/** The sorted query each scheme signs for `url`, read from its canonical parts. */
async function signedQueries(url: string): Promise<{ hmac: string; recipe: string; aws: string }> {
  const h = await signRequest('hmac', get(url), { apiKey: 'k', secret: 's' }, ctx);
  const r = await signRequest('recipe', get(url), { secret: 's' }, { ...ctx, options: recipe });
  const a = await signRequest('aws-sigv4', get(url), aws, ctx);
  // Each verifies what it signed.
  expect((await verifyRequest('hmac', h.request, { apiKey: 'k', secret: 's' }, { now: ctx.timestamp })).valid).toBe(true);
  expect((await verifyRequest('recipe', r.request, { secret: 's' }, { now: ctx.timestamp, options: recipe })).valid).toBe(true);
  expect((await verifyRequest('aws-sigv4', a.request, aws, { now: ctx.timestamp })).valid).toBe(true);
  return {
    hmac: h.canonicalParts[2]!.value.replace(/\n$/, ''),
    recipe: r.canonicalParts[1]!.value,
    aws: a.canonicalParts.find((p) => p.label === 'canonical query string')!.value.replace(/\n$/, ''),
  };
}

describe('sorted query: the raw query as given', () => {
  it('keeps a leading literal "?" of the query: GET /??x=1 signs %3Fx=1 in hmac, recipe and aws-sigv4', async () => {
    expect(sortedQueryString('?x=1')).toBe('%3Fx=1');
    expect(await signedQueries('https://example.amazonaws.com/??x=1')).toEqual({ hmac: '%3Fx=1', recipe: '%3Fx=1', aws: '%3Fx=1' });
    // The AWS canonical request of the raw query "?x=1" (AWS SigV4: URI-encode each name and value, sort).
    const a = await signRequest('aws-sigv4', get('https://example.amazonaws.com/??x=1'), aws, ctx);
    expect(a.canonical).toBe(['GET', '/', '%3Fx=1', 'host:example.amazonaws.com', 'x-amz-date:20150830T123600Z', '', 'host;x-amz-date', createHash('sha256').update('').digest('hex')].join('\n'));
    expect(await signedQueries('https://example.amazonaws.com/p???a=1&?b=2')).toEqual({ hmac: '%3F%3Fa=1&%3Fb=2', recipe: '%3F%3Fa=1&%3Fb=2', aws: '%3F%3Fa=1&%3Fb=2' });
  });

  it('reads "+" as a plus sign (%2B), not a space, as AWS does', async () => {
    expect(sortedQueryString('q=a+b&p=%20')).toBe('p=%20&q=a%2Bb');
    expect(await signedQueries('https://example.amazonaws.com/?q=a+b')).toEqual({ hmac: 'q=a%2Bb', recipe: 'q=a%2Bb', aws: 'q=a%2Bb' });
  });

  it('splits on "&" and the first "=" only, skips empty segments, and writes a name without "=" as name=', () => {
    expect(sortedQueryString('b=1=2&&a&=v&')).toBe('=v&a=&b=1%3D2');
    expect(sortedQueryString('')).toBe('');
  });

  it('decodes %XX to bytes (either case) and writes upper-case escapes; a byte that is not UTF-8 stays that byte', () => {
    expect(sortedQueryString('a=%2a%41%7e%c3%a9')).toBe('a=%2AA~%C3%A9');
    expect(sortedQueryString('a=%ff%C3')).toBe('a=%FF%C3');
  });

  it('takes a "%" that starts no escape as itself (%25), as URL parsers percent-decode', () => {
    expect(sortedQueryString('a=100%&b=%zz&c=%4')).toBe('a=100%25&b=%25zz&c=%254');
  });

  it('sorts by name, then value, by the encoded bytes', () => {
    expect(sortedQueryString('b=2&a=%2A&a=x%20y&B=1&a=*')).toBe('B=1&a=%2A&a=%2A&a=x%20y&b=2');
  });

  it('gives back the parameters, however each character was written (property)', () => {
    // A literal "?" "/" ":" "@" "!" "$" "(" ")" "*" "," ";" "+" is legal in a query and means itself.
    const literal = new Set([...'?/:@!$()*,;+'].concat([...'abcXYZ019-._~']));
    const spelled = (s: string, pick: readonly boolean[], isName: boolean) =>
      [...s]
        .map((ch, i) => {
          // "=" means itself in a value (the first "=" ends the name); "&", "%", "#" and space never stand for themselves.
          const mayBeLiteral = literal.has(ch) || (!isName && ch === '=');
          if (mayBeLiteral && pick[i % pick.length]) return ch;
          const hex = [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
          return pick[(i + 1) % pick.length] ? hex.toUpperCase() : hex;
        })
        .join('');
    const text = fc.string({ unit: fc.oneof(fc.constantFrom(...'?=&+%/ #:a~é€𝄞'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { maxLength: 5 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }), (pairs, pick) => {
        const raw = pairs.map(([k, v]) => (k === '' && v === '' ? '=' : v === '' && pick[0] ? spelled(k, pick, true) : `${spelled(k, pick, true)}=${spelled(v, pick, false)}`)).join('&');
        const expected = pairs
          .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
          .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
          .map(([k, v]) => `${k}=${v}`)
          .join('&');
        expect(sortedQueryString(raw)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
