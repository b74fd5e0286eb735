/**
 * The debugger's "compare with the exchange's clock": one unsigned GET, only where a key of the scheme's provider may
 * go. Against the running sandbox it reads the clock; a host outside the signing allowlist is never contacted.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicHttpClient } from '../../../src-main/http/public-http';
import { startSandbox, type RunningSandbox } from '../../../src-main/sandbox/sandbox';
import { serverTimeEndpoint } from '../../../src-main/signing/debug/server-time';
import { VaultService } from '../../../src-main/vault/vault-service';
import { FAST_KDF } from '../../helpers/temp-home';

describe('PublicHttpClient.clock', () => {
  let sandbox: RunningSandbox;
  let listener: Server;
  let hits = 0;
  let client: PublicHttpClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ symbols: 2, seed: 3 });
    listener = createServer((_req, res) => {
      hits++;
      res.end('{"serverTime": 1}');
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    client = new PublicHttpClient({ vault: new VaultService({ home: '/nonexistent-signet-home', osSlot: null, kdf: FAST_KDF }), sandboxUrl: () => sandbox.url });
  });

  afterAll(async () => {
    await client?.close();
    await sandbox?.close();
    await new Promise((r) => listener?.close(r));
  });

  it('reads the running sandbox’s clock for the hmac scheme', async () => {
    const endpoint = serverTimeEndpoint('hmac', `${sandbox.url}/v1/account`)!;
    const before = Date.now();
    const at = await client.clock('hmac', endpoint.url, endpoint.read);
    expect(at).not.toBeNull();
    // The Date header has one-second resolution.
    expect(Math.abs(at! - before)).toBeLessThan(3000);
  });

  it('never contacts a host the scheme’s provider may not reach', async () => {
    const port = (listener.address() as { port: number }).port;
    for (const [scheme, url] of [
      ['binance-hmac-sha256', `http://127.0.0.1:${port}/api/v3/time`],
      ['hmac', `http://127.0.0.1:${port}/healthz`],
      ['okx-v5', `https://127.0.0.1:${port}/api/v5/public/time`],
    ] as const) {
      expect(await client.clock(scheme, url, () => 1)).toBeNull();
    }
    expect(hits).toBe(0);
  });
});
