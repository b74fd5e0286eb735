/** Test helper: requests to a running sandbox, signed for real with `signRequest('hmac', …)`. */
import { signRequest } from '../../../src-main/lib/signing';

export interface Creds {
  readonly apiKey: string;
  readonly secret: string;
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly json: { code?: string; message?: string } & Record<string, unknown>;
  readonly text: string;
}

export interface SignOpts {
  readonly body?: unknown;
  readonly timestamp?: number;
  readonly nonce?: string;
  /** Change the request after signing (tests of tampering). */
  readonly tamper?: (r: { url: string; headers: Record<string, string>; body: string | null }) => void;
}

export async function signedFetch(base: string, creds: Creds, method: string, path: string, opts: SignOpts = {}): Promise<Reply> {
  const body = opts.body === undefined ? null : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const signed = await signRequest('hmac', { method, url: base + path, headers: body === null ? {} : { 'Content-Type': 'application/json' }, body }, creds, {
    ...(opts.timestamp !== undefined && { timestamp: opts.timestamp }),
    ...(opts.nonce !== undefined && { nonce: opts.nonce }),
  });
  const req = { url: signed.request.url, headers: { ...signed.request.headers }, body: signed.request.body };
  opts.tamper?.(req);
  return send(req.url, method, req.headers, req.body);
}

export async function send(url: string, method: string, headers: Record<string, string>, body: string | null): Promise<Reply> {
  const res = await fetch(url, { method, headers, ...(body !== null && { body }) });
  const text = await res.text();
  let json: Reply['json'] = {};
  try {
    json = JSON.parse(text) as Reply['json'];
  } catch {
    // not JSON (metrics)
  }
  return { status: res.status, headers: res.headers, json, text };
}
