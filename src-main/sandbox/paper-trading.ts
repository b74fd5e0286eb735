/**
 * Paper trading against the simulated book: one account per key family (a key and the keys it created), starting
 * with 100,000 USD. Market orders fill at once at the ask (buy) or bid (sell); limit orders reserve their funds and
 * rest until the price crosses them (checked after every market step, only while orders rest). Accounts live in
 * memory: a restart gives fresh balances, which is what a practice exchange should do.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../base/clock';
import type { SimulatedMarket } from './market-simulation';
import { SandboxError } from './sandbox-error';

export const STARTING_BALANCES: Readonly<Record<string, number>> = { USD: 100_000 };

export const orderInputSchema = z
  .strictObject({
    symbol: z.string().min(1).max(40),
    side: z.enum(['buy', 'sell']),
    type: z.enum(['market', 'limit']),
    quantity: z.number().positive().finite().max(1e12),
    price: z.number().positive().finite().max(1e12).optional(),
    clientOrderId: z.string().min(1).max(64).optional(),
  })
  .refine((o) => (o.type === 'limit') === (o.price !== undefined), { message: 'a limit order needs a price, and a market order takes none', path: ['price'] });
export type OrderInput = z.infer<typeof orderInputSchema>;

export interface Order {
  readonly id: string;
  readonly clientOrderId: string | null;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'market' | 'limit';
  readonly quantity: number;
  /** The limit price; null for market orders. */
  readonly price: number | null;
  status: 'open' | 'filled';
  fillPrice: number | null;
  readonly createdAt: string;
  filledAt: string | null;
}

export interface AccountView {
  readonly accountId: string;
  /** Free balance per asset. */
  readonly balances: Readonly<Record<string, number>>;
  /** Reserved by resting limit orders. */
  readonly reserved: Readonly<Record<string, number>>;
}

interface Account {
  readonly id: string;
  readonly free: Map<string, number>;
  readonly reserved: Map<string, number>;
  readonly orders: Order[];
}

const MAX_ORDERS_PER_ACCOUNT = 10_000;
const round8 = (x: number): number => Math.round(x * 1e8) / 1e8;

export class PaperTrading {
  private readonly accounts = new Map<string, Account>();
  private readonly resting = new Set<{ account: Account; order: Order }>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly market: SimulatedMarket,
    private readonly clock: Clock,
  ) {
    this.unsubscribe = market.onStep(() => {
      if (this.resting.size > 0) this.matchResting();
    });
  }

  close(): void {
    this.unsubscribe();
  }

  view(accountId: string): AccountView {
    const a = this.account(accountId);
    return { accountId, balances: Object.fromEntries(a.free), reserved: Object.fromEntries([...a.reserved].filter(([, v]) => v > 0)) };
  }

  orders(accountId: string, filter: { symbol?: string | undefined; status?: 'open' | 'filled' | undefined } = {}): Order[] {
    return this.account(accountId).orders.filter((o) => (filter.symbol === undefined || o.symbol === filter.symbol) && (filter.status === undefined || o.status === filter.status));
  }

  place(accountId: string, input: OrderInput): Order {
    const quote = this.market.quote(input.symbol);
    if (!quote) throw new SandboxError('bad_request', `Unknown symbol "${input.symbol}". GET /v1/markets lists the symbols.`);
    const a = this.account(accountId);
    if (a.orders.length >= MAX_ORDERS_PER_ACCOUNT) throw new SandboxError('bad_request', `This account has ${MAX_ORDERS_PER_ACCOUNT} orders, the most the sandbox keeps. Restart the sandbox for a fresh account.`);
    const [base, quoteAsset] = input.symbol.split('-') as [string, string];
    const now = new Date(this.clock.now()).toISOString();
    const order: Order = {
      id: `ord_${randomBytes(8).toString('hex')}`,
      clientOrderId: input.clientOrderId ?? null,
      symbol: input.symbol,
      side: input.side,
      type: input.type,
      quantity: input.quantity,
      price: input.price ?? null,
      status: 'open',
      fillPrice: null,
      createdAt: now,
      filledAt: null,
    };
    // What the order needs: quote currency for a buy (at the limit, or at the ask now), the base asset for a sell.
    const needAsset = input.side === 'buy' ? quoteAsset : base;
    const needAmount = input.side === 'buy' ? round8(input.quantity * (input.price ?? quote.ask)) : input.quantity;
    const have = a.free.get(needAsset) ?? 0;
    if (have < needAmount) {
      throw new SandboxError('insufficient_funds', `This order needs ${needAmount} ${needAsset} but the account has ${round8(have)} ${needAsset} free. Check GET /v1/account, or order less.`);
    }
    a.orders.push(order);
    if (input.type === 'market') {
      this.fill(a, order, input.side === 'buy' ? quote.ask : quote.bid);
      return order;
    }
    a.free.set(needAsset, round8(have - needAmount));
    a.reserved.set(needAsset, round8((a.reserved.get(needAsset) ?? 0) + needAmount));
    this.resting.add({ account: a, order });
    // A limit that already crosses fills at once, at the better of its price and the book.
    this.matchResting();
    return order;
  }

  private account(id: string): Account {
    let a = this.accounts.get(id);
    if (!a) {
      a = { id, free: new Map(Object.entries(STARTING_BALANCES)), reserved: new Map(), orders: [] };
      this.accounts.set(id, a);
    }
    return a;
  }

  private fill(a: Account, order: Order, price: number): void {
    const [base, quoteAsset] = order.symbol.split('-') as [string, string];
    const cost = round8(order.quantity * price);
    const add = (asset: string, amount: number) => a.free.set(asset, round8((a.free.get(asset) ?? 0) + amount));
    if (order.type === 'market') {
      if (order.side === 'buy') add(quoteAsset, -cost);
      else add(base, -order.quantity);
    } else {
      // Release the reservation; a buy that fills below its limit gets the difference back.
      const reservedAsset = order.side === 'buy' ? quoteAsset : base;
      const reservedAmount = order.side === 'buy' ? round8(order.quantity * (order.price as number)) : order.quantity;
      a.reserved.set(reservedAsset, round8((a.reserved.get(reservedAsset) ?? 0) - reservedAmount));
      add(reservedAsset, reservedAmount);
      if (order.side === 'buy') add(quoteAsset, -cost);
      else add(base, -order.quantity);
    }
    if (order.side === 'buy') add(base, order.quantity);
    else add(quoteAsset, cost);
    order.status = 'filled';
    order.fillPrice = price;
    order.filledAt = new Date(this.clock.now()).toISOString();
  }

  private matchResting(): void {
    for (const r of this.resting) {
      const q = this.market.quote(r.order.symbol);
      const limit = r.order.price as number;
      if (!q) continue;
      if (r.order.side === 'buy' && q.ask <= limit) this.fill(r.account, r.order, q.ask);
      else if (r.order.side === 'sell' && q.bid >= limit) this.fill(r.account, r.order, q.bid);
      else continue;
      this.resting.delete(r);
    }
  }
}
