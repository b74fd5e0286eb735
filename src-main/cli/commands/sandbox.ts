/**
 * `signet sandbox`: the embedded exchange, headless, on loopback, until SIGINT or SIGTERM (then it closes cleanly
 * and exits 0). Keys come from --keys FILE, or one key with every scope is made for this run and printed once: it
 * is kept nowhere, so a person (or a script reading --json) takes it from the output or not at all.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { describeIssues } from '../../base/describe-issues';
import { startSandbox, type SandboxKeySeed } from '../../sandbox/sandbox';
import { keySeedSchema, SANDBOX_SCOPES } from '../../sandbox/sandbox-keys';
import { printable, str, usageError } from '../args';
import type { Command } from '../command';

const MAX_KEYS_FILE_BYTES = 1024 * 1024;

function intFlag(values: Record<string, unknown>, name: string, min: number, max: number, fallback: number): number {
  const text = str(values as Record<string, string | boolean | undefined>, name);
  if (text === undefined) return fallback;
  if (!/^\d{1,6}$/.test(text.trim()) || Number(text) < min || Number(text) > max) throw usageError(`--${name}: expected a whole number from ${min} to ${max}, not "${printable(text).slice(0, 40)}".`);
  return Number(text);
}

async function readKeysFile(path: string): Promise<SandboxKeySeed[]> {
  const bytes = await readFile(path).catch((e: NodeJS.ErrnoException) => {
    throw usageError(`--keys: cannot read ${path} (${e.code === 'ENOENT' ? 'no such file' : e.code ?? e.message}).`);
  });
  if (bytes.byteLength > MAX_KEYS_FILE_BYTES) throw usageError(`--keys: ${path} is larger than 1 MB; a keys file is a short JSON array.`);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw usageError(`--keys: ${path} is not JSON (${(e as Error).message}). Expected [{"apiKey", "secret", "scopes": [...], "expiresAt"?}].`);
  }
  const parsed = z.array(keySeedSchema).min(1, 'expected at least one key').safeParse(json);
  if (!parsed.success) throw usageError(`--keys: ${path}: ${describeIssues(parsed.error)}. Expected [{"apiKey", "secret", "scopes": [${SANDBOX_SCOPES.map((s) => `"${s}"`).join(', ')}], "expiresAt"?}].`);
  const seen = new Set<string>();
  for (const k of parsed.data) {
    if (seen.has(k.apiKey)) throw usageError(`--keys: ${path}: the apiKey "${printable(k.apiKey)}" appears twice.`);
    seen.add(k.apiKey);
  }
  return parsed.data;
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const sandbox: Command = {
  name: 'sandbox',
  summary: 'Run the sandbox exchange on 127.0.0.1 until Ctrl+C',
  synopsis: 'sandbox [--port N] [--symbols N] [--rate HZ] [--keys FILE] [--seed S]',
  details: [
    '  --port N        the port on 127.0.0.1 (default 0: a free port, printed)',
    '  --symbols N     how many markets, 1 to 5000 (default 200)',
    '  --rate HZ       price updates per second per symbol, up to 20 (default 1)',
    '  --keys FILE     a JSON array [{"apiKey", "secret", "scopes": [...], "expiresAt"?}] of keys to trust; scopes are',
    `                  ${SANDBOX_SCOPES.join(', ')}. Without it, one key with every scope is made and printed once.`,
    '  --seed S        the same seed gives the same markets (default: random, printed)',
    '',
    'With --json: one JSON value {url, port, symbols, rateHz, seed, key?} once listening (key only when generated).',
    'Runs until SIGINT (Ctrl+C) or SIGTERM, then closes and exits 0. API: docs/sandbox.md.',
  ].join('\n'),
  options: { port: { type: 'string' }, symbols: { type: 'string' }, rate: { type: 'string' }, keys: { type: 'string' }, seed: { type: 'string' } },
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, { values }) {
    const port = intFlag(values, 'port', 0, 65_535, 0);
    const symbols = intFlag(values, 'symbols', 1, 5000, 200);
    const rateText = str(values, 'rate');
    const rateHz = rateText === undefined ? 1 : Number(rateText.trim());
    if (rateText !== undefined && (!/^\d+(\.\d+)?$/.test(rateText.trim()) || !(rateHz > 0) || rateHz > 20)) {
      throw usageError(`--rate: expected updates per second, more than 0 and at most 20, not "${printable(rateText).slice(0, 40)}".`);
    }
    const seed = str(values, 'seed') ?? String(randomBytes(4).readUInt32BE(0));
    const keysFile = str(values, 'keys');
    const fileKeys = keysFile === undefined ? null : await readKeysFile(keysFile);
    const generated: SandboxKeySeed | null = fileKeys
      ? null
      : { apiKey: `sbx_${randomBytes(12).toString('hex')}`, secret: randomBytes(32).toString('base64url'), scopes: [...SANDBOX_SCOPES], label: 'signet sandbox' };

    const stopped = untilStopped();
    const running = await startSandbox({ port, symbols, rateHz, seed, keys: fileKeys ?? [generated as SandboxKeySeed] });
    const { out } = ctx;
    if (out.json) {
      out.result({ url: running.url, port: running.port, symbols, rateHz, seed, ...(generated && { key: { apiKey: generated.apiKey, secret: generated.secret, scopes: generated.scopes } }) });
    } else {
      out.line(`${out.bold('Sandbox exchange')} on ${running.url}  (${symbols} symbols, ${rateHz} update${rateHz === 1 ? '' : 's'}/s each, seed ${printable(seed)})`);
      if (generated) {
        out.fields([
          ['API key', generated.apiKey],
          ['Secret', `${generated.secret}  ${out.dim('(shown once: it is not stored anywhere)')}`],
          ['Scopes', generated.scopes.join(', ')],
        ]);
      } else out.line(`Trusting ${fileKeys?.length ?? 0} key${fileKeys?.length === 1 ? '' : 's'} from ${printable(keysFile as string)}.`);
      out.line('Sign requests with the `hmac` scheme. Stop with Ctrl+C.');
    }
    const signal = await stopped;
    await running.close();
    out.note(`Sandbox stopped (${signal}).`);
  },
};
