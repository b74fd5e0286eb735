/**
 * `binance-ed25519` and `binance-rsa` written out: the same request as the HMAC writer (binance-hmac-sha256.ts), signed
 * with the private key instead. The PKCS#8 PEM is read from SIGNET_PRIVATE_KEY_PEM on every run, never written into
 * the code. bash hands it to openssl through a pipe (`<(…)`), so it is neither on a command line nor on disk; the
 * payload goes through a temporary file because `openssl pkeyutl -rawin` must know the input's size for Ed25519's
 * one-shot signing. The base64 signature is percent-encoded (+ / =), as Binance requires for these key types. A key
 * stored with a passphrase (an encrypted PKCS#8 PEM) is opened with SIGNET_PASSPHRASE.
 */
import { constantFor, type CodeFormat, type SignerInput, type WrittenCode } from './code-writer';
import { writeBinanceCode, type BinanceCodeSigner } from './binance-hmac-sha256';

const KEY = constantFor('privateKeyPem');
const shellKey = (encrypted: boolean) => `<(printf '%s\\n' "$SIGNET_PRIVATE_KEY_PEM")${encrypted ? ' -passin env:SIGNET_PASSPHRASE' : ''}`;
const tsKey = (encrypted: boolean) => (encrypted ? `{ key: ${KEY}, passphrase: ${constantFor('passphrase')} }` : KEY);
const SHELL_PERCENT = `openssl base64 -A | sed 's/+/%2B/g; s#/#%2F#g; s/=/%3D/g'`;
const PY_NOTE = ['Needs the `cryptography` package for the private key: pip install cryptography requests'];
const PY_IMPORTS = ['import base64', 'import urllib.parse'];
const pyKey = (encrypted: boolean) => `private_key = serialization.load_pem_private_key(${KEY}.encode("utf-8"), password=${encrypted ? `${constantFor('passphrase')}.encode("utf-8")` : 'None'})`;
const PY_CRYPTO = 'from cryptography.hazmat.primitives import serialization';

const ed25519 = (encrypted: boolean): BinanceCodeSigner => ({
  fields: encrypted ? ['privateKeyPem', 'passphrase'] : ['privateKeyPem'],
  what: 'Ed25519 signature (base64, percent-encoded) of the query string + body, with the private key',
  shellNote: 'Needs bash, mktemp, sed, openssl 3 and curl. The private key reaches openssl through a pipe, not as an argument.',
  shell: [
    'PAYLOAD_FILE=$(mktemp)',
    `trap 'rm -f "$PAYLOAD_FILE"' EXIT`,
    `printf '%s' "$QUERY$BODY" > "$PAYLOAD_FILE"`,
    `SIGNATURE=$(openssl pkeyutl -sign -rawin -in "$PAYLOAD_FILE" -inkey ${shellKey(encrypted)} | ${SHELL_PERCENT})`,
  ],
  tsImports: ['sign'],
  ts: [`const signature = encodeURIComponent(sign(null, Buffer.from(query + body, 'utf8'), ${tsKey(encrypted)}).toString('base64'));`],
  pyImports: PY_IMPORTS,
  pyNote: PY_NOTE,
  pyPackages: [PY_CRYPTO],
  py: [
    pyKey(encrypted),
    'signature = urllib.parse.quote(base64.b64encode(private_key.sign((query + body).encode("utf-8"))).decode("ascii"), safe="")',
  ],
});

const rsa = (encrypted: boolean): BinanceCodeSigner => ({
  fields: encrypted ? ['privateKeyPem', 'passphrase'] : ['privateKeyPem'],
  what: 'RSASSA-PKCS1-v1_5 SHA-256 signature (base64, percent-encoded) of the query string + body, with the private key',
  shellNote: 'Needs bash, sed, openssl and curl. The private key reaches openssl through a pipe, not as an argument.',
  shell: [`SIGNATURE=$(printf '%s' "$QUERY$BODY" | openssl dgst -sha256 -sign ${shellKey(encrypted)} | ${SHELL_PERCENT})`],
  tsImports: ['constants', 'sign'],
  ts: [`const signature = encodeURIComponent(sign('sha256', Buffer.from(query + body, 'utf8'), { key: ${KEY}, ${encrypted ? `passphrase: ${constantFor('passphrase')}, ` : ''}padding: constants.RSA_PKCS1_PADDING }).toString('base64'));`],
  pyImports: PY_IMPORTS,
  pyNote: PY_NOTE,
  pyPackages: [PY_CRYPTO.replace('serialization', 'hashes, serialization'), 'from cryptography.hazmat.primitives.asymmetric import padding'],
  py: [
    pyKey(encrypted),
    'signature = urllib.parse.quote(base64.b64encode(private_key.sign((query + body).encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())).decode("ascii"), safe="")',
  ],
});

/** The `binance-ed25519` scheme's "Copy as" code. */
export function writeBinanceEd25519Code(format: CodeFormat, input: SignerInput): WrittenCode {
  return writeBinanceCode(format, input, ed25519(input.secretFields.includes('passphrase')));
}

/** The `binance-rsa` scheme's "Copy as" code. */
export function writeBinanceRsaCode(format: CodeFormat, input: SignerInput): WrittenCode {
  return writeBinanceCode(format, input, rsa(input.secretFields.includes('passphrase')));
}
