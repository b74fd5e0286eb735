/**
 * RFC 4231 (https://www.rfc-editor.org/rfc/rfc4231#section-4) against the shared `hmac` helper in encoding.ts, which
 * every HMAC scheme signs with. SHA-256 and SHA-512 come from the public vectors file; the SHA-384 results (used by
 * Gemini and Bitfinex) and test case 5 (output truncated to 128 bits), which the file omits, are from the RFC's text.
 */
import { describe, expect, it } from 'vitest';
import { hmac } from '../../../src-main/signing/encoding';
import { PUBLIC_VECTORS } from './public-vectors';

interface RfcCase {
  readonly name: string;
  readonly credentials: { keyHex: string };
  readonly request: { bodyHex: string };
  readonly expected: { canonical: string; hmacSha256Hex: string; hmacSha512Hex: string };
}

const cases = (PUBLIC_VECTORS.schemes['rfc4231-hmac-sha2'] as unknown as { cases: RfcCase[] }).cases;

const SHA384: Record<string, string> = {
  tc1: 'afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6',
  tc2: 'af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649',
  tc3: '88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27',
  tc4: '3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb',
  tc6: '4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952',
  tc7: '6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e',
};

describe('RFC 4231 HMAC-SHA-2 test vectors against encoding.hmac', () => {
  it('the vectors file holds test cases 1-4, 6 and 7', () => {
    expect(cases.map((c) => c.name)).toEqual(['tc1', 'tc2', 'tc3', 'tc4', 'tc6', 'tc7']);
  });

  for (const c of cases) {
    const key = Buffer.from(c.credentials.keyHex, 'hex');
    const data = Buffer.from(c.request.bodyHex, 'hex');
    it(`${c.name}: HMAC-SHA-256, HMAC-SHA-384 and HMAC-SHA-512 (RFC 4231 §4)`, () => {
      expect(data.toString('hex')).toBe(c.expected.canonical);
      expect(hmac('sha256', key, data).toString('hex')).toBe(c.expected.hmacSha256Hex);
      expect(hmac('sha384', key, data).toString('hex')).toBe(SHA384[c.name]);
      expect(hmac('sha512', key, data).toString('hex')).toBe(c.expected.hmacSha512Hex);
    });
  }

  it('tc5: output truncated to 128 bits (RFC 4231 §4.6)', () => {
    const key = Buffer.alloc(20, 0x0c);
    const data = 'Test With Truncation';
    expect(hmac('sha256', key, data).subarray(0, 16).toString('hex')).toBe('a3b6167473100ee06e0c796c2955552b');
    expect(hmac('sha384', key, data).subarray(0, 16).toString('hex')).toBe('3abf34c3503b2a23a46efc619baef897');
    expect(hmac('sha512', key, data).subarray(0, 16).toString('hex')).toBe('415fad6271580a531d4179bc891d87a6');
  });

  it('takes text as UTF-8, the same as its bytes', () => {
    const key = Buffer.from('4a656665', 'hex');
    expect(hmac('sha256', 'Jefe', 'what do ya want for nothing?').equals(hmac('sha256', key, Buffer.from('what do ya want for nothing?')))).toBe(true);
  });
});
