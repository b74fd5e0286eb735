/**
 * Single-byte changes to the signed parts of a request, for "any change fails verification" tests. Each variant
 * replaces one character with another ('0', or '1' where it already is '0'): never a case variant, so even schemes
 * that compare hex case-insensitively must reject every one.
 */
import type { SignableRequest } from '../../../src-main/signing/types';

export interface SignedParts {
  /** Which part of the URL the scheme signs: everything after the origin, or only the query string. */
  readonly url?: 'after-origin' | 'query';
  readonly body?: boolean;
  /** Header values the verifier must tie to the signature or the key. */
  readonly headers?: readonly string[];
}

function swap(text: string, i: number): string {
  return text.slice(0, i) + (text[i] === '0' ? '1' : '0') + text.slice(i + 1);
}

export function singleByteChanges(request: SignableRequest, parts: SignedParts): { where: string; request: SignableRequest }[] {
  const out: { where: string; request: SignableRequest }[] = [];
  if (parts.url) {
    const u = new URL(request.url);
    const start = parts.url === 'query' ? request.url.indexOf('?') + 1 : u.origin.length;
    if (parts.url === 'query' && start === 0) throw new Error('no query string to change');
    for (let i = start; i < request.url.length; i++) out.push({ where: `url[${i}]`, request: { ...request, url: swap(request.url, i) } });
  }
  if (parts.body && request.body) {
    for (let i = 0; i < request.body.length; i++) out.push({ where: `body[${i}]`, request: { ...request, body: swap(request.body, i) } });
  }
  for (const name of parts.headers ?? []) {
    const value = request.headers[name];
    if (value === undefined) throw new Error(`header ${name} is not on the signed request`);
    for (let i = 0; i < value.length; i++) out.push({ where: `${name}[${i}]`, request: { ...request, headers: { ...request.headers, [name]: swap(value, i) } } });
  }
  return out;
}
