/**
 * For tests of "Copy as" code: runs the generated bash, tsx and python3 programs for real against a loopback server
 * that checks each request with a scheme's own verify.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { CodeFormat } from '../../src-main/signing/export/code-writer';
import type { SignableRequest, VerifyResult } from '../../src-main/signing/types';

const run = promisify(execFile);
const TSX = join(resolve(import.meta.dirname, '../..'), 'node_modules/.bin/tsx');

/** Whether a tool the exported code needs is here; with CI=true a missing one fails instead. */
export async function canRun(cmd: string, args: string[], what = cmd): Promise<boolean> {
  try {
    await run(cmd, args, { timeout: 10_000 });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error(`${what} is needed to run the exported code`);
    process.stderr.write(`\n!!! ${what} is missing: exported code for it is NOT run.\n`);
    return false;
  }
}

export interface VerifyingServer {
  readonly origin: string;
  /** Every request the server received, in order (tests reset it with `seen.length = 0`). */
  readonly seen: SignableRequest[];
  /** Runs exported code with only PATH, HOME and `env` in its environment; returns its trimmed stdout. */
  run(format: CodeFormat, code: string, env: Record<string, string>): Promise<string>;
  close(): Promise<void>;
}

/**
 * Answers 200 "verified" when `verify(request, path)` says valid, 401 "rejected: <reason>" otherwise, and 500 when
 * `verify` throws (an unknown path, say).
 */
export async function startVerifyingServer(verify: (request: SignableRequest, path: string) => Promise<VerifyResult> | VerifyResult): Promise<VerifyingServer> {
  const dir = mkdtempSync(join(tmpdir(), 'signet-export-'));
  const seen: SignableRequest[] = [];
  let origin = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
      const request: SignableRequest = { method: req.method ?? '', url: `${origin}${req.url}`, headers, body: body === '' ? null : body };
      seen.push(request);
      try {
        const check = await verify(request, req.url ?? '');
        res.writeHead(check.valid ? 200 : 401, { 'content-type': 'text/plain' }).end(check.valid ? 'verified' : `rejected: ${check.reason}`);
      } catch (e) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`error: ${String(e)}`);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    seen,
    async run(format, code, env) {
      const file = join(dir, `request-${Math.random().toString(36).slice(2)}.${format === 'curl' ? 'sh' : format === 'fetch' ? 'ts' : 'py'}`);
      writeFileSync(file, code);
      const [cmd, args] = format === 'curl' ? ['bash', [file]] : format === 'fetch' ? [TSX, [file]] : ['python3', [file]];
      const { stdout } = await run(cmd, args as string[], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 30_000 });
      return stdout.trim();
    },
    async close() {
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
