/** Operations: health and readiness, Prometheus metrics in the sandbox's own registry, and logs free of secrets. */
import { Writable } from 'node:stream';
import pino from 'pino';
import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../../src-main/lib/signing';
import { startSandbox } from '../../../src-main/sandbox/sandbox';
import { send, signedFetch } from './sandbox-client';

const CREDS = { apiKey: 'ops-key', secret: 'ops-secret-do-not-log-4f1e' };

describe('sandbox operations', () => {
  it('answers /healthz and /readyz', async () => {
    const s = await startSandbox({ symbols: 5 });
    try {
      expect((await send(`${s.url}/healthz`, 'GET', {}, null)).json).toEqual({ status: 'ok' });
      expect((await send(`${s.url}/readyz`, 'GET', {}, null)).json).toEqual({ status: 'ready', symbols: 5 });
    } finally {
      await s.close();
    }
  });

  it('exposes requests by route and status, a latency histogram and auth failures by code, in its own registry', async () => {
    const s = await startSandbox({ symbols: 5, keys: [{ ...CREDS, scopes: ['read'] }] });
    try {
      await signedFetch(s.url, CREDS, 'GET', '/v1/account');
      await signedFetch(s.url, { ...CREDS, secret: 'wrong' }, 'GET', '/v1/account');
      await send(`${s.url}/v1/account`, 'GET', {}, null);
      await send(`${s.url}/v1/tickers`, 'GET', {}, null);
      const r = await send(`${s.url}/metrics`, 'GET', {}, null);
      expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(r.text).toContain('sandbox_http_requests_total{route="/v1/account",method="GET",status="200"} 1');
      expect(r.text).toContain('sandbox_http_requests_total{route="/v1/account",method="GET",status="401"} 2');
      expect(r.text).toContain('sandbox_http_requests_total{route="/v1/tickers",method="GET",status="200"} 1');
      expect(r.text).toMatch(/sandbox_http_request_duration_seconds_bucket\{le="0.005",route="\/v1\/account",method="GET"\} \d/);
      expect(r.text).toContain('sandbox_auth_failures_total{code="invalid_signature"} 1');
      expect(r.text).toContain('sandbox_auth_failures_total{code="malformed_authorization"} 1');
      expect(await globalRegistry.metrics()).not.toContain('sandbox_');
    } finally {
      await s.close();
    }
  });

  it('logs requests and refusals without a secret, a full signature or the Authorization header', async () => {
    let captured = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        captured += chunk.toString();
        cb();
      },
    });
    const logger = pino({ level: 'debug' }, sink);
    const s = await startSandbox({ symbols: 5, logger, keys: [{ ...CREDS, scopes: ['read', 'keys:manage'] }] });
    const signatures: string[] = [];
    try {
      for (const secret of [CREDS.secret, 'wrong-secret']) {
        const signed = await signRequest('hmac', { method: 'GET', url: `${s.url}/v1/account`, headers: {}, body: null }, { ...CREDS, secret });
        signatures.push(signed.signature);
        await send(signed.request.url, 'GET', signed.request.headers, null);
      }
      const created = await signedFetch(s.url, CREDS, 'POST', '/v1/keys', { body: { scopes: ['read'] } });
      const newSecret = created.json.secret as string;
      expect(newSecret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      await s.close();
      sink.end();
      expect(captured).toContain('"route":"/v1/account"');
      expect(captured).toContain('"code":"invalid_signature"');
      for (const secret of [CREDS.secret, newSecret]) expect(captured).not.toContain(secret);
      for (const sig of signatures) {
        expect(captured).not.toContain(sig);
        expect(captured).not.toContain(sig.slice(0, 16));
      }
      expect(captured.toLowerCase()).not.toContain('authorization');
      expect(captured).not.toContain('HMAC apiKey');
    } finally {
      await s.close();
    }
  });
});
