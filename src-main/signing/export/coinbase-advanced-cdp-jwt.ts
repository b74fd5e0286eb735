/**
 * `coinbase-advanced-cdp-jwt` written out (the rule is in ../schemes/coinbase-advanced-cdp-jwt.ts): each run makes a
 * fresh 2-minute JWT — header {alg, kid, nonce, typ}, claims {sub, iss "cdp", nbf, exp, uri "METHOD host/path"} — and
 * sends it as Authorization: Bearer. The key comes from SIGNET_PRIVATE_KEY_PEM in either form Coinbase issues (an EC
 * P-256 PEM → ES256, or base64 of the 64-byte Ed25519 secret → EdDSA; a PKCS#8 PEM of either works too). The writer
 * never sees the key, so the code picks the algorithm when it runs. Signet fixes the key name and the uri at export
 * time. ES256 in a JWT is r||s (64 bytes), not the DER openssl prints, so bash converts it.
 */
import { rawQuery } from '../encoding';
import { code, constantFor, signedWith, shellQuote, stringLiteral, text, type CodeFormat, type SignerInput, type WrittenCode } from './code-writer';
import { sendableUrl } from './keyed-hash-code';
import { writeProgram } from './languages';

const FIELD = 'privateKeyPem' as const;
const KEY = constantFor(FIELD);
/** DER prefix of a PKCS#8 Ed25519 private key (the 32-byte seed follows), as hex and as base64. */
const PKCS8_ED25519_HEX = '302e020100300506032b657004220420';
const PKCS8_ED25519_B64 = 'MC4CAQAwBQYDK2VwBCIEIA==';

/** The `coinbase-advanced-cdp-jwt` scheme's "Copy as" code. */
export function writeCoinbaseAdvancedCdpJwtCode(format: CodeFormat, input: SignerInput): WrittenCode {
  const method = input.request.method.trim().toUpperCase();
  const url = sendableUrl(input.request.url);
  const href = `${url.origin}${url.pathname}${rawQuery(url) === '' ? '' : `?${rawQuery(url)}`}`;
  const uri = `${method} ${url.host}${url.pathname}`;
  const keyName = input.publicCredentials.apiKey ?? '';
  const body = input.request.body;
  const headers = Object.entries(input.request.headers).filter(([k]) => k.toLowerCase() !== 'authorization' && k.toLowerCase() !== 'content-length');
  const intro = [
    `${signedWith(input.scheme)}:`,
    `a fresh JWT on every run (nonce, nbf = now, exp = nbf + 120 s, uri ${JSON.stringify(uri)}), sent as Authorization: Bearer.`,
    'The CDP key (EC P-256 PEM → ES256, or the base64 Ed25519 secret → EdDSA) is read from SIGNET_PRIVATE_KEY_PEM; it is not in this file.',
    'The JWT covers neither the query string nor the body: that is how Coinbase designed it.',
  ];

  return writeProgram(format, {
    kind: 'signer',
    intro,
    notes: {
      curl: ['Needs bash, GNU sed, mktemp, xxd, openssl 3 and curl. The key reaches openssl through pipes, never as an argument.'],
      python: ['Needs the `cryptography` package for the key: pip install cryptography requests'],
    },
    imports: {
      fetch: ['createPrivateKey', 'randomBytes', 'sign', 'type KeyObject'],
      python: ['import base64', 'import json', 'import os', 'import secrets', 'import time'],
      pythonPackages: [
        'from cryptography.hazmat.primitives import hashes, serialization',
        'from cryptography.hazmat.primitives.asymmetric import ec, ed25519',
        'from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature',
      ],
    },
    constants: [{ secret: FIELD }, { name: 'KEY_NAME', value: keyName }],
    helpers: {
      fetch: [
        [
          'function signingKey(): { key: KeyObject; alg: "ES256" | "EdDSA" } {',
          `  const text = ${KEY}.replace(/\\\\n/g, '\\n').trim();`,
          "  if (text.startsWith('-----BEGIN')) {",
          '    const key = createPrivateKey(text);',
          "    return { key, alg: key.asymmetricKeyType === 'ed25519' ? 'EdDSA' : 'ES256' };",
          '  }',
          '  // base64(seed || public key): the seed becomes a PKCS#8 Ed25519 key.',
          `  const seed = Buffer.from(text, 'base64').subarray(0, 32);`,
          `  return { key: createPrivateKey({ key: Buffer.concat([Buffer.from('${PKCS8_ED25519_HEX}', 'hex'), seed]), format: 'der', type: 'pkcs8' }), alg: 'EdDSA' };`,
          '}',
        ],
        [
          "const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');",
        ],
      ],
      python: [['def b64url(data):', '    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")']],
    },
    // Parsing either key form and building the JWT have no step of their own: written per language.
    steps: [
      {
        lines: {
          curl: [
            `KEY_NAME=${shellQuote(JSON.stringify(keyName).slice(1, -1))}`,
            `URI=${shellQuote(JSON.stringify(uri).slice(1, -1))}`,
            '# Key files pasted out of JSON often keep their newlines as the two characters \\n.',
            `KEY_TEXT=$(printf '%s' "$SIGNET_PRIVATE_KEY_PEM" | sed 's/\\\\n/\\n/g')`,
            'if [[ $KEY_TEXT == -----BEGIN* ]]; then',
            `  KEY_PEM=$(openssl pkey -in <(printf '%s\\n' "$KEY_TEXT"))`,
            'else',
            '  # base64(seed || public key): the seed becomes a PKCS#8 Ed25519 key.',
            `  KEY_PEM=$({ printf '%s' '${PKCS8_ED25519_B64}' | openssl base64 -d -A; printf '%s' "$KEY_TEXT" | openssl base64 -d -A | head -c 32; } | openssl pkey -inform DER)`,
            'fi',
            `if openssl pkey -in <(printf '%s\\n' "$KEY_PEM") -noout -text | grep -q '^ED25519'; then ALG=EdDSA; else ALG=ES256; fi`,
            'b64url() { openssl base64 -A | tr \'+/\' \'-_\' | tr -d \'=\'; }',
            'NBF=$(date +%s)',
            'HEADER=$(printf \'{"alg":"%s","kid":"%s","nonce":"%s","typ":"JWT"}\' "$ALG" "$KEY_NAME" "$(openssl rand -hex 16)" | b64url)',
            'CLAIMS=$(printf \'{"sub":"%s","iss":"cdp","nbf":%s,"exp":%s,"uri":"%s"}\' "$KEY_NAME" "$NBF" "$((NBF + 120))" "$URI" | b64url)',
            'INPUT_FILE=$(mktemp)',
            `trap 'rm -f "$INPUT_FILE"' EXIT`,
            `printf '%s' "$HEADER.$CLAIMS" > "$INPUT_FILE"`,
            'if [ "$ALG" = EdDSA ]; then',
            `  SIGNATURE=$(openssl pkeyutl -sign -rawin -in "$INPUT_FILE" -inkey <(printf '%s\\n' "$KEY_PEM") | b64url)`,
            'else',
            '  # openssl writes ECDSA as DER; a JWT carries r and s as 32 bytes each.',
            `  RS=$(openssl dgst -sha256 -sign <(printf '%s\\n' "$KEY_PEM") "$INPUT_FILE" | openssl asn1parse -inform DER | sed -n 's/.*INTEGER *://p' | while read -r n; do printf '%064s' "$n" | tr ' ' 0; done)`,
            `  SIGNATURE=$(printf '%s' "$RS" | xxd -r -p | b64url)`,
            'fi',
          ],
          fetch: [
            'const { key, alg } = signingKey();',
            'const nbf = Math.floor(Date.now() / 1000);',
            "const header = { alg, kid: KEY_NAME, nonce: randomBytes(16).toString('hex'), typ: 'JWT' };",
            `const claims = { sub: KEY_NAME, iss: 'cdp', nbf, exp: nbf + 120, uri: ${stringLiteral(uri)} };`,
            'const input = Buffer.from(`${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`);',
            "const signature = alg === 'ES256' ? sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' }) : sign(null, input, key);",
          ],
          python: [
            `text = ${KEY}.replace("\\\\n", "\\n").strip()`,
            'if text.startswith("-----BEGIN"):',
            '    key = serialization.load_pem_private_key(text.encode("utf-8"), password=None)',
            'else:',
            '    # base64(seed || public key): the first 32 bytes are the Ed25519 seed.',
            '    key = ed25519.Ed25519PrivateKey.from_private_bytes(base64.b64decode(text, validate=True)[:32])',
            'alg = "EdDSA" if isinstance(key, ed25519.Ed25519PrivateKey) else "ES256"',
            'nbf = int(time.time())',
            'header = {"alg": alg, "kid": KEY_NAME, "nonce": secrets.token_hex(16), "typ": "JWT"}',
            `claims = {"sub": KEY_NAME, "iss": "cdp", "nbf": nbf, "exp": nbf + 120, "uri": ${stringLiteral(uri)}}`,
            'signing_input = (b64url(json.dumps(header, separators=(",", ":")).encode("utf-8")) + "." + b64url(json.dumps(claims, separators=(",", ":")).encode("utf-8"))).encode("ascii")',
            'if alg == "EdDSA":',
            '    signature = key.sign(signing_input)',
            'else:',
            '    # cryptography returns DER; a JWT carries r and s as 32 bytes each.',
            '    r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))',
            '    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")',
          ],
        },
      },
    ],
    request: {
      method: [text(method)],
      url: [text(href)],
      headers: [
        ...headers.map(([name, value]) => ({ name, value: [text(value)] })),
        {
          name: 'Authorization',
          fetchName: 'Authorization',
          value: [
            code({
              curl: 'Bearer $HEADER.$CLAIMS.$SIGNATURE',
              fetch: '`Bearer ${input.toString()}.${b64url(signature)}`',
              python: '"Bearer " + signing_input.decode("ascii") + "." + b64url(signature)',
            }),
          ],
        },
      ],
      body: body === null ? null : [text(body)],
    },
  });
}
