/** Pure helpers of the Markets page: which symbols show in what order, and how numbers read. */
import type { MarketsFilter, MarketsSort } from './markets-slice';
import type { LiveRow } from './markets-store';

export interface OrderQuery {
  readonly sort: MarketsSort;
  readonly filter: MarketsFilter;
  readonly search: string;
  readonly watchlist: readonly string[];
}

const value = (r: LiveRow, key: MarketsSort['key']): number | string | null => {
  switch (key) {
    case 'symbol':
      return r.symbol;
    case 'last':
      return r.last;
    case 'change':
      return r.change24hPct;
    case 'volume':
      // Base units differ per symbol (a BTC is not a DOGE): compare the quote value traded.
      return r.volume24h === null ? null : r.volume24h * r.last;
    case 'grade':
      return r.grade;
    default:
      return null;
  }
};

/** The symbols to show, in order. Rows without a value for the sort column go last, whichever the direction. */
export function orderSymbols(rows: ReadonlyMap<string, LiveRow>, q: OrderQuery): string[] {
  const needle = q.search.trim().toUpperCase();
  const watch = new Set(q.watchlist);
  const out: LiveRow[] = [];
  for (const r of rows.values()) {
    if (needle && !r.symbol.toUpperCase().includes(needle)) continue;
    if (q.filter === 'watchlist' && !watch.has(r.symbol)) continue;
    if ((q.filter === 'bullish' || q.filter === 'bearish') && r.signal !== q.filter) continue;
    out.push(r);
  }
  if (q.filter === 'watchlist' && q.sort.key === 'default') {
    const rank = new Map(q.watchlist.map((s, i) => [s, i]));
    out.sort((a, b) => rank.get(a.symbol)! - rank.get(b.symbol)!);
  } else if (q.sort.key !== 'default') {
    const key = q.sort.key;
    const sign = q.sort.desc ? -1 : 1;
    out.sort((a, b) => {
      const va = value(a, key);
      const vb = value(b, key);
      if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
      return (typeof va === 'string' ? va.localeCompare(vb as string) : va - (vb as number)) * sign;
    });
  }
  return out.map((r) => r.symbol);
}

/** About six significant digits, as exchanges quote; small prices keep their digits (0.00001234). */
export function formatPrice(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return '—';
  const abs = Math.abs(p);
  const digits = abs >= 1000 ? 2 : abs >= 1 ? 4 : Math.min(10, 5 - Math.floor(Math.log10(abs || 1)));
  return p.toLocaleString('en-US', { minimumFractionDigits: Math.min(digits, 2), maximumFractionDigits: digits });
}

export function formatPct(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return '—';
  return `${p > 0 ? '+' : p < 0 ? '−' : ''}${Math.abs(p).toFixed(2)}%`;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });
export function formatVolume(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '—' : compact.format(v);
}
