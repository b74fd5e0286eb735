/**
 * The scan:* channels through the real router, as the Scan page calls them and as a compromised renderer might: a
 * path where a picked folder's id goes, ids never handed out, huge arrays, extra keys. Only folders picked in main's
 * dialog can be scanned; what comes back is grouped by entry (with its id) or rule, and holds no secret.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../../src-main/contract/channels';
import type { PickedFolder, ScanProgress, ScanRunResult } from '../../../src-main/contract/scan';
import { forwardHostEvents } from '../../../src-main/ipc/host-events';
import { silentLogger } from '../../../src-main/base/logger';
import { VaultService } from '../../../src-main/vault/vault-service';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';
import { plant } from '../scan/scan-rig';
import { offlineRouter } from './offline-router';

const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';

const newDir = useTempHomes();
let vault: VaultService | undefined;
afterEach(async () => {
  if (vault?.isUnlocked()) await vault.lock();
  vault = undefined;
});

async function setup(picked: () => string[] | null) {
  vault = new VaultService({ home: newDir(), osSlot: null, kdf: FAST_KDF });
  await vault.create({ passphrase: 'correct horse battery staple', useOsSlot: false, addSandboxKey: false });
  const binance = await vault.add({ label: 'Binance main', provider: 'binance', environment: 'prod', credentials: { apiKey: API_KEY, secret: SECRET } });
  const { router, scan } = offlineRouter(vault, { scanFolders: picked });
  const call = (channel: Channel, input?: unknown) => router.handle(channel, input);
  return { binance, call, scan };
}

describe('scan channels', () => {
  it('scans only folders picked in main\u2019s dialog, grouped by entry and rule, without a secret', async () => {
    const a = newDir();
    const b = newDir();
    plant(a, { 'src/config.env': `BINANCE_SECRET=${SECRET}\nBINANCE_KEY=${API_KEY}\n`, 'aws.txt': 'AKIAZ3MHQW5RTX7KL2PA' });
    plant(b, { 'notes.md': `hex ${Buffer.from(SECRET).toString('hex')}\n` });
    const { binance, call } = await setup(() => [a, b]);
    const picked = await call('scan:pickFolders');
    expect(picked.ok).toBe(true);
    const folders = picked.ok ? (picked.value as { folders: PickedFolder[] }).folders : [];
    expect(folders.map((f) => f.path)).toEqual([a, b]);
    // Picking the same folder again gives the same id.
    const again = await call('scan:pickFolders');
    expect(again.ok && (again.value as { folders: PickedFolder[] }).folders.map((f) => f.id)).toEqual(folders.map((f) => f.id));

    const r = await call('scan:run', { folderIds: folders.map((f) => f.id) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const result = r.value as ScanRunResult;
    expect(result.summary).toMatchObject({ roots: 2, files: 3, findings: 4 });
    expect(result.groups.map((g) => (g.kind === 'vault' ? `vault:${g.entryId}:${g.findings.length}` : `rule:${g.ruleId}:${g.findings.length}`))).toEqual([`vault:${binance.id}:3`, 'rule:aws-access-key-id:1']);
    const vaultGroup = result.groups[0]!;
    expect(vaultGroup.findings.map((f) => `${f.folderId === folders[0]!.id ? 'a' : 'b'}:${f.path}:${f.line}`)).toEqual(['a:src/config.env:1', 'a:src/config.env:2', 'b:notes.md:1']);
    const text = JSON.stringify(r);
    for (const s of [SECRET, API_KEY, Buffer.from(SECRET).toString('hex'), SECRET.slice(0, 20)]) expect(text).not.toContain(s);
  });

  it('answers cancelled when the person closes the dialog', async () => {
    const { call } = await setup(() => null);
    expect(await call('scan:pickFolders')).toEqual({ ok: true, value: { cancelled: true } });
  });

  it('refuses a path, an id it never handed out, huge arrays and extra keys, and scans nothing', async () => {
    const a = newDir();
    plant(a, { 'x.env': SECRET });
    const { call } = await setup(() => [a]);
    const picked = await call('scan:pickFolders');
    const id = picked.ok ? (picked.value as { folders: PickedFolder[] }).folders[0]!.id : '';
    for (const input of [
      { folderIds: ['/'] },
      { folderIds: [a] },
      { folderIds: ['../../etc'] },
      { folderIds: [`fld_${'0'.repeat(32)}`] },
      { folderIds: [] },
      { folderIds: Array.from({ length: 33 }, () => id) },
      { folderIds: Array.from({ length: 100_000 }, () => '/') },
      { folderIds: [id], extra: true },
      { folderIds: [id], gitignore: 'no' },
      { folderIds: id },
      { roots: [a] },
      null,
      'scan /',
    ]) {
      const r = await call('scan:run', input);
      expect(r.ok, JSON.stringify(input).slice(0, 80)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('ERR_VALIDATION');
        expect(r.error.message.length).toBeLessThan(400);
      }
    }
    const unknown = await call('scan:run', { folderIds: [`fld_${'a'.repeat(32)}`] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'ERR_VALIDATION', message: expect.stringContaining('Pick it again') } });
    const bad = await call('scan:cancel', { runId: 'x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'ERR_VALIDATION' } });
  });

  it('reports progress as scan:progress events, one run at a time, and cancels', async () => {
    const a = newDir();
    plant(a, Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`f${i}.txt`, `line ${i}\n`.repeat(200)])));
    const { call, scan } = await setup(() => [a]);
    const events: { name: string; payload: unknown }[] = [];
    const off = forwardHostEvents({ vault: vault!, inspector: { subscribe: () => () => {} }, scan }, (name, payload) => events.push({ name, payload }), silentLogger);
    const picked = await call('scan:pickFolders');
    const id = picked.ok ? (picked.value as { folders: PickedFolder[] }).folders[0]!.id : '';
    expect(await call('scan:cancel')).toEqual({ ok: true, value: { cancelled: false } });

    const first = call('scan:run', { folderIds: [id] });
    const busy = await call('scan:run', { folderIds: [id] });
    expect(busy).toMatchObject({ ok: false, error: { code: 'ERR_SCAN_BUSY' } });
    const done = await first;
    expect(done.ok).toBe(true);
    const progress = events.filter((e) => e.name === 'scan:progress').map((e) => e.payload as ScanProgress);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ files: 400, findings: 0, runId: done.ok ? (done.value as ScanRunResult).runId : '' });

    // Cancelled at once: the run answers with what it scanned (nothing), marked cancelled.
    const second = call('scan:run', { folderIds: [id] });
    expect(await call('scan:cancel')).toEqual({ ok: true, value: { cancelled: true } });
    const cancelled = await second;
    expect(cancelled.ok && (cancelled.value as ScanRunResult).summary).toMatchObject({ cancelled: true, files: 0 });
    off();
  });
});
