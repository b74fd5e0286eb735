/**
 * The inspector store on real files: a ring of the last N, filters, reveal (memory only), persistence with
 * append + compaction and mode 0600, a corrupt history reported and left untouched, a torn last line dropped, and a
 * symbolic link planted at the file never written through, replaced or read.
 */
import { lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/base/logger';
import type { InspectorRecord } from '../../../src-main/contract/inspector';
import { InspectorStore, type StoredRecord } from '../../../src-main/http/inspector-store';
import { useTempHomes } from '../../helpers/temp-home';

const newHome = useTempHomes();

function record(i: number, over: Partial<InspectorRecord> = {}): StoredRecord {
  return {
    id: `rec-${i}`,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    provider: i % 2 ? 'binance' : 'sandbox',
    entryId: `entry-${i % 3}`,
    entryLabel: `Key ${i % 3}`,
    schemeId: 'hmac',
    method: i % 5 === 0 ? 'POST' : 'GET',
    url: `http://127.0.0.1:9/v1/thing/${i}`,
    requestHeaders: [{ name: 'Authorization', value: 'HMAC signature="ab12…ff (64 chars)"', signed: true, masking: 'signature' }],
    requestBody: null,
    canonical: 'GET\n/v1',
    status: i % 7 === 0 ? null : i % 4 === 0 ? 500 : 200,
    outcome: i % 7 === 0 ? 'failed' : i % 4 === 0 ? 'server-error' : 'ok',
    error: i % 7 === 0 ? { code: 'ERR_TIMEOUT', message: 'slow' } : null,
    responseHeaders: [],
    responseBody: '{}',
    responseBytes: 2,
    responseTruncated: false,
    timings: { dnsMs: null, connectMs: 1, tlsMs: null, firstByteMs: 2, totalMs: 3 },
    attempts: 1,
    draft: { entryId: `entry-${i % 3}`, schemeId: null, method: 'GET', url: '/v1', headers: [], body: null },
    revealed: { headers: [{ name: 'Authorization', value: `HMAC signature="${'f'.repeat(64)}"` }], url: `http://127.0.0.1:9/v1/thing/${i}`, requestBody: null },
    ...over,
  };
}

describe('InspectorStore', () => {
  it('keeps the last 1000 records, newest first', () => {
    const store = new InspectorStore({ file: null });
    for (let i = 0; i < 1005; i++) store.add(record(i));
    const list = store.list({ limit: 1000 });
    expect(list.total).toBe(1000);
    expect(list.records[0]!.id).toBe('rec-1004');
    expect(list.records.at(-1)!.id).toBe('rec-5');
    expect(() => store.get('rec-4')).toThrow(expect.objectContaining({ code: 'ERR_RECORD_NOT_FOUND' }));
    expect(() => store.reveal('rec-4')).toThrow(expect.objectContaining({ code: 'ERR_RECORD_NOT_FOUND' }));
    expect(store.list().records).toHaveLength(200); // the query's default limit
  });

  it('filters by provider, outcome, status, key and text', () => {
    const store = new InspectorStore({ file: null });
    for (let i = 0; i < 40; i++) store.add(record(i));
    const all = Array.from({ length: 40 }, (_, i) => record(i));
    const ids = (q: Parameters<InspectorStore['list']>[0]) => store.list(q).records.map((r) => r.id).sort();
    const want = (f: (r: StoredRecord) => boolean) => all.filter(f).map((r) => r.id).sort();
    expect(ids({ provider: 'binance' })).toEqual(want((r) => r.provider === 'binance'));
    expect(ids({ outcome: 'failed' })).toEqual(want((r) => r.outcome === 'failed'));
    expect(ids({ status: 500 })).toEqual(want((r) => r.status === 500));
    expect(ids({ entryId: 'entry-2' })).toEqual(want((r) => r.entryId === 'entry-2'));
    expect(ids({ text: 'post' })).toEqual(want((r) => r.method === 'POST'));
    expect(ids({ text: 'err_timeout' })).toEqual(want((r) => r.error?.code === 'ERR_TIMEOUT'));
    expect(ids({ text: 'thing/13' })).toEqual(['rec-13']);
    expect(ids({ provider: 'sandbox', outcome: 'ok', entryId: 'entry-0' })).toEqual(want((r) => r.provider === 'sandbox' && r.outcome === 'ok' && r.entryId === 'entry-0'));
    expect(() => store.list({ status: 42 })).toThrow();
  });

  it('reveals signature values of records from this session, tells subscribers, clears', async () => {
    const store = new InspectorStore({ file: null });
    const seen: string[] = [];
    const off = store.subscribe((s) => seen.push(s.id));
    const summary = store.add(record(1));
    expect(summary).toMatchObject({ id: 'rec-1', totalMs: 3, errorCode: null });
    expect(store.reveal('rec-1').headers[0]!.value).toContain('f'.repeat(64));
    expect(store.get('rec-1')).not.toHaveProperty('revealed');
    off();
    store.add(record(2));
    expect(seen).toEqual(['rec-1']);
    expect(await store.clear()).toBe(2);
    expect(store.list().total).toBe(0);
  });

  it('persists to a 0600 file without the revealable values, and reloads the last N', async () => {
    const file = join(newHome(), 'inspector.jsonl');
    const store = new InspectorStore({ file, capacity: 10 });
    await store.load();
    for (let i = 0; i < 25; i++) store.add(record(i));
    await store.flush();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('f'.repeat(64));
    // Appended up to twice the capacity, then compacted to the last 10.
    expect(text.trimEnd().split('\n').length).toBeLessThanOrEqual(20);

    const again = new InspectorStore({ file, capacity: 10 });
    await again.load();
    expect(again.loadError).toBeNull();
    expect(again.list().records.map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, k) => `rec-${24 - k}`));
    expect(again.get('rec-24')).toEqual(store.get('rec-24'));
    expect(() => again.reveal('rec-24')).toThrow(/not kept across restarts/);
  });

  it('cuts long response bodies in the file but not in memory', async () => {
    const file = join(newHome(), 'inspector.jsonl');
    const store = new InspectorStore({ file });
    const big = 'x'.repeat(100_000);
    store.add(record(1, { responseBody: big, responseBytes: big.length }));
    await store.flush();
    expect(store.get('rec-1').responseBody).toBe(big);
    const again = new InspectorStore({ file });
    await again.load();
    expect(again.get('rec-1')).toMatchObject({ responseTruncated: true, responseBytes: 100_000 });
    expect(again.get('rec-1').responseBody!.length).toBeLessThan(big.length);
  });

  it('reports a corrupt history, leaves the file untouched and keeps new records in memory', async () => {
    const file = join(newHome(), 'inspector.jsonl');
    const good = JSON.stringify((({ revealed: _r, ...r }) => r)(record(1)));
    const content = `${good}\n{"id":"x","at":"tampered"}\n`;
    writeFileSync(file, content, { mode: 0o600 });
    const logs: string[] = [];
    const store = new InspectorStore({ file, logger: createLogger((l) => logs.push(l)) });
    await store.load();
    expect(store.loadError).toMatch(/line 2 is not an inspector record.*left as it is/);
    expect(logs.join('\n')).toContain('history not loaded');
    expect(store.list().total).toBe(0);
    store.add(record(2));
    await store.flush();
    await store.clear();
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(store.list().total).toBe(0);

    writeFileSync(file, 'not json at all\n');
    const other = new InspectorStore({ file });
    await other.load();
    expect(other.loadError).toMatch(/line 1 is not JSON/);
  });

  it('drops a torn last line (a crash mid-append) and keeps the rest', async () => {
    const file = join(newHome(), 'inspector.jsonl');
    const line = (i: number) => JSON.stringify((({ revealed: _r, ...r }) => r)(record(i)));
    writeFileSync(file, `${line(1)}\n${line(2)}\n${line(3).slice(0, 50)}`);
    const store = new InspectorStore({ file });
    await store.load();
    expect(store.loadError).toBeNull();
    expect(store.list().records.map((r) => r.id)).toEqual(['rec-2', 'rec-1']);
    store.add(record(4));
    await store.flush();
    const again = new InspectorStore({ file });
    await again.load();
    expect(again.list().records.map((r) => r.id)).toEqual(['rec-4', 'rec-2', 'rec-1']);
  });

  describe('a symbolic link planted at <home>/inspector.jsonl', () => {
    /** A home with a file outside it that the attacker wants overwritten, and the link to it. */
    function planted() {
      const root = newHome();
      const home = join(root, 'home');
      mkdirSync(home);
      const victim = join(root, 'outside', 'authorized_keys');
      mkdirSync(join(root, 'outside'));
      writeFileSync(victim, 'ssh-ed25519 AAAA… user@host\n', { mode: 0o600 });
      const file = join(home, 'inspector.jsonl');
      return { file, victim, before: readFileSync(victim, 'utf8') };
    }
    const untouched = (file: string, victim: string, before: string) => {
      expect(readFileSync(victim, 'utf8')).toBe(before);
      expect(lstatSync(file).isSymbolicLink(), 'the link was replaced').toBe(true);
      expect(readlinkSync(file)).toBe(victim);
    };

    it('is not read or written through at start: records stay in memory and the report says why, once', async () => {
      const { file, victim, before } = planted();
      symlinkSync(victim, file);
      const logs: string[] = [];
      const store = new InspectorStore({ file, capacity: 3, logger: createLogger((l) => logs.push(l)) });
      await store.load();
      expect(store.loadError).toMatch(/inspector\.jsonl.*symbolic link/);
      expect(store.loadError).toMatch(/in memory only/);
      expect(store.loadError).toMatch(/[Rr]emove the link/);
      for (let i = 0; i < 10; i++) {
        store.add(record(i));
        await store.flush();
      }
      await store.clear();
      store.add(record(11));
      await store.flush();
      untouched(file, victim, before);
      expect(store.list().records.map((r) => r.id)).toEqual(['rec-11']);
      expect(store.list().loadError).toBe(store.loadError);
      expect(logs.filter((l) => l.includes('symbolic link'))).toHaveLength(1);
    });

    it('is not written through when it appears after start (no load): the report says why, once', async () => {
      const { file, victim, before } = planted();
      const logs: string[] = [];
      const store = new InspectorStore({ file, logger: createLogger((l) => logs.push(l)) });
      store.add(record(1));
      await store.flush();
      expect(readFileSync(file, 'utf8')).toContain('rec-1');
      unlinkSync(file);
      symlinkSync(victim, file);
      for (let i = 2; i < 6; i++) {
        store.add(record(i));
        await store.flush();
      }
      untouched(file, victim, before);
      expect(store.list().total).toBe(5);
      expect(store.loadError).toMatch(/symbolic link.*in memory only/s);
      expect(logs.filter((l) => l.includes('symbolic link'))).toHaveLength(1);
    });

    it('is not replaced by a compaction or a clear', async () => {
      const { file, victim, before } = planted();
      const store = new InspectorStore({ file, capacity: 2 });
      await store.load();
      store.add(record(1));
      await store.flush();
      unlinkSync(file);
      symlinkSync(victim, file);
      await store.clear();
      untouched(file, victim, before);
      expect(store.loadError).toMatch(/symbolic link/);
    });
  });
});
