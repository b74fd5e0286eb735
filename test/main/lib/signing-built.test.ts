/**
 * The signing library as a user gets it: the BUILT out/lib/signing.js and its declarations, reached through
 * package.json `exports["./signing"]` (Node's own resolution, and TypeScript's with `moduleResolution: nodenext`).
 * `npm run build` builds it; run alone, this test builds it when it is missing or older than its sources.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as SigningLib from '../../../src-main/lib/signing';
import { SCHEMES } from '../../../src-main/signing/registry';
import { vectorCases } from '../signing/public-vectors';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
const JS = join(ROOT, 'out/lib/signing.js');
const DTS = join(ROOT, 'out/lib/signing.d.ts');
const SOURCES = ['src-main/lib', 'src-main/signing', 'src-main/contract', 'src-main/base', 'vite.lib.config.ts', 'tsconfig.lib.json', 'package.json'];

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((n) => newestMtime(join(path, n))));
}

function ensureBuilt(): void {
  const newest = Math.max(...SOURCES.map((p) => newestMtime(join(ROOT, p))));
  if (existsSync(JS) && existsSync(DTS) && Math.min(statSync(JS).mtimeMs, statSync(DTS).mtimeMs) >= newest) return;
  const r = spawnSync('npx', ['vite', 'build', '--config', 'vite.lib.config.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`building the signing library failed:\n${r.stdout}\n${r.stderr}`);
}

type Lib = typeof SigningLib;
let lib: Lib;

beforeAll(async () => {
  ensureBuilt();
  lib = (await import(pathToFileURL(JS).href)) as Lib;
}, 120_000);

const BINANCE = vectorCases('binance-hmac-sha256')[0]!;

describe('built signing library (out/lib/signing.js)', () => {
  it('signs and verifies a Binance documentation vector', async () => {
    const signed = await lib.signRequest('binance-hmac-sha256', BINANCE.request, BINANCE.credentials);
    expect(signed.signature).toBe(BINANCE.expected.signature);
    expect(signed.request.url).toBe(BINANCE.expected.url);
    expect(signed.canonical).toBe(BINANCE.expected.canonical);
    expect(signed.steps.length).toBeGreaterThan(0);
    const check = await lib.verifyRequest('binance-hmac-sha256', signed.request, BINANCE.credentials, { now: BINANCE.timestamp! });
    expect(check).toMatchObject({ valid: true, reason: null, expected: BINANCE.expected.signature });
  });

  it('lists every scheme with its description', () => {
    expect(lib.schemes.map((s) => s.id)).toEqual(SCHEMES.map((s) => s.id));
    for (const s of lib.schemes) {
      expect(s.description.length, s.id).toBeGreaterThan(20);
      expect(s.title, s.id).not.toBe('');
    }
    expect(lib.schemes.map((s) => s.id)).toEqual(expect.arrayContaining(['hmac', 'binance-hmac-sha256', 'aws-sigv4', 'recipe']));
  });

  it('rejects bad input with a coded error naming the field', async () => {
    await expect(lib.signRequest('binance-hmac-sha256', { ...BINANCE.request, url: 'nope' }, BINANCE.credentials)).rejects.toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(/^url:/) });
    await expect(lib.signRequest('nope', BINANCE.request, BINANCE.credentials)).rejects.toMatchObject({ code: 'ERR_UNKNOWN_SCHEME' });
  });

  it('Node resolves `signet/signing` through package.json exports', () => {
    const script = `import { signRequest, schemes } from 'signet/signing';
      const r = await signRequest('binance-hmac-sha256', ${JSON.stringify(BINANCE.request)}, ${JSON.stringify(BINANCE.credentials)});
      console.log(JSON.stringify({ signature: r.signature, schemes: schemes.length }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ signature: BINANCE.expected.signature, schemes: SCHEMES.length });
  });

  it('TypeScript (nodenext) finds the declarations through exports, and they are typed', () => {
    const dir = join(ROOT, 'out/lib-consumer-check');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'consumer.ts'),
      [
        "import { signRequest, verifyRequest, schemes, type SignResult, type VerifyResult } from 'signet/signing';",
        "const signed: SignResult = await signRequest('hmac', { method: 'GET', url: 'https://h/', headers: {}, body: null }, { apiKey: 'k', secret: 's' }, { timestamp: 1 });",
        'const check: VerifyResult = await verifyRequest(\'hmac\', signed.request, { secret: \'s\' }, { now: 1, windowMs: 0 });',
        'const ids: string[] = schemes.map((s) => `${s.id}: ${s.description}`);',
        '// @ts-expect-error the signature is a string (this line fails if the types resolved to any)',
        'const wrong: number = signed.signature;',
        'export { check, ids, wrong };',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] }, files: ['consumer.ts'] }));
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  }, 60_000);
});
