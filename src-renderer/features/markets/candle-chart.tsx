/**
 * A candlestick chart (lightweight-charts 5: canvas, no network, nothing for the CSP to allow). The history comes
 * from main once per symbol and interval; the candle in progress then follows the live row — its close, high and
 * low move with each tick, and a tick past the candle's end opens the next one. Colours come from the theme's CSS
 * variables and follow a theme change.
 */
import { useEffect, useRef } from 'react';
import { CandlestickSeries, ColorType, createChart, type CandlestickData, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import type { CandleInterval, MarketCandle } from '../../../src-main/contract/markets';
import { useLiveRow } from './markets-store';

const INTERVAL_MS: Readonly<Record<CandleInterval, number>> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000 };

function themeColors() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return { text: v('--text-muted'), grid: v('--border'), up: v('--success'), down: v('--danger'), bg: v('--bg-panel') };
}

function chartOptions() {
  const c = themeColors();
  return {
    layout: { background: { type: ColorType.Solid, color: c.bg }, textColor: c.text, attributionLogo: false, fontSize: 11 },
    grid: { vertLines: { color: c.grid }, horzLines: { color: c.grid } },
    rightPriceScale: { borderColor: c.grid },
    timeScale: { borderColor: c.grid, timeVisible: true, secondsVisible: false },
  };
}

const toBar = (c: MarketCandle): CandlestickData<UTCTimestamp> => ({ time: Math.floor(c.openTime / 1000) as UTCTimestamp, open: c.open, high: c.high, low: c.low, close: c.close });

export function CandleChart({ symbol, interval, candles }: { symbol: string; interval: CandleInterval; candles: readonly MarketCandle[] }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<'Candlestick'> | null>(null);
  const lastBar = useRef<CandlestickData<UTCTimestamp> | null>(null);
  const live = useLiveRow(symbol);

  useEffect(() => {
    const el = box.current!;
    const c = createChart(el, { ...chartOptions(), autoSize: true });
    const colors = themeColors();
    series.current = c.addSeries(CandlestickSeries, { upColor: colors.up, downColor: colors.down, borderVisible: false, wickUpColor: colors.up, wickDownColor: colors.down });
    chart.current = c;
    // The theme is an attribute on <html>; follow it.
    const watch = new MutationObserver(() => {
      const next = themeColors();
      c.applyOptions(chartOptions());
      series.current?.applyOptions({ upColor: next.up, downColor: next.down, wickUpColor: next.up, wickDownColor: next.down });
    });
    watch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => {
      watch.disconnect();
      c.remove();
      chart.current = null;
      series.current = null;
    };
  }, []);

  useEffect(() => {
    const bars = candles.map(toBar);
    series.current?.setData(bars);
    lastBar.current = bars.at(-1) ?? null;
    chart.current?.timeScale().fitContent();
  }, [candles]);

  useEffect(() => {
    const bar = lastBar.current;
    if (!live || !bar || !series.current) return;
    const step = INTERVAL_MS[interval];
    const open = Math.floor(live.ts / step) * step;
    const time = Math.floor(open / 1000) as UTCTimestamp;
    if (time < bar.time) return;
    const next = time === bar.time ? { ...bar, high: Math.max(bar.high, live.last), low: Math.min(bar.low, live.last), close: live.last } : { time, open: bar.close, high: Math.max(bar.close, live.last), low: Math.min(bar.close, live.last), close: live.last };
    series.current.update(next);
    lastBar.current = next;
  }, [live, interval]);

  return <div ref={box} className="mkt-chart" role="img" aria-label={`${symbol} candlestick chart, ${interval} candles`} />;
}
