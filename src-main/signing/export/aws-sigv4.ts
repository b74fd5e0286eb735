/**
 * `aws-sigv4` written out (the rule is in ../schemes/aws-sigv4.ts): each run takes a fresh X-Amz-Date (unless the
 * request carries one, kept as typed), hashes the canonical request, derives the signing key from
 * SIGNET_SECRET_ACCESS_KEY through date, region, service and "aws4_request", and sends the Authorization header
 * (with X-Amz-Security-Token from SIGNET_SESSION_TOKEN when the key has a session token).
 *
 * The canonical request does not depend on the secret access key, so Signet builds it with the scheme itself — signing
 * with a placeholder key, a marked date and a marked session token — and writes out its lines: the canonical URI,
 * sorted query, signed headers and payload hash come out byte for byte as the scheme makes them, and only the date
 * line and the session token line are computed when the code runs.
 */
import type { CanonicalPart } from '../types';
import { getHeader } from '../encoding';
import { awsSigv4Scheme } from '../schemes/aws-sigv4';
import { code, envVarFor, signedWith, ref, shellQuote, stringLiteral, text, tidy, type CodeFormat, type Piece, type SignerInput, type WrittenCode } from './code-writer';
import { CLOCK, sendableUrl } from './keyed-hash-code';
import { LANGUAGES, writeProgram } from './languages';

/** The date the placeholder signing uses: its header line is replaced by the run's date. */
const MARK_MS = Date.UTC(2001, 0, 1);
const MARK_DATE = '20010101T000000Z';
const MARK_TOKEN = 'SIGNET-SESSION-TOKEN-6c1f0b';

/** The `aws-sigv4` scheme's "Copy as" code. */
export function writeAwsSigv4Code(format: CodeFormat, input: SignerInput): WrittenCode {
  const { request, publicCredentials: pub } = input;
  const method = request.method.trim().toUpperCase();
  const url = sendableUrl(request.url);
  const hasToken = input.secretFields.includes('sessionToken');
  const givenDate = getHeader(request.headers, 'x-amz-date')?.trim();
  const region = pub.region ?? '';
  const service = pub.service ?? '';
  const accessKeyId = pub.accessKeyId ?? '';
  // Not a signature anyone uses: only the canonical request and the headers are read from it.
  const placeholder = awsSigv4Scheme.sign(
    { ...request, url: url.href },
    { accessKeyId, region, service, secretAccessKey: 'placeholder', ...(hasToken ? { sessionToken: MARK_TOKEN } : {}) },
    { timestamp: MARK_MS, nonce: '' },
  );
  if ('then' in placeholder) throw new Error('aws-sigv4 is expected to sign synchronously');

  const lineOf = (p: CanonicalPart): Piece[] => {
    if (p.label === 'canonical header x-amz-date' && givenDate === undefined && p.value === `x-amz-date:${MARK_DATE}\n`) return [text('x-amz-date:'), CLOCK, text('\n')];
    if (p.label === 'canonical header x-amz-security-token' && p.value === `x-amz-security-token:${MARK_TOKEN}\n`) return [text('x-amz-security-token:'), { secret: 'sessionToken' }, text('\n')];
    return [text(p.value)];
  };
  const canonical = tidy(placeholder.canonicalParts.flatMap(lineOf));
  const signedHeaders = /SignedHeaders=([^,\s]+)/.exec(placeholder.request.headers.Authorization ?? '')?.[1] ?? '';
  const headers = Object.entries(placeholder.request.headers)
    .filter(([k]) => k.toLowerCase() !== 'authorization')
    .map(([name, v]) => {
      if (name.toLowerCase() === 'x-amz-date' && givenDate === undefined) return { name, value: [CLOCK] };
      if (name.toLowerCase() === 'x-amz-security-token' && v === MARK_TOKEN) return { name, value: [{ secret: 'sessionToken' } as const] };
      return { name, value: [text(v)] };
    });
  const authorization = [
    text(`AWS4-HMAC-SHA256 Credential=${accessKeyId}/`),
    ref('day'),
    text(`/${region}/${service}/aws4_request, SignedHeaders=${signedHeaders}, Signature=`),
    ref('signature'),
  ];
  const secrets = hasToken ? (['secretAccessKey', 'sessionToken'] as const) : (['secretAccessKey'] as const);
  const body = request.body;
  const scope = `/${region}/${service}/aws4_request`;
  return writeProgram(format, {
    kind: 'signer',
    intro: [
      `${signedWith(input.scheme)}:`,
      'AWS Signature Version 4 — canonical request, string to sign, signing key derived from the secret access key.',
      givenDate === undefined ? 'A fresh X-Amz-Date is taken from the clock on every run.' : 'The request carries its own X-Amz-Date, kept as typed: AWS accepts it only within 15 minutes.',
      `Read from the environment, never written here: ${secrets.map(envVarFor).join(', ')}.`,
    ],
    notes: { curl: ['Needs bash, od, openssl and curl. openssl gets derived keys as arguments: run this on a machine you trust.'] },
    imports: {
      fetch: ['createHash', 'createHmac'],
      python: ['import hashlib', 'import hmac', 'import os', ...(givenDate === undefined ? ['from datetime import datetime, timezone'] : [])],
    },
    constants: secrets.map((secret) => ({ secret })),
    helpers: {
      fetch: [["const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();"]],
      python: [['def sign(key, data):', '    return hmac.new(key, data.encode("utf-8"), hashlib.sha256).digest()']],
    },
    steps: [
      givenDate === undefined ? { let: 'clock', clock: 'amz' } : { let: 'clock', value: [text(givenDate)] },
      // The signing key's derivation has no step of its own: written per language.
      { lines: { fetch: ['const day = clock.slice(0, 8);'], python: ['day = clock[:8]'] } },
      { let: 'canonicalRequest', value: canonical, in: ['fetch', 'python'] },
      {
        lines: {
          curl: [
            'DAY=${CLOCK:0:8}',
            ...(body !== null ? [`BODY=${shellQuote(body)}`] : []),
            '# HMAC-SHA256 of $2 keyed with the hex key $1, as hex.',
            `hmac_hex() { printf '%s' "$2" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$1" -binary | od -An -v -tx1 | tr -d ' \\n'; }`,
            `CANONICAL_REQUEST_HASH=$(printf '%s' ${LANGUAGES.curl.expression(canonical)} | openssl dgst -sha256 -r | cut -d' ' -f1)`,
            `STRING_TO_SIGN=$(printf 'AWS4-HMAC-SHA256\\n%s\\n%s\\n%s' "$CLOCK" "$DAY"${shellQuote(scope)} "$CANONICAL_REQUEST_HASH")`,
            `KEY=$(printf '%s' "AWS4$SIGNET_SECRET_ACCESS_KEY" | od -An -v -tx1 | tr -d ' \\n')`,
            'KEY=$(hmac_hex "$KEY" "$DAY")',
            `KEY=$(hmac_hex "$KEY" ${shellQuote(region)})`,
            `KEY=$(hmac_hex "$KEY" ${shellQuote(service)})`,
            'KEY=$(hmac_hex "$KEY" aws4_request)',
            'SIGNATURE=$(hmac_hex "$KEY" "$STRING_TO_SIGN")',
          ],
          fetch: [
            `const stringToSign = ['AWS4-HMAC-SHA256', clock, day + ${stringLiteral(scope)}, createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')].join('\\n');`,
            `const key = hmac(hmac(hmac(hmac('AWS4' + SECRET_ACCESS_KEY, day), ${stringLiteral(region)}), ${stringLiteral(service)}), 'aws4_request');`,
            "const signature = hmac(key, stringToSign).toString('hex');",
          ],
          python: [
            `string_to_sign = "\\n".join(["AWS4-HMAC-SHA256", clock, day + ${stringLiteral(scope)}, hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()])`,
            `key = sign(sign(sign(sign(("AWS4" + SECRET_ACCESS_KEY).encode("utf-8"), day), ${stringLiteral(region)}), ${stringLiteral(service)}), "aws4_request")`,
            'signature = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()',
          ],
        },
      },
    ],
    request: {
      method: [text(method)],
      url: [text(url.href)],
      headers: [...headers, { name: 'Authorization', fetchName: 'Authorization', value: authorization }],
      body: body === null ? null : [code({ curl: '"$BODY"', fetch: stringLiteral(body), python: stringLiteral(body) })],
    },
  });
}
