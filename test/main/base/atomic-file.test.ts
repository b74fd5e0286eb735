import { spawn } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepCopy, withFileLock, writeFileAtomic } from '../../../src-main/base/atomic-file';
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

  describe('with a symbolic link planted at the target', () => {
    function planted() {
      const dir = newHome();
      mkdirSync(join(dir, 'home'));
      mkdirSync(join(dir, 'outside'));
      const victim = join(dir, 'outside', 'victim.txt');
      writeFileSync(victim, 'precious');
      const path = join(dir, 'home', 'state.json');
      symlinkSync(victim, path);
      return { dir, victim, path };
    }

    it('replaces the link itself by default and never writes through it', async () => {
      const { victim, path } = planted();
      await writeFileAtomic(path, 'new');
      expect(readFileSync(victim, 'utf8')).toBe('precious');
      expect(lstatSync(path).isSymbolicLink()).toBe(false);
      expect(readFileSync(path, 'utf8')).toBe('new');
    });

    it('with refuseLink fails with ERR_FILE naming the link, and leaves the link and its target untouched', async () => {
      const { dir, victim, path } = planted();
      const e = await writeFileAtomic(path, 'new', { refuseLink: true }).then(() => null, (err: AppError) => err);
      expect(e?.code).toBe('ERR_FILE');
      expect(e?.message).toContain(path);
      expect(e?.message).toMatch(/symbolic link.*[Rr]emove the link/s);
      expect(readFileSync(victim, 'utf8')).toBe('precious');
      expect(readlinkSync(path)).toBe(victim);
      expect(readdirSync(join(dir, 'home'))).toEqual(['state.json']); // no temp file left behind
    });

    it('does not keep a link as the previous good version (the backup would point outside)', async () => {
      const { victim, path } = planted();
      const backupPath = `${path}.bak`;
      const e = await writeFileAtomic(path, 'new', { backupPath }).then(() => null, (err: AppError) => err);
      expect(e?.code).toBe('ERR_FILE');
      expect(e?.message).toMatch(/symbolic link/);
      expect(existsSync(backupPath) || lstatSync(backupPath, { throwIfNoEntry: false }) !== undefined).toBe(false);
      await expect(keepCopy(path, backupPath)).rejects.toMatchObject({ code: 'ERR_FILE', message: expect.stringMatching(/symbolic link/) });
      expect(lstatSync(backupPath, { throwIfNoEntry: false })).toBeUndefined();
      expect(readFileSync(victim, 'utf8')).toBe('precious');
    });
  });
});

describe('withFileLock, with a symbolic link planted as the lock', () => {
  it('refuses at once, naming the lock file, instead of reading through it or waiting on it', async () => {
    const dir = newHome();
    const outside = join(dir, 'outside-lock');
    writeFileSync(outside, '1:held-by-init'); // pid 1 is alive: read through the link, this lock looks held
    const lock = join(dir, 'vault.json.lock');
    symlinkSync(outside, lock);
    const started = Date.now();
    const e = await withFileLock(lock, async () => 'ran', () => new Error('busy'), 2000).then(() => null, (err: AppError) => err);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(e?.code).toBe('ERR_FILE');
    expect(e?.message).toContain(lock);
    expect(e?.message).toMatch(/symbolic link/);
    expect(readlinkSync(lock)).toBe(outside);
    expect(readFileSync(outside, 'utf8')).toBe('1:held-by-init');
  });
});
