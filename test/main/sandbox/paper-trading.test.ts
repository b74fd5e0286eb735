/**
 * Paper orders over loopback with real signatures: quantities and prices as decimal strings (as Coinbase, Kraken
 * and Binance take them) or numbers, booked exactly; anything that is not a plain decimal is a 400 naming the field.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src-main/sandbox/sandbox';
import { ManualClock } from '../../helpers/temp-home';
import { signedFetch, type Creds } from './sandbox-client';

const TRADER: Creds = { apiKey: 'trader', secret: 'secret-trader-0123456789' };

let running: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.map((s) => s.close()));
  running = [];
});
async function sandbox(): Promise<{ s: RunningSandbox; clock: ManualClock }> {
  // A manual clock: the market does not step between the quote the test reads and the fill.
  const clock = new ManualClock();
  const s = await startSandbox({ symbols: 5, seed: 'orders', clock, rateLimit: { capacity: 1000, refillPerSec: 1000 }, keys: [{ ...TRADER, scopes: ['read', 'trade'] }] });
  running.push(s);
  return { s, clock };
}

/** An amount as exact 1e-8 units, computed apart from the sandbox's own code. */
const units = (x: number | string): bigint => {
  const [w, f = ''] = (typeof x === 'number' ? x.toFixed(8) : x).split('.') as [string, string?];
  return BigInt(w) * 100_000_000n + BigInt(f.padEnd(8, '0'));
};
const cost = (q: string, p: number): bigint => (units(q) * units(p) + 50_000_000n) / 100_000_000n;
const asNumber = (u: bigint): number => Number(`${u / 100_000_000n}.${(u % 100_000_000n).toString().padStart(8, '0')}`);

describe('sandbox paper orders', () => {
  it('accepts quantity and price as decimal strings, and books fills and balances exactly', async () => {
    const { s, clock } = await sandbox();
    const order = (body: Record<string, unknown>) => signedFetch(s.url, TRADER, 'POST', '/v1/orders', { body: { symbol: 'ETH-USD', ...body }, timestamp: clock.now() });
    let usd = units(100_000);
    for (let i = 0; i < 3; i++) {
      const r = await order({ side: 'buy', type: 'market', quantity: '0.1' });
      expect(r.status).toBe(201);
      expect(r.json).toMatchObject({ status: 'filled', quantity: 0.1 });
      usd -= cost('0.1', r.json.fillPrice as number);
    }
    const sold = await order({ side: 'sell', type: 'market', quantity: '0.2' });
    usd += cost('0.2', sold.json.fillPrice as number);
    const account = await signedFetch(s.url, TRADER, 'GET', '/v1/account', { timestamp: clock.now() });
    // Three 0.1 buys less a 0.2 sell: exactly 0.1, where float arithmetic gives 0.10000000000000003.
    expect(account.json.balances).toEqual({ USD: asNumber(usd), ETH: 0.1 });
  });

  it('reserves a resting limit order given as strings exactly, and fills one that crosses at the book price', async () => {
    const { s, clock } = await sandbox();
    const ask = s.market.quote('SOL-USD')!.ask;
    const resting = await signedFetch(s.url, TRADER, 'POST', '/v1/orders', { body: { symbol: 'SOL-USD', side: 'buy', type: 'limit', quantity: '0.3', price: '0.1' }, timestamp: clock.now() });
    expect(resting.status).toBe(201);
    expect(resting.json).toMatchObject({ status: 'open', quantity: 0.3, price: 0.1 });
    const crossing = await signedFetch(s.url, TRADER, 'POST', '/v1/orders', { body: { symbol: 'SOL-USD', side: 'buy', type: 'limit', quantity: '1.5', price: (ask * 2).toFixed(2) }, timestamp: clock.now() });
    expect(crossing.json).toMatchObject({ status: 'filled', quantity: 1.5, fillPrice: asNumber(units(ask)) });
    const account = await signedFetch(s.url, TRADER, 'GET', '/v1/account', { timestamp: clock.now() });
    // 0.3 × 0.1 is 0.03 reserved, not 0.030000000000000002; the crossing order released its reservation in full.
    expect(account.json.reserved).toEqual({ USD: 0.03 });
    expect(account.json.balances).toEqual({ USD: asNumber(units(100_000) - units('0.03') - cost('1.5', ask)), SOL: 1.5 });
  });

  it('still accepts quantity and price as JSON numbers', async () => {
    const { s, clock } = await sandbox();
    const r = await signedFetch(s.url, TRADER, 'POST', '/v1/orders', { body: { symbol: 'BTC-USD', side: 'buy', type: 'limit', quantity: 0.01, price: 1000.5 }, timestamp: clock.now() });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ quantity: 0.01, price: 1000.5, status: 'open' });
  });

  it('refuses a quantity or price that is not a plain positive decimal with 400 bad_request naming the field', async () => {
    const { s, clock } = await sandbox();
    const quantities: unknown[] = ['1e-2', '1E2', '-0.01', '+1', ' 0.01', '0.01 ', '0.123456789', '', '0', '0.00000000', 'abc', '1,5', '.5', '5.', '01', '0x10', 'Infinity', 'NaN', '10000000000000', true, null, [], {}, 0, -1, 1e-9, 2e12];
    for (const quantity of quantities) {
      const r = await signedFetch(s.url, TRADER, 'POST', '/v1/orders', { body: { symbol: 'BTC-USD', side: 'buy', type: 'market', quantity }, timestamp: clock.now() });
      expect([JSON.stringify(quantity), r.status, r.json.code]).toEqual([JSON.stringify(quantity), 400, 'bad_request']);
      expect(r.json.message).toMatch(/quantity: expected /);
    }
    for (const price of ['-42000', '4.2e4', '42000.123456789', '42 000', '0']) {
      const r = await signedFetch(s.url, TRADER, 'POST', '/v1/orders', { body: { symbol: 'BTC-USD', side: 'buy', type: 'limit', quantity: '0.01', price }, timestamp: clock.now() });
      expect([price, r.status, r.json.code]).toEqual([price, 400, 'bad_request']);
      expect(r.json.message).toMatch(/price: expected /);
    }
    const orders = await signedFetch(s.url, TRADER, 'GET', '/v1/orders', { timestamp: clock.now() });
    expect(orders.json).toEqual([]);
  });

  it('names the exact amount needed when funds are short', async () => {
    const { s, clock } = await sandbox();
    const r = await signedFetch(s.url, TRADER, 'POST', '/v1/orders', { body: { symbol: 'BTC-USD', side: 'buy', type: 'limit', quantity: '3', price: '40000.00000001' }, timestamp: clock.now() });
    expect([r.status, r.json.code]).toEqual([400, 'insufficient_funds']);
    expect(r.json.message).toContain('needs 120000.00000003 USD but the account has 100000 USD free');
  });
});
