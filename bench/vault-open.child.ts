/**
 * Child of vault.bench.ts: a fresh process, so RSS growth is the vault's own (open + index + list + search),
 * not what building the fixture left behind. Prints one JSON object.
 */
import { VaultService } from '../src-main/vault/vault-service';
import { SafeStorageSlot } from '../src-main/vault/slots/safe-storage-slot';
import { FakeSafeStorage } from '../test/helpers/fake-safe-storage';
import { median, timeMs } from './bench-types';

const [home, keyB64] = process.argv.slice(2) as [string, string];
const ss = new FakeSafeStorage();
ss.key = Buffer.from(keyB64, 'base64');
const make = () => new VaultService({ home, osSlot: new SafeStorageSlot(ss, 'linux') });
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

// Warm up the code paths (JIT, module init) on one open, then measure from a clean heap.
let v = make();
await v.unlockWithOs();
v.list({ search: 'warm' });
await v.lock();
gc();
await new Promise((r) => setTimeout(r, 50));
gc();
const rssBefore = process.memoryUsage().rss;
const openMs: number[] = [];
for (let i = 0; i < 7; i++) {
  v = make();
  openMs.push(await timeMs(() => v.unlockWithOs()));
  if (i < 6) await v.lock();
  gc();
}
const firstList = await timeMs(() => v.list());
const listMs: number[] = [];
for (let i = 0; i < 20; i++) listMs.push(await timeMs(() => v.list()));
const searches = ['kraken 42', 'bots', 'team-3 prod', 'OPS-1234', 'no such key anywhere'];
const firstSearch = await timeMs(() => v.list({ search: 'first search' }));
const searchMs: number[] = [];
for (let i = 0; i < 20; i++) searchMs.push(await timeMs(() => v.list({ search: searches[i % searches.length] })));
const filterMs: number[] = [];
for (let i = 0; i < 20; i++) filterMs.push(await timeMs(() => v.list({ environment: 'prod', tag: 'bots' })));
gc();
const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
process.stdout.write(JSON.stringify({ open: median(openMs), openAll: openMs, firstList, list: median(listMs), firstSearch, search: median(searchMs), filter: median(filterMs), rssGrowthMb }));
