/**
 * Mis-signed requests, made the way clients make them: sign one thing and send another. Each maker returns the
 * request as sent (and what the engine needs besides: a clock, the nonce history), or null when the mistake cannot
 * apply to this request (no query to reorder, a body that is not JSON, …). Makers use the scheme's own sign and a
 * plain HMAC; they never ask the engine what a mistake looks like.
 */
import { createHmac } from 'node:crypto';
import type { Cause } from '../../../../src-main/contract/debug';
import { debugModel } from '../../../../src-main/signing/debug/models';
import { getScheme } from '../../../../src-main/signing/registry';
import type { SchemeCredentials, SignableRequest, SignContext, SignResult } from '../../../../src-main/signing/types';

export interface Mistake {
  readonly request: SignableRequest;
  readonly now?: number;
  readonly nonceSeenBefore?: number;
  readonly window?: { windowMs: number; source: string };
}

export interface MistakeInput {
  readonly schemeId: string;
  readonly unsigned: SignableRequest;
  readonly credentials: SchemeCredentials;
  readonly ctx: SignContext;
}

export type CanonicalEdit = (result: SignResult, unsigned: SignableRequest) => string | null;

/** Per scheme: how to write its MAC over a string to sign, and string-to-sign edits for what no request edit can express. */
export interface SchemeMac {
  readonly hash: 'sha256' | 'sha384' | 'sha512';
  readonly key: (secret: string) => Buffer;
  readonly output: 'hex' | 'base64';
  /** The message the HMAC runs over, when it is not the canonical string itself. */
  readonly message?: (canonical: string, result: SignResult) => Buffer;
  readonly edits?: Partial<Record<Cause, CanonicalEdit>>;
}

const reversedQuery = (url: string): string | null => {
  const q = url.indexOf('?');
  if (q < 0) return null;
  const pairs = url.slice(q + 1).split('&');
  if (pairs.length < 2 || new Set(pairs).size < 2) return null;
  return `${url.slice(0, q)}?${[...pairs].reverse().join('&')}`;
};

/** The scheme's model, for the options the request is signed with (a recipe's says where its signature goes). */
const modelOf = (input: MistakeInput) => {
  const model = debugModel(input.schemeId);
  return model.forOptions?.(input.ctx.options) ?? model;
};

async function signed(input: MistakeInput, request: SignableRequest = input.unsigned, credentials = input.credentials, ctx = input.ctx): Promise<SignResult> {
  return getScheme(input.schemeId).sign(request, credentials, ctx);
}

/** The request as signed for `sent`, carrying the signature made for `variant` instead. */
async function sendWithSignatureOf(input: MistakeInput, variant: SignableRequest): Promise<Mistake | null> {
  const [right, wrong] = await Promise.all([signed(input), signed(input, variant)]);
  if (right.signature === wrong.signature) return null;
  return { request: modelOf(input).withSignature(right.request, wrong.signature) };
}

function macOf(mac: SchemeMac, canonical: string, result: SignResult, key: Buffer, hash = mac.hash): string {
  const bytes = createHmac(hash, key).update(mac.message ? mac.message(canonical, result) : Buffer.from(canonical, 'utf8')).digest();
  return mac.output === 'hex' ? bytes.toString('hex') : bytes.toString('base64');
}

async function withMac(input: MistakeInput, mac: SchemeMac, make: (result: SignResult) => string | null): Promise<Mistake | null> {
  const right = await signed(input);
  const signature = make(right);
  if (signature === null || signature === right.signature) return null;
  return { request: modelOf(input).withSignature(right.request, signature) };
}

/** The request with `cause` made, or null when it cannot apply. */
export async function makeMistake(cause: Cause, input: MistakeInput, mac: SchemeMac | null): Promise<Mistake | null> {
  const { unsigned, credentials, ctx } = input;
  const edit = mac?.edits?.[cause];
  if (edit && mac) return withMac(input, mac, (r) => {
    const canonical = edit(r, unsigned);
    return canonical === null ? null : macOf(mac, canonical, r, mac.key(credentials.secret ?? ''));
  });
  switch (cause) {
    case 'query-order': {
      const url = reversedQuery(unsigned.url);
      return url ? sendWithSignatureOf(input, { ...unsigned, url }) : null;
    }
    case 'body-mismatch': {
      if (!unsigned.body) return null;
      let parsed: unknown;
      try {
        parsed = JSON.parse(unsigned.body);
      } catch {
        return null;
      }
      return sendWithSignatureOf(input, { ...unsigned, body: JSON.stringify(parsed, null, 2) });
    }
    case 'signature-encoding': {
      const right = await signed(input);
      const bytes = /^[0-9a-f]+$/i.test(right.signature) ? Buffer.from(right.signature, 'hex') : Buffer.from(right.signature, 'base64');
      const other = /^[0-9a-f]+$/i.test(right.signature) ? bytes.toString('base64') : bytes.toString('hex');
      return { request: modelOf(input).withSignature(right.request, other) };
    }
    case 'wrong-algorithm':
      if (!mac) return null;
      return withMac(input, mac, (r) => macOf(mac, r.canonical, r, mac.key(credentials.secret ?? ''), mac.hash === 'sha512' ? 'sha256' : 'sha512'));
    case 'secret-encoding': {
      if (!mac) return null;
      const secret = credentials.secret ?? '';
      const own = mac.key(secret);
      const utf8 = Buffer.from(secret, 'utf8');
      const alt = own.equals(utf8) ? (/^[A-Za-z0-9+/]+={0,2}$/.test(secret) && secret.length % 4 === 0 ? Buffer.from(secret, 'base64') : null) : utf8;
      if (!alt || alt.length === 0) return null;
      return withMac(input, mac, (r) => macOf(mac, r.canonical, r, alt));
    }
    case 'timestamp-skew': {
      const right = await signed(input);
      return { request: right.request, now: ctx.timestamp + 10 * 60_000, window: { windowMs: 30_000, source: 'test window' } };
    }
    case 'replayed-nonce':
      return { request: (await signed(input)).request, nonceSeenBefore: 1 };
    case 'wrong-secret': {
      const other = await signed(input, unsigned, { ...credentials, secret: otherSecret(credentials.secret ?? '') });
      return { request: other.request };
    }
    default:
      return null;
  }
}

/** Another secret of the same shape (same length, same alphabet). */
export function otherSecret(secret: string): string {
  return secret.replace(/[A-Za-z0-9]/, (c) => (c === 'A' ? 'B' : c === '0' ? '1' : /[a-z]/.test(c) ? (c === 'a' ? 'b' : 'a') : 'A'));
}
