/**
 * A sparkline: recent prices as one inline SVG polyline (no canvas, nothing for the CSP to allow), scaled to its
 * own min and max. Coloured by direction over the window. Cheap enough to redraw in every visible row of a table
 * that updates ten times a second: one string of at most 60 points.
 */
import { cx } from '../lib/cx';

export function Sparkline({ points, width = 88, height = 24, className, label }: { points: readonly number[]; width?: number; height?: number; className?: string; label?: string }) {
  const n = points.length;
  if (n < 2) return <svg className={cx('sparkline', className)} width={width} height={height} aria-hidden="true" />;
  let min = Infinity;
  let max = -Infinity;
  for (const p of points) {
    if (p < min) min = p;
    if (p > max) max = p;
  }
  const span = max - min || 1;
  const pad = 2;
  const h = height - pad * 2;
  let d = '';
  for (let i = 0; i < n; i++) {
    const x = (i / (n - 1)) * width;
    const y = pad + h - ((points[i]! - min) / span) * h;
    d += `${i === 0 ? '' : ' '}${x.toFixed(1)},${y.toFixed(1)}`;
  }
  const trend = points[n - 1]! > points[0]! ? 'is-up' : points[n - 1]! < points[0]! ? 'is-down' : 'is-flat';
  return (
    <svg className={cx('sparkline', trend, className)} width={width} height={height} viewBox={`0 0 ${width} ${height}`} role={label ? 'img' : undefined} aria-label={label} aria-hidden={label ? undefined : true}>
      <polyline points={d} fill="none" stroke="currentColor" strokeWidth={1.25} strokeLinejoin="round" strokeLinecap="round" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
