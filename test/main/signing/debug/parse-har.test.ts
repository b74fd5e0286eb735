
import { describe, expect, it } from 'vitest';
import { combineHeaderLines } from '../../../../src-main/signing/debug/combine-header-lines';
import { parseHar } from '../../../../src-main/signing/debug/parse-har';
import { refusal } from './parsed-request-checks';

const ORDER = 'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71';

/** The shape Firefox 133 exports (Network → "Save All As HAR"): HTTP/2 entries with a Host header, params and text. */
function firefoxHar(): object {
  const ua = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
  return {
    log: {
      version: '1.2',
      creator: { name: 'Firefox', version: '133.0' },
      browser: { name: 'Firefox', version: '133.0' },
      pages: [{ startedDateTime: '2025-11-28T03:20:00.000+00:00', id: 'page_1', title: 'Trade', pageTimings: { onContentLoad: -8, onLoad: -8 } }],
      entries: [
        {
          pageref: 'page_1',
          startedDateTime: '2025-11-28T03:20:00.100+00:00',
          request: {
            bodySize: 0, method: 'GET', url: 'https://api.binance.com/api/v3/time', httpVersion: 'HTTP/2',
            headers: [{ name: 'Host', value: 'api.binance.com' }, { name: 'User-Agent', value: ua }, { name: 'Accept', value: '*/*' }],
            cookies: [], queryString: [], headersSize: 312,
          },
          response: {
            status: 200, statusText: '', httpVersion: 'HTTP/2', headers: [{ name: 'content-type', value: 'application/json;charset=UTF-8' }], cookies: [],
            content: { mimeType: 'application/json;charset=UTF-8', size: 28, text: '{"serverTime":1499827319000}' }, redirectURL: '', headersSize: 420, bodySize: 448,
          },
          cache: {}, timings: { blocked: 0, dns: 0, connect: 0, ssl: 0, send: 0, wait: 95, receive: 0 }, time: 95, _securityState: 'secure', serverIPAddress: '13.32.0.1', connection: '443',
        },
        {
          pageref: 'page_1',
          startedDateTime: '2025-11-28T03:20:01.000+00:00',
          request: {
            bodySize: ORDER.length, method: 'POST', url: 'https://api.binance.com/api/v3/order', httpVersion: 'HTTP/2',
            headers: [
              { name: 'Host', value: 'api.binance.com' }, { name: 'User-Agent', value: ua }, { name: 'Accept', value: '*/*' },
              { name: 'Content-Type', value: 'application/x-www-form-urlencoded' }, { name: 'X-MBX-APIKEY', value: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A' },
              { name: 'Content-Length', value: String(ORDER.length) },
            ],
            cookies: [], queryString: [], headersSize: 512,
            postData: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'symbol', value: 'LTCBTC' }], text: ORDER },
          },
          response: {
            status: 400, statusText: '', httpVersion: 'HTTP/2', headers: [], cookies: [],
            content: { mimeType: 'application/json', size: 56, text: '{"code":-1022,"msg":"Signature for this request is not valid."}' }, redirectURL: '', headersSize: 200, bodySize: 256,
          },
          cache: {}, timings: { send: 0, wait: 80, receive: 0 }, time: 80,
        },
        {
          pageref: 'page_1',
          startedDateTime: '2025-11-28T03:20:02.000+00:00',
          request: { bodySize: 0, method: 'GET', url: 'https://www.binance.com/favicon.ico', httpVersion: 'HTTP/2', headers: [{ name: 'Accept', value: 'image/*' }], cookies: [], queryString: [], headersSize: 90 },
          response: { status: 0, statusText: '', httpVersion: '', headers: [], cookies: [], content: { mimeType: '', size: 0 }, redirectURL: '', headersSize: -1, bodySize: -1 },
          cache: {}, timings: {}, time: 0,
        },
      ],
    },
  };
}

/** Chrome's export of an HTTP/2 request: pseudo-headers first, lower-case names, a base64 response body. */
const CHROME_ENTRY = {
  request: {
    method: 'GET', url: 'https://api.bybit.com/v5/account/wallet-balance?accountType=UNIFIED', httpVersion: 'http/2.0',
    headers: [
      { name: ':authority', value: 'api.bybit.com' }, { name: ':method', value: 'GET' }, { name: ':path', value: '/v5/account/wallet-balance?accountType=UNIFIED' }, { name: ':scheme', value: 'https' },
      { name: 'x-bapi-api-key', value: 'XXXXXXXXXXXXXXXXXX' }, { name: 'x-bapi-sign', value: 'c3d2...' }, { name: 'x-bapi-timestamp', value: '1764300000123' }, { name: 'x-bapi-recv-window', value: '5000' },
    ],
    queryString: [{ name: 'accountType', value: 'UNIFIED' }], cookies: [], headersSize: -1, bodySize: 0,
  },
  response: { status: 200, statusText: '', headers: [], content: { size: 11, mimeType: 'application/json', text: Buffer.from('{"retCode":10004}').toString('base64'), encoding: 'base64' } },
};

describe('parseHar: what it reads', () => {
  it('takes the last entry that looks signed from a Firefox export, with its body and the server’s answer', () => {
    const r = parseHar(JSON.stringify(firefoxHar()));
    expect(r.request).toEqual({
      method: 'POST', url: 'https://api.binance.com/api/v3/order', headers: combineHeaderLines(r.headerLines), body: ORDER,
    });
    expect(r.headerLines[4]).toEqual(['X-MBX-APIKEY', 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A']);
    expect(r.response).toEqual({ status: 400, body: '{"code":-1022,"msg":"Signature for this request is not valid."}' });
    expect(r.notes).toEqual(['Took log.entries[1] of 3: the last one that looks signed (header X-MBX-APIKEY); give an entry index to take another.']);
  });

  it('takes the entry given, and the only entry without being told', () => {
    const har = firefoxHar() as { log: { entries: unknown[] } };
    expect(parseHar(JSON.stringify(har), 0)).toMatchObject({ request: { method: 'GET', url: 'https://api.binance.com/api/v3/time', body: null }, response: { status: 200, body: '{"serverTime":1499827319000}' }, notes: [] });
    har.log.entries = [har.log.entries[0]];
    expect(parseHar(JSON.stringify(har)).request.url).toBe('https://api.binance.com/api/v3/time');
  });

  it('drops HTTP/2 pseudo-headers (Chrome) and decodes a base64 response body', () => {
    const r = parseHar(JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, entries: [CHROME_ENTRY] } }));
    expect(r.headerLines.map(([k]) => k)).toEqual(['x-bapi-api-key', 'x-bapi-sign', 'x-bapi-timestamp', 'x-bapi-recv-window']);
    expect(r.notes).toEqual(['Dropped 4 HTTP/2 pseudo-headers (:method, :path, …): the method and URL carry them.']);
    expect(r.response).toEqual({ status: 200, body: '{"retCode":10004}' });
  });

  it('returns no server answer for a failed request (status 0), and says why', () => {
    const r = parseHar(JSON.stringify(firefoxHar()), 2);
    expect(r.response).toBeNull();
    expect(r.notes.join(' ')).toMatch(/status "0" is not an HTTP status/);
  });

  it('finds a signature in the query when no header names one', () => {
    const entry = (url: string) => ({ request: { method: 'GET', url, headers: [] } });
    const r = parseHar(JSON.stringify({ log: { entries: [entry('https://h/a?x=1&signature=ab'), entry('https://h/b')] } }));
    expect(r.request.url).toBe('https://h/a?x=1&signature=ab');
    expect(r.notes[0]).toMatch(/\(query parameter signature\)/);
  });

  it('combines repeated header entries with ","', () => {
    const r = parseHar(JSON.stringify({ log: { entries: [{ request: { method: 'GET', url: 'https://h/', headers: [{ name: 'X-A', value: '1' }, { name: 'x-a', value: ' 2 ' }] } }] } }));
    expect(r.request.headers).toEqual({ 'X-A': '1,2' });
  });
});

describe('parseHar: what it refuses, naming the entry', () => {
  const one = (request: object) => JSON.stringify({ log: { entries: [{ request }] } });
  it.each([
    ['not JSON', '{"log": {"entries": [}', /^The HAR is not valid JSON at line 1, column 22/],
    ['truncated JSON', '{"log": {"entries": [', /^The HAR is not valid JSON/],
    ['no log', '{"entries": []}', /^The HAR file: \.log: .*expected \{"log": \{"entries"/],
    ['no entries', '{"log": {"entries": []}}', /has no entries/],
    ['a missing url', one({ method: 'GET', headers: [] }), /^log\.entries\[0\]\.request\.url: /],
    ['a bad header', one({ method: 'GET', url: 'https://h/', headers: [{ name: 'X Y', value: '1' }] }), /^log\.entries\[0\]\.request\.headers\[0\]: "X Y" is not a header name/],
    ['a bad method', one({ method: 'G T', url: 'https://h/', headers: [] }), /^log\.entries\[0\]\.request\.method: "G T" is not an HTTP method/],
    ['a relative url', one({ method: 'GET', url: '/x', headers: [] }), /^log\.entries\[0\]\.request\.url: "\/x" is not an absolute URL/],
    ['params without text', one({ method: 'POST', url: 'https://h/', headers: [], postData: { mimeType: 'x', params: [{ name: 'a', value: '1' }] } }), /postData: has params but no text/],
    ['an entry out of range', JSON.stringify(firefoxHar()), /^entry 7: the HAR has 3 entries, numbered 0 to 2/, 7],
    ['nothing signed among many', JSON.stringify({ log: { entries: [{ request: { method: 'GET', url: 'https://h/', headers: [] } }, { request: { method: 'GET', url: 'https://h/2', headers: [] } }] } }), /has 2 entries and none looks signed; give the entry index/],
  ])('%s', (_what, text, message, entry?: number) => {
    expect(refusal(() => parseHar(text, entry))).toMatch(message);
  });

  it('never quotes the file in a JSON error (a HAR carries API keys)', () => {
    expect(refusal(() => parseHar('{"log": {"entries": [{"request": {"headers": [{"name": "X-Key", "value": "secret-1234"}] x'))).not.toContain('secret');
  });
});

// ---- Fuzzing ---------------------------------------------------------------------------------------------------
