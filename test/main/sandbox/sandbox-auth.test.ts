/**
 * The private API's verification, end to end over loopback with real signatures: every error code, in the order
 * the checks run, with the status, the body `{code, message}` and (for 429) Retry-After.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../src-main/sandbox/sandbox';
import { ManualClock } from '../../helpers/temp-home';
import { send, signedFetch, type Creds } from './sandbox-client';

const ALL: Creds = { apiKey: 'all-scopes', secret: 'secret-all-0123456789' };
const READER: Creds = { apiKey: 'reader', secret: 'secret-reader-0123456789' };
const KEYS = [
  { ...ALL, scopes: ['read', 'trade', 'withdraw', 'keys:manage'] },
  { ...READER, scopes: ['read'] },
];

let running: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.map((s) => s.close()));
  running = [];
});
async function sandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const s = await startSandbox({ symbols: 20, seed: 'auth', keys: KEYS, ...opts });
  running.push(s);
  return s;
}

describe('sandbox authentication', () => {
  it('accepts a correctly signed request and shows the account', async () => {
    const s = await sandbox();
    const r = await signedFetch(s.url, ALL, 'GET', '/v1/account');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ balances: { USD: 100_000 }, scopes: ['read', 'trade', 'withdraw', 'keys:manage'] });
  });

  it('answers 401 malformed_authorization without or with a broken header', async () => {
    const s = await sandbox();
    for (const headers of [{} as Record<string, string>, { Authorization: 'Bearer abc' }, { Authorization: 'HMAC apiKey="a", signature="b"' }, { Authorization: 'HMAC apiKey="a", signature="b", timestamp="soon", nonce="n"' }]) {
      const r = await send(`${s.url}/v1/account`, 'GET', headers, null);
      expect(r.status).toBe(401);
      expect(r.json.code).toBe('malformed_authorization');
      expect(r.json.message).toMatch(/Authorization/);
    }
  });

  it('answers 401 unknown_key for a key it never issued', async () => {
    const s = await sandbox();
    const r = await signedFetch(s.url, { apiKey: 'nobody', secret: 'x' }, 'GET', '/v1/account');
    expect([r.status, r.json.code]).toEqual([401, 'unknown_key']);
    expect(r.json.message).toContain('"nobody"');
  });

  it('answers 401 invalid_signature for a wrong secret, a changed path, query or body', async () => {
    const s = await sandbox();
    const wrong = await signedFetch(s.url, { apiKey: ALL.apiKey, secret: 'not-the-secret' }, 'GET', '/v1/account');
    expect([wrong.status, wrong.json.code]).toEqual([401, 'invalid_signature']);
    const query = await signedFetch(s.url, ALL, 'GET', '/v1/orders?status=open', { tamper: (r) => void (r.url = r.url.replace('open', 'filled')) });
    expect(query.json.code).toBe('invalid_signature');
    const order = { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: 0.01 };
    const body = await signedFetch(s.url, ALL, 'POST', '/v1/orders', { body: order, tamper: (r) => void (r.body = JSON.stringify({ ...order, quantity: 1 })) });
    expect(body.json.code).toBe('invalid_signature');
    // The same body with one byte of whitespace is different bytes: the signature covers the exact body.
    const spaced = await signedFetch(s.url, ALL, 'POST', '/v1/orders', { body: order, tamper: (r) => void (r.body = `${r.body as string} `) });
    expect(spaced.json.code).toBe('invalid_signature');
    const ok = await signedFetch(s.url, ALL, 'POST', '/v1/orders', { body: order });
    expect(ok.status).toBe(201);
  });

  it('answers 401 timestamp_skew outside ±30 s, naming the server time and the skew', async () => {
    const s = await sandbox();
    const old = await signedFetch(s.url, ALL, 'GET', '/v1/account', { timestamp: Date.now() - 95_000 });
    expect([old.status, old.json.code]).toEqual([401, 'timestamp_skew']);
    expect(old.json.message).toMatch(/is 9[4-6] s behind the server time \d{10} \(\d{4}-.*Z\); the window is ±30 s/);
    const future = await signedFetch(s.url, ALL, 'GET', '/v1/account', { timestamp: Date.now() + 60_000 });
    expect(future.json.message).toMatch(/ahead of the server time/);
    const edge = await signedFetch(s.url, ALL, 'GET', '/v1/account', { timestamp: Date.now() - 20_000 });
    expect(edge.status).toBe(200);
  });

  it('answers 401 replayed_nonce when a signed request is sent twice', async () => {
    const s = await sandbox();
    const first = await signedFetch(s.url, ALL, 'GET', '/v1/account', { nonce: 'once-only' });
    expect(first.status).toBe(200);
    const again = await signedFetch(s.url, ALL, 'GET', '/v1/account', { nonce: 'once-only' });
    expect([again.status, again.json.code]).toEqual([401, 'replayed_nonce']);
    // The nonce belongs to the key: another key may use the same text.
    expect((await signedFetch(s.url, READER, 'GET', '/v1/account', { nonce: 'once-only' })).status).toBe(200);
  });

  it('forgets a nonce once its timestamp is outside the window (bounded memory), and skew still refuses the replay', async () => {
    const clock = new ManualClock(Date.parse('2026-11-28T12:00:00Z'));
    const s = await sandbox({ clock, windowMs: 5_000 });
    const t0 = clock.now();
    expect((await signedFetch(s.url, ALL, 'GET', '/v1/account', { nonce: 'n1', timestamp: t0 })).status).toBe(200);
    clock.advance(6_000);
    // The cache may drop n1 now: a replay of that request fails the window check instead.
    const replay = await signedFetch(s.url, ALL, 'GET', '/v1/account', { nonce: 'n1', timestamp: t0 });
    expect(replay.json.code).toBe('timestamp_skew');
    for (let i = 0; i < 5; i++) expect((await signedFetch(s.url, ALL, 'GET', '/v1/account', { timestamp: clock.now() })).status).toBe(200);
  });

  it('answers 403 insufficient_scope for a read-only key on trade and key routes', async () => {
    const s = await sandbox();
    const order = await signedFetch(s.url, READER, 'POST', '/v1/orders', { body: { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: 0.01 } });
    expect([order.status, order.json.code]).toEqual([403, 'insufficient_scope']);
    expect(order.json.message).toContain('"trade"');
    const keys = await signedFetch(s.url, READER, 'GET', '/v1/keys');
    expect([keys.status, keys.json.code]).toEqual([403, 'insufficient_scope']);
  });

  it('answers 401 key_expired after the key expiry', async () => {
    const clock = new ManualClock(Date.parse('2026-11-28T12:00:00Z'));
    const s = await sandbox({ clock, keys: [{ apiKey: 'short', secret: 'short-lived-secret', scopes: ['read'], expiresAt: '2026-11-28T12:01:00Z' }] });
    const creds = { apiKey: 'short', secret: 'short-lived-secret' };
    expect((await signedFetch(s.url, creds, 'GET', '/v1/account', { timestamp: clock.now() })).status).toBe(200);
    clock.advance(61_000);
    const r = await signedFetch(s.url, creds, 'GET', '/v1/account', { timestamp: clock.now() });
    expect([r.status, r.json.code]).toEqual([401, 'key_expired']);
    expect(r.json.message).toContain('2026-11-28T12:01:00.000Z');
  });

  it('checks in the documented order: revoked before a bad signature, signature before skew, skew before replay', async () => {
    const s = await sandbox();
    await signedFetch(s.url, ALL, 'GET', '/v1/account', { nonce: 'used' });
    // Wrong secret, stale timestamp and a used nonce at once: the signature is reported.
    const all3 = await signedFetch(s.url, { ...ALL, secret: 'wrong' }, 'GET', '/v1/account', { nonce: 'used', timestamp: Date.now() - 120_000 });
    expect(all3.json.code).toBe('invalid_signature');
    const staleAndUsed = await signedFetch(s.url, ALL, 'GET', '/v1/account', { nonce: 'used', timestamp: Date.now() - 120_000 });
    expect(staleAndUsed.json.code).toBe('timestamp_skew');
    const id = s.keys.list().find((k) => k.apiKey === READER.apiKey)!.id;
    await s.keys.revoke(id);
    const revokedWrongSecret = await signedFetch(s.url, { ...READER, secret: 'wrong' }, 'GET', '/v1/account');
    expect(revokedWrongSecret.json.code).toBe('key_revoked');
  });

  it('rate limits per key with 429 and Retry-After, and lets the key in again after waiting', async () => {
    const clock = new ManualClock(Date.parse('2026-11-28T12:00:00Z'));
    const s = await sandbox({ clock, rateLimit: { capacity: 3, refillPerSec: 0.5 } });
    for (let i = 0; i < 3; i++) expect((await signedFetch(s.url, ALL, 'GET', '/v1/account', { timestamp: clock.now() })).status).toBe(200);
    const limited = await signedFetch(s.url, ALL, 'GET', '/v1/account', { timestamp: clock.now() });
    expect([limited.status, limited.json.code]).toEqual([429, 'rate_limited']);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.json.message).toMatch(/burst of 3, then 0\.5 per second\. Retry after 2 s/);
    // Another key has its own bucket.
    expect((await signedFetch(s.url, READER, 'GET', '/v1/account', { timestamp: clock.now() })).status).toBe(200);
    clock.advance(2_000);
    expect((await signedFetch(s.url, ALL, 'GET', '/v1/account', { timestamp: clock.now() })).status).toBe(200);
  });

  it('creates a key whose secret is shown once, lists keys without secrets, and revokes (401 key_revoked afterwards)', async () => {
    const s = await sandbox();
    const created = await signedFetch(s.url, ALL, 'POST', '/v1/keys', { body: { label: 'bot', scopes: ['read', 'trade'], expiresAt: '2099-01-01T00:00:00Z' } });
    expect(created.status).toBe(201);
    const key = created.json as unknown as { id: string; apiKey: string; secret: string; scopes: string[]; expiresAt: string };
    expect(key).toMatchObject({ label: 'bot', scopes: ['read', 'trade'], expiresAt: '2099-01-01T00:00:00.000Z', revokedAt: null });
    const child = { apiKey: key.apiKey, secret: key.secret };
    // The new key trades in its creator's account.
    await signedFetch(s.url, child, 'POST', '/v1/orders', { body: { symbol: 'ETH-USD', side: 'buy', type: 'market', quantity: 1 } });
    const parent = await signedFetch(s.url, ALL, 'GET', '/v1/account');
    expect((parent.json.balances as Record<string, number>)['ETH']).toBe(1);

    const list = await signedFetch(s.url, ALL, 'GET', '/v1/keys');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(key.secret);
    expect(list.text).not.toContain(ALL.secret);
    const rows = list.json as unknown as { id: string }[];
    expect(rows.map((r) => r.id)).toContain(key.id);
    expect(Object.keys(rows[0]!).sort()).toEqual(['apiKey', 'createdAt', 'expiresAt', 'id', 'label', 'lastUsedAt', 'revokedAt', 'scopes']);

    const del = await signedFetch(s.url, ALL, 'DELETE', `/v1/keys/${key.id}`);
    expect(del.status).toBe(200);
    expect(del.json.revokedAt).toEqual(expect.any(String));
    const after = await signedFetch(s.url, child, 'GET', '/v1/account');
    expect([after.status, after.json.code]).toEqual([401, 'key_revoked']);
  });

  it('refuses to mint a key stronger than its creator, and keys of other accounts are not found', async () => {
    const s = await sandbox({ keys: [...KEYS, { apiKey: 'manager', secret: 'manager-secret', scopes: ['read', 'keys:manage'] }] });
    const mgr = { apiKey: 'manager', secret: 'manager-secret' };
    const r = await signedFetch(s.url, mgr, 'POST', '/v1/keys', { body: { scopes: ['trade'] } });
    expect([r.status, r.json.code]).toEqual([403, 'insufficient_scope']);
    const other = s.keys.list().find((k) => k.apiKey === ALL.apiKey)!.id;
    const del = await signedFetch(s.url, mgr, 'DELETE', `/v1/keys/${other}`);
    expect([del.status, del.json.code]).toEqual([404, 'not_found']);
  });

  it('refuses to mint a key that outlives its expiring creator (a key that never expires, or expires later)', async () => {
    const s = await sandbox({ keys: [...KEYS, { apiKey: 'temp', secret: 'temp-secret-0123456789', scopes: ['read', 'keys:manage'], expiresAt: '2099-01-01T00:00:00Z' }] });
    const temp = { apiKey: 'temp', secret: 'temp-secret-0123456789' };
    for (const expiresAt of [undefined, null, '2100-01-01T00:00:00Z']) {
      const r = await signedFetch(s.url, temp, 'POST', '/v1/keys', { body: { scopes: ['read'], ...(expiresAt !== undefined && { expiresAt }) } });
      expect([r.status, r.json.code]).toEqual([403, 'insufficient_scope']);
      expect(r.json.message).toContain('2099-01-01T00:00:00.000Z');
    }
    const ok = await signedFetch(s.url, temp, 'POST', '/v1/keys', { body: { scopes: ['read'], expiresAt: '2098-06-01T00:00:00Z' } });
    expect(ok.status).toBe(201);
    expect(s.keys.list().filter((k) => k.expiresAt === null).map((k) => k.apiKey).sort()).toEqual([ALL.apiKey, READER.apiKey].sort());
  });

  it('creates a key that expires in a number of days, which gets 401 key_expired on every private route once they pass', async () => {
    const clock = new ManualClock(Date.parse('2026-11-28T12:00:00Z'));
    const s = await sandbox({ clock });
    const created = await signedFetch(s.url, ALL, 'POST', '/v1/keys', { body: { scopes: ['read', 'trade', 'keys:manage'], expiresInDays: 7 }, timestamp: clock.now() });
    expect(created.status).toBe(201);
    expect(created.json.expiresAt).toBe('2026-12-05T12:00:00.000Z');
    const child = { apiKey: created.json.apiKey as string, secret: created.json.secret as string };
    const order = { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.001' };
    expect((await signedFetch(s.url, child, 'POST', '/v1/orders', { body: order, timestamp: clock.now() })).status).toBe(201);
    clock.advance(7 * 86_400_000 - 1000);
    expect((await signedFetch(s.url, child, 'GET', '/v1/account', { timestamp: clock.now() })).status).toBe(200);
    clock.advance(1000);
    for (const [method, path, body] of [['GET', '/v1/account'], ['GET', '/v1/orders'], ['POST', '/v1/orders', order], ['GET', '/v1/keys'], ['POST', '/v1/keys', { scopes: ['read'] }], ['DELETE', `/v1/keys/${created.json.id as string}`]] as const) {
      const r = await signedFetch(s.url, child, method, path, { body, timestamp: clock.now() });
      expect([method, path, r.status, r.json.code]).toEqual([method, path, 401, 'key_expired']);
      expect(r.json.message).toContain('2026-12-05T12:00:00.000Z');
    }
  });

  it('refuses an expiry given twice, one already past, or a day count outside 1 to 3650, naming the field', async () => {
    const clock = new ManualClock(Date.parse('2026-11-28T12:00:00Z'));
    const s = await sandbox({ clock });
    for (const [body, field] of [
      [{ scopes: ['read'], expiresAt: '2027-01-01T00:00:00Z', expiresInDays: 3 }, /expiresInDays: give expiresAt or expiresInDays, not both/],
      [{ scopes: ['read'], expiresAt: '2026-11-28T11:59:59Z' }, /expiresAt: 2026-11-28T11:59:59\.000Z is not in the future/],
      [{ scopes: ['read'], expiresInDays: 0 }, /expiresInDays: expected 1 to 3650 days/],
      [{ scopes: ['read'], expiresInDays: 3651 }, /expiresInDays: expected 1 to 3650 days/],
      [{ scopes: ['read'], expiresInDays: 1.5 }, /expiresInDays: expected a whole number of days/],
      [{ scopes: ['read'], expiresInDays: '30' }, /expiresInDays/],
    ] as const) {
      const r = await signedFetch(s.url, ALL, 'POST', '/v1/keys', { body, timestamp: clock.now() });
      expect([r.status, r.json.code]).toEqual([400, 'bad_request']);
      expect(r.json.message).toMatch(field);
      expect(r.json).not.toHaveProperty('secret');
    }
    expect(s.keys.list()).toHaveLength(KEYS.length);
  });

  it('refuses expiresInDays that would outlive an expiring creator', async () => {
    const clock = new ManualClock(Date.parse('2026-11-28T12:00:00Z'));
    const s = await sandbox({ clock, keys: [...KEYS, { apiKey: 'temp', secret: 'temp-secret-0123456789', scopes: ['read', 'keys:manage'], expiresAt: '2026-12-01T12:00:00Z' }] });
    const temp = { apiKey: 'temp', secret: 'temp-secret-0123456789' };
    const long = await signedFetch(s.url, temp, 'POST', '/v1/keys', { body: { scopes: ['read'], expiresInDays: 4 }, timestamp: clock.now() });
    expect([long.status, long.json.code]).toEqual([403, 'insufficient_scope']);
    const short = await signedFetch(s.url, temp, 'POST', '/v1/keys', { body: { scopes: ['read'], expiresInDays: 3 }, timestamp: clock.now() });
    expect([short.status, short.json.expiresAt]).toEqual([201, '2026-12-01T12:00:00.000Z']);
  });

  it('answers a repeated revocation with the first revokedAt, 404 not_found for an unknown id, and key_revoked on every private route', async () => {
    const s = await sandbox();
    const created = await signedFetch(s.url, ALL, 'POST', '/v1/keys', { body: { scopes: ['read', 'trade', 'keys:manage'] } });
    const child = { apiKey: created.json.apiKey as string, secret: created.json.secret as string };
    const id = created.json.id as string;
    const first = await signedFetch(s.url, ALL, 'DELETE', `/v1/keys/${id}`);
    expect(first.status).toBe(200);
    await new Promise((r) => setTimeout(r, 5));
    const again = await signedFetch(s.url, ALL, 'DELETE', `/v1/keys/${id}`);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(again.json).not.toHaveProperty('secret');
    const unknown = await signedFetch(s.url, ALL, 'DELETE', '/v1/keys/key_0000000000000000');
    expect([unknown.status, unknown.json.code]).toEqual([404, 'not_found']);
    const order = { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: '0.001' };
    for (const [method, path, body] of [['GET', '/v1/account'], ['GET', '/v1/orders'], ['POST', '/v1/orders', order], ['GET', '/v1/keys'], ['POST', '/v1/keys', { scopes: ['read'] }], ['DELETE', `/v1/keys/${id}`]] as const) {
      const r = await signedFetch(s.url, child, method, path, { body });
      expect([method, path, r.status, r.json.code]).toEqual([method, path, 401, 'key_revoked']);
      expect(r.json.message).toContain(first.json.revokedAt as string);
    }
  });

  it('lists when each key last passed authentication, not counting refused requests', async () => {
    const clock = new ManualClock(Date.parse('2026-11-28T12:00:00Z'));
    const s = await sandbox({ clock });
    const created = await signedFetch(s.url, ALL, 'POST', '/v1/keys', { body: { scopes: ['read'] }, timestamp: clock.now() });
    expect(created.json.lastUsedAt).toBeNull();
    const child = { apiKey: created.json.apiKey as string, secret: created.json.secret as string };
    clock.advance(5000);
    expect((await signedFetch(s.url, child, 'GET', '/v1/account', { timestamp: clock.now() })).status).toBe(200);
    clock.advance(5000);
    // Refused (wrong secret, then a scope it lacks): not a use.
    await signedFetch(s.url, { ...child, secret: 'wrong' }, 'GET', '/v1/account', { timestamp: clock.now() });
    expect((await signedFetch(s.url, child, 'GET', '/v1/keys', { timestamp: clock.now() })).json.code).toBe('insufficient_scope');
    const list = await signedFetch(s.url, ALL, 'GET', '/v1/keys', { timestamp: clock.now() });
    const rows = new Map((list.json as unknown as { apiKey: string; lastUsedAt: string | null }[]).map((r) => [r.apiKey, r.lastUsedAt]));
    expect(rows.get(child.apiKey)).toBe('2026-11-28T12:00:05.000Z');
    expect(rows.get(ALL.apiKey)).toBe('2026-11-28T12:00:10.000Z');
  });

  it('caps the active keys an account holds; revoking one makes room', async () => {
    const s = await sandbox({ maxKeysPerAccount: 3 });
    const active = () => s.keys.list().filter((k) => k.revokedAt === null && k.apiKey !== READER.apiKey).length;
    while (active() < 3) expect((await signedFetch(s.url, ALL, 'POST', '/v1/keys', { body: { scopes: ['read'] } })).status).toBe(201);
    const over = await signedFetch(s.url, ALL, 'POST', '/v1/keys', { body: { scopes: ['read'] } });
    expect([over.status, over.json.code]).toEqual([400, 'bad_request']);
    expect(over.json.message).toMatch(/3 active keys.*Revoke one first/);
    const spare = s.keys.list().find((k) => k.revokedAt === null && k.apiKey !== ALL.apiKey && k.apiKey !== READER.apiKey)!;
    expect((await signedFetch(s.url, ALL, 'DELETE', `/v1/keys/${spare.id}`)).status).toBe(200);
    expect((await signedFetch(s.url, ALL, 'POST', '/v1/keys', { body: { scopes: ['read'] } })).status).toBe(201);
  });

  it('answers 400 bad_request for bad bodies, with a message naming the field', async () => {
    const s = await sandbox();
    const missing = await signedFetch(s.url, ALL, 'POST', '/v1/orders', { body: { symbol: 'BTC-USD', side: 'buy', type: 'limit', quantity: 1 } });
    expect([missing.status, missing.json.code]).toEqual([400, 'bad_request']);
    expect(missing.json.message).toMatch(/price/);
    const notJson = await signedFetch(s.url, ALL, 'POST', '/v1/orders', { body: '{"symbol":' });
    expect([notJson.status, notJson.json.code]).toEqual([400, 'bad_request']);
    expect(notJson.json.message).toMatch(/not valid JSON/);
    const negative = await signedFetch(s.url, ALL, 'POST', '/v1/orders', { body: { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: -1 } });
    expect(negative.json.message).toMatch(/quantity/);
    const unknown = await signedFetch(s.url, ALL, 'POST', '/v1/orders', { body: { symbol: 'NOPE-USD', side: 'buy', type: 'market', quantity: 1 } });
    expect(unknown.json.message).toMatch(/Unknown symbol "NOPE-USD"/);
    const poor = await signedFetch(s.url, ALL, 'POST', '/v1/orders', { body: { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity: 1000 } });
    expect([poor.status, poor.json.code]).toEqual([400, 'insufficient_funds']);
    const badKey = await signedFetch(s.url, ALL, 'POST', '/v1/keys', { body: { scopes: ['admin'] } });
    expect([badKey.status, badKey.json.code]).toEqual([400, 'bad_request']);
    expect(badKey.json.message).toMatch(/scopes\.0: expected one of read, trade, withdraw, keys:manage/);
  });

  it('fills a resting limit order when the price crosses it, and lists orders', async () => {
    const s = await sandbox();
    const ask = s.market.quote('SOL-USD')!.ask;
    const order = await signedFetch(s.url, ALL, 'POST', '/v1/orders', { body: { symbol: 'SOL-USD', side: 'buy', type: 'limit', quantity: 2, price: +(ask * 0.5).toFixed(2) } });
    expect(order.json).toMatchObject({ status: 'open', type: 'limit' });
    const acct = await signedFetch(s.url, ALL, 'GET', '/v1/account');
    expect((acct.json.reserved as Record<string, number>)['USD']).toBeCloseTo(2 * +(ask * 0.5).toFixed(2), 6);
    // A limit above the ask crosses at once and fills at the ask (the better price).
    const crossing = await signedFetch(s.url, ALL, 'POST', '/v1/orders', { body: { symbol: 'SOL-USD', side: 'buy', type: 'limit', quantity: 1, price: +(ask * 2).toFixed(2) } });
    expect(crossing.json.status).toBe('filled');
    expect(crossing.json.fillPrice as number).toBeLessThanOrEqual(ask * 2);
    const open = await signedFetch(s.url, ALL, 'GET', '/v1/orders?status=open');
    expect((open.json as unknown as unknown[]).length).toBe(1);
    const all = await signedFetch(s.url, ALL, 'GET', '/v1/orders');
    expect((all.json as unknown as unknown[]).length).toBe(2);
  });
});
