/**
 * Paper trading against the simulated book: one account per key family (a key and the keys it created), starting
 * with 100,000 USD. Market orders fill at once at the ask (buy) or bid (sell); limit orders reserve their funds and
 * rest until the price crosses them (checked after every market step, only while orders rest). Accounts live in
 * memory: a restart gives fresh balances, which is what a practice exchange should do.
 *
 * Quantities and prices arrive as numbers or decimal strings and are kept as exact 1e-8 units (ledger-amount.ts):
 * every reservation, fill and balance is bigint arithmetic, and only the JSON answers turn units into numbers.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../base/clock';
import type { SimulatedMarket } from './market-simulation';
import { amountSchema, mulUnits, unitsFromNumber, unitsToDecimal, unitsToNumber } from './ledger-amount';
import { SandboxError } from './sandbox-error';

export const STARTING_BALANCES: Readonly<Record<string, number>> = { USD: 100_000 };
const MAX_AMOUNT = 1e12;

export const orderInputSchema = z
  .strictObject({
    symbol: z.string().min(1).max(40),
    side: z.enum(['buy', 'sell']),
    type: z.enum(['market', 'limit']),
    quantity: amountSchema(MAX_AMOUNT),
    price: amountSchema(MAX_AMOUNT).optional(),
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
  /** Exact units of 1e-8 per asset. */
  readonly free: Map<string, bigint>;
  readonly reserved: Map<string, bigint>;
  readonly orders: Order[];
}

/** An order as the ledger sees it: the answer's numbers, and the exact units behind them. */
interface Booked {
  readonly account: Account;
  readonly order: Order;
  readonly quantity: bigint;
  /** The limit price; null for market orders. */
  readonly limit: bigint | null;
}

const MAX_ORDERS_PER_ACCOUNT = 10_000;
const unitsMap = (m: ReadonlyMap<string, bigint>): Record<string, number> => Object.fromEntries([...m].map(([k, v]) => [k, unitsToNumber(v)]));

export class PaperTrading {
  private readonly accounts = new Map<string, Account>();
  private readonly resting = new Set<Booked>();
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
    return { accountId, balances: unitsMap(a.free), reserved: unitsMap(new Map([...a.reserved].filter(([, v]) => v > 0n))) };
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
      quantity: unitsToNumber(input.quantity),
      price: input.price === undefined ? null : unitsToNumber(input.price),
      status: 'open',
      fillPrice: null,
      createdAt: now,
      filledAt: null,
    };
    // What the order needs: quote currency for a buy (at the limit, or at the ask now), the base asset for a sell.
    const needAsset = input.side === 'buy' ? quoteAsset : base;
    const booked: Booked = { account: a, order, quantity: input.quantity, limit: input.price ?? null };
    const needAmount = input.side === 'buy' ? mulUnits(input.quantity, input.price ?? unitsFromNumber(quote.ask)) : input.quantity;
    const have = a.free.get(needAsset) ?? 0n;
    if (have < needAmount) {
      throw new SandboxError('insufficient_funds', `This order needs ${unitsToDecimal(needAmount)} ${needAsset} but the account has ${unitsToDecimal(have)} ${needAsset} free. Check GET /v1/account, or order less.`);
    }
    a.orders.push(order);
    if (input.type === 'market') {
      this.fill(booked, input.side === 'buy' ? quote.ask : quote.bid);
      return order;
    }
    a.free.set(needAsset, have - needAmount);
    a.reserved.set(needAsset, (a.reserved.get(needAsset) ?? 0n) + needAmount);
    this.resting.add(booked);
    // A limit that already crosses fills at once, at the better of its price and the book.
    this.matchResting();
    return order;
  }

  private account(id: string): Account {
    let a = this.accounts.get(id);
    if (!a) {
      a = { id, free: new Map(Object.entries(STARTING_BALANCES).map(([k, v]) => [k, unitsFromNumber(v)])), reserved: new Map(), orders: [] };
      this.accounts.set(id, a);
    }
    return a;
  }

  /** Fills at the book price `bookPrice` (a float from the market), taken as its nearest 1e-8. */
  private fill(b: Booked, bookPrice: number): void {
    const { account: a, order, quantity } = b;
    const price = unitsFromNumber(bookPrice);
    const [base, quoteAsset] = order.symbol.split('-') as [string, string];
    const cost = mulUnits(quantity, price);
    const add = (asset: string, amount: bigint) => a.free.set(asset, (a.free.get(asset) ?? 0n) + amount);
    if (b.limit !== null) {
      // Release the reservation; a buy that fills below its limit gets the difference back.
      const reservedAsset = order.side === 'buy' ? quoteAsset : base;
      const reservedAmount = order.side === 'buy' ? mulUnits(quantity, b.limit) : quantity;
      a.reserved.set(reservedAsset, (a.reserved.get(reservedAsset) ?? 0n) - reservedAmount);
      add(reservedAsset, reservedAmount);
    }
    if (order.side === 'buy') {
      add(quoteAsset, -cost);
      add(base, quantity);
    } else {
      add(base, -quantity);
      add(quoteAsset, cost);
    }
    order.status = 'filled';
    order.fillPrice = unitsToNumber(price);
    order.filledAt = new Date(this.clock.now()).toISOString();
  }

  private matchResting(): void {
    for (const r of this.resting) {
      const q = this.market.quote(r.order.symbol);
      const limit = r.limit as bigint;
      if (!q) continue;
      if (r.order.side === 'buy' && unitsFromNumber(q.ask) <= limit) this.fill(r, q.ask);
      else if (r.order.side === 'sell' && unitsFromNumber(q.bid) >= limit) this.fill(r, q.bid);
      else continue;
      this.resting.delete(r);
    }
  }
}
