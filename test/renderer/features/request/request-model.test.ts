import { describe, expect, it } from 'vitest';
import { completeUrl, effectiveEntry, missingCredentials, parseTimestamp, placeError, sampleFor, segmentCanonical, toRequestDraft } from '../../../../src-renderer/features/request/request-model';
import { emptyDraft } from '../../../../src-renderer/features/request/request-slice';
import type { EntrySummary } from '../../../../src-main/contract/schemas';

describe('request model', () => {
  it('sends every header row (so error indexes are row indexes), named options, and only what is set', () => {
    const d = { ...emptyDraft(), method: 'POST', url: ' http://localhost/v1 ', body: '', nonce: ' n1 ', timestamp: '1764300000123' };
    const withRows = { ...d, headers: [{ id: 1, name: 'Accept', value: '*/*' }, { id: 2, name: '', value: '' }], options: [{ id: 3, name: 'algorithm', value: 'hmac-sha512' }, { id: 4, name: ' ', value: 'x' }] };
    expect(toRequestDraft(withRows, 'e1', null)).toEqual({
      entryId: 'e1',
      method: 'POST',
      url: 'http://localhost/v1',
      headers: [{ name: 'Accept', value: '*/*' }, { name: '', value: '' }],
      body: null,
      timestamp: 1764300000123,
      nonce: 'n1',
      options: { algorithm: 'hmac-sha512' },
    });
    expect(toRequestDraft({ ...d, timestamp: '', nonce: '' }, 'e1', 'okx-v5')).not.toHaveProperty('timestamp');
    expect(toRequestDraft(d, 'e1', 'okx-v5').schemeId).toBe('okx-v5');
  });

  it('takes timestamps in epoch milliseconds and says so when given seconds', () => {
    expect(parseTimestamp('')).toEqual({ value: undefined, problem: null });
    expect(parseTimestamp('1764300000123').value).toBe(1764300000123);
    expect(parseTimestamp('1764300000').problem).toMatch(/seconds.*1764300000000/);
    expect(parseTimestamp('soon').problem).toMatch(/digits only/);
  });

  it('places signing errors at the field they name', () => {
    expect(placeError({ code: 'ERR_SIGNING_INPUT', message: 'url: expected an absolute http(s) URL like https://x, not "y"' })).toMatchObject({ target: { kind: 'url' }, field: 'url', message: 'Expected an absolute http(s) URL like https://x, not "y"' });
    expect(placeError({ code: 'ERR_SIGNING_INPUT', message: 'headers[2].name: "a b" is not a header name' }).target).toEqual({ kind: 'header', index: 2, part: 'name' });
    expect(placeError({ code: 'ERR_SIGNING_INPUT', message: 'credentials.privateKeyPem: expected a PEM private key' })).toMatchObject({ target: { kind: 'key' }, message: 'This key’s private key PEM: expected a PEM private key' });
    expect(placeError({ code: 'ERR_SIGNING_INPUT', message: 'credentials.passphrase: the passphrase chosen when the key was created' }, { credentialFields: ['apiKey', 'secret'] }).message).toBe('This key has no passphrase (the passphrase chosen when the key was created).');
    expect(placeError({ code: 'ERR_SIGNING_INPUT', message: 'option algorithm: expected hmac-sha256 or hmac-sha512' }).target).toEqual({ kind: 'options' });
    expect(placeError({ code: 'ERR_SIGNING_INPUT', message: 'body.nonce: expected an integer; it must increase' }).target).toEqual({ kind: 'body' });
    expect(placeError({ code: 'ERR_VALIDATION', message: 'Invalid input for request:preview: headers.3.value: Too big; body: x' })).toMatchObject({ target: { kind: 'header', index: 3, part: 'value' }, message: 'Too big' });
    expect(placeError({ code: 'ERR_UNKNOWN_SCHEME', message: 'Unknown scheme "x". Use one of: hmac.' }).target).toEqual({ kind: 'scheme' });
    expect(placeError({ code: 'ERR_VAULT_LOCKED', message: 'The vault is locked. Unlock it first.' })).toMatchObject({ target: null, message: 'The vault is locked. Unlock it first.' });
  });

  it('cuts the hmac canonical string into its parts, an empty query on its own line', () => {
    const parts = ['GET', '/v1/account', '', 'e3b0', '1764300000', 'n-1'].map((value) => ({ value }));
    const canonical = parts.map((p) => p.value).join('\n');
    const segs = segmentCanonical(canonical, parts)!;
    expect(segs.map((s) => (s.kind === 'sep' ? `[${JSON.stringify(s.text)}]` : `${s.index}:${s.text}`)).join(' ')).toBe('0:GET ["\\n"] 1:/v1/account ["\\n"] 2: ["\\n"] 3:e3b0 ["\\n"] 4:1764300000 ["\\n"] 5:n-1');
    expect(segs.map((s) => s.text).join('')).toBe(canonical);
  });

  it('cuts parts that carry their own line break (the engine’s convention: the parts concatenate to the string)', () => {
    const parts = ['GET\n', '/v1/account\n', '\n', 'e3b0\n', 'n-1'].map((value) => ({ value }));
    const canonical = parts.map((p) => p.value).join('');
    const segs = segmentCanonical(canonical, parts)!;
    expect(segs).toEqual(parts.map((p, index) => ({ kind: 'part', index, text: p.value })));
  });

  it('handles concatenated parts, repeated values and parts that are not in the string', () => {
    const okx = [{ value: '2020-12-08T09:08:57.715Z' }, { value: 'GET' }, { value: '/api/v5/account/balance?ccy=BTC' }, { value: '' }];
    const segs = segmentCanonical(okx.map((p) => p.value).join(''), okx)!;
    expect(segs.map((s) => s.kind)).toEqual(['part', 'part', 'part', 'part']);
    expect(segmentCanonical('a&a', [{ value: 'a' }, { value: 'a' }])!.map((s) => s.text)).toEqual(['a', '&', 'a']);
    expect(segmentCanonical('abc', [{ value: 'x' }])).toBeNull();
    expect(segmentCanonical('b a', [{ value: 'a' }, { value: 'b' }])).toBeNull();
  });

  it('lists the credentials a scheme needs that the key lacks, and picks the sandbox key by default', () => {
    const scheme = { id: 'okx-v5', title: 'OKX', description: '', docs: '', hosts: [], credentials: [['apiKey'], ['secret', 'privateKeyPem'], ['passphrase']] };
    expect(missingCredentials(scheme, { credentialFields: ['apiKey', 'privateKeyPem'] })).toEqual(['passphrase']);
    expect(missingCredentials(scheme, { credentialFields: [] })).toEqual(['api key', 'secret or private key PEM', 'passphrase']);
    const e = (id: string, provider: string) => ({ id, provider }) as EntrySummary;
    const list = [e('a', 'binance'), e('b', 'sandbox')];
    expect(effectiveEntry(list, null)?.id).toBe('b');
    expect(effectiveEntry(list, 'a')?.id).toBe('a');
    expect(effectiveEntry(list, 'gone')?.id).toBe('b');
    expect(effectiveEntry([], null)).toBeNull();
  });
});

describe('request starting points', () => {
  it('completes a URL typed without its scheme: http for this machine, https elsewhere', () => {
    expect(completeUrl('127.0.0.1:8443/v1/orders')).toBe('http://127.0.0.1:8443/v1/orders');
    expect(completeUrl('localhost:3000')).toBe('http://localhost:3000');
    expect(completeUrl('api.binance.com/api/v3/account')).toBe('https://api.binance.com/api/v3/account');
    expect(completeUrl('https://x.com/')).toBeNull();
    expect(completeUrl('ftp://x.com/')).toBeNull();
    expect(completeUrl('just words')).toBeNull();
    expect(completeUrl('')).toBeNull();
  });

  it('offers a sandbox order for the sandbox key and the base URL for others', () => {
    expect(sampleFor({ provider: 'sandbox', baseUrl: null }, 'http://127.0.0.1:50123')?.sample).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:50123/v1/orders' });
    expect(JSON.parse(sampleFor({ provider: 'sandbox', baseUrl: null }, null)?.sample.body ?? '')).toEqual({ symbol: 'BTC-USD', side: 'buy', type: 'limit', quantity: 0.25, price: 64000 });
    expect(sampleFor({ provider: 'binance', baseUrl: null })).toMatchObject({ label: 'Start from https://api.binance.com', sample: { url: 'https://api.binance.com/' } });
    expect(sampleFor({ provider: 'kraken', baseUrl: 'https://futures.kraken.com/' })?.sample.url).toBe('https://futures.kraken.com/');
    expect(sampleFor({ provider: 'sandbox-x', baseUrl: null })).toBeNull();
  });
});
