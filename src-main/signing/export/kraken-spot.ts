/**
 * `kraken-spot` written out (the rule is in ../schemes/kraken-spot.ts): each run puts a fresh nonce (epoch ms) first
 * in the body, form or JSON as the scheme does (a body that already has a nonce is kept as typed), and signs the URI
 * path bytes + SHA-256(nonce + body) with HMAC-SHA512 keyed with the base64-decoded SIGNET_SECRET, base64 (API-Sign).
 */
import { getHeader } from '../encoding';
import { encodeFormText, formDecode, formValue, jsonIntegerMember, parseJsonObject, prependJsonMembers } from '../payload-text';
import type { CodeFormat, SignerInput, WrittenCode } from './code-writer';
import { BODY, CLOCK, headersWith, type Piece, piecesAround, sendableUrl, SIGNATURE, text, writeKeyedHashCode } from './keyed-hash-code';

/** Stands for the run's nonce while the scheme's own helpers build the body. */
const MARK = 'SIGNET_NONCE_6c1f0b';

export function writeKrakenSpotCode(format: CodeFormat, input: SignerInput): WrittenCode {
  const { request } = input;
  const url = sendableUrl(request.url);
  const contentType = getHeader(request.headers, 'content-type');
  const json = contentType !== undefined ? /^\s*application\/json\s*(;|$)/i.test(contentType) : /^\s*[[{]/.test(request.body ?? '');
  let body: Piece[];
  let nonce: Piece | null = null;
  if (json) {
    const typed = (request.body ?? '') === '' ? '{}' : (request.body as string);
    const parsed = parseJsonObject(typed, 'body', 'expected a JSON object');
    const given = parsed.nonce === undefined ? undefined : jsonIntegerMember(typed, parsed, 'nonce');
    if (given !== undefined) [body, nonce] = [[text(typed)], text(given)];
    else body = piecesAround(prependJsonMembers(typed, [['nonce', JSON.stringify(MARK)]], Object.keys(parsed).length === 0), MARK);
  } else {
    const typed = encodeFormText(request.body ?? '', 'body');
    const raw = formValue(typed, 'nonce');
    if (raw !== undefined) [body, nonce] = [[text(typed)], text(formDecode(raw))];
    else body = piecesAround(typed === '' ? `nonce=${MARK}` : `nonce=${MARK}&${typed}`, MARK);
  }
  const set: [string, Piece[]][] = [
    ['API-Key', [text(input.publicCredentials.apiKey ?? '')]],
    ['API-Sign', [SIGNATURE]],
  ];
  if (contentType === undefined) set.push(['Content-Type', [text(json ? 'application/json' : 'application/x-www-form-urlencoded')]]);
  return writeKeyedHashCode(format, {
    scheme: input.scheme,
    rule: ['API-Sign = base64(HMAC-SHA512(base64-decoded secret, URI path + SHA-256(nonce + POST data))).'],
    note: nonce === null ? 'A fresh nonce (epoch ms, always increasing) goes first in the body on every run.' : 'The body carries its own nonce, kept as typed: Kraken accepts each nonce once, increasing.',
    method: 'POST',
    url: `${url.origin}${url.pathname}`,
    clock: nonce === null ? 'ms' : null,
    body,
    message: [nonce ?? CLOCK, BODY],
    messagePrefix: url.pathname,
    hash: 'sha512',
    key: 'base64',
    output: 'base64',
    headers: headersWith(request.headers, set),
  });
}
