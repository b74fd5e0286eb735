/**
 * The files under a scan root, in name order, with what is left out and why.
 *
 * - .gitignore rules, read with the `ignore` package (the rules git documents, kept by people who track git's
 *   behaviour, rather than our own glob code): every .gitignore from the repository's top down to each directory,
 *   the deeper file winning, plus .git/info/exclude; an ignored directory is not entered. The global excludes file
 *   (core.excludesFile) is not read. `.git` itself is never scanned.
 * - Symbolic links are not followed, to files or directories: a link's target inside the tree is scanned where it
 *   lies, and one outside it is not part of the tree. A root given as a link is resolved once.
 * - A directory met twice (bind mounts, a root inside another root) is scanned once; one that is its own ancestor is
 *   reported as a loop.
 * - FIFOs, sockets and devices are skipped without being opened.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { ScanSkipReason } from '../contract/scan';

export type WalkItem =
  | { readonly kind: 'file'; readonly path: string; readonly display: string }
  | { readonly kind: 'skip'; readonly display: string; readonly reason: ScanSkipReason; readonly detail: string };

interface IgnoreLevel {
  readonly dir: string;
  readonly rules: Ignore;
}

const posix = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));

function readRules(file: string): Ignore | null {
  try {
    return ignore().add(readFileSync(file, 'utf8'));
  } catch {
    // An unreadable .gitignore ignores nothing (git does the same).
    return null;
  }
}

/** The git work tree `dir` lies in (a folder with `.git`, a directory or a worktree's file), or null. */
export function workTreeOf(dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return null;
  }
}

/** The rules that apply above `root`: .git/info/exclude and every .gitignore from the work tree's top to root's parent. */
function levelsAbove(root: string): IgnoreLevel[] {
  const top = workTreeOf(root);
  if (!top) return [];
  const levels: IgnoreLevel[] = [];
  const exclude = readRules(join(top, '.git', 'info', 'exclude'));
  if (exclude) levels.push({ dir: top, rules: exclude });
  // root's own .gitignore is read when root is walked; the ones above it, from the top down, here.
  const chain: string[] = [];
  if (root !== top) {
    for (let d = dirname(root); ; d = dirname(d)) {
      chain.unshift(d);
      if (d === top || dirname(d) === d) break;
    }
  }
  for (const d of chain) {
    const rules = readRules(join(d, '.gitignore'));
    if (rules) levels.push({ dir: d, rules });
  }
  return levels;
}

function isIgnored(levels: readonly IgnoreLevel[], path: string, isDir: boolean): boolean {
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i]!;
    const rel = posix(relative(level.dir, path));
    if (rel === '' || rel.startsWith('..')) continue;
    const r = level.rules.test(isDir ? `${rel}/` : rel);
    if (r.ignored) return true;
    if (r.unignored) return false;
  }
  return false;
}

export interface WalkOptions {
  readonly gitignore: boolean;
  /** Directories already scanned in this run (`dev:ino`), shared between roots. */
  readonly seen: Set<string>;
}

/**
 * Walks `root` (an absolute, resolved directory); `display` is how the person named it, and prefixes every path.
 */
export function* walkTree(root: string, display: string, opts: WalkOptions): Generator<WalkItem> {
  const show = (path: string): string => {
    const rel = posix(relative(root, path));
    return display === '.' || display === '' ? rel : posix(join(display, rel));
  };
  const rootStat = statSync(root);
  const rootKey = `${rootStat.dev}:${rootStat.ino}`;
  if (opts.seen.has(rootKey)) return;
  opts.seen.add(rootKey);
  const levels = opts.gitignore ? levelsAbove(root) : [];
  yield* walkDir(root, levels, new Set([rootKey]));

  function* walkDir(dir: string, parentLevels: readonly IgnoreLevel[], ancestors: Set<string>): Generator<WalkItem> {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') yield { kind: 'skip', display: `${show(dir)}/`, reason: 'vanished', detail: 'directory removed during the scan' };
      else yield { kind: 'skip', display: `${show(dir)}/`, reason: 'unreadable', detail: code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message };
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let levels = parentLevels;
    if (opts.gitignore && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      const rules = readRules(join(dir, '.gitignore'));
      if (rules) levels = [...parentLevels, { dir, rules }];
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      let type: 'file' | 'dir' | 'link' | 'other';
      if (e.isFile()) type = 'file';
      else if (e.isDirectory()) type = 'dir';
      else if (e.isSymbolicLink()) type = 'link';
      else if (e.isFIFO() || e.isSocket() || e.isBlockDevice() || e.isCharacterDevice()) type = 'other';
      else {
        // DT_UNKNOWN on some file systems: ask lstat.
        try {
          const st = lstatSync(path);
          type = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'link' : 'other';
        } catch {
          continue;
        }
      }
      if (type === 'dir' && e.name === '.git') continue;
      if (opts.gitignore && isIgnored(levels, path, type === 'dir')) continue;
      if (type === 'file') yield { kind: 'file', path, display: show(path) };
      else if (type === 'link') yield { kind: 'skip', display: show(path), reason: 'symlink', detail: 'a symbolic link; not followed' };
      else if (type === 'other') yield { kind: 'skip', display: show(path), reason: 'not-a-file', detail: 'a FIFO, socket or device' };
      else {
        let key: string;
        try {
          const st = statSync(path);
          key = `${st.dev}:${st.ino}`;
        } catch {
          yield { kind: 'skip', display: `${show(path)}/`, reason: 'vanished', detail: 'directory removed during the scan' };
          continue;
        }
        if (ancestors.has(key)) {
          yield { kind: 'skip', display: `${show(path)}/`, reason: 'loop', detail: 'this directory contains itself (a bind mount?); not entered again' };
          continue;
        }
        if (opts.seen.has(key)) continue;
        opts.seen.add(key);
        ancestors.add(key);
        yield* walkDir(path, levels, ancestors);
        ancestors.delete(key);
      }
    }
  }
}
