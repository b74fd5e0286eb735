/**
 * How signature values are shown in the inspector and the logs: `a1b2…f9 (64 chars)`, enough to compare two
 * requests by eye, never enough to replay one. Which header, query parameter and body field carries a signature
 * is a property of the APIs Signet signs for (the schemes in src-main/signing), listed here once. Secret
 * credential values are a different matter (••••, never revealable): see request/mask-secrets.ts.
 */
import { visit } from 'jsonc-parser';

/** Headers whose whole value is a signature (lower case). */
const SIGNATURE_HEADERS: ReadonlySet<string> = new Set([
  'ok-access-sign',
  'kc-api-sign',
  // KuCoin key version 2 sends the passphrase HMAC-signed with the secret: as sensitive as a signature.
  'kc-api-passphrase',
  'api-sign',
  'x-bapi-sign',
  'x-gemini-signature',
  'bfx-signature',
  'cb-access-sign',
]);

/** Query or form parameters that carry a signature (lower case): Binance `signature`, AWS presigned `X-Amz-Signature`. */
const SIGNATURE_PARAMS: ReadonlySet<string> = new Set(['signature', 'x-amz-signature', 'sign']);

/** `a1b2…f9 (64 chars)`; a value too short to show any of it safely is all bullets. */
export function maskSignature(value: string): string {
  const n = [...value].length;
  if (n < 12) return `•••• (${n} chars)`;
  return `${value.slice(0, 4)}…${value.slice(-2)} (${n} chars)`;
}

/**
 * The header value with its signature masked, or null when the header carries none. Authorization is parsed:
 * Signet's `HMAC … signature="…"`, AWS `Signature=…`, a bearer token (a JWT is a signed, replayable credential)
 * keep their readable parts; any other scheme's value is masked whole.
 */
export function maskSignatureHeader(name: string, value: string): string | null {
  const lower = name.toLowerCase();
  if (SIGNATURE_HEADERS.has(lower)) return maskSignature(value);
  if (lower !== 'authorization') return null;
  if (/^HMAC\s/i.test(value)) return value.replace(/(signature=")([^"]*)(")/i, (_m, a: string, sig: string, b: string) => `${a}${maskSignature(sig)}${b}`);
  if (/^AWS4-/i.test(value)) return value.replace(/(Signature=)([0-9a-f]+)/i, (_m, a: string, sig: string) => `${a}${maskSignature(sig)}`);
  const bearer = /^(Bearer\s+)(\S+)$/i.exec(value);
  if (bearer) return `${bearer[1]}${maskSignature(bearer[2]!)}`;
  return maskSignature(value);
}

/** `a=1&signature=…` with signature parameters masked (a query string or a form body; other text is returned as is). */
export function maskSignatureParams(text: string): string {
  return text.replace(/(^|[?&])([^=&?#]+)=([^&#]*)/g, (m, sep: string, key: string, value: string) => {
    let decoded = key;
    try {
      decoded = decodeURIComponent(key);
    } catch {
      // A malformed escape is not one of our parameter names.
    }
    return SIGNATURE_PARAMS.has(decoded.toLowerCase()) && value !== '' ? `${sep}${key}=${maskSignature(value)}` : m;
  });
}

/** The URL with signature query parameters masked. */
export function maskSignatureInUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const end = hash < 0 ? url.length : hash;
  return url.slice(0, q) + maskSignatureParams(url.slice(q, end)) + url.slice(end);
}

/**
 * `text` with every occurrence of one known signature value masked, as sent or percent-encoded: a recipe (a custom
 * API) puts its signature in a header, query parameter or body field of any name, which the lists above cannot
 * know. Values too short to be a signature are left alone (replacing them would mangle unrelated text).
 */
export function maskSignatureValue(text: string, signature: string | null): string {
  if (signature === null || signature.length < 8) return text;
  let out = text;
  for (const form of new Set([signature, encodeURIComponent(signature)])) out = out.split(form).join(maskSignature(signature));
  return out;
}

const SECRET_NAME = /secret|passphrase|password|private/i;

/**
 * A response body with every JSON string under a key named like a secret replaced by ••••, at any depth: the value
 * itself, the items of an array (`"secrets": ["…"]`), the strings of a nested object (`"secret": {"value": "…"}`).
 * Responses can carry a new key's secret (the sandbox's `POST /v1/keys` returns it once): the inspector keeps and
 * persists bodies, so it must not. jsonc-parser's tolerant scanner keeps the body byte for byte around what it
 * masks, and still reads a body cut at the record's size limit; text that is not JSON has no such keys to mask.
 */
export function maskSecretFields(body: string): string {
  const cuts: { offset: number; length: number }[] = [];
  visit(body, {
    onLiteralValue(value, offset, length, _line, _char, path) {
      if (typeof value === 'string' && path().some((p) => typeof p === 'string' && SECRET_NAME.test(p))) cuts.push({ offset, length });
    },
  });
  let out = body;
  for (const c of cuts.reverse()) out = `${out.slice(0, c.offset)}"••••"${out.slice(c.offset + c.length)}`;
  return out;
}
