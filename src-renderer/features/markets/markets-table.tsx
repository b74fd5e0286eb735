/**
 * The live table: virtualized (only visible rows exist in the DOM), each row memoized and subscribed to its own
 * symbol in the markets store, so a batch of a thousand ticks re-renders the twenty-odd rows on screen that
 * changed and nothing else. The order is recomputed when the query, the watchlist or the set of symbols changes,
 * and for value sorts on the store's slow values epoch — rows do not jump under the pointer ten times a second.
 * A price change replays a short flash (two identical animations alternate, so no reflow is needed to restart it).
 */
import { memo, useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { cx } from '../../shared/lib/cx';
import { StarIcon } from '../../shared/ui/icons';
import { Sparkline } from '../../shared/ui/sparkline';
import { formatPct, formatPrice, formatVolume, orderSymbols } from './markets-model';
import type { MarketsSortKey } from './markets-slice';
import { marketsStore, useLiveRow, useMarketsMeta } from './markets-store';
import { useMarketsUiStore } from './markets-ui-store';
import { useWatchlist } from './use-watchlist';

export const ROW_HEIGHT = 36;

const COLUMNS: { key: Exclude<MarketsSortKey, 'default'> | null; label: string; className?: string }[] = [
  { key: null, label: '' },
  { key: 'symbol', label: 'Symbol' },
  { key: 'last', label: 'Last', className: 'is-num' },
  { key: 'change', label: '24h', className: 'is-num' },
  { key: 'volume', label: 'Volume', className: 'is-num mkt-col-volume' },
  { key: null, label: 'Bid / Ask', className: 'is-num mkt-col-book' },
  { key: null, label: 'Trend', className: 'is-center' },
  { key: null, label: 'Signal' },
  { key: 'grade', label: 'Grade', className: 'is-num' },
];

function SortHeader() {
  const sort = useMarketsUiStore((s) => s.marketsSort);
  const clicked = useMarketsUiStore((s) => s.marketsSortClicked);
  return (
    <div className="mkt-row mkt-head" role="row">
      {COLUMNS.map((c, i) =>
        c.key ? (
          <div key={c.key} role="columnheader" className={cx('mkt-cell', c.className)} aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
            <button type="button" className={cx('mkt-sort', sort.key === c.key && 'is-active')} onClick={() => clicked(c.key!)}>
              {c.label}
              <span className="mkt-sort-arrow" aria-hidden="true">
                {sort.key === c.key ? (sort.desc ? '↓' : '↑') : ''}
              </span>
            </button>
          </div>
        ) : (
          <div key={i} role="columnheader" className={cx('mkt-cell', c.className)}>
            {c.label ? c.label : <span className="visually-hidden">Watchlist</span>}
          </div>
        ),
      )}
    </div>
  );
}

const Row = memo(function Row({ symbol, top, starred, onStar }: { symbol: string; top: number; starred: boolean; onStar: (symbol: string) => void }) {
  const r = useLiveRow(symbol);
  const selected = useMarketsUiStore((s) => s.marketsSymbol === symbol);
  const opened = useMarketsUiStore((s) => s.marketsSymbolOpened);
  if (!r) return null;
  const flash = r.dir === 0 ? '' : `flash-${r.dir > 0 ? 'up' : 'down'}-${r.flashes % 2}`;
  const change = r.change24hPct ?? 0;
  return (
    <div
      role="row"
      aria-selected={selected}
      className={cx('mkt-row', 'mkt-body-row', 'list-row', selected && 'is-selected', r.stale && 'is-stale')}
      style={{ transform: `translateY(${top}px)` }}
      data-symbol={symbol}
      data-ts={r.ts}
      onClick={() => opened(selected ? null : symbol)}
    >
      <div role="cell" className="mkt-cell">
        <button
          type="button"
          className={cx('mkt-star', starred && 'is-starred')}
          aria-pressed={starred}
          aria-label={starred ? `Remove ${symbol} from the watchlist` : `Add ${symbol} to the watchlist`}
          onClick={(e) => {
            e.stopPropagation();
            onStar(symbol);
          }}
        >
          <StarIcon size={14} />
        </button>
      </div>
      <div role="cell" className="mkt-cell mkt-symbol">
        <span className="mkt-symbol-name">{symbol}</span>
        {r.stale ? (
          <span className="mkt-stale" title="No update for longer than this provider’s stale threshold: the price may be out of date.">
            stale
          </span>
        ) : null}
      </div>
      <div role="cell" className="mkt-cell is-num mono">
        <span className={cx('mkt-last', flash)}>{formatPrice(r.last)}</span>
      </div>
      <div role="cell" className={cx('mkt-cell is-num mono', change > 0 ? 'is-up' : change < 0 ? 'is-down' : '')}>
        {formatPct(r.change24hPct)}
      </div>
      <div role="cell" className="mkt-cell is-num mono text-muted mkt-col-volume">
        {formatVolume(r.volume24h)}
      </div>
      <div role="cell" className="mkt-cell is-num mono mkt-book mkt-col-book">
        <span className="mkt-bid">{formatPrice(r.bid)}</span>
        <span className="mkt-book-sep">/</span>
        <span className="mkt-ask">{formatPrice(r.ask)}</span>
      </div>
      <div role="cell" className="mkt-cell is-center">
        <Sparkline points={r.spark} />
      </div>
      <div role="cell" className="mkt-cell">
        {r.signal ? <span className={cx('mkt-signal', `is-${r.signal}`)}>{r.signal}</span> : <span className="text-faint">—</span>}
      </div>
      <div role="cell" className="mkt-cell is-num mono">
        {r.grade === null ? <span className="text-faint">—</span> : <span className="mkt-grade">{r.grade}</span>}
      </div>
    </div>
  );
});

export function useOrderedSymbols(): string[] {
  const sort = useMarketsUiStore((s) => s.marketsSort);
  const filter = useMarketsUiStore((s) => s.marketsFilter);
  const search = useMarketsUiStore((s) => s.marketsSearch);
  const { watchlist } = useWatchlist();
  const symbolsVersion = useMarketsMeta((m) => m.symbolsVersion);
  // Value sorts and signal filters follow the values epoch; the provider's order and text search do not need to.
  const follows = sort.key !== 'default' && sort.key !== 'symbol' ? true : filter === 'bullish' || filter === 'bearish';
  const epoch = useMarketsMeta((m) => (follows ? m.valuesEpoch : 0));
  return useMemo(
    () => orderSymbols(marketsStore.rows, { sort, filter, search, watchlist }),
    // symbolsVersion and epoch are the store's change signals for marketsStore.rows.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [sort, filter, search, watchlist, symbolsVersion, epoch],
  );
}

export function MarketsTable({ symbols }: { symbols: readonly string[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { watchlist, toggle } = useWatchlist();
  const starred = useMemo(() => new Set(watchlist), [watchlist]);
  // TanStack Virtual's API is not memo-safe by design; this component re-renders with it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: symbols.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 6 });
  return (
    <div className="page-list mkt-table" role="table" aria-label="Markets" aria-rowcount={symbols.length + 1}>
      <div role="rowgroup" className="mkt-head-group">
        <SortHeader />
      </div>
      <div ref={scrollRef} className="list-scroll mkt-scroll" role="rowgroup">
        <div className="list-inner mkt-inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((v) => {
            const symbol = symbols[v.index]!;
            return <Row key={symbol} symbol={symbol} top={v.start} starred={starred.has(symbol)} onStar={toggle} />;
          })}
        </div>
      </div>
    </div>
  );
}
