import { describe, expect, it } from 'vitest';
import { createMasker, MASK, secretValues, splitOnSecrets } from '../../../src-main/ipc/mask-secrets';

const creds = { apiKey: 'okx-key-7f3a', secret: 'c2VjcmV0LXZhbHVlLWZvci1va3g=', passphrase: 'Trading Pass 9', region: 'us-east-1' };

describe('mask-secrets', () => {
  it('treats only non-public fields as secret, longest first', () => {
    expect(secretValues(creds).map((s) => s.field)).toEqual(['secret', 'passphrase']);
    expect(secretValues({ apiKey: 'k', accessKeyId: 'AKIA', region: 'eu-west-1', service: 's3' })).toEqual([]);
    expect(secretValues({ secret: '', passphrase: 'p' })).toEqual([{ field: 'passphrase', value: 'p' }]);
  });

  it('masks a header that is exactly a credential (the OKX / Coinbase Exchange passphrase header)', () => {
    const m = createMasker(creds);
    expect(m.mask('Trading Pass 9')).toBe(MASK);
    expect(m.mask('okx-key-7f3a')).toBe('okx-key-7f3a');
    expect(m.masked).toEqual(['passphrase']);
  });

  it('masks every occurrence inside longer text (a canonical string carrying an AWS session token)', () => {
    const token = 'IQoJb3JpZ2luX2VjEMr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ';
    const m = createMasker({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG', sessionToken: token });
    const canonical = `GET\n/\n\nhost:example.amazonaws.com\nx-amz-security-token:${token}\n\nhost;x-amz-security-token\n${token}`;
    const out = m.mask(canonical);
    expect(out).not.toContain(token);
    expect(out.split(MASK)).toHaveLength(3);
    expect(out).toContain('host:example.amazonaws.com');
    expect(m.masked).toEqual(['sessionToken']);
  });

  it('does not mangle text around a very short secret, but still masks it as a whole value', () => {
    const m = createMasker({ apiKey: 'a', passphrase: 'abc' });
    expect(m.mask('abcdef abc')).toBe('abcdef abc');
    expect(m.mask('abc')).toBe(MASK);
  });

  it('splits text into literal and secret segments that join back to the text', () => {
    const secrets = secretValues(creds);
    const text = `pre ${creds.secret} mid ${creds.passphrase}${creds.passphrase} end`;
    const segments = splitOnSecrets(text, secrets);
    expect(segments).toEqual([{ text: 'pre ' }, { secret: 'secret' }, { text: ' mid ' }, { secret: 'passphrase' }, { secret: 'passphrase' }, { text: ' end' }]);
    const joined = segments.map((s) => ('text' in s ? s.text : creds[s.secret as 'secret' | 'passphrase'])).join('');
    expect(joined).toBe(text);
    expect(splitOnSecrets('nothing here', secrets)).toEqual([{ text: 'nothing here' }]);
  });

  it('prefers the longer secret when one contains the other', () => {
    const segments = splitOnSecrets('xx-longsecretvalue-xx', secretValues({ secret: 'longsecretvalue', passphrase: 'secret' }));
    expect(segments).toEqual([{ text: 'xx-' }, { secret: 'secret' }, { text: '-xx' }]);
  });
});
