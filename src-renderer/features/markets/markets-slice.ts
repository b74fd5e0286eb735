/**
 * The Markets page's UI state (never market data): sort, filter, search, the open symbol and its candle interval.
 * In the feature's store so they survive a trip to another page. Actions are named for what happened.
 */
import type { StateCreator } from 'zustand';
import type { CandleInterval } from '../../../src-main/contract/markets';

export type MarketsSortKey = 'default' | 'symbol' | 'last' | 'change' | 'volume' | 'grade';
export type MarketsFilter = 'all' | 'watchlist' | 'bullish' | 'bearish';

export interface MarketsSort {
  readonly key: MarketsSortKey;
  readonly desc: boolean;
}

export interface MarketsSlice {
  marketsSort: MarketsSort;
  marketsFilter: MarketsFilter;
  marketsSearch: string;
  marketsSymbol: string | null;
  marketsInterval: CandleInterval;
  /** A column header was clicked: sort by it, or flip its direction; a third click returns to the provider's order. */
  marketsSortClicked: (key: Exclude<MarketsSortKey, 'default'>) => void;
  marketsFilterChanged: (filter: MarketsFilter) => void;
  marketsSearchChanged: (text: string) => void;
  marketsSymbolOpened: (symbol: string | null) => void;
  marketsIntervalChanged: (interval: CandleInterval) => void;
}

/** Text columns start ascending, numbers descending (the biggest mover first). */
const startsDesc = (key: MarketsSortKey) => key !== 'symbol';

export const createMarketsSlice: StateCreator<MarketsSlice> = (set) => ({
  marketsSort: { key: 'default', desc: false },
  marketsFilter: 'all',
  marketsSearch: '',
  marketsSymbol: null,
  marketsInterval: '1h',
  marketsSortClicked: (key) =>
    set((s) => {
      const cur = s.marketsSort;
      if (cur.key !== key) return { marketsSort: { key, desc: startsDesc(key) } };
      if (cur.desc === startsDesc(key)) return { marketsSort: { key, desc: !cur.desc } };
      return { marketsSort: { key: 'default', desc: false } };
    }),
  marketsFilterChanged: (filter) => set({ marketsFilter: filter }),
  marketsSearchChanged: (text) => set({ marketsSearch: text }),
  marketsSymbolOpened: (symbol) => set({ marketsSymbol: symbol }),
  marketsIntervalChanged: (interval) => set({ marketsInterval: interval }),
});
