/**
 * `gemini` written out (the rule is in ../schemes/gemini.ts): each run puts a fresh nonce (epoch ms) in the JSON
 * payload where the scheme puts it (a payload that already has "request" and "nonce" is kept byte for byte), sends
 * the payload base64-encoded as X-GEMINI-PAYLOAD with an empty body, and signs that base64 text with HMAC-SHA384 keyed
 * with SIGNET_SECRET, hex (X-GEMINI-SIGNATURE).
 */
import { parseJsonObject, prependJsonMembers } from '../payload-text';
import type { CodeFormat, SignerInput, WrittenCode } from './code-writer';
import { CLOCK, headersWith, PAYLOAD64, type Piece, piecesAround, sendableUrl, SIGNATURE, text, writeKeyedHashCode } from './keyed-hash-code';

/** Stands for the run's nonce while the scheme's own helper builds the payload. */
const MARK = 'SIGNET_NONCE_6c1f0b';

export function writeGeminiCode(format: CodeFormat, input: SignerInput): WrittenCode {
  const { request } = input;
  const url = sendableUrl(request.url);
  const path = url.pathname;
  const typed = request.body ?? '';
  let payload: Piece[];
  let fresh = true;
  if (typed.trim() === '') {
    payload = [text(`{"request":${JSON.stringify(path)},"nonce":`), CLOCK, text('}')];
  } else {
    const parsed = parseJsonObject(typed, 'body', 'expected the JSON payload object');
    const missing: [string, string][] = [];
    if (parsed.request === undefined) missing.push(['request', JSON.stringify(path)]);
    if (parsed.nonce === undefined) missing.push(['nonce', MARK]);
    fresh = parsed.nonce === undefined;
    payload = missing.length === 0 ? [text(typed)] : piecesAround(prependJsonMembers(typed, missing, Object.keys(parsed).length === 0), MARK);
  }
  return writeKeyedHashCode(format, {
    scheme: input.scheme,
    rule: ['X-GEMINI-PAYLOAD = base64 of the JSON payload; X-GEMINI-SIGNATURE = hex HMAC-SHA384(secret, that base64 text).'],
    note: fresh ? 'A fresh nonce (epoch ms) goes in the payload on every run.' : 'The payload carries its own nonce, kept as typed: Gemini accepts each nonce once, increasing.',
    method: 'POST',
    url: `${url.origin}${path}`,
    clock: fresh ? 'ms' : null,
    body: null,
    payload,
    message: [PAYLOAD64],
    hash: 'sha384',
    key: 'utf8',
    output: 'hex',
    headers: headersWith(request.headers, [
      ['Content-Type', [text('text/plain')]],
      ['Content-Length', [text('0')]],
      ['Cache-Control', [text('no-cache')]],
      ['X-GEMINI-APIKEY', [text(input.publicCredentials.apiKey ?? '')]],
      ['X-GEMINI-PAYLOAD', [PAYLOAD64]],
      ['X-GEMINI-SIGNATURE', [SIGNATURE]],
    ]),
  });
}
