/**
 * The `hmac` scheme written out (see schemes/hmac.ts for the rule): each format signs afresh when run, with the
 * secret from SIGNET_SECRET. The TypeScript and Python versions compute every part from the URL and body, so they
 * can be reused for other requests; the bash version computes the body hash, time, nonce and HMAC with openssl and
 * carries the path and sorted query Signet derived from the URL (bash has no URL parser worth trusting).
 */
import { parseUrl, withoutHeaders } from '../encoding';
import { sortedQuery } from '../schemes/hmac';
import { code, readFrom, ref, signedWith, stringLiteral, text, type CodeFormat, type SignerInput, type WrittenCode } from './code-writer';
import { writeProgram } from './languages';

const CURL = ['curl'] as const;
const HASHES = { 'hmac-sha256': 'sha256', 'hmac-sha512': 'sha512' } as const;

/** The `hmac` scheme's "Copy as" code. */
export function writeHmacCode(format: CodeFormat, input: SignerInput): WrittenCode {
  const algorithm = input.options.algorithm === 'hmac-sha512' ? 'hmac-sha512' : 'hmac-sha256';
  const hash = HASHES[algorithm];
  const algorithmField = algorithm === 'hmac-sha256' ? '' : `, algorithm="${algorithm}"`;
  const apiKey = input.publicCredentials.apiKey ?? '';
  const { method, body } = input.request;
  const url = parseUrl(input.request.url);
  // The scheme sets Authorization; a typed one would be replaced.
  const headers = Object.entries(withoutHeaders(input.request.headers, ['authorization']));
  const upper = method.trim().toUpperCase();
  return writeProgram(format, {
    kind: 'signer',
    intro: [
      `${signedWith(input.scheme)}: the method, path, sorted query,`,
      `SHA-256 of the body, Unix time and a nonce, joined with newlines; ${algorithm.toUpperCase()} keyed with the secret.`,
      readFrom(['secret']),
    ],
    notes: { curl: ['Needs bash, openssl and curl. openssl gets the secret as an argument: run this on a machine you trust.'] },
    imports: {
      fetch: ['createHash', 'createHmac', 'randomBytes'],
      python: ['import hashlib', 'import hmac', 'import os', 'import secrets', 'import time', 'from urllib.parse import quote, unquote_to_bytes, urlsplit'],
    },
    constants: [{ name: 'API_KEY', value: apiKey }, { secret: 'secret' }],
    library: ['sortedQuery'],
    helpers: {
      fetch: [
        [
          'function hmacAuthorization(method: string, url: string, body: string | null): string {',
          '  const u = new URL(url);',
          '  const query = sortedQuery(u.search.slice(1));',
          '  const timestamp = String(Math.floor(Date.now() / 1000));',
          "  const nonce = randomBytes(16).toString('hex');",
          "  const bodyHash = createHash('sha256').update(body ?? '', 'utf8').digest('hex');",
          "  const stringToSign = [method.toUpperCase(), u.pathname, query, bodyHash, timestamp, nonce].join('\\n');",
          `  const signature = createHmac('${hash}', SECRET).update(stringToSign, 'utf8').digest('hex');`,
          `  return \`HMAC apiKey="\${API_KEY}", signature="\${signature}", timestamp="\${timestamp}", nonce="\${nonce}"${algorithmField}\`;`,
          '}',
        ],
      ],
      python: [
        [
          'def hmac_authorization(method, url, body):',
          '    parts = urlsplit(url)',
          '    query = sorted_query(parts.query)',
          '    timestamp = str(int(time.time()))',
          '    nonce = secrets.token_hex(16)',
          '    body_hash = hashlib.sha256((body or "").encode("utf-8")).hexdigest()',
          '    string_to_sign = "\\n".join([method.upper(), parts.path or "/", query, body_hash, timestamp, nonce])',
          `    signature = hmac.new(SECRET.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.${hash}).hexdigest()`,
          `    return f'HMAC apiKey="{API_KEY}", signature="{signature}", timestamp="{timestamp}", nonce="{nonce}"${algorithmField}'`,
        ],
      ],
    },
    steps: [
      { let: 'apiKey', value: [text(apiKey)], in: CURL },
      { let: 'method', value: [text(upper)] },
      { let: 'url', value: [text(url.href)] },
      { comment: 'From the URL: the path as sent, and the query sorted by key then value, RFC 3986-encoded.', in: CURL },
      { let: 'requestPath', value: [text(url.pathname)], in: CURL },
      { let: 'sortedQuery', value: [text(sortedQuery(url))], in: CURL },
      { let: 'body', value: body === null ? null : [text(body)], in: ['python'] },
      { lines: { fetch: [`const body: string | null = ${body === null ? 'null' : stringLiteral(body)};`] } },
      { let: 'body', value: [text(body ?? '')], in: CURL },
      { lines: { curl: [''] } },
      { let: 'timestamp', clock: 's', in: CURL },
      // openssl's text key and `-r` hex output: the HMAC itself is in the helper functions of fetch and Python.
      {
        lines: {
          curl: [
            'NONCE=$(openssl rand -hex 16)',
            `BODY_HASH=$(printf '%s' "$BODY" | openssl dgst -sha256 -r | cut -d' ' -f1)`,
            `STRING_TO_SIGN=$(printf '%s\\n%s\\n%s\\n%s\\n%s\\n%s' "$METHOD" "$REQUEST_PATH" "$SORTED_QUERY" "$BODY_HASH" "$TIMESTAMP" "$NONCE")`,
            `SIGNATURE=$(printf '%s' "$STRING_TO_SIGN" | openssl dgst -${hash} -hmac "$SIGNET_SECRET" -r | cut -d' ' -f1)`,
          ],
        },
      },
    ],
    request: {
      method: [ref('method')],
      url: [ref('url')],
      headers: [
        ...headers.map(([name, value]) => ({ name, value: [text(value)] })),
        {
          name: 'Authorization',
          fetchName: 'Authorization',
          value: [
            code({
              curl: `HMAC apiKey=\\"$API_KEY\\", signature=\\"$SIGNATURE\\", timestamp=\\"$TIMESTAMP\\", nonce=\\"$NONCE\\"${algorithmField.replace(/"/g, '\\"')}`,
              fetch: 'hmacAuthorization(method, url, body)',
              python: 'hmac_authorization(method, url, body)',
            }),
          ],
        },
      ],
      body: body === null ? null : [ref('body')],
      fetchBody: '...(body !== null ? { body } : {})',
      pythonData: 'None if body is None else body.encode("utf-8")',
    },
  });
}
