import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VaultService } from '../../../src-main/vault/vault-service';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';

const PASS = 'correct horse battery staple';
const WRITER = resolve(import.meta.dirname, '../../fixtures/vault-writer.ts');
const newHome = useTempHomes();

/** Runs the writer until it has acknowledged `acks` adds plus a random sliver of time, then SIGKILLs it. */
function runAndKill(home: string, prefix: string, acks: number): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, home, PASS, prefix], { stdio: ['ignore', 'pipe', 'pipe'] });
    let last = 0;
    let err = '';
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      for (const m of buf.matchAll(/ack (\d+)\n/g)) last = Number(m[1]);
      buf = buf.slice(buf.lastIndexOf('\n') + 1);
      if (last >= acks && !child.killed) setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 12));
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? done(last) : fail(new Error(`writer exited on its own: ${err}`))));
  });
}

describe('atomic writes under kill -9', () => {
  it('always opens with every acknowledged key, whatever moment the writer dies', { timeout: 120_000 }, async () => {
    const home = newHome();
    const v = new VaultService({ home, osSlot: null, kdf: FAST_KDF });
    await v.create({ passphrase: PASS, useOsSlot: false, addSandboxKey: false });
    await v.lock();
    let acknowledged = 0;
    for (let round = 0; round < 12; round++) {
      const acked = await runAndKill(home, `r${round}`, 1 + (round % 4));
      acknowledged += acked;
      const check = new VaultService({ home, osSlot: null, kdf: FAST_KDF });
      await check.unlockWithPassphrase(PASS); // throws if the file were torn or the MAC broken
      const labels = check.list().filter((e) => e.label.startsWith(`r${round}-`)).length;
      // Every acknowledged add is there; at most the one in flight when killed landed as well.
      expect(labels === acked || labels === acked + 1, `round ${round}: ${labels} keys, ${acked} acknowledged`).toBe(true);
      acknowledged += labels - acked;
      expect(check.list()).toHaveLength(acknowledged);
      await check.lock();
    }
    // Temp files of writers that died mid-write are swept at unlock; the previous version stays as .bak.
    expect(readdirSync(home).filter((n) => n.includes('.tmp-'))).toEqual([]);
    expect(readdirSync(home)).toEqual(expect.arrayContaining(['vault.json', 'vault.json.bak']));
  });
});
