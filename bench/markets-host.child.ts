/**
 * Child of markets.bench.ts: the browser host (the same services and ipc router as the app) streaming market data
 * from the sandbox exchange in the other child, and serving the built renderer. Its CPU is the benchmark's
 * "main-side" figure. A vault is created so the page opens unlocked. Prints one JSON line with the page URL, then
 * serves until stdin closes.
 */
import { startBrowserHost } from '../src-main/browser-host/browser-host';

const [sandboxUrl, rendererDir] = process.argv.slice(2);
if (!sandboxUrl || !rendererDir) throw new Error('usage: markets-host.child.ts <sandboxUrl> <rendererDir>');
const host = await startBrowserHost({
  rendererDir,
  kdf: { N: 2 ** 14, r: 8, p: 1 },
  // The embedded exchange still starts (the app always has one) but small and slow: market data comes from the child.
  sandbox: { symbols: 1, rateHz: 1, seed: 'unused' },
  markets: { sandboxUrl },
});
await host.services.vault.create({ passphrase: 'markets bench passphrase', useOsSlot: false });
process.stdout.write(`${JSON.stringify({ url: host.url })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void host.close().then(() => process.exit(0));
});
