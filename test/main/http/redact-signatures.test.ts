/** Masking of signatures and of secret-named fields in response bodies, as the inspector records them. */
import { describe, expect, it } from 'vitest';
import { maskSecretFields, maskSignature } from '../../../src-main/http/redact-signatures';

describe('maskSecretFields', () => {
  it('masks secret-named strings in arrays and nested objects as well as plain fields, keeping the body byte for byte otherwise', () => {
    const body = '{\n  "apiKey": "new-key",\n  "secret": "s-1",\n  "backupSecrets": ["s-2", "s-3"],\n  "private": {"pem": "-----BEGIN PRIVATE KEY-----", "n": 1},\n  "note": "secret"\n}';
    expect(maskSecretFields(body)).toBe('{\n  "apiKey": "new-key",\n  "secret": "••••",\n  "backupSecrets": ["••••", "••••"],\n  "private": {"pem": "••••", "n": 1},\n  "note": "secret"\n}');
  });

  it('masks a body cut at the size limit, the cut secret too, and leaves text that is not JSON alone', () => {
    expect(maskSecretFields('{"items":[{"passphrase":"p-1"},{"passphrase":"p-')).toBe('{"items":[{"passphrase":"••••"},{"passphrase":"••••"');
    expect(maskSecretFields('secret: hunter2 is not JSON')).toBe('secret: hunter2 is not JSON');
    expect(maskSecretFields('[{"password":"a\\"b"}]')).toBe('[{"password":"••••"}]');
  });

  it('shortens a signature to its ends and length', () => {
    expect(maskSignature('a'.repeat(60) + 'f9')).toBe('aaaa…f9 (62 chars)');
    expect(maskSignature('short')).toBe('•••• (5 chars)');
  });
});
