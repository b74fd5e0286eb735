/**
 * A real rotation setup for tests: a vault on real files (with its sandbox key), the embedded sandbox exchange on a
 * loopback port trusting it, the egress and its inspector, and the rotation service over them. `clock` is real
 * time unless one is passed. The egress trusts the test certificate (test/helpers/test-certificate.ts) as well. `keyInSandbox` answers what the exchange itself says of a key.
 */
import { request } from 'undici';
import { systemClock, type Clock } from '../../../src-main/base/clock';
import { silentLogger } from '../../../src-main/base/logger';
import { DEFAULT_ROTATION_DEFAULTS } from '../../../src-main/contract/rotation';
import type { Credentials } from '../../../src-main/contract/schemas';
import { Egress } from '../../../src-main/http/egress';
import { createEgressAgent } from '../../../src-main/http/transport';
import { testCertificate } from '../../helpers/test-certificate';
import { InspectorStore } from '../../../src-main/http/inspector-store';
import { RotationService, type RotationServiceOptions } from '../../../src-main/rotation/rotation-service';
import { egressCaller, type SignedCaller } from '../../../src-main/rotation/signed-caller';
import { EmbeddedSandbox } from '../../../src-main/sandbox/embedded-sandbox';
import { getScheme } from '../../../src-main/signing/registry';
import { VaultService } from '../../../src-main/vault/vault-service';
import { FAST_KDF } from '../../helpers/temp-home';

export const PASS = 'correct horse battery staple';

export interface RotationRig {
  readonly home: string;
  readonly vault: VaultService;
  readonly sandbox: EmbeddedSandbox;
  readonly egress: Egress;
  readonly inspector: InspectorStore;
  readonly service: RotationService;
  readonly caller: SignedCaller;
  /** The vault's sandbox key. */
  readonly entryId: string;
  /** Signs GET /v1/account with these credentials and answers the status (what any client of the key would see). */
  accountStatus(creds: Credentials): Promise<number>;
  /** The account's keys as the exchange lists them (GET /v1/keys signed with these credentials). */
  listKeys(creds: Credentials): Promise<{ id: string; apiKey: string; label: string | null; revokedAt: string | null }[]>;
  current(): Promise<Credentials>;
  close(): Promise<void>;
}

async function signedGet(url: string, creds: Credentials): Promise<{ status: number; body: string }> {
  const signed = await getScheme('hmac').sign({ method: 'GET', url, headers: {}, body: null }, creds, { timestamp: Date.now(), nonce: `${Date.now()}-${Math.random()}` });
  const r = await request(signed.request.url, { method: 'GET', headers: signed.request.headers });
  return { status: r.statusCode, body: await r.body.text() };
}

export async function rotationRig(home: string, opts: { clock?: Clock; create?: boolean; autoLockMinutes?: number; service?: Partial<RotationServiceOptions> } = {}): Promise<RotationRig> {
  const clock = opts.clock ?? systemClock;
  const vault = new VaultService({ home, osSlot: null, kdf: FAST_KDF, clock, ...(opts.autoLockMinutes !== undefined && { autoLockMinutes: opts.autoLockMinutes }) });
  if (opts.create ?? true) await vault.create({ passphrase: PASS, useOsSlot: false, addSandboxKey: true });
  else await vault.unlockWithPassphrase(PASS);
  const sandbox = new EmbeddedSandbox({ home, vault, logger: silentLogger, sandbox: { symbols: 5, seed: 'rotation', rateHz: 1 } });
  await sandbox.start();
  const inspector = new InspectorStore({ file: null });
  // Trusts the test certificate too, so an exchange on a loopback https server can be reached.
  const dispatcher = createEgressAgent({ timeoutMs: 5_000, ca: [testCertificate().cert] });
  const egress = new Egress({ vault, inspector, sandboxUrl: () => sandbox.url(), retry: { maxAttempts: 1, baseMs: 0, capMs: 0 }, dispatcher });
  const caller = egressCaller(egress);
  const service = new RotationService({ vault, caller, clock, defaults: () => DEFAULT_ROTATION_DEFAULTS, logger: silentLogger, ...opts.service });
  const entryId = vault.list().find((e) => e.provider === 'sandbox')!.id;
  return {
    home,
    vault,
    sandbox,
    egress,
    inspector,
    service,
    caller,
    entryId,
    async accountStatus(creds) {
      return (await signedGet(`${sandbox.url()}/v1/account`, creds)).status;
    },
    async listKeys(creds) {
      const r = await signedGet(`${sandbox.url()}/v1/keys`, creds);
      if (r.status !== 200) throw new Error(`GET /v1/keys answered ${r.status}: ${r.body}`);
      return JSON.parse(r.body) as never;
    },
    current: () => vault.useSecret(entryId, (c) => ({ ...c }), { record: false }),
    async close() {
      await egress.close();
      await dispatcher.close();
      await sandbox.close();
      if (vault.isUnlocked()) await vault.lock();
    },
  };
}
