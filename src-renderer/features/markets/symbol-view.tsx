/** The open symbol, in the right pane: its live quote, a candlestick chart by interval, and its signal history. */
import { useQuery } from '@tanstack/react-query';
import { CANDLE_INTERVALS, type CandleInterval } from '../../../src-main/contract/markets';
import { marketsQueries } from '../../ipc/markets-queries';
import { errorMessage } from '../../ipc/signet-client';
import { cx } from '../../shared/lib/cx';
import { IconButton } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { XIcon } from '../../shared/ui/icons';
import { Segmented } from '../../shared/ui/segmented';
import { CandleChart } from './candle-chart';
import { formatPct, formatPrice, formatVolume } from './markets-model';
import { useLiveRow, useMarketsMeta } from './markets-store';
import { useMarketsUiStore } from './markets-ui-store';

const INTERVAL_OPTIONS = CANDLE_INTERVALS.map((i) => ({ value: i, label: i }));
const when = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

function Quote({ symbol }: { symbol: string }) {
  const r = useLiveRow(symbol);
  if (!r) return null;
  const change = r.change24hPct ?? 0;
  return (
    <div className="mkt-quote">
      <span className="mkt-quote-last mono">{formatPrice(r.last)}</span>
      <span className={cx('mkt-quote-change mono', change > 0 ? 'is-up' : change < 0 ? 'is-down' : '')}>{formatPct(r.change24hPct)}</span>
      <dl className="mkt-quote-facts">
        <div>
          <dt>Bid</dt>
          <dd className="mono">{formatPrice(r.bid)}</dd>
        </div>
        <div>
          <dt>Ask</dt>
          <dd className="mono">{formatPrice(r.ask)}</dd>
        </div>
        <div>
          <dt>24h volume</dt>
          <dd className="mono">{formatVolume(r.volume24h)}</dd>
        </div>
        {r.stale ? (
          <div>
            <dt>Feed</dt>
            <dd className="mkt-stale">stale</dd>
          </div>
        ) : null}
      </dl>
    </div>
  );
}

export function SymbolView({ symbol }: { symbol: string }) {
  const provider = useMarketsMeta((m) => m.provider);
  const interval = useMarketsUiStore((s) => s.marketsInterval);
  const intervalChanged = useMarketsUiStore((s) => s.marketsIntervalChanged);
  const opened = useMarketsUiStore((s) => s.marketsSymbolOpened);
  const detail = useQuery({ ...marketsQueries.symbol(provider ?? 'sandbox', symbol, interval), enabled: provider !== null });
  const history = detail.data?.signalHistory ?? [];
  return (
    <section className="mkt-symbol-view" aria-label={`${symbol} details`}>
      <header className="mkt-symbol-head">
        <h2 className="mkt-symbol-title">{symbol}</h2>
        <IconButton label="Close the symbol view" icon={<XIcon />} onClick={() => opened(null)} />
      </header>
      <Quote symbol={symbol} />
      <div className="mkt-chart-bar">
        <Segmented<CandleInterval> label="Candle interval" size="s" value={interval} options={INTERVAL_OPTIONS} onChange={intervalChanged} />
      </div>
      {detail.isError ? (
        <Callout tone="danger" title="The candles did not load" role="alert">
          {errorMessage(detail.error)}
        </Callout>
      ) : (
        <div className={cx('mkt-chart-frame', detail.isPending && 'is-loading')}>{detail.data ? <CandleChart symbol={symbol} interval={interval} candles={detail.data.candles} /> : null}</div>
      )}
      <section className="mkt-history" aria-label="Signal history">
        <h3 className="mkt-section-title">Signal history</h3>
        {detail.isPending ? null : history.length === 0 ? (
          <p className="text-muted mkt-history-empty">This provider gives no signals for {symbol}.</p>
        ) : (
          <ol className="mkt-history-list">
            {[...history].reverse().map((h, i) => (
              <li key={`${h.at}-${i}`} className="mkt-history-item">
                <span className={cx('mkt-signal', `is-${h.signal}`)}>{h.signal}</span>
                <span className="mono">grade {h.grade}</span>
                <time className="text-faint" dateTime={h.at}>
                  {when.format(new Date(h.at))}
                </time>
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}
