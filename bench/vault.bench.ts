/**
 * Vault at 10,000 entries: open + index once the vault key is unwrapped, list, search, add one
 * (atomic write included), RSS growth; scrypt unwrap reported separately. Baselines measured in the same run:
 * JSON.parse of the same file (open) and a bare write+fsync+rename of the same bytes (add).
 */
import { mkdtempSync, rmSync, readFileSync, writeFileSync, openSync, fsyncSync, closeSync, renameSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, scrypt } from 'node:crypto';
import { VaultService } from '../src-main/vault/vault-service';
import { SafeStorageSlot } from '../src-main/vault/slots/safe-storage-slot';
import { DEFAULT_SCRYPT } from '../src-main/vault/crypto';
import { FakeSafeStorage } from '../test/helpers/fake-safe-storage';
import { median, timeMs, type Bench } from './bench-types';

const N = 10_000;
const PASS = 'correct horse battery staple';
const PROVIDERS = ['binance', 'kraken', 'coinbase', 'bybit', 'gemini', 'bitfinex'] as const;
const ENVS = ['dev', 'test', 'prod'] as const;


const bench: Bench = {
  name: 'vault',
  async run() {
    const home = mkdtempSync(join(tmpdir(), 'signet-bench-'));
    try {
      // The OS slot (safeStorage at the Electron boundary) unwraps in microseconds, so unlocking through it
      // measures the open + index work alone; scrypt is timed on its own below.
      const ss = new FakeSafeStorage();
      const make = () => new VaultService({ home, osSlot: new SafeStorageSlot(ss, 'linux'), kdf: DEFAULT_SCRYPT });
      const seed = make();
      await seed.create({ passphrase: PASS, useOsSlot: true, addSandboxKey: false });
      const inputs = Array.from({ length: N }, (_, i) => ({
        label: `${PROVIDERS[i % PROVIDERS.length]} key ${i}`,
        provider: PROVIDERS[i % PROVIDERS.length] as string,
        environment: ENVS[i % 3] as (typeof ENVS)[number],
        scopes: ['read', 'trade'],
        tags: [`team-${i % 17}`, i % 5 === 0 ? 'bots' : 'manual'],
        notes: i % 4 === 0 ? `Rotated by ops; ticket OPS-${i}` : '',
        credentials: { apiKey: randomBytes(24).toString('hex'), secret: randomBytes(32).toString('base64') },
      }));
      await seed.addMany(inputs);
      await seed.lock();
      const path = join(home, 'vault.json');
      const bytes = readFileSync(path);

      const scryptMs: number[] = [];
      for (let i = 0; i < 3; i++) {
        scryptMs.push(await timeMs(() => new Promise((r, j) => scrypt(PASS, randomBytes(16), 32, { ...DEFAULT_SCRYPT, maxmem: 256 * 2 ** 20 }, (e, k) => (e ? j(e) : r(k))))));
      }
      const parseMs: number[] = [];
      for (let i = 0; i < 5; i++) parseMs.push(await timeMs(() => JSON.parse(readFileSync(path, 'utf8'))));

      const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'vault-open.child.ts'), home, ss.key.toString('base64')], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (child.status !== 0) throw new Error(`vault-open child failed: ${child.stderr}`);
      const o = JSON.parse(child.stdout) as { open: number; firstList: number; list: number; firstSearch: number; search: number; filter: number; rssGrowthMb: number };

      const v = make();
      await v.unlockWithOs();
      const addMs: number[] = [];
      for (let i = 0; i < 20; i++) {
        addMs.push(await timeMs(() => v.add({ label: `bench add ${i}`, provider: 'kraken', environment: 'dev', credentials: { apiKey: `k${i}`, secret: 'c2VjcmV0' } })));
      }
      const fileBytes = readFileSync(path);
      const rawWriteMs: number[] = [];
      for (let i = 0; i < 20; i++) {
        rawWriteMs.push(
          await timeMs(() => {
            const tmp = join(home, `raw.tmp`);
            const fd = openSync(tmp, 'w', 0o600);
            writeFileSync(fd, fileBytes);
            fsyncSync(fd);
            closeSync(fd);
            renameSync(tmp, join(home, 'raw.json'));
          }),
        );
      }
      const unlockPassMs = await timeMs(async () => {
        const p = make();
        await p.unlockWithPassphrase(PASS);
        await p.lock();
      });
      await v.lock();

      const open = o.open;
      const add = median(addMs);
      return [
        { metric: 'open_index_ms (10k entries, key unwrapped)', value: open, unit: 'ms', target: 150, better: 'lower' },
        { metric: 'list_all_first_after_unlock_ms (sort + DTOs)', value: o.firstList, unit: 'ms', target: 20, better: 'lower' },
        { metric: 'list_all_ms (warm)', value: o.list, unit: 'ms', target: 20, better: 'lower' },
        { metric: 'search_first_after_unlock_ms (builds the index)', value: o.firstSearch, unit: 'ms', target: 20, better: 'lower' },
        { metric: 'search_ms', value: o.search, unit: 'ms', target: 20, better: 'lower' },
        { metric: 'filter_env_tag_ms', value: o.filter, unit: 'ms', target: 20, better: 'lower' },
        { metric: 'add_one_ms (atomic write of the whole file)', value: add, unit: 'ms', target: 15, better: 'lower' },
        { metric: 'rss_growth_mb (open + list + search, fresh process)', value: o.rssGrowthMb, unit: 'MB', target: 60, better: 'lower' },
        { metric: 'scrypt_unwrap_ms (N=2^17, r=8, p=1)', value: median(scryptMs), unit: 'ms', target: null, better: 'lower' },
        { metric: 'unlock_with_passphrase_total_ms', value: unlockPassMs, unit: 'ms', target: null, better: 'lower' },
        { metric: 'baseline_json_parse_ms (same file)', value: median(parseMs), unit: 'ms', target: null, better: 'lower' },
        { metric: 'ratio_open_to_json_parse', value: open / median(parseMs), unit: 'x', target: null, better: 'lower' },
        { metric: 'baseline_write_fsync_rename_ms (same bytes)', value: median(rawWriteMs), unit: 'ms', target: null, better: 'lower' },
        { metric: 'ratio_add_to_bare_write', value: add / median(rawWriteMs), unit: 'x', target: null, better: 'lower' },
        { metric: 'file_size_mb', value: bytes.length / 2 ** 20, unit: 'MB', target: null, better: 'lower' },
      ];
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  },
};
export default bench;
