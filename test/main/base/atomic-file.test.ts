import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withFileLock, writeFileAtomic } from '../../../src-main/base/atomic-file';
import { useTempHomes } from '../../helpers/temp-home';
import type { AppError } from '../../../src-main/base/errors';

const newHome = useTempHomes();
const CONTENDER = resolve(import.meta.dirname, '../../fixtures/lock-contender.ts');

function contend(lock: string, counter: string, at: number): Promise<number | null> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CONTENDER, lock, counter, String(at)], { stdio: 'ignore' });
    child.on('exit', (code) => done(code));
  });
}

describe('withFileLock', () => {
  it('lets exactly one process in at a time, even when they all find a dead writer\'s lock', { timeout: 60_000 }, async () => {
    for (let round = 0; round < 3; round++) {
      const dir = newHome();
      const lock = join(dir, 'vault.json.lock');
      const counter = join(dir, 'counter');
      writeFileSync(counter, '0');
      writeFileSync(lock, '999999:left-by-a-killed-writer'); // no such pid
      const at = Date.now() + 1500;
      const codes = await Promise.all(Array.from({ length: 4 }, () => contend(lock, counter, at)));
      expect(codes).toEqual([0, 0, 0, 0]);
      expect(readFileSync(counter, 'utf8'), `round ${round}: an increment was lost`).toBe('4');
      expect(existsSync(lock)).toBe(false);
    }
  });

  it('waits for a live holder and gives up with the caller\'s error', async () => {
    const dir = newHome();
    const lock = join(dir, 'x.lock');
    let release!: () => void;
    const held = withFileLock(lock, () => new Promise<void>((r) => (release = r)), () => new Error('busy'));
    await new Promise((r) => setTimeout(r, 20));
    await expect(withFileLock(lock, async () => 'never', () => new Error('busy: try again'), 200)).rejects.toThrow('busy: try again');
    release();
    await held;
    expect(await withFileLock(lock, async () => 'now', () => new Error('busy'))).toBe('now');
  });
});

describe('writeFileAtomic', () => {
  it('names the file and the cause instead of a raw errno', async () => {
    const dir = newHome();
    writeFileSync(join(dir, 'not-a-folder'), '');
    const e = await writeFileAtomic(join(dir, 'not-a-folder', 'vault.json'), 'x').then(() => null, (err: AppError) => err);
    expect(e?.code).toBe('ERR_FILE');
    expect(e?.message).toContain(join(dir, 'not-a-folder', 'vault.json'));
    expect(e?.message).toMatch(/Nothing was changed/);
  });

  it('with noOverwrite leaves an existing file alone', async () => {
    const dir = newHome();
    mkdirSync(join(dir, 'sub'));
    const path = join(dir, 'sub', 'b.json');
    writeFileSync(path, 'keep');
    const e = await writeFileAtomic(path, 'new', { noOverwrite: true }).then(() => null, (err: AppError) => err);
    expect(e?.message).toMatch(/already exists/);
    expect(readFileSync(path, 'utf8')).toBe('keep');
  });
});
