/**
 * Reading a base64 signature off the wire for verification. Node's decoder is lenient (it skips stray characters
 * and ignores the unused low bits of the last character), so two different strings can decode to the same bytes;
 * a verifier must accept exactly one spelling, or a changed character could still "verify".
 */

/** The signature bytes, or a reason the text is not the canonical base64 of `length` bytes. */
export function canonicalBase64(text: string, length: number): Buffer | string {
  if (text === '') return 'The signature is empty.';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return 'The signature is not base64 (after URL-decoding).';
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) return 'The signature is not canonical base64 (padding or trailing bits differ from what the signer would send).';
  if (length > 0 && bytes.length !== length) return `The signature is ${bytes.length} bytes; this key makes ${length}-byte signatures.`;
  return bytes;
}
