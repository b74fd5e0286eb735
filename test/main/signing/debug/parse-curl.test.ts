
import { describe, expect, it } from 'vitest';
import { parseCurl } from '../../../../src-main/signing/debug/parse-curl';
import { binanceHmacSha256Scheme } from '../../../../src-main/signing/schemes/binance-hmac-sha256';
import { refusal } from './parsed-request-checks';

// The Binance Spot API docs' HMAC examples (rest-api.md, "SIGNED endpoint examples for POST /api/v3/order"), as printed.
const BINANCE = { apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A', secret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j' };
const BINANCE_DOCS = [
  `$ curl -H "X-MBX-APIKEY: vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A" -X POST 'https://api.binance.com/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71'`,
  `$ curl -H "X-MBX-APIKEY: vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A" -X POST 'https://api.binance.com/api/v3/order' -d 'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71'`,
  `$ curl -H "X-MBX-APIKEY: vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A" -X POST 'https://api.binance.com/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC' -d 'quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77'`,
];

// Chrome 131 DevTools → Network → Copy → "Copy as cURL (bash)" of a signed POST: one -H per header, -b for cookies,
// and $'…' for a body holding ' or ! (Chrome writes ! as \u0021).
const CHROME = String.raw`curl 'https://api.example-exchange.com/api/v1/orders?client=web' \
  -H 'accept: application/json, text/plain, */*' \
  -H 'accept-language: en-GB,en;q=0.9,fr;q=0.8' \
  -H 'content-type: application/json' \
  -b 'session=8f1c2e; theme=dark' \
  -H 'origin: https://www.example-exchange.com' \
  -H 'priority: u=1, i' \
  -H 'referer: https://www.example-exchange.com/trade/BTC_USDT' \
  -H 'sec-ch-ua: "Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"' \
  -H 'sec-ch-ua-mobile: ?0' \
  -H 'sec-ch-ua-platform: "Linux"' \
  -H 'sec-fetch-dest: empty' \
  -H 'sec-fetch-mode: cors' \
  -H 'sec-fetch-site: same-site' \
  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' \
  -H 'x-api-key: 3f9a0c7e-51d2-4b8e-9f10-2a6c4d8e7b31' \
  -H 'x-api-signature: 0f5e2c9a4b1d7e3f8a6c0b2d4e6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d1f' \
  -H 'x-api-timestamp: 1764300000123' \
  --data-raw $'{"symbol":"BTC_USDT","side":"buy","note":"it\'s a test\u0021","memo":"line1\nline2"}'`;

describe('parseCurl: pastes as people make them', () => {
  it.each(BINANCE_DOCS.map((cmd, i) => [i + 1, cmd] as const))('Binance docs example %i verifies with the binance-hmac-sha256 scheme', async (_n, cmd) => {
    const r = parseCurl(cmd);
    expect(r.request.method).toBe('POST');
    expect(r.request.headers['X-MBX-APIKEY']).toBe(BINANCE.apiKey);
    const v = await binanceHmacSha256Scheme.verify(r.request, BINANCE, { now: 1_499_827_319_559, windowMs: 5000 });
    expect(v).toMatchObject({ valid: true, reason: null });
  });

  it('the first Binance example: no body, POST from -X, the URL as printed', () => {
    const r = parseCurl(BINANCE_DOCS[0]!);
    expect(r.request.body).toBeNull();
    expect(r.request.url).toMatch(/^https:\/\/api\.binance\.com\/api\/v3\/order\?symbol=LTCBTC&.*&signature=c8db5/);
    expect(r.headerLines).toEqual([['X-MBX-APIKEY', BINANCE.apiKey]]);
  });

  it('Chrome’s "Copy as cURL (bash)": every -H, the -b cookies, and the $\'…\' body decoded', () => {
    const r = parseCurl(CHROME);
    expect(r.request.method).toBe('POST');
    expect(r.request.url).toBe('https://api.example-exchange.com/api/v1/orders?client=web');
    expect(r.request.body).toBe('{"symbol":"BTC_USDT","side":"buy","note":"it\'s a test!","memo":"line1\nline2"}');
    expect(r.headerLines).toHaveLength(17); // 16 -H and the Cookie from -b
    expect(r.headerLines[0]).toEqual(['Cookie', 'session=8f1c2e; theme=dark']);
    expect(r.request.headers['content-type']).toBe('application/json');
    expect(r.request.headers['Content-Type']).toBeUndefined(); // the -H replaces curl's own
    expect(r.request.headers['sec-ch-ua']).toBe('"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"');
    expect(r.request.headers['x-api-signature']).toMatch(/^0f5e2c9a/);
  });

  it('Firefox’s "Copy as cURL" (long flags, --compressed, no $\'…\')', () => {
    const r = parseCurl(String.raw`curl 'https://api.kraken.com/0/private/Balance' --compressed -X POST -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' -H 'Accept: */*' -H 'Content-Type: application/x-www-form-urlencoded; charset=utf-8' -H 'API-Key: kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==' -H 'API-Sign: 4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==' -H 'Connection: keep-alive' --data-raw 'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25'`);
    expect(r.request).toMatchObject({ method: 'POST', url: 'https://api.kraken.com/0/private/Balance', body: 'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25' });
    expect(r.headerLines.map(([k]) => k)).toEqual(['User-Agent', 'Accept', 'Content-Type', 'API-Key', 'API-Sign', 'Connection']);
    expect(r.notes.join(' ')).toMatch(/Ignored, as they change nothing a signature covers: --compressed/);
  });

  it('a terminal paste with env assignments, a pipe to jq and CRLF line ends', () => {
    const r = parseCurl("$ TZ=UTC LC_ALL=C curl -sS 'https://api.bybit.com/v5/market/time' \\\r\n  -H 'Accept: application/json' | jq .\r\n");
    expect(r.request).toEqual({ method: 'GET', url: 'https://api.bybit.com/v5/market/time', headers: { Accept: 'application/json' }, body: null });
    expect(r.notes.join(' ')).toMatch(/assignments before curl \(TZ, LC_ALL\)/);
    expect(r.notes.join(' ')).toMatch(/What follows "\|" \(line 2\) is another command/);
  });
});

describe('parseCurl: flags, read as curl reads them', () => {
  const one = (cmd: string) => parseCurl(cmd).request;

  it('joins repeated data with "&" and makes the request a form POST', () => {
    expect(one(`curl https://h/x -d a=1 --data 'b=2' --data-binary c=3 --data-ascii d=4 --data-raw @e`)).toEqual({
      method: 'POST', url: 'https://h/x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=2&c=3&d=4&@e',
    });
  });

  it('encodes --data-urlencode as curl does: content, =content, name=content; + for a space', () => {
    expect(one(`curl https://h/x --data-urlencode 'a b&c' --data-urlencode '=x=y' --data-urlencode 'q=caf\u00e9 ~!*()%20'`).body).toBe('a+b%26c&x%3Dy&q=caf%C3%A9+~%21%2A%28%29%2520');
  });

  it('-G moves the data to the query (& when the URL has one) and sends GET without Content-Type', () => {
    expect(one(`curl -G 'https://h/x?a=1' --data-urlencode 'q=a b' -d n=2`)).toEqual({ method: 'GET', url: 'https://h/x?a=1&q=a+b&n=2', headers: {}, body: null });
    expect(one(`curl --get https://h/x -d n=2`).url).toBe('https://h/x?n=2');
  });

  it('--json sends the pieces concatenated, with Content-Type and Accept application/json', () => {
    expect(one(`curl https://h/x --json '{"a":1,' --json '"b":2}'`)).toEqual({ method: 'POST', url: 'https://h/x', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: '{"a":1,"b":2}' });
  });

  it('-X wins over everything; -I is HEAD; data makes POST; nothing makes GET', () => {
    expect(one(`curl -XDELETE https://h/x -d a=1`).method).toBe('DELETE');
    expect(one(`curl -X put https://h/x`).method).toBe('put');
    expect(one(`curl -I https://h/x`).method).toBe('HEAD');
    expect(one(`curl -G -I https://h/x -d a=1`)).toMatchObject({ method: 'HEAD', url: 'https://h/x?a=1' });
    expect(one(`curl https://h/x`).method).toBe('GET');
  });

  it('clusters short flags (-sSLk, -XPOST, -HName:v, -d\'x\')', () => {
    expect(one(`curl -sSLkXPOST -HX-A:1 -d'v=1' https://h/x`)).toEqual({ method: 'POST', url: 'https://h/x', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-A': '1' }, body: 'v=1' });
  });

  it('-u is Basic auth, -A, -e and -b are their headers, and a -H of the same name replaces curl’s own', () => {
    const r = parseCurl(`curl -u 'key:s3cr\u00eat' -A 'bot/1' -e 'https://r/;auto' -b a=1 -b 'b=2' --url https://h/x`);
    expect(r.request.headers).toEqual({ Authorization: `Basic ${Buffer.from('key:s3cr\u00eat').toString('base64')}`, 'User-Agent': 'bot/1', Referer: 'https://r/', Cookie: 'a=1;b=2' });
    expect(one(`curl -A bot https://h -H 'user-agent: mine'`).headers).toEqual({ 'user-agent': 'mine' });
    expect(one(`curl --oauth2-bearer tok https://h`).headers).toEqual({ Authorization: 'Bearer tok' });
  });

  it('-H "Name:" removes curl’s own header, "Name;" sends it empty, repeats combine with ","', () => {
    const r = parseCurl(`curl https://h -d x -H 'Content-Type:' -H 'X-Empty;' -H 'X-Dup: 1' -H 'x-dup: 2'`);
    expect(r.request.headers).toEqual({ 'X-Empty': '', 'X-Dup': '1,2' });
    expect(r.headerLines).toEqual([['X-Empty', ''], ['X-Dup', '1'], ['x-dup', '2']]);
  });

  it('a scheme-less URL is http://, as curl sends it; a fragment is dropped; both noted', () => {
    const r = parseCurl(`curl api.example.com/v1/x#top`);
    expect(r.request.url).toBe('http://api.example.com/v1/x');
    expect(r.notes.join(' ')).toMatch(/no scheme.*fragment/);
  });

  it('keeps # inside a word (a URL fragment is not a comment) and reads a comment after a blank', () => {
    expect(one(`curl 'https://h/x' -H X-Tag:a#b # a comment -H nope`).headers).toEqual({ 'X-Tag': 'a#b' });
  });
});

describe('parseCurl: what it refuses, naming the flag', () => {
  it.each([
    ['-d @file', `curl https://h -d @body.json`, /^-d: @"body\.json" reads a file, which the debugger never does/],
    ['--data-binary @-', `curl https://h --data-binary @-`, /^--data-binary: @- reads stdin/],
    ['--json @file', `curl https://h --json @x.json`, /^--json: @"x\.json" reads a file/],
    ['--data-urlencode name@file', `curl https://h --data-urlencode 'q@file.txt'`, /^--data-urlencode: "q@"… reads a file/],
    ['-H @file', `curl https://h -H @headers.txt`, /^-H: @"headers\.txt" reads headers from a file/],
    ['-b FILE', `curl https://h -b cookies.txt`, /^-b: without "=" curl reads "cookies\.txt" as a cookie file/],
    ['-F', `curl https://h -F a=1`, /^-F: builds a multipart body/],
    ['-T', `curl https://h -T up.bin`, /^-T: reads a file/],
    ['-K', `curl -K cfg`, /^-K: reads more flags from a file/],
    ['--aws-sigv4', `curl --aws-sigv4 aws:amz:us-east-1:s3 https://h`, /^--aws-sigv4: makes curl sign the request itself/],
    ['an unknown long flag', `curl --frobnicate https://h`, /^"--frobnicate" \(line 1\): not a curl flag the debugger knows to be harmless/],
    ['an unknown short flag', `curl -sq https://h`, /^"-q" \(line 1\): not a curl flag/],
    ['--flag=value', `curl --data=a https://h`, /curl takes the value as the next word: --data '…', not --data=…/],
    ['a flag missing its value', `curl https://h -H`, /^-H \(line 1\): needs a value after it/],
    ['-u without a password', `curl -u key https://h`, /^-u: no password after the user name/],
    ['no URL', `curl -s`, /has no URL/],
    ['two URLs', `curl https://a https://b`, /has 2 URLs .*keep one/],
    ['not curl', `wget https://h`, /^line 1: expected a curl command, found "wget"/],
    ['an unquoted &', `curl https://h/x?a=1&b=2`, /^line 1: an unquoted & ends the command in bash/],
    ['a lost continuation', `curl https://h\n  -H 'X: 1'`, /^line 2: the curl command ended at the line break before it \(no \\ at the end of line 1\)/],
    ['a redirection', `curl https://h > out.json`, /^line 1: ">" \(a redirection or subshell\)/],
    ['a shell variable', `curl -H "X-MBX-APIKEY: $API_KEY" https://h`, /^line 1: the shell variable \$API_KEY is read from an environment/],
    ['${…}', `curl "https://h/?t=\${TS}"`, /the shell variable \$TS/],
    ['$(…)', `curl -d "ts=$(date +%s)" https://h`, /^line 1: \$\(…\) runs a command/],
    ['backticks', "curl -d ts=`date` https://h", /runs a command/],
    ['an unclosed single quote', `curl 'https://h \\\n -H x`, /^line 1: a single quote is never closed/],
    ['an unclosed double quote', `curl "https://h`, /^line 1: a double quote is never closed/],
    ['an unclosed $\'', `curl $'https://h`, /^line 1: the \$'…' quote is never closed/],
    ['$\'…\' bytes that are not UTF-8', `curl https://h -d $'\\xff'`, /makes bytes that are not UTF-8 text/],
    ['brace expansion', `curl https://h/{a,b}`, /brace expansion/],
    ['-I with data', `curl -I https://h -d a`, /^-I \(HEAD\) and data/],
    ['a space in the URL', `curl 'https://h/a b'`, /the URL holds a space; percent-encode it/],
    ['an ftp URL', `curl ftp://h/x`, /only http and https/],
  ])('%s', (_what, cmd, message) => {
    expect(refusal(() => parseCurl(cmd))).toMatch(message);
  });

  it('never quotes a header value or data in a refusal', () => {
    const msg = refusal(() => parseCurl(`curl https://h -H 'X-Key secret-1234'`));
    expect(msg).toMatch(/^-H: expected 'Name: value'/);
    expect(msg).not.toContain('secret-1234');
  });
});

// ---- Fuzzing ---------------------------------------------------------------------------------------------------

/** bash quotings of one word, all meaning the same text. */
