/**
 * Drives the real CLI (`run()` from src-main/cli/run.ts) in-process with in-memory streams, real files in a temp
 * SIGNET_HOME and real crypto. Only scrypt's cost is lowered (N = 2^14) and the OS slot is off, so these tests
 * never touch a keyring; the built-CLI test covers the keyring.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { run } from '../../../src-main/cli/run';

export const FAST_KDF = { N: 2 ** 14, r: 8, p: 1 };
export const PASSPHRASE = 'orbit canyon marble thistle 42';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON (throws if it is not exactly one JSON value). */
  json<T = unknown>(): T;
}

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

export interface RunOpts {
  readonly env?: Record<string, string | undefined>;
  /** Text on stdin (ended afterwards). */
  readonly stdin?: string;
  readonly isTTY?: boolean;
}

export function tempHome(): { home: string; cleanup: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'signet-cli-'));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

export async function runCli(argv: string[], home: string, opts: RunOpts = {}): Promise<CliResult> {
  const stdin = new PassThrough();
  stdin.end(opts.stdin ?? '');
  const stdout = new Sink();
  const stderr = new Sink();
  const env: Record<string, string | undefined> = { SIGNET_HOME: home, SIGNET_PASSPHRASE: PASSPHRASE, ...opts.env };
  const code = await run(argv, { stdin, stdout, stderr, env, isTTY: opts.isTTY ?? false }, { kdf: FAST_KDF, osSlot: null, version: '9.9.9-test' });
  return {
    code,
    stdout: stdout.text,
    stderr: stderr.text,
    json<T>() {
      return JSON.parse(stdout.text) as T;
    },
  };
}

/**
 * Flips one character in the middle of the longest base64 string of a vault or backup file (a sealed blob),
 * keeping the file valid JSON and valid base64, so only the cryptographic checks can notice.
 */
export function tamperSealedBlob(text: string): string {
  let best: RegExpExecArray | null = null;
  for (const m of text.matchAll(/"([A-Za-z0-9+/]{40,}={0,2})"/g)) if (!best || m[1]!.length > best[1]!.length) best = m as RegExpExecArray;
  if (!best) throw new Error('no sealed blob found in the file');
  const at = best.index + 1 + Math.floor(best[1]!.length / 2);
  const flipped = text[at] === 'A' ? 'B' : 'A';
  return text.slice(0, at) + flipped + text.slice(at + 1);
}
