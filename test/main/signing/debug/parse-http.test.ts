import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';
import { combineHeaderLines } from '../../../../src-main/signing/debug/combine-header-lines';
import { parseHttp } from '../../../../src-main/signing/debug/parse-http';
import { awsSigv4Scheme } from '../../../../src-main/signing/schemes/aws-sigv4';
import { refusal } from './parsed-request-checks';

interface Suite {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  readonly service: string;
  readonly cases: readonly { readonly name: string; readonly req: string; readonly authz: string }[];
}
const SUITE = JSON.parse(readFileSync(fileURLToPath(new URL('../../../fixtures/vectors/aws-sig-v4-cases.json', import.meta.url)), 'utf8')) as Suite;
const AWS = { accessKeyId: SUITE.accessKeyId, secretAccessKey: SUITE.secretAccessKey, region: SUITE.region, service: SUITE.service };
const AMZ_MS = Date.UTC(2015, 7, 30, 12, 36, 0);

describe('parseHttp: the AWS SigV4 suite’s raw requests, signed from the parser’s output', () => {
  it('get-header-key-duplicate: three My-Header1 lines combine to value2,value2,value1 and sign to the suite’s signature', async () => {
    const c = SUITE.cases.find((x) => x.name === 'get-header-key-duplicate')!;
    const parsed = parseHttp(c.req);
    expect(parsed.headerLines.filter(([k]) => k === 'My-Header1')).toEqual([['My-Header1', 'value2'], ['My-Header1', 'value2'], ['My-Header1', 'value1']]);
    expect(parsed.request.headers['My-Header1']).toBe('value2,value2,value1');
    const signed = await awsSigv4Scheme.sign(parsed.request, AWS, { timestamp: AMZ_MS, nonce: 'unused' });
    expect(signed.canonical).toContain('\nmy-header1:value2,value2,value1\n');
    expect(signed.request.headers.Authorization).toBe(c.authz);
    expect(c.authz).toMatch(/Signature=c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea$/);
  });

  for (const c of SUITE.cases) {
    it(`${c.name}: signs to the suite’s Authorization`, async () => {
      const signed = await awsSigv4Scheme.sign(parseHttp(c.req).request, AWS, { timestamp: AMZ_MS, nonce: 'unused' });
      expect(signed.request.headers.Authorization).toBe(c.authz);
    });
  }
});

describe('parseHttp: what it reads', () => {
  it('reads a request copied from a proxy (CRLF, Host, Content-Length matching the body)', () => {
    const body = '{"symbol":"BTCUSDT","side":"BUY","type":"LIMIT","qty":"0.01","price":"64000"}';
    const raw = [
      'POST /api/v5/trade/order HTTP/1.1',
      'Host: www.okx.com',
      'Accept: application/json',
      'Content-Type: application/json',
      'OK-ACCESS-KEY: 9d1b5c39-4a8f-4c1d-9e63-5f0a0d3b2c11',
      'OK-ACCESS-SIGN: 4Y1xJd4l0k6cP3m2Ww8Jq3l9s0eQ0lX1b9m5zQ2n8kA=',
      'OK-ACCESS-TIMESTAMP: 2025-11-28T03:20:00.123Z',
      'OK-ACCESS-PASSPHRASE: correct horse',
      'User-Agent: python-requests/2.32.3',
      'Accept-Encoding: gzip, deflate',
      'Connection: keep-alive',
      `Content-Length: ${body.length}`,
      '',
      body,
    ].join('\r\n');
    const r = parseHttp(raw);
    expect(r.request).toEqual({
      method: 'POST',
      url: 'https://www.okx.com/api/v5/trade/order',
      headers: combineHeaderLines(r.headerLines),
      body,
    });
    expect(r.headerLines).toHaveLength(11);
    expect(r.request.headers['OK-ACCESS-PASSPHRASE']).toBe('correct horse');
    expect(r.notes).toEqual(['https assumed: the request line gives a path, joined to Host www.okx.com.']);
  });

  it('keeps the method’s letter case (the debugger diagnoses method-case)', () => {
    expect(parseHttp('post /x HTTP/1.1\nHost: h\n').request.method).toBe('post');
  });

  it('accepts a request line without HTTP version, and says so', () => {
    const r = parseHttp('GET /api/v3/account?timestamp=1 \nHost: api.binance.com');
    expect(r.request.url).toBe('https://api.binance.com/api/v3/account?timestamp=1');
    expect(r.notes[0]).toMatch(/no HTTP version/);
  });

  it('skips blank lines before the request line (RFC 9112 §2.2)', () => {
    expect(parseHttp('\r\n\nGET / HTTP/1.1\nHost: h').request.url).toBe('https://h/');
  });

  it('lets an absolute URL on the request line win over Host, noting the disagreement', () => {
    const r = parseHttp('GET http://127.0.0.1:8080/v1/x?a=1 HTTP/1.1\nHost: api.example.com\n\n');
    expect(r.request.url).toBe('http://127.0.0.1:8080/v1/x?a=1');
    expect(r.notes.join(' ')).toMatch(/host 127\.0\.0\.1:8080 is used, not the Host header's "api\.example\.com"/);
    expect(parseHttp('GET https://h.com/x HTTP/1.1\nHost: h.com:443\n').notes).toEqual([]);
  });

  it('takes the body byte for byte, inner blank lines, CRLFs and trailing spaces included', () => {
    const body = 'line1\r\n\r\n  line3  \n\nend  ';
    expect(parseHttp(`PUT /x HTTP/1.1\r\nHost: h\r\n\r\n${body}`).request.body).toBe(body);
  });

  it('drops one trailing line break an editor added when Content-Length says so, and notes it', () => {
    const lf = parseHttp('POST /x HTTP/1.1\nHost: h\nContent-Length: 9\n\na=1&b=€\n');
    expect(lf.request.body).toBe('a=1&b=€');
    expect(lf.notes.join(' ')).toMatch(/Content-Length says 9 bytes: the line break after the body .* was dropped/);
    expect(parseHttp('POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc\r\n').request.body).toBe('abc');
  });

  it('keeps a body that disagrees with Content-Length otherwise, and says what a server would read', () => {
    const r = parseHttp('POST /x HTTP/1.1\nHost: h\nContent-Length: 2\n\nabcd');
    expect(r.request.body).toBe('abcd');
    expect(r.notes.join(' ')).toMatch(/Content-Length says 2 bytes but the body has 4/);
  });

  it('keeps a trailing line break when there is no Content-Length, and points it out', () => {
    const r = parseHttp('POST /x HTTP/1.1\nHost: h\n\n{"a":1}\n');
    expect(r.request.body).toBe('{"a":1}\n');
    expect(r.notes.join(' ')).toMatch(/ends with a line break, kept/);
  });

  it('reads an empty body as no body', () => {
    expect(parseHttp('GET / HTTP/1.1\r\nHost: h\r\n\r\n').request.body).toBeNull();
    expect(parseHttp('GET / HTTP/1.1\r\nHost: h\r\n').request.body).toBeNull();
  });

  it('keeps repeated header lines and combines them with ","', () => {
    const r = parseHttp('GET / HTTP/1.1\nHost: h\nAccept: a\naccept: b\nX-Empty:\n');
    expect(r.headerLines).toEqual([['Host', 'h'], ['Accept', 'a'], ['accept', 'b'], ['X-Empty', '']]);
    expect(r.request.headers).toEqual({ Host: 'h', Accept: 'a,b', 'X-Empty': '' });
  });

  it('drops a fragment from the target and says so', () => {
    const r = parseHttp('GET /a?b=1#frag HTTP/1.1\nHost: h\n');
    expect(r.request.url).toBe('https://h/a?b=1');
    expect(r.notes.join(' ')).toMatch(/fragment/);
  });
});

describe('parseHttp: what it refuses, in one line naming where', () => {
  it.each([
    ['obsolete line folding', 'GET / HTTP/1.1\nHost: h\nX-Long: a\n  b\n', /^line 4: starts with whitespace.*obsolete line folding/],
    ['whitespace before the colon', 'GET / HTTP/1.1\nHost : h\n', /^line 2: whitespace between the header name and ":"/],
    ['a header line without a colon', 'GET / HTTP/1.1\nHost: h\nnot a header\n', /^line 3: expected a header "Name: value" but found no ":"/],
    ['a path target without Host', 'GET /x HTTP/1.1\nAccept: */*\n', /^line 1: the target is a path and there is no Host header/],
    ['two Host headers', 'GET / HTTP/1.1\nHost: a\nHost: b\n', /^line 3: a second Host header/],
    ['a bare CR', 'GET / HTTP/1.1\rHost: h\n', /^line 1: a carriage return without a line feed/],
    ['a bad version', 'GET / HTTP/one\nHost: h\n', /^line 1: "HTTP\/one" is not an HTTP version/],
    ['a space in the target', 'GET /a b HTTP/1.1\nHost: h\n', /^line 1: expected "METHOD target HTTP\/1.1"; a space in the target/],
    ['a bad method', 'G(T / HTTP/1.1\nHost: h\n', /^line 1: "G\(T" is not an HTTP method/],
    ['the * target', 'OPTIONS * HTTP/1.1\nHost: h\n', /^line 1: the target "\*"/],
    ['an authority-form target', 'CONNECT h:443 HTTP/1.1\nHost: h\n', /^line 1: the target must be a path/],
    ['chunked bodies', 'POST / HTTP/1.1\nHost: h\nTransfer-Encoding: chunked\n\n3\r\nabc\r\n0\r\n\r\n', /^line 3: Transfer-Encoding is not supported/],
    ['a non-numeric Content-Length', 'POST / HTTP/1.1\nHost: h\nContent-Length: ten\n\nx', /^line 3: Content-Length must be a number/],
    ['a bad header name', 'GET / HTTP/1.1\nHost: h\nX(y): 1\n', /^line 3: "X\(y\)" is not a header name/],
    ['a bad Host', 'GET / HTTP/1.1\nHost: a/b\n', /^line 2: the Host header is not a host name/],
    ['an ftp URL', 'GET ftp://h/x HTTP/1.1\n', /^line 1: the URL's scheme is ftp/],
    ['an empty paste', '  \n\r\n', /^The HTTP request is empty/],
    ['more than 1 MiB', `POST / HTTP/1.1\nHost: h\n\n${'x'.repeat(1024 * 1024)}`, /larger than 1 MiB/],
    ['a lone surrogate', 'GET /\ud800 HTTP/1.1\nHost: h\n', /lone UTF-16 surrogate/],
  ])('%s', (_what, raw, message) => {
    expect(refusal(() => parseHttp(raw))).toMatch(message);
  });

  it('never quotes a header value in a refusal', () => {
    expect(refusal(() => parseHttp('GET / HTTP/1.1\nHost: h\nX-Key: secret-1234\n continued\n'))).not.toContain('secret-1234');
  });

  it('refuses a non-string input as ERR_DEBUG_INPUT, not a TypeError', () => {
    expect(refusal(() => parseHttp(42 as unknown as string))).toMatch(/expected text/);
  });
});

// ---- Fuzzing ---------------------------------------------------------------------------------------------------
