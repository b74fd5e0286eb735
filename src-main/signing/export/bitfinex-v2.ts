/**
 * `bitfinex-v2` written out (the rule is in ../schemes/bitfinex-v2.ts): each run takes a fresh nonce (epoch µs, as
 * the docs' Date.now() * 1000; a request with its own bfx-nonce keeps it) and signs "/api/" + path + nonce + JSON body
 * with HMAC-SHA384 keyed with SIGNET_SECRET, hex (bfx-signature). An empty body is sent as {}, as the scheme does.
 */
import { getHeader } from '../encoding';
import type { CodeFormat, SignerInput, WrittenCode } from './code-writer';
import { BODY, givenOrClock, headersWith, type Piece, sendableUrl, SIGNATURE, text, writeKeyedHashCode } from './keyed-hash-code';

export function writeBitfinexV2Code(format: CodeFormat, input: SignerInput): WrittenCode {
  const { request } = input;
  const url = sendableUrl(request.url);
  const apiPath = `${url.pathname.slice(1)}${url.search}`;
  const body = (request.body ?? '').trim() === '' ? '{}' : (request.body as string);
  const nonce = givenOrClock(request.headers, 'bfx-nonce', 'us');
  const set: [string, Piece[]][] = [
    ['bfx-nonce', [nonce.value]],
    ['bfx-apikey', [text(input.publicCredentials.apiKey ?? '')]],
    ['bfx-signature', [SIGNATURE]],
  ];
  if (getHeader(request.headers, 'content-type') === undefined) set.push(['Content-Type', [text('application/json')]]);
  return writeKeyedHashCode(format, {
    scheme: input.scheme,
    rule: ['bfx-signature = hex HMAC-SHA384(secret, "/api/" + path + nonce + body).'],
    note: nonce.note,
    method: 'POST',
    url: `${url.origin}/${apiPath}`,
    clock: nonce.clock,
    body: [text(body)],
    message: [text(`/api/${apiPath}`), nonce.value, BODY],
    hash: 'sha384',
    key: 'utf8',
    output: 'hex',
    headers: headersWith(request.headers, set),
  });
}
