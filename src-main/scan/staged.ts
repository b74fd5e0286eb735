/**
 * `--staged`: what `git commit` is about to record, read from the index, not the working tree, so a pre-commit hook
 * sees the very bytes of the commit even when the files on disk have changed since `git add`.
 *
 * `git diff --cached --raw -z --no-abbrev --no-renames --diff-filter=ACMRT` gives each staged path with its mode and
 * the id of its staged blob (the same list as `--name-only`, with the blob ids `git show :path` would read), then one
 * `git cat-file --batch` streams every blob, instead of one `git show` process per file. Symbolic links (mode 120000)
 * and submodules (160000) are reported as skipped; deleted files are not part of the commit. .gitignore does not apply:
 * what is staged is committed, ignored or not.
 */
import { execFile, spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { relative } from 'node:path';
import { AppError } from '../base/errors';

export interface StagedBlob {
  readonly path: string;
  readonly mode: string;
  readonly oid: string;
}

function git(cwd: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr: stderr.toString('utf8') }));
      else resolve(stdout);
    });
  });
}

/** The work tree's top for `dir`, or ERR_VALIDATION saying --staged needs a repository. */
export async function repositoryOf(dir: string): Promise<string> {
  try {
    const out = await git(dir, ['rev-parse', '--show-toplevel']);
    return realpathSync(out.toString('utf8').trim());
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !(e as { stderr?: string }).stderr) {
      throw new AppError('ERR_VALIDATION', '--staged needs git, which is not installed or not on PATH. Install git, or scan the folder without --staged.');
    }
    throw new AppError('ERR_VALIDATION', `${dir} is not inside a git repository, so there is nothing staged to scan. Run it inside the repository, or scan the folder without --staged.`);
  }
}

/** The staged blobs under `dirs` (absolute, resolved, all inside the work tree `top`). */
export async function stagedBlobs(top: string, dirs: readonly string[]): Promise<StagedBlob[]> {
  // `:(top)` alone is the whole work tree; a folder below it is named literally (no glob in its name).
  const specs = dirs.map((d) => relative(top, d).split('\\').join('/')).map((p) => (p ? `:(top,literal)${p}` : ':(top)'));
  const out = await git(top, ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--no-renames', '--diff-filter=ACMRT', '--', ...specs]).catch((e: unknown) => {
    throw new AppError('ERR_VALIDATION', `git could not list what is staged in ${top}: ${((e as { stderr?: string }).stderr ?? String(e)).trim().split('\n')[0]}`);
  });
  // `:<old mode> <new mode> <old oid> <new oid> <status>\0<path>\0` per file.
  const fields = out.toString('utf8').split('\0');
  const blobs: StagedBlob[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const meta = fields[i]!.replace(/^:/, '').split(' ');
    const path = fields[i + 1]!;
    if (meta.length < 5 || !path) continue;
    blobs.push({ path, mode: meta[1]!, oid: meta[3]! });
  }
  return blobs;
}

/**
 * Streams the blobs' contents through one `git cat-file --batch`, calling `each` in order; a blob is held in memory
 * only while `each` runs. Stops early when `signal` aborts.
 */
export async function readBlobs(top: string, oids: readonly string[], each: (index: number, data: Buffer) => void, signal?: AbortSignal): Promise<void> {
  if (oids.length === 0) return;
  const child = spawn('git', ['cat-file', '--batch'], { cwd: top, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const onAbort = () => child.kill();
  signal?.addEventListener('abort', onAbort, { once: true });
  child.stdin.on('error', () => {});
  child.stdin.end(`${oids.join('\n')}\n`);

  let index = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let need: number | null = null; // bytes of the current blob still to come (+1 for its trailing newline)
  const take = (n: number): Buffer => {
    const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    pending = rest.length ? [rest] : [];
    pendingBytes = rest.length;
    return head;
  };
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      for (;;) {
        if (need === null) {
          const joined = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
          pending = [joined];
          const nl = joined.indexOf(10);
          if (nl < 0) break;
          const header = take(nl + 1).toString('utf8').trim();
          const m = /^\S+ \S+ (\d+)$/.exec(header);
          if (!m) throw new AppError('ERR_FILE', `git cat-file gave an unexpected answer for a staged file: ${header.slice(0, 80)}`);
          need = Number(m[1]) + 1;
        }
        if (pendingBytes < need) break;
        const blob = take(need).subarray(0, need - 1);
        need = null;
        each(index++, blob);
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  const code: number | null = child.exitCode ?? (await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c))));
  if (signal?.aborted) return;
  if (code !== 0 || index < oids.length) {
    throw new AppError('ERR_FILE', `git cat-file could not read the staged files (${stderr.trim().split('\n')[0] || `exit ${code}`}).`);
  }
}
