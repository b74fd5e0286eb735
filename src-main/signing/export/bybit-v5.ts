/**
 * `bybit-v5` written out (the rule is in ../schemes/bybit-v5.ts): each run takes fresh epoch milliseconds (unless
 * the request carries X-BAPI-TIMESTAMP, kept as typed) and signs timestamp + apiKey + recvWindow + (the query string
 * for GET | the body otherwise) with HMAC-SHA256 keyed with SIGNET_SECRET, lowercase hex.
 */
import { getHeader, rawQuery } from '../encoding';
import type { CodeFormat, SignerInput, WrittenCode } from './code-writer';
import { BODY, givenOrClock, headersWith, sendableUrl, SIGNATURE, text, writeKeyedHashCode } from './keyed-hash-code';

export function writeBybitV5Code(format: CodeFormat, input: SignerInput): WrittenCode {
  const { request } = input;
  const method = request.method.trim().toUpperCase();
  const url = sendableUrl(request.url);
  const apiKey = input.publicCredentials.apiKey ?? '';
  const ts = givenOrClock(request.headers, 'X-BAPI-TIMESTAMP', 'ms');
  const recvWindow = getHeader(request.headers, 'X-BAPI-RECV-WINDOW') ?? input.options.recvWindow ?? '5000';
  const payload = method === 'GET' ? [text(rawQuery(url))] : request.body === null ? [] : [BODY];
  return writeKeyedHashCode(format, {
    scheme: input.scheme,
    rule: [`X-BAPI-SIGN = hex HMAC-SHA256(secret, timestamp + apiKey + recvWindow + ${method === 'GET' ? 'the query string' : 'the body'}).`],
    note: ts.note,
    method,
    url: url.href,
    clock: ts.clock,
    body: request.body === null ? null : [text(request.body)],
    message: [ts.value, text(apiKey + recvWindow), ...payload],
    hash: 'sha256',
    key: 'utf8',
    output: 'hex',
    headers: headersWith(request.headers, [
      ['X-BAPI-API-KEY', [text(apiKey)]],
      ['X-BAPI-TIMESTAMP', [ts.value]],
      ['X-BAPI-RECV-WINDOW', [text(recvWindow)]],
      ['X-BAPI-SIGN', [SIGNATURE]],
      ['X-BAPI-SIGN-TYPE', [text('2')]],
    ]),
  });
}
