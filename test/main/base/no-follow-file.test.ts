/**
 * Reads and appends in the Signet home on real files: a symbolic link planted at the name is refused (ERR_FILE
 * naming the file) and neither it nor what it points to is touched; a FIFO or a folder there is refused at once
 * instead of hanging the open or reading something that is not a file.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../src-main/base/errors';
import { appendFileNoFollow, isLinkRefusal, readFileNoFollow } from '../../../src-main/base/no-follow-file';
import { useTempHomes } from '../../helpers/temp-home';

const newHome = useTempHomes();

function planted() {
  const dir = newHome();
  const victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'precious\n');
  const path = join(dir, 'history.jsonl');
  symlinkSync(victim, path);
  return { victim, path };
}

const failure = (p: Promise<unknown>) => p.then(() => null, (e: AppError) => e);

describe('appendFileNoFollow', () => {
  it('creates the file with the mode asked, and appends to it', async () => {
    const path = join(newHome(), 'history.jsonl');
    await appendFileNoFollow(path, 'a\n', 0o600);
    await appendFileNoFollow(path, 'b\n', 0o600);
    expect(readFileSync(path, 'utf8')).toBe('a\nb\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses a symbolic link at the path, naming it, and leaves the link and its target untouched', async () => {
    const { victim, path } = planted();
    const e = await failure(appendFileNoFollow(path, 'attacker-controlled\n', 0o600));
    expect(e?.code).toBe('ERR_FILE');
    expect(e?.message).toContain(path);
    expect(e?.message).toMatch(/symbolic link.*[Rr]emove the link/s);
    expect(isLinkRefusal(e)).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(readlinkSync(path)).toBe(victim);
  });

  it('refuses a dangling symbolic link too, instead of creating its target', async () => {
    const dir = newHome();
    const target = join(dir, 'created-by-signet');
    const path = join(dir, 'history.jsonl');
    symlinkSync(target, path);
    expect(isLinkRefusal(await failure(appendFileNoFollow(path, 'x\n', 0o600)))).toBe(true);
    expect(lstatSync(target, { throwIfNoEntry: false })).toBeUndefined();
  });

  it('refuses a FIFO at the path at once (an open would wait for a reader)', async () => {
    const path = join(newHome(), 'history.jsonl');
    execFileSync('mkfifo', [path]);
    const e = await failure(appendFileNoFollow(path, 'x\n', 0o600));
    expect(e?.code).toBe('ERR_FILE');
    expect(e?.message).toContain(path);
  });
});

describe('readFileNoFollow', () => {
  it('reads a regular file, and reports a missing one as ENOENT for the caller to decide', async () => {
    const path = join(newHome(), 'state.json');
    writeFileSync(path, '{"ok":true}');
    expect(await readFileNoFollow(path)).toBe('{"ok":true}');
    await expect(readFileNoFollow(`${path}.missing`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a symbolic link: nothing outside the home is read', async () => {
    const { path } = planted();
    const e = await failure(readFileNoFollow(path));
    expect(isLinkRefusal(e)).toBe(true);
    expect(e?.message).toContain(path);
    expect(e?.message).not.toContain('precious');
  });

  it('refuses a FIFO and a folder at once, saying it is not a regular file', async () => {
    const dir = newHome();
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    mkdirSync(join(dir, 'folder'));
    for (const path of [fifo, join(dir, 'folder')]) {
      const e = await failure(readFileNoFollow(path));
      expect(e?.code).toBe('ERR_FILE');
      expect(e?.message).toMatch(/not a regular file/);
    }
  });
});
