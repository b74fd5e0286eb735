/**
 * Every error the sandbox exchange answers, each triggered by a real request signed by the signing engine with a
 * vault key and sent through the egress — what a user sees on the Request page and in the Inspector.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryInput } from '../../../src-main/contract/schemas';
import type { InspectorRecord } from '../../../src-main/contract/inspector';
import { Egress } from '../../../src-main/http/egress';
import { createEgressAgent } from '../../../src-main/http/transport';
import { InspectorStore } from '../../../src-main/http/inspector-store';
import { startSandbox, type RunningSandbox } from '../../../src-main/sandbox/sandbox';
import { VaultService } from '../../../src-main/vault/vault-service';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';

const newHome = useTempHomes();
const ALL = ['read', 'trade', 'withdraw', 'keys:manage'];
const GOOD = { apiKey: 'sbx-good-0001', secret: 'good-secret-0123456789abcdef' };
const READ_ONLY = { apiKey: 'sbx-read-0002', secret: 'read-secret-0123456789abcdef' };
const EXPIRED = { apiKey: 'sbx-expired-0003', secret: 'expired-secret-0123456789ab' };
const REVOKED = { apiKey: 'sbx-revoked-0004', secret: 'revoked-secret-0123456789ab' };
const LIMITED = { apiKey: 'sbx-limited-0005', secret: 'limited-secret-0123456789ab' };

describe('the sandbox’s answers, through the egress', () => {
  let sandbox: RunningSandbox;
  let limitedSandbox: RunningSandbox;
  let vault: VaultService;
  let egress: Egress;
  let agent: ReturnType<typeof createEgressAgent>;
  const ids: Record<string, string> = {};

  const add = async (label: string, input: Partial<EntryInput> & Pick<EntryInput, 'credentials'>) => {
    ids[label] = (await vault.add({ label, provider: 'sandbox', environment: 'dev', ...input })).id;
  };
  const send = (label: string, over: Partial<Parameters<Egress['send']>[0]> = {}): Promise<InspectorRecord> =>
    egress.send({ entryId: ids[label]!, method: 'GET', url: `${sandbox.url}/v1/account`, headers: [], body: null, ...over });
  const code = (r: InspectorRecord) => (JSON.parse(r.responseBody ?? '{}') as { code?: string }).code;

  beforeAll(async () => {
    sandbox = await startSandbox({
      symbols: 5,
      seed: 1,
      keys: [
        { ...GOOD, scopes: ALL },
        { ...READ_ONLY, scopes: ['read'] },
        { ...EXPIRED, scopes: ALL, expiresAt: '2020-01-01T00:00:00Z' },
        { ...REVOKED, scopes: ALL },
      ],
    });
    const revoked = sandbox.keys.list().find((k) => k.apiKey === REVOKED.apiKey)!;
    await sandbox.keys.revoke(revoked.id);
    limitedSandbox = await startSandbox({ symbols: 5, seed: 2, keys: [{ ...LIMITED, scopes: ALL }], rateLimit: { capacity: 2, refillPerSec: 0.01 } });

    vault = new VaultService({ home: newHome(), osSlot: null, kdf: FAST_KDF });
    await vault.create({ passphrase: 'correct horse battery staple', useOsSlot: false, addSandboxKey: false });
    await add('good', { credentials: GOOD });
    await add('read-only', { credentials: READ_ONLY });
    await add('expired', { credentials: EXPIRED });
    await add('revoked', { credentials: REVOKED });
    await add('unknown', { credentials: { apiKey: 'sbx-nobody-0009', secret: 'nobody-secret-0123456789' } });
    await add('wrong-secret', { credentials: { apiKey: GOOD.apiKey, secret: 'not-the-secret-0123456789' } });
    // A key for the second sandbox: its own base URL (the egress allows a key's own base URL).
    await add('limited', { credentials: LIMITED, baseUrl: limitedSandbox.url });
    // A custom API key whose recipe writes a broken Authorization header: the sandbox must say it is malformed.
    await add('custom', { provider: 'custom', credentials: { secret: 'custom-secret-0123456789' }, baseUrl: sandbox.url });

    agent = createEgressAgent({ timeoutMs: 5_000 });
    egress = new Egress({ vault, inspector: new InspectorStore({ file: null }), sandboxUrl: () => sandbox.url, dispatcher: agent, retry: { maxAttempts: 3, baseMs: 20, capMs: 2_000 } });
  });

  afterAll(async () => {
    await egress?.close();
    await agent?.close();
    if (vault?.isUnlocked()) await vault.lock();
    await sandbox?.close();
    await limitedSandbox?.close();
  });

  it('answers a well-signed request', async () => {
    const r = await send('good');
    expect(r).toMatchObject({ status: 200, outcome: 'ok', schemeId: 'hmac', error: null });
    expect(JSON.parse(r.responseBody!)).toHaveProperty('balances');
  });

  it('401 malformed_authorization', async () => {
    const recipe = JSON.stringify({ components: [{ type: 'method' }], algorithm: 'hmac-sha256', signature: { in: 'header', name: 'Authorization', prefix: 'HMAC broken=' } });
    const r = await send('custom', { options: { recipe } });
    expect([r.status, code(r)]).toEqual([401, 'malformed_authorization']);
    expect(r.error?.message).toMatch(/Malformed Authorization header/);
  });

  it.each([
    ['unknown', 'unknown_key'],
    ['revoked', 'key_revoked'],
    ['expired', 'key_expired'],
    ['wrong-secret', 'invalid_signature'],
  ])('401 for the %s key: %s', async (label, expected) => {
    const r = await send(label);
    expect([r.status, code(r), r.outcome]).toEqual([401, expected, 'client-error']);
  });

  it('401 timestamp_skew for a request signed ten minutes ago', async () => {
    const r = await send('good', { timestamp: Date.now() - 600_000 });
    expect([r.status, code(r)]).toEqual([401, 'timestamp_skew']);
    expect(r.error?.message).toMatch(/behind the server time/);
  });

  it('401 replayed_nonce for the same signed request sent twice', async () => {
    const fixed = { timestamp: Date.now(), nonce: `replay-${Date.now()}` };
    expect((await send('good', fixed)).status).toBe(200);
    const again = await send('good', fixed);
    expect([again.status, code(again)]).toEqual([401, 'replayed_nonce']);
  });

  it('403 insufficient_scope for a read-only key placing an order', async () => {
    const r = await send('read-only', { method: 'POST', url: `${sandbox.url}/v1/orders`, headers: [{ name: 'Content-Type', value: 'application/json' }], body: '{"symbol":"BTC-USD","side":"buy","type":"market","quantity":0.01}' });
    expect([r.status, code(r)]).toEqual([403, 'insufficient_scope']);
  });

  it('400 for an order the sandbox cannot take, naming the field', async () => {
    const r = await send('good', { method: 'POST', url: `${sandbox.url}/v1/orders`, headers: [{ name: 'Content-Type', value: 'application/json' }], body: '{"symbol":"BTC-USD","side":"sideways","type":"market","quantity":0.01}' });
    expect(r.status).toBe(400);
    expect(r.responseBody).toContain('side');
  });

  it('429 rate_limited with Retry-After once the key’s burst is spent (a long Retry-After is not waited for)', async () => {
    const url = `${limitedSandbox.url}/v1/account`;
    expect((await send('limited', { url })).status).toBe(200);
    expect((await send('limited', { url })).status).toBe(200);
    const limited = await send('limited', { url });
    expect([limited.status, code(limited)]).toEqual([429, 'rate_limited']);
    expect(Number(limited.responseHeaders.find((h) => h.name.toLowerCase() === 'retry-after')?.value)).toBeGreaterThan(2);
  });
});
