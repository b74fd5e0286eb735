/**
 * The sandbox's markets: prices that move like crypto prices (a seeded geometric Brownian motion per symbol, with
 * realistic volatility, spread and volume), candles with history, and momentum signals.
 *
 * Cheap by construction, because the Markets page takes 1,000 symbols × 10 Hz and the sandbox allows 5,000: state
 * is a handful of Float64Arrays, one timer steps every symbol in one batch (one Gaussian, one exp per symbol), and
 * ticker objects are built only when someone listens. Candle history before the simulation started (or before the
 * oldest minute it still keeps) is generated on request, backwards from the first live price, by a generator seeded
 * from (seed, symbol, interval, anchor): the same request gives the same history, and the last historical close is
 * the first live open. Live minutes are kept in a ring sized to a fixed memory budget.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { Clock } from '../base/clock';

export const CANDLE_INTERVALS = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000 } as const;
export type CandleInterval = keyof typeof CANDLE_INTERVALS;
export const MAX_CANDLES = 1000;

export interface MarketInfo {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  /** Prices are rounded to this. */
  readonly tickSize: number;
}

export interface Ticker {
  readonly symbol: string;
  readonly last: number;
  readonly bid: number;
  readonly ask: number;
  readonly change24hPct: number;
  readonly volume24h: number;
  /** Epoch ms of this price. */
  readonly ts: number;
}

export interface Candle {
  /** Epoch ms at which the candle opens (a multiple of the interval, UTC). */
  readonly openTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

export type SignalDirection = 'bullish' | 'neutral' | 'bearish';

export interface Signal {
  readonly symbol: string;
  readonly signal: SignalDirection;
  /** 0 (strongly bearish) … 100 (strongly bullish). */
  readonly grade: number;
  /** ISO time the signal took its current direction. */
  readonly since: string;
}

export interface Quote {
  readonly last: number;
  readonly bid: number;
  readonly ask: number;
}

export interface MarketSimulation {
  symbols(): readonly string[];
  markets(): readonly MarketInfo[];
  has(symbol: string): boolean;
  quote(symbol: string): Quote | undefined;
  /** Every symbol, or those named (unknown names are skipped). */
  tickers(symbols?: readonly string[]): Ticker[];
  /** Oldest first, ending with the candle in progress. */
  candles(symbol: string, interval: CandleInterval, limit?: number): Candle[];
  signals(symbols?: readonly string[]): Signal[];
  /** Called after every step with every symbol's ticker (one batch per step). Returns the unsubscribe function. */
  subscribe(listener: (batch: readonly Ticker[]) => void): () => void;
}

export interface MarketOptions {
  readonly symbols: number;
  readonly rateHz: number;
  readonly seed: number;
  readonly clock: Clock;
}

/** Well-known pairs first, at plausible prices, annual volatility and daily USD volume. */
const NAMED: readonly (readonly [string, number, number, number])[] = [
  ['BTC', 65_000, 0.55, 2.5e10],
  ['ETH', 3_200, 0.7, 1.2e10],
  ['SOL', 150, 0.95, 3e9],
  ['XRP', 0.55, 0.85, 1.5e9],
  ['ADA', 0.45, 0.9, 4e8],
  ['DOGE', 0.12, 1.1, 1e9],
  ['AVAX', 35, 1.0, 4e8],
  ['DOT', 7, 0.9, 2e8],
  ['LINK', 15, 0.9, 4e8],
  ['LTC', 80, 0.75, 4e8],
  ['BCH', 380, 0.8, 3e8],
  ['ATOM', 8, 0.9, 1.5e8],
  ['UNI', 9, 1.0, 2e8],
  ['XLM', 0.11, 0.8, 1e8],
  ['ETC', 25, 0.85, 1.5e8],
  ['FIL', 5.5, 1.0, 1.5e8],
  ['APT', 9, 1.1, 1.5e8],
  ['ARB', 1.1, 1.1, 3e8],
  ['OP', 2.2, 1.1, 2e8],
  ['NEAR', 5.5, 1.05, 2.5e8],
  ['ICP', 10, 1.0, 1e8],
  ['AAVE', 95, 0.95, 1.5e8],
  ['ALGO', 0.18, 0.95, 6e7],
  ['MKR', 2_400, 0.9, 8e7],
  ['INJ', 25, 1.2, 1e8],
];

const MS_PER_YEAR = 365 * 24 * 3_600_000;
const MINUTE = 60_000;
const DAY = 86_400_000;
/** Live 1-minute bars kept, across all symbols (5 numbers each): about 32 MB at most. */
const LIVE_BAR_BUDGET = 800_000;
const FAST_MS = 5 * MINUTE;
const SLOW_MS = 30 * MINUTE;
const INTERVAL_INDEX: Readonly<Record<CandleInterval, number>> = { '1m': 1, '5m': 2, '15m': 3, '1h': 4, '4h': 5, '1d': 6 };

/** String or number seed → 32-bit integer (FNV-1a over its text). */
export function seedNumber(seed: string | number): number {
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p | 0), 0x85ebca6b);
    h = Math.imul(h ^ (Math.floor(p / 2 ** 32) | 0), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h | 0;
}

/** A standard normal draw (Box–Muller, one of the pair). */
function gaussian(rng: RandomGenerator): number {
  const u = 1 - uniformFloat64(rng);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniformFloat64(rng));
}

function decimalsFor(price: number): number {
  // About six significant digits, as exchanges quote.
  return Math.min(10, Math.max(2, 5 - Math.floor(Math.log10(price))));
}

const round = (x: number, d: number): number => {
  const f = 10 ** d;
  return Math.round(x * f) / f;
};

export class SimulatedMarket implements MarketSimulation {
  private readonly names: string[] = [];
  private readonly info: MarketInfo[] = [];
  private readonly index = new Map<string, number>();
  private readonly rng: RandomGenerator;
  private readonly seed: number;
  private readonly n: number;
  private readonly periodMs: number;
  private readonly clock: Clock;

  private readonly price: Float64Array;
  /** Volatility per √ms. */
  private readonly sigma: Float64Array;
  private readonly spread: Float64Array;
  private readonly decimals: Uint8Array;
  /** Expected base-unit volume per ms. */
  private readonly volRate: Float64Array;
  private readonly vol24: Float64Array;
  private readonly emaFast: Float64Array;
  private readonly emaSlow: Float64Array;
  private readonly direction: Int8Array;
  private readonly since: Float64Array;
  private readonly ref24: Float64Array;
  private readonly ref24Minute: Float64Array;

  // The minute in progress, per symbol.
  private barStart: number;
  private readonly barO: Float64Array;
  private readonly barH: Float64Array;
  private readonly barL: Float64Array;
  private readonly barV: Float64Array;
  // Closed minutes: ring of `cap` minutes × n symbols × (o, h, l, c, v); slot r of symbol i at ((r * n) + i) * 5.
  private ring: Float64Array | null = null;
  private readonly cap: number;
  private ringCount = 0;
  private ringHead = 0;
  /** Start of the oldest minute still known live: history is generated before it. */
  private anchorTime: number;

  private lastStep: number;
  private timer: { cancel(): void } | null = null;
  private readonly listeners = new Set<(batch: readonly Ticker[]) => void>();
  private readonly tickListeners = new Set<() => void>();
  private stepCount = 0;

  constructor(opts: MarketOptions) {
    this.n = opts.symbols;
    this.seed = opts.seed;
    this.clock = opts.clock;
    this.periodMs = 1000 / opts.rateHz;
    this.rng = xoroshiro128plus(mix(opts.seed, 1));
    const n = this.n;
    this.price = new Float64Array(n);
    this.sigma = new Float64Array(n);
    this.spread = new Float64Array(n);
    this.decimals = new Uint8Array(n);
    this.volRate = new Float64Array(n);
    this.vol24 = new Float64Array(n);
    this.emaFast = new Float64Array(n);
    this.emaSlow = new Float64Array(n);
    this.direction = new Int8Array(n);
    this.since = new Float64Array(n);
    this.ref24 = new Float64Array(n);
    this.ref24Minute = new Float64Array(n).fill(-1);
    this.barO = new Float64Array(n);
    this.barH = new Float64Array(n);
    this.barL = new Float64Array(n);
    this.barV = new Float64Array(n);
    this.cap = Math.min(1440, Math.max(60, Math.floor(LIVE_BAR_BUDGET / n)));

    const now = this.clock.now();
    this.lastStep = now;
    this.barStart = Math.floor(now / MINUTE) * MINUTE;
    this.anchorTime = this.barStart;
    const setup = xoroshiro128plus(mix(opts.seed, 2));
    const taken = new Set<string>();
    for (let i = 0; i < n; i++) {
      const named = NAMED[i];
      let base: string;
      let price: number;
      let annualVol: number;
      let usdPerDay: number;
      if (named) {
        [base, price, annualVol, usdPerDay] = named;
        // Start a few percent off the reference so seeds differ.
        price *= Math.exp(0.05 * gaussian(setup));
        this.spread[i] = 0.0001 + 0.0003 * uniformFloat64(setup);
      } else {
        base = generatedTicker(setup, taken);
        price = Math.exp(Math.log(0.005) + (Math.log(2_000) - Math.log(0.005)) * uniformFloat64(setup));
        annualVol = 0.6 + 0.9 * uniformFloat64(setup);
        usdPerDay = Math.exp(Math.log(1e5) + (Math.log(1e8) - Math.log(1e5)) * uniformFloat64(setup));
        this.spread[i] = 0.0005 + 0.0025 * uniformFloat64(setup);
      }
      taken.add(base);
      const symbol = `${base}-USD`;
      const d = decimalsFor(price);
      this.names.push(symbol);
      this.index.set(symbol, i);
      this.info.push({ symbol, base, quote: 'USD', tickSize: 10 ** -d });
      this.decimals[i] = d;
      this.price[i] = price;
      this.sigma[i] = annualVol / Math.sqrt(MS_PER_YEAR);
      this.volRate[i] = usdPerDay / price / DAY;
      this.vol24[i] = (usdPerDay / price) * (0.7 + 0.6 * uniformFloat64(setup));
      // Momentum as if the last half hour had happened: signals start spread over the range, not all neutral.
      this.emaFast[i] = price;
      this.emaSlow[i] = price * Math.exp(-this.sigma[i]! * Math.sqrt(SLOW_MS) * gaussian(setup));
      const g = this.gradeOf(i);
      this.direction[i] = g >= 60 ? 1 : g <= 40 ? -1 : 0;
      this.since[i] = now - Math.floor(uniformFloat64(setup) * 6 * 3_600_000);
      this.barO[i] = this.barH[i] = this.barL[i] = price;
    }
  }

  start(): void {
    if (this.timer) return;
    const schedule = () => {
      const due = this.lastStep + this.periodMs;
      this.timer = this.clock.setTimeout(() => {
        this.step();
        schedule();
      }, Math.max(0, due - this.clock.now()));
    };
    schedule();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
    this.listeners.clear();
    this.tickListeners.clear();
  }

  /** Steps every symbol to now (the timer calls this; tests call it after moving their clock). */
  step(): void {
    const now = this.clock.now();
    const dt = Math.max(1, now - this.lastStep);
    this.lastStep = now;
    this.stepCount++;
    const minute = Math.floor(now / MINUTE) * MINUTE;
    if (minute !== this.barStart) this.rollMinute(minute);
    const sqrtDt = Math.sqrt(dt);
    const fast = 1 - Math.exp(-dt / FAST_MS);
    const slow = 1 - Math.exp(-dt / SLOW_MS);
    const decay = Math.max(0, 1 - dt / DAY);
    const rng = this.rng;
    const { price, sigma, barH, barL, barV, vol24, volRate, emaFast, emaSlow } = this;
    for (let i = 0; i < this.n; i++) {
      // Box–Muller gives two independent normals: one moves the price, the other the traded volume.
      const r = Math.sqrt(-2 * Math.log(1 - uniformFloat64(rng)));
      const a = 2 * Math.PI * uniformFloat64(rng);
      const s = sigma[i]! * sqrtDt;
      const p = price[i]! * Math.exp(s * r * Math.cos(a) - 0.5 * s * s);
      price[i] = p;
      if (p > barH[i]!) barH[i] = p;
      if (p < barL[i]!) barL[i] = p;
      const traded = volRate[i]! * dt * Math.min(3, 0.4 + 0.6 * Math.abs(r * Math.sin(a)));
      barV[i]! += traded;
      vol24[i] = vol24[i]! * decay + traded;
      emaFast[i]! += (p - emaFast[i]!) * fast;
      emaSlow[i]! += (p - emaSlow[i]!) * slow;
      this.updateDirection(i, now);
    }
    for (const l of this.tickListeners) l();
    if (this.listeners.size > 0) {
      const batch = this.tickers();
      for (const l of this.listeners) l(batch);
    }
  }

  /** Steps so far (metrics and tests). */
  get steps(): number {
    return this.stepCount;
  }

  symbols(): readonly string[] {
    return this.names;
  }

  markets(): readonly MarketInfo[] {
    return this.info;
  }

  has(symbol: string): boolean {
    return this.index.has(symbol);
  }

  quote(symbol: string): Quote | undefined {
    const i = this.index.get(symbol);
    if (i === undefined) return undefined;
    const [bid, ask] = this.bidAsk(i);
    return { last: round(this.price[i]!, this.decimals[i]!), bid, ask };
  }

  tickers(symbols?: readonly string[]): Ticker[] {
    const now = this.lastStep;
    const out: Ticker[] = [];
    if (symbols === undefined) for (let i = 0; i < this.n; i++) out.push(this.ticker(i, now));
    else
      for (const s of symbols) {
        const i = this.index.get(s);
        if (i !== undefined) out.push(this.ticker(i, now));
      }
    return out;
  }

  signals(symbols?: readonly string[]): Signal[] {
    const ids = symbols === undefined ? this.names.map((_, i) => i) : symbols.map((s) => this.index.get(s)).filter((i): i is number => i !== undefined);
    return ids.map((i) => ({
      symbol: this.names[i]!,
      signal: this.direction[i]! > 0 ? 'bullish' : this.direction[i]! < 0 ? 'bearish' : 'neutral',
      grade: Math.round(this.gradeOf(i)),
      since: new Date(this.since[i]!).toISOString(),
    }));
  }

  candles(symbol: string, interval: CandleInterval, limit = 500): Candle[] {
    const i = this.index.get(symbol);
    if (i === undefined) return [];
    const I = CANDLE_INTERVALS[interval];
    const count = Math.max(1, Math.min(MAX_CANDLES, Math.floor(limit)));
    const live = this.liveCandles(i, I);
    const out = live.length >= count ? live.slice(live.length - count) : [...this.history(i, interval, count - live.length, live[0]!), ...live];
    const d = this.decimals[i]!;
    return out.map((c) => ({ openTime: c.openTime, open: round(c.open, d), high: round(c.high, d), low: round(c.low, d), close: round(c.close, d), volume: round(c.volume, 4) }));
  }

  subscribe(listener: (batch: readonly Ticker[]) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** A cheap hook after every step, with no tickers built (paper trading matches resting orders here). */
  onStep(listener: () => void): () => void {
    this.tickListeners.add(listener);
    return () => void this.tickListeners.delete(listener);
  }

  private ticker(i: number, now: number): Ticker {
    const d = this.decimals[i]!;
    const [bid, ask] = this.bidAsk(i);
    const last = this.price[i]!;
    const ref = this.priceDayAgo(i);
    return { symbol: this.names[i]!, last: round(last, d), bid, ask, change24hPct: round(((last - ref) / ref) * 100, 2), volume24h: round(this.vol24[i]!, 2), ts: now };
  }

  private bidAsk(i: number): [number, number] {
    const d = this.decimals[i]!;
    const p = this.price[i]!;
    const half = (p * this.spread[i]!) / 2;
    const tick = 10 ** -d;
    const bid = round(p - half, d);
    const ask = Math.max(round(p + half, d), round(bid + tick, d));
    return [bid, ask];
  }

  private gradeOf(i: number): number {
    const momentum = Math.log(this.emaFast[i]! / this.emaSlow[i]!) / (this.sigma[i]! * Math.sqrt(SLOW_MS));
    return 50 + 50 * Math.tanh(1.2 * momentum);
  }

  /** With hysteresis, so a grade hovering at a threshold does not flip the signal every step. */
  private updateDirection(i: number, now: number): void {
    const g = this.gradeOf(i);
    const cur = this.direction[i]!;
    const next = cur === 0 ? (g >= 62 ? 1 : g <= 38 ? -1 : 0) : cur > 0 ? (g < 55 ? (g <= 38 ? -1 : 0) : 1) : g > 45 ? (g >= 62 ? 1 : 0) : -1;
    if (next !== cur) {
      this.direction[i] = next;
      this.since[i] = now;
    }
  }

  /** The price 24 h ago, from the 1 h candles; recomputed at most once a minute per symbol. */
  private priceDayAgo(i: number): number {
    if (this.ref24Minute[i] !== this.barStart) {
      const hourly = this.candlesRaw(i, '1h', 25);
      this.ref24[i] = hourly[0]!.open;
      this.ref24Minute[i] = this.barStart;
    }
    return this.ref24[i]!;
  }

  private candlesRaw(i: number, interval: CandleInterval, count: number): Candle[] {
    const live = this.liveCandles(i, CANDLE_INTERVALS[interval]);
    return live.length >= count ? live.slice(live.length - count) : [...this.history(i, interval, count - live.length, live[0]!), ...live];
  }

  private rollMinute(minute: number): void {
    const n = this.n;
    if (this.ring === null) this.ring = new Float64Array(this.cap * n * 5);
    const ring = this.ring;
    const slot = (this.ringHead + this.ringCount) % this.cap;
    if (this.ringCount === this.cap) {
      this.ringHead = (this.ringHead + 1) % this.cap;
      this.anchorTime += MINUTE;
    } else this.ringCount++;
    const base = slot * n * 5;
    for (let i = 0; i < n; i++) {
      const o = base + i * 5;
      ring[o] = this.barO[i]!;
      ring[o + 1] = this.barH[i]!;
      ring[o + 2] = this.barL[i]!;
      ring[o + 3] = this.price[i]!;
      ring[o + 4] = this.barV[i]!;
      this.barO[i] = this.barH[i] = this.barL[i] = this.price[i]!;
      this.barV[i] = 0;
    }
    // A gap (the process slept): minutes with no steps are not invented; the anchor follows the ring.
    const expected = this.barStart + MINUTE;
    if (minute !== expected) {
      this.ringCount = 0;
      this.ringHead = 0;
      this.anchorTime = minute;
    }
    this.barStart = minute;
  }

  /** Live candles of width I, oldest first, from the kept minutes and the one in progress. */
  private liveCandles(i: number, I: number): Candle[] {
    const out: Candle[] = [];
    const n = this.n;
    const add = (t: number, o: number, h: number, l: number, c: number, v: number) => {
      const b = Math.floor(t / I) * I;
      const last = out[out.length - 1];
      if (last && last.openTime === b) out[out.length - 1] = { openTime: b, open: last.open, high: Math.max(last.high, h), low: Math.min(last.low, l), close: c, volume: last.volume + v };
      else out.push({ openTime: b, open: o, high: h, low: l, close: c, volume: v });
    };
    const ring = this.ring;
    if (ring !== null)
      for (let k = 0; k < this.ringCount; k++) {
        const o = (((this.ringHead + k) % this.cap) * n + i) * 5;
        add(this.anchorTime + k * MINUTE, ring[o]!, ring[o + 1]!, ring[o + 2]!, ring[o + 3]!, ring[o + 4]!);
      }
    add(this.barStart, this.barO[i]!, this.barH[i]!, this.barL[i]!, this.price[i]!, this.barV[i]!);
    return out;
  }

  /** `count` candles before `first`, walking back from its open; the same arguments give the same candles. */
  private history(i: number, interval: CandleInterval, count: number, first: Candle): Candle[] {
    const I = CANDLE_INTERVALS[interval];
    const rng = xoroshiro128plus(mix(this.seed, 3, i, INTERVAL_INDEX[interval], first.openTime / MINUTE));
    const s = this.sigma[i]! * Math.sqrt(I);
    const out: Candle[] = new Array<Candle>(count);
    let close = first.open;
    for (let k = count - 1; k >= 0; k--) {
      const open = close * Math.exp(-s * gaussian(rng));
      const wick = s * 0.6;
      const high = Math.max(open, close) * Math.exp(Math.abs(gaussian(rng)) * wick);
      const low = Math.min(open, close) * Math.exp(-Math.abs(gaussian(rng)) * wick);
      const volume = this.volRate[i]! * I * (0.5 + uniformFloat64(rng));
      out[k] = { openTime: first.openTime - (count - k) * I, open, high, low, close, volume };
      close = open;
    }
    return out;
  }
}

const CONSONANTS = 'BCDFGHJKLMNPRSTVXZ';
const VOWELS = 'AEIOUY';

/** Pronounceable three- or four-letter tickers (ZOR, KAVI), unique within the market. */
function generatedTicker(rng: RandomGenerator, taken: ReadonlySet<string>): string {
  const pick = (set: string) => set[Math.floor(uniformFloat64(rng) * set.length)]!;
  for (;;) {
    const len = uniformFloat64(rng) < 0.6 ? 3 : 4;
    let t = '';
    for (let k = 0; k < len; k++) t += pick(k % 2 === 0 ? CONSONANTS : VOWELS);
    if (len === 3) t = t.slice(0, 2) + pick(CONSONANTS);
    if (!taken.has(t) && !NAMED.some(([b]) => b === t)) return t;
  }
}
