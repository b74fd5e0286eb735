/**
 * `binance-rsa`: Binance SIGNED endpoints with an RSA key
 * (docs: https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security#rsa-keys).
 *
 *   payload   = query string (without "?") + request body, concatenated without separator, exactly as sent
 *   signature = base64(RSASSA-PKCS1-v1_5 with SHA-256 over the payload's bytes)
 *
 * sent percent-encoded as the last parameter `signature=`, with the API key in `X-MBX-APIKEY`. The private key is
 * PKCS#8 PEM (credentials.secret or privateKeyPem; an encrypted one opens with credentials.passphrase). Verifying
 * takes the public key PEM as uploaded to Binance, or the private key; PKCS#1 v1.5 signatures are deterministic, so
 * with the private key the verifier also shows the expected signature. Binance: RSA signatures are case-sensitive.
 * The request rules are in ../binance-signed-request.ts.
 */
import { constants, sign as rsaSign, verify as rsaVerify, type KeyObject } from 'node:crypto';
import { binanceScheme, BINANCE_DOCS, mismatchReason } from '../binance-signed-request';
import { readPrivateKey, readVerifyKey } from '../pem-key';
import { canonicalBase64 } from '../signature-base64';

const pkcs1 = (key: KeyObject) => ({ key, padding: constants.RSA_PKCS1_PADDING });

export const binanceRsaScheme = binanceScheme({
  id: 'binance-rsa',
  title: 'Binance (RSA key)',
  description: 'Binance SIGNED endpoints with an RSA key: base64 RSASSA-PKCS1-v1_5 SHA-256 signature of the query string + body, percent-encoded as signature=; X-MBX-APIKEY header.',
  docs: `${BINANCE_DOCS}#rsa-keys`,
  credentials: ['apiKey', ['secret', 'privateKeyPem']],
  urlEncoded: true,
  sign(payload, credentials) {
    const key = readPrivateKey(credentials, 'rsa');
    const b64 = rsaSign('sha256', Buffer.from(payload, 'utf8'), pkcs1(key)).toString('base64');
    return {
      signature: b64,
      steps: [{ label: 'RSASSA-PKCS1-v1_5 SHA-256 signature of the payload bytes, base64', value: b64, encoding: 'base64', note: `${key.asymmetricKeyDetails?.modulusLength ?? '?'}-bit RSA private key from the credentials (PKCS#8 PEM)` }],
    };
  },
  check(payload, received, credentials, wantExpected) {
    const { publicKey, privateKey } = readVerifyKey(credentials, 'rsa');
    const expected = privateKey && wantExpected ? rsaSign('sha256', Buffer.from(payload, 'utf8'), pkcs1(privateKey)).toString('base64') : '';
    const bytes = canonicalBase64(received, (publicKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
    if (typeof bytes === 'string') return { valid: false, expected, reason: bytes };
    const valid = rsaVerify('sha256', Buffer.from(payload, 'utf8'), pkcs1(publicKey), bytes);
    return { valid, expected, reason: valid ? null : mismatchReason('RSA key') };
  },
});
