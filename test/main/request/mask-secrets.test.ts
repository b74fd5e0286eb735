import { describe, expect, it } from 'vitest';
import { createMasker, encodedForms, MASK, maskDeep, secretCredentials, secretValues, splitOnSecrets } from '../../../src-main/request/mask-secrets';

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

describe('mask-secrets: encoded reflections (issue 9, items 3 and 4)', () => {
  const passphrase = 'Tr"ading/Pass 9 é';
  const m = () => createMasker({ apiKey: 'okx-key-7f3a', secret: 'b2t4LXNlY3JldC12YWx1ZQ==', passphrase });

  it('masks a JSON-escaped reflection of the passphrase (a server quoting it in an error)', () => {
    const body = JSON.stringify({ error: `passphrase ${passphrase} is wrong` });
    expect(body).not.toContain(passphrase);
    const out = m().mask(body);
    expect(out).toBe(`{"error":"passphrase ${MASK} is wrong"}`);
    // \u-escaped and \/-escaped writers too.
    const ascii = JSON.stringify(passphrase).slice(1, -1).replace('é', '\\u00e9');
    expect(m().mask(`{"p":"${ascii}"}`)).toBe(`{"p":"${MASK}"}`);
    expect(m().mask(`{"p":"${JSON.stringify(passphrase).slice(1, -1).replace('/', '\\/')}"}`)).toBe(`{"p":"${MASK}"}`);
  });

  it('masks base64 and base64url reflections at every byte alignment inside a longer token', () => {
    for (const prefix of ['', 'a', 'ab', 'abc', 'abcd']) {
      const token = Buffer.from(`${prefix}{"passphrase":"${passphrase}"}`, 'utf8');
      for (const encoding of ['base64', 'base64url'] as const) {
        const text = token.toString(encoding);
        const out = m().mask(`Bearer ${text}`);
        expect(out, `${encoding} with prefix "${prefix}"`).toContain(MASK);
        // What is left decodes to no more than two bytes of the passphrase at either edge.
        const left = out.replace('Bearer ', '').split(MASK);
        for (const part of left) expect(Buffer.from(part, encoding).toString('utf8')).not.toContain(passphrase.slice(0, 4));
      }
    }
  });

  it('masks hex (either case) and URL-encoded (percent either case, + for space) reflections', () => {
    const hex = Buffer.from(passphrase, 'utf8').toString('hex');
    expect(m().mask(`dump=${hex}`)).toBe(`dump=${MASK}`);
    expect(m().mask(`dump=${hex.toUpperCase()}`)).toBe(`dump=${MASK}`);
    const uri = encodeURIComponent(passphrase);
    expect(m().mask(`?p=${uri}&x=1`)).toBe(`?p=${MASK}&x=1`);
    expect(m().mask(`?p=${uri.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())}`)).toBe(`?p=${MASK}`);
    expect(m().mask(`p=${uri.replace(/%20/g, '+')}`)).toBe(`p=${MASK}`);
    expect(m().masked).toEqual([]);
    const one = m();
    one.mask(hex);
    expect(one.masked).toEqual(['passphrase']);
  });

  it('lists the encoded forms, the value itself first, none too short to mask safely', () => {
    const forms = encodedForms('abc');
    expect(forms[0]).toBe('abc');
    expect(forms.slice(1).every((f) => f.length >= 6)).toBe(true);
    // The short secret still does not mangle text around it.
    expect(createMasker({ passphrase: 'abc' }).mask('abcdef 616263 YWJj')).toBe('abcdef 616263 YWJj');
  });

  it('counts the API key as the secret of a provider whose key is sent as it is (CoinGecko, Token Metrics)', () => {
    expect(secretCredentials('coingecko', { apiKey: 'CG-demo-key-abcdef' })).toMatchObject({ secret: 'CG-demo-key-abcdef' });
    expect(secretCredentials('token-metrics', { apiKey: 'tm-key-123456' })).toMatchObject({ secret: 'tm-key-123456' });
    expect(secretCredentials('binance', { apiKey: 'b', secret: 's' })).toEqual({ apiKey: 'b', secret: 's' });
    expect(createMasker(secretCredentials('coingecko', { apiKey: 'CG-demo-key-abcdef' })).mask('x-cg-demo-api-key: CG-demo-key-abcdef')).toBe(`x-cg-demo-api-key: ${MASK}`);
  });

  it('masks every string of a structure, in arrays as well as objects', () => {
    const out = maskDeep({ a: [passphrase, { b: `x ${passphrase}` }], n: 3, k: null }, m().mask);
    expect(out).toEqual({ a: [MASK, { b: `x ${MASK}` }], n: 3, k: null });
  });
});
