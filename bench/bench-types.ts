export interface Metric {
  metric: string;
  value: number;
  unit: string;
  /** null: reported for context (a baseline), no target. */
  target: number | null;
  better: 'higher' | 'lower';
  pass?: boolean | null;
}
export interface Bench {
  name: string;
  run(): Promise<Metric[]>;
}

export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}
export const median = (v: readonly number[]) => percentile(v, 50);

export async function timeMs(fn: () => unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
