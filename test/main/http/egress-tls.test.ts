/**
 * The egress over TLS, against a real https server on loopback with a certificate made for the test (openssl):
 * the handshake's time is in the record, a certificate nobody trusts is refused with a clear reason, and nothing
 * reaches a server the egress refuses to trust.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Egress } from '../../../src-main/http/egress';
import { createEgressAgent } from '../../../src-main/http/transport';
import { InspectorStore } from '../../../src-main/http/inspector-store';
import { VaultService } from '../../../src-main/vault/vault-service';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';
import { makeCertificate } from '../../helpers/test-certificate';

const newHome = useTempHomes();

describe('the egress over TLS', () => {
  let server: Server;
  let origin: string;
  let cert: string;
  let hits = 0;
  let vault: VaultService;
  let entryId: string;

  beforeAll(async () => {
    const made = makeCertificate();
    cert = made.cert;
    server = createServer({ key: made.key, cert: made.cert }, (_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    vault = new VaultService({ home: newHome(), osSlot: null, kdf: FAST_KDF });
    await vault.create({ passphrase: 'correct horse battery staple', useOsSlot: false, addSandboxKey: false });
    // A custom API's key may send to its own base URL.
    entryId = (await vault.add({ label: 'Local TLS API', provider: 'custom', environment: 'dev', baseUrl: origin, credentials: { apiKey: 'local-key-1', secret: 'local-secret-0123456789' } })).id;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    if (vault?.isUnlocked()) await vault.lock();
  });

  const egressWith = (ca?: string[]) => {
    const agent = createEgressAgent({ timeoutMs: 5_000, ...(ca ? { ca } : {}) });
    return { egress: new Egress({ vault, inspector: new InspectorStore({ file: null }), sandboxUrl: () => null, dispatcher: agent }), agent };
  };

  it('reports the TLS handshake time of a new connection', async () => {
    const { egress, agent } = egressWith([cert]);
    const recipe = JSON.stringify({ components: [{ type: 'method' }, { type: 'path' }], algorithm: 'sha256', signature: { in: 'header', name: 'X-Sig' } });
    try {
      const r = await egress.send({ entryId, method: 'GET', url: '/v1/ping', headers: [], body: null, schemeId: 'recipe', options: { recipe } });
      expect(r).toMatchObject({ status: 200, outcome: 'ok', url: `${origin}/v1/ping` });
      expect(r.timings.tlsMs).toBeGreaterThan(0);
      expect(r.timings.connectMs).toBeGreaterThanOrEqual(0);
      expect(r.timings.firstByteMs).toBeGreaterThan(0);
      expect(r.timings.totalMs).toBeGreaterThanOrEqual((r.timings.tlsMs ?? 0) + (r.timings.firstByteMs ?? 0));
    } finally {
      await egress.close();
      await agent.close();
    }
  });

  it('refuses a certificate it does not trust, and says so', async () => {
    const before = hits;
    const { egress, agent } = egressWith();
    const recipe = JSON.stringify({ components: [{ type: 'method' }], algorithm: 'sha256', signature: { in: 'header', name: 'X-Sig' } });
    try {
      const r = await egress.send({ entryId, method: 'GET', url: '/v1/ping', headers: [], body: null, schemeId: 'recipe', options: { recipe } });
      expect(r).toMatchObject({ status: null, outcome: 'failed' });
      expect(r.error?.code).toBe('ERR_NETWORK');
      expect(r.error?.message).toMatch(/certificate/i);
      expect(hits).toBe(before);
    } finally {
      await egress.close();
      await agent.close();
    }
  });
});
