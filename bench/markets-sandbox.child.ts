/**
 * Child of markets.bench.ts: the sandbox exchange alone in its own process, 1,000 symbols stepping ten times a
 * second, so its CPU is not counted as the host's. Prints one JSON line with its URL, then serves until stdin closes.
 */
import { startSandbox } from '../src-main/sandbox/sandbox';

const symbols = Number(process.argv[2] ?? 1000);
const rateHz = Number(process.argv[3] ?? 10);
const sandbox = await startSandbox({ symbols, rateHz, seed: 'markets-bench' });
process.stdout.write(`${JSON.stringify({ url: sandbox.url })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void sandbox.close().then(() => process.exit(0));
});
