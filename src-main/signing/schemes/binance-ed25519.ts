/**
 * `binance-ed25519`: Binance SIGNED endpoints with an Ed25519 key
 * (docs: https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security#ed25519-keys).
 *
 *   payload   = query string (without "?") + request body, concatenated without separator, exactly as sent
 *   signature = base64(Ed25519 signature (RFC 8032, pure: no pre-hash) of the payload's bytes)
 *
 * sent percent-encoded as the last parameter `signature=`, with the API key in `X-MBX-APIKEY`. The private key is
 * PKCS#8 PEM (credentials.secret or privateKeyPem; an encrypted one opens with credentials.passphrase). Verifying
 * takes the public key PEM as registered with Binance, or the private key. Ed25519 signatures are deterministic, so
 * with the private key the verifier also shows the expected signature. Binance: Ed25519 signatures are
 * case-sensitive. The request rules are in ../binance-signed-request.ts.
 */
import { sign as edSign, verify as edVerify } from 'node:crypto';
import { binanceScheme, BINANCE_DOCS, mismatchReason } from '../binance-signed-request';
import { readPrivateKey, readVerifyKey } from '../pem-key';
import { canonicalBase64 } from '../signature-base64';

export const binanceEd25519Scheme = binanceScheme({
  id: 'binance-ed25519',
  title: 'Binance (Ed25519 key)',
  description: 'Binance SIGNED endpoints with an Ed25519 key: base64 Ed25519 signature of the query string + body, percent-encoded as signature=; X-MBX-APIKEY header.',
  docs: `${BINANCE_DOCS}#ed25519-keys`,
  credentials: ['apiKey', ['secret', 'privateKeyPem']],
  urlEncoded: true,
  sign(payload, credentials) {
    const b64 = edSign(null, Buffer.from(payload, 'utf8'), readPrivateKey(credentials, 'ed25519')).toString('base64');
    return { signature: b64, steps: [{ label: 'Ed25519 signature of the payload bytes (64 bytes), base64', value: b64, encoding: 'base64', note: 'private key from the credentials (PKCS#8 PEM)' }] };
  },
  check(payload, received, credentials, wantExpected) {
    const { publicKey, privateKey } = readVerifyKey(credentials, 'ed25519');
    const expected = privateKey && wantExpected ? edSign(null, Buffer.from(payload, 'utf8'), privateKey).toString('base64') : '';
    const bytes = canonicalBase64(received, 64);
    if (typeof bytes === 'string') return { valid: false, expected, reason: bytes };
    const valid = edVerify(null, Buffer.from(payload, 'utf8'), publicKey, bytes);
    return { valid, expected, reason: valid ? null : mismatchReason('Ed25519 key') };
  },
});
