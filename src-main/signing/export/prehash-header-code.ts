/**
 * The "Copy as" writer shared by the exchanges that sign timestamp + METHOD + path?query + body with a base64
 * HMAC-SHA256 and send it with key, timestamp and passphrase headers (Coinbase Exchange, OKX, KuCoin). Each
 * exchange's file says what differs: header names, the clock's format, how the secret becomes the key, the path as
 * signed, how the passphrase travels and any extra header. Each run takes a fresh timestamp unless the request
 * carries the exchange's timestamp header, kept as typed.
 */
import type { CodeFormat, SignerInput, WrittenCode } from './code-writer';
import { BODY, givenOrClock, headersWith, sendableUrl, SIGNATURE, text, writeKeyedHashCode, type ClockFormat, type Piece } from './keyed-hash-code';

export interface PrehashHeaderExport {
  readonly headers: { readonly key: string; readonly sign: string; readonly timestamp: string; readonly passphrase: string };
  readonly clock: ClockFormat;
  /** The secret as the HMAC key: its UTF-8 bytes, or base64-decoded. */
  readonly key: 'utf8' | 'base64';
  /** The comment lines stating the rule, after the line naming the scheme. */
  readonly rule: readonly string[];
  /** The request path with its query as the exchange signs it (KuCoin URL-decodes it); default as sent. */
  readonly signedPath?: (pathAndQuery: string) => string;
  /** What the passphrase header carries; default the passphrase itself, from the environment. */
  readonly passphrase?: Piece;
  /** Headers after the passphrase (KuCoin's key version). */
  readonly extraHeaders?: readonly (readonly [string, readonly Piece[]])[];
}

export function writePrehashHeaderCode(format: CodeFormat, input: SignerInput, d: PrehashHeaderExport): WrittenCode {
  const { request } = input;
  const method = request.method.trim().toUpperCase();
  const url = sendableUrl(request.url);
  const ts = givenOrClock(request.headers, d.headers.timestamp, d.clock);
  const path = url.pathname + url.search;
  return writeKeyedHashCode(format, {
    scheme: input.scheme,
    rule: d.rule,
    note: ts.note,
    method,
    url: url.href,
    clock: ts.clock,
    body: request.body === null ? null : [text(request.body)],
    message: [ts.value, text(method + (d.signedPath ? d.signedPath(path) : path)), ...(request.body === null ? [] : [BODY])],
    hash: 'sha256',
    key: d.key,
    output: 'base64',
    headers: headersWith(request.headers, [
      [d.headers.key, [text(input.publicCredentials.apiKey ?? '')]],
      [d.headers.sign, [SIGNATURE]],
      [d.headers.timestamp, [ts.value]],
      [d.headers.passphrase, [d.passphrase ?? { secret: 'passphrase' }]],
      ...(d.extraHeaders ?? []),
    ]),
  });
}
