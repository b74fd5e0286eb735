/**
 * The guided rotation (a provider without a key API), against a loopback https server that checks Binance's signatures
 * as Binance does (HMAC-SHA256 of the query with the key's secret; Ed25519 of the query with the registered public
 * key) and knows which keys are registered: the new key is verified with a signed read-only call before the switch,
 * a refused key leaves the current one in use, the old key is kept for rollback and then erased. A key pair made in
 * the vault rotates to a fresh pair whose public key is registered.
 */
import { createHmac, createPublicKey, verify } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import { testCertificate } from '../../helpers/test-certificate';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempHomes } from '../../helpers/temp-home';
import { rotationRig, type RotationRig } from './rotation-rig';

const newHome = useTempHomes();

/** Registered keys: API key → its HMAC secret or Ed25519 public key (PEM). */
type Registered = Map<string, { secret?: string; publicKeyPem?: string }>;

async function fakeBinance(registered: Registered): Promise<{ url: string; server: Server; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer(testCertificate(), (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const apiKey = String(req.headers['x-mbx-apikey'] ?? '');
    seen.push(`${req.method} ${url.pathname} ${apiKey}`);
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const key = registered.get(apiKey);
    if (!key) return reply(401, { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' });
    const raw = url.search.slice(1);
    const at = raw.lastIndexOf('&signature=');
    const payload = raw.slice(0, at);
    const signature = decodeURIComponent(raw.slice(at + '&signature='.length));
    const ok = key.secret
      ? createHmac('sha256', key.secret).update(payload).digest('hex') === signature
      : verify(null, Buffer.from(payload), createPublicKey(key.publicKeyPem!), Buffer.from(signature, 'base64'));
    if (!ok) return reply(400, { code: -1022, msg: 'Signature for this request is not valid.' });
    if (url.pathname !== '/api/v3/account') return reply(404, { code: -1, msg: 'not here' });
    reply(200, { balances: [] });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen };
}

let rig: RotationRig | undefined;
let server: Server | undefined;
afterEach(async () => {
  await rig?.close();
  await new Promise((r) => (server ? server.close(r) : r(null)));
  rig = undefined;
  server = undefined;
});

const OLD = { apiKey: 'old-binance-key-aaaa', secret: 'old-binance-secret-0001' };
const NEW = { apiKey: 'new-binance-key-bbbb', secret: 'new-binance-secret-0002' };

describe('guided rotation (Binance, verified against a loopback exchange)', () => {
  async function setup() {
    const registered: Registered = new Map([[OLD.apiKey, { secret: OLD.secret }]]);
    const fake = await fakeBinance(registered);
    server = fake.server;
    rig = await rotationRig(newHome());
    const entry = await rig.vault.add({ label: 'Binance main', provider: 'binance', environment: 'prod', baseUrl: fake.url, scopes: ['read', 'trade'], credentials: OLD });
    return { registered, fake, entry };
  }

  it('waits for the new key, verifies it, switches, keeps the old one for rollback, then erases it', async () => {
    const { registered, fake, entry } = await setup();
    const guide = await rig!.service.guide(entry.id);
    expect(guide.keyPageUrl).toMatch(/^https:\/\/www\.binance\.com\//);
    expect(guide.permissions).toEqual(['Enable Reading', 'Enable Spot & Margin Trading']);
    expect(guide.verifyCall).toBe('GET /api/v3/account?omitZeroBalances=true');
    expect(guide.fields).toEqual(['apiKey', 'secret']);

    const started = await rig!.service.start(entry.id, { archiveDays: 7 });
    expect(started).toMatchObject({ mode: 'guided', state: 'awaiting-credentials' });

    // Not registered yet: refused, and nothing changed.
    const refused = await rig!.service.submit(entry.id, NEW);
    expect(refused.state).toBe('awaiting-credentials');
    expect(refused.error?.message).toMatch(/Invalid API-key/);
    expect(refused.error?.message).toMatch(/current key is unchanged/);
    expect(await rig!.vault.useSecret(entry.id, (c) => c.apiKey)).toBe(OLD.apiKey);
    expect(rig!.vault.rotationRecord(entry.id).hasNext).toBe(false);

    registered.set(NEW.apiKey, { secret: NEW.secret });
    const switched = await rig!.service.submit(entry.id, NEW);
    expect(switched.state).toBe('archived');
    expect(Date.parse(switched.keepOldUntil!) - Date.parse(switched.updatedAt)).toBe(7 * 86_400_000);
    expect(await rig!.vault.useSecret(entry.id, (c) => ({ ...c }))).toEqual(NEW);
    expect(rig!.vault.rotationRecord(entry.id)).toMatchObject({ hasPrevious: true, hasNext: false });
    expect(fake.seen.filter((l) => l.startsWith('GET /api/v3/account'))).toEqual([`GET /api/v3/account ${NEW.apiKey}`, `GET /api/v3/account ${NEW.apiKey}`]);

    const done = await rig!.service.finish(entry.id);
    expect(done.state).toBe('done');
    expect(done.steps.map((s) => s.step)).toEqual(['started', 'received', 'verify', 'received', 'verified', 'switched', 'erased']);
    expect(rig!.vault.rotationRecord(entry.id)).toMatchObject({ run: null, hasPrevious: false });
  });

  it('rolls back to the old key while it is archived', async () => {
    const { registered, entry } = await setup();
    registered.set(NEW.apiKey, { secret: NEW.secret });
    await rig!.service.start(entry.id, {});
    await rig!.service.submit(entry.id, NEW);
    const back = await rig!.service.rollback(entry.id);
    expect(back.state).toBe('rolled-back');
    expect(await rig!.vault.useSecret(entry.id, (c) => ({ ...c }))).toEqual(OLD);
    expect(rig!.vault.get(entry.id).lastRotatedAt).toBeNull();
  });

  it('refuses the key in use, and a provider that rotates automatically refuses pasted keys', async () => {
    const { entry } = await setup();
    await rig!.service.start(entry.id, {});
    await expect(rig!.service.submit(entry.id, OLD)).rejects.toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringMatching(/in use now/) });
    await expect(rig!.service.submit(rig!.entryId, NEW)).rejects.toMatchObject({ code: 'ERR_ROTATION_STATE' });
    const cancelled = await rig!.service.cancel(entry.id);
    expect(cancelled.state).toBe('cancelled');
    expect(await rig!.vault.useSecret(entry.id, (c) => c.apiKey)).toBe(OLD.apiKey);
  });

  it('a key pair made in the vault rotates to a fresh pair: register its public key, paste the API key', async () => {
    const registered: Registered = new Map();
    const fake = await fakeBinance(registered);
    server = fake.server;
    rig = await rotationRig(newHome());
    const { entry, publicKey } = await rig.vault.addKeyPair({ label: 'Binance Ed25519', provider: 'binance', environment: 'prod', type: 'ed25519', baseUrl: fake.url, scopes: ['read'], tags: [], notes: '' });
    registered.set('ed-key-1', { publicKeyPem: publicKey.pem });
    await rig.vault.update({ id: entry.id, credentials: { apiKey: 'ed-key-1' } });
    const oldPem = await rig.vault.useSecret(entry.id, (c) => c.privateKeyPem);

    const run = await rig.service.start(entry.id, {});
    expect(run.nextKeyPair?.type).toBe('ed25519');
    expect(run.nextKeyPair?.publicKeyPem).not.toBe(publicKey.pem);
    expect(run.priorKeyPair?.publicKeyPem).toBe(publicKey.pem);
    const guide = await rig.service.guide(entry.id);
    expect(guide.fields).toEqual(['apiKey']);
    expect(guide.steps.join('\n')).toContain(run.nextKeyPair!.fingerprint);
    await expect(rig.service.submit(entry.id, { apiKey: 'ed-key-2', secret: 'x' })).rejects.toMatchObject({ code: 'ERR_VALIDATION' });

    registered.set('ed-key-2', { publicKeyPem: run.nextKeyPair!.publicKeyPem });
    const switched = await rig.service.submit(entry.id, { apiKey: 'ed-key-2' });
    expect(switched.state).toBe('archived');
    const now = await rig.vault.useSecret(entry.id, (c) => ({ ...c }));
    expect(now.apiKey).toBe('ed-key-2');
    expect(now.privateKeyPem).not.toBe(oldPem);
    expect(rig.vault.get(entry.id).keyPair?.fingerprint).toBe(run.nextKeyPair!.fingerprint);

    const back = await rig.service.rollback(entry.id);
    expect(back.state).toBe('rolled-back');
    expect(await rig.vault.useSecret(entry.id, (c) => c.privateKeyPem)).toBe(oldPem);
    expect(rig.vault.get(entry.id).keyPair?.fingerprint).toBe(run.priorKeyPair!.fingerprint);
  });
});
