/**
 * `npm run bench [-- <filter>]`: runs every bench/*.bench.ts whose name contains the filter, prints a table and
 * writes bench/results/<name>.json ({ name, at, machine, metrics: [{ metric, value, unit, target, better, pass }] }).
 *
 * Each benchmark runs in a fresh Node process of its own: one that ran before would otherwise leave its heap, JIT
 * state and handles behind (the signing ratio fell from 0.65 to 0.42 when run after the markets and sandbox benches
 * in one process), and a figure must not depend on what ran first.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bench, Metric } from './bench-types';

const filter = process.argv[2] ?? '';
const dir = import.meta.dirname;
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && f.includes(filter));
if (files.length === 0) {
  console.error(`No benchmark matches "${filter}". Available: ${readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).join(', ')}`);
  process.exit(2);
}
mkdirSync(join(dir, 'results'), { recursive: true });
if (files.length > 1) {
  let failures = 0;
  for (const file of files) {
    const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, file], { stdio: 'inherit' });
    if (child.status !== 0) failures++;
  }
  process.exit(failures ? 1 : 0);
}
let failed = 0;
for (const file of files) {
  const bench = (await import(pathToFileURL(join(dir, file)).href)).default as Bench;
  console.log(`\n▶ ${bench.name}`);
  const metrics: Metric[] = (await bench.run()).map((m) => ({
    ...m,
    pass: m.target === null ? null : m.better === 'lower' ? m.value <= m.target : m.value >= m.target,
  }));
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
  writeFileSync(join(dir, 'results', `${bench.name}.json`), JSON.stringify({ name: bench.name, at: new Date().toISOString(), machine, metrics }, null, 2) + '\n');
  console.table(metrics.map((m) => ({ metric: m.metric, value: +m.value.toFixed(3), unit: m.unit, target: m.target === null ? '—' : `${m.better === 'lower' ? '≤' : '≥'} ${m.target}`, pass: m.pass === null ? '' : m.pass ? 'yes' : 'NO' })));
  failed += metrics.filter((m) => m.pass === false).length;
}
process.exitCode = failed ? 1 : 0;
