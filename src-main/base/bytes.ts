/** Small byte helpers: encodings, constant-time comparison, and wiping key material after use. */
import { timingSafeEqual } from 'node:crypto';

export const toB64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

/** Strict base64 decode: rejects anything that does not round-trip (Buffer.from silently skips bad characters). */
export function fromB64(s: string, what = 'value'): Buffer {
  const b = Buffer.from(s, 'base64');
  if (b.toString('base64') !== s) throw new TypeError(`${what} is not valid base64`);
  return b;
}

/** Overwrites key material in place. JS strings cannot be wiped; keep secrets in Buffers where it matters. */
export function wipe(...buffers: (Uint8Array | undefined | null)[]): void {
  for (const b of buffers) b?.fill(0);
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b);
}
