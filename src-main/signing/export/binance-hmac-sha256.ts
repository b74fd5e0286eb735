/**
 * `binance-hmac-sha256` written out (the rule is in ../binance-signed-request.ts): each run appends a fresh
 * `timestamp=` next to the parameters (unless the request carries its own, which is kept as typed), signs the query
 * string + body with HMAC-SHA256 keyed with SIGNET_SECRET, appends `signature=` and sends X-MBX-APIKEY. Signet
 * fixes at export time what does not change between runs: where the parameters travel and their percent-encoding.
 * The Ed25519 and RSA key types differ only in how the payload is signed, so `writeBinanceCode` takes that part as a
 * `BinanceCodeSigner` (binance-asymmetric.ts beside this file).
 */
import type { CredentialField } from '../../contract/providers';
import { rawQuery, withoutHeaders, getHeader } from '../encoding';
import { encodeFormText, formValue } from '../payload-text';
import { code, readFrom, ref, signedWith, shellEscape, stringLiteral, text, type CodeFormat, type SignerInput, type WrittenCode } from './code-writer';
import { sendableUrl } from './keyed-hash-code';
import { writeProgram } from './languages';

/**
 * How one Binance key type signs, in each language. Each computes `SIGNATURE` / `signature` from the payload
 * `$QUERY$BODY` / `query + body`, ready to append (percent-encoded where the key type needs it).
 */
export interface BinanceCodeSigner {
  /** The credentials the code reads from the environment, the signing key first. */
  readonly fields: readonly CredentialField[];
  /** What the signature is, for the header comment. */
  readonly what: string;
  /** Tools and a word on how the secret reaches them, for the bash header. */
  readonly shellNote: string;
  readonly shell: readonly string[];
  /** The names imported from node:crypto. */
  readonly tsImports: readonly string[];
  /** Lines inside main(). */
  readonly ts: readonly string[];
  /** Standard-library imports, then (pyPackages) imports of installed packages besides requests. */
  readonly pyImports: readonly string[];
  readonly pyPackages?: readonly string[];
  /** Python comment lines (a note, e.g. a package to install). */
  readonly pyNote?: readonly string[];
  readonly py: readonly string[];
}

const HMAC_SIGNER: BinanceCodeSigner = {
  fields: ['secret'],
  what: 'HMAC-SHA256 (hex) of the query string + body, keyed with the secret key',
  shellNote: 'Needs bash, openssl and curl. openssl gets the secret as an argument: run this on a machine you trust.',
  shell: [`SIGNATURE=$(printf '%s' "$QUERY$BODY" | openssl dgst -sha256 -hmac "$SIGNET_SECRET" -r | cut -d' ' -f1)`],
  tsImports: ['createHmac'],
  ts: [`const signature = createHmac('sha256', SECRET).update(query + body, 'utf8').digest('hex');`],
  pyImports: ['import hashlib', 'import hmac'],
  py: [`signature = hmac.new(SECRET.encode("utf-8"), (query + body).encode("utf-8"), hashlib.sha256).hexdigest()`],
};

/** The `binance-hmac-sha256` scheme's "Copy as" code. */
export function writeBinanceHmacCode(format: CodeFormat, input: SignerInput): WrittenCode {
  return writeBinanceCode(format, input, HMAC_SIGNER);
}

/** A Binance signed request's "Copy as" code, signed the way `signer` says. */
export function writeBinanceCode(format: CodeFormat, input: SignerInput, signer: BinanceCodeSigner): WrittenCode {
  const method = input.request.method.trim().toUpperCase();
  // The URL as curl, fetch and Python requests all send it unchanged (requests rewrites | { } ^ and %41): the query
  // is signed as it goes out.
  const url = sendableUrl(input.request.url);
  const base = `${url.origin}${url.pathname}`;
  const query = rawQuery(url);
  const body = input.request.body ? encodeFormText(input.request.body, 'body') : '';
  const inBody = body !== '';
  const where = inBody ? 'body' : 'query';
  const V = inBody ? 'BODY' : 'QUERY';
  const hasTimestamp = formValue(query, 'timestamp') !== undefined || formValue(body, 'timestamp') !== undefined;
  const typed = Object.entries(withoutHeaders(input.request.headers, ['x-mbx-apikey']));
  const headers: [string, string][] = inBody && getHeader(input.request.headers, 'content-type') === undefined ? [...typed, ['Content-Type', 'application/x-www-form-urlencoded']] : typed;
  const apiKey = input.publicCredentials.apiKey ?? '';
  return writeProgram(format, {
    kind: 'signer',
    intro: [
      `${signedWith(input.scheme)}:`,
      `${signer.what}, appended as signature= to the ${inBody ? 'body' : 'query string'}.`,
      readFrom(signer.fields),
      hasTimestamp ? 'The request carries its own timestamp=, kept as typed: Binance accepts it only within recvWindow.' : `A fresh timestamp= (Unix ms) goes to the ${inBody ? 'body' : 'query string'} on every run.`,
    ],
    notes: { curl: [signer.shellNote], python: signer.pyNote ?? [] },
    imports: { fetch: signer.tsImports, python: [...signer.pyImports, 'import os', 'import time'], pythonPackages: signer.pyPackages ?? [] },
    constants: [{ name: 'API_KEY', value: apiKey }, ...signer.fields.map((secret) => ({ secret }))],
    helpers: {
      fetch: [["const append = (text: string, pair: string): string => (text === '' ? pair : `${text}&${pair}`);"]],
      python: [['def append(text, pair):', '    return pair if text == "" else f"{text}&{pair}"']],
    },
    steps: [
      { let: 'apiKey', value: [text(apiKey)], in: ['curl'] },
      { let: 'query', value: [text(query)], mutable: true },
      { let: 'body', value: [text(body)], mutable: true },
      // Appending to the query or body, and the key types' own signing, are written per language.
      {
        lines: {
          curl: [...(hasTimestamp ? [] : [`${V}="\${${V}:+$${V}&}timestamp=$(date +%s)000"`]), ...signer.shell, `${V}="\${${V}:+$${V}&}signature=$SIGNATURE"`],
          fetch: [...(hasTimestamp ? [] : [`${where} = append(${where}, \`timestamp=\${Date.now()}\`);`]), ...signer.ts, `${where} = append(${where}, \`signature=\${signature}\`);`],
          python: [
            ...(hasTimestamp ? [] : [`${where} = append(${where}, f"timestamp={int(time.time() * 1000)}")`]),
            ...signer.py,
            `${where} = append(${where}, f"signature={signature}")`,
            `url = ${stringLiteral(base)} + ("?" + query if query else "")`,
          ],
        },
      },
    ],
    request: {
      method: [text(method)],
      url: [
        code({
          curl: `"${shellEscape(base)}\${QUERY:+?$QUERY}"`,
          fetch: `query === '' ? ${stringLiteral(base)} : \`${base.replace(/[`\\$]/g, (c) => `\\${c}`)}?\${query}\``,
          python: 'url',
        }),
      ],
      headers: [
        ...headers.map(([name, value]) => ({ name, value: [text(value)] })),
        { name: 'X-MBX-APIKEY', fetchName: "'X-MBX-APIKEY'", value: [code({ curl: '$API_KEY', fetch: 'API_KEY', python: 'API_KEY' })] },
      ],
      body: inBody ? [ref('body')] : null,
      pythonData: 'body.encode("utf-8") if body else None',
    },
  });
}
