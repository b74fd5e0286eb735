/**
 * `signet vault add`: a key from flags plus a credentials JSON file or stdin. Secrets never come from the
 * command line (it lands in shell history and `ps`). Everything is validated before the vault is unlocked, so
 * a typo costs no passphrase prompt, and the error names the flag or credential field at fault.
 */
import { readFile } from 'node:fs/promises';
import { AppError } from '../../base/errors';
import { checkCredentials } from '../../vault/entry-model';
import { CREDENTIAL_FIELDS } from '../../contract/providers';
import { Credentials, EntryInput } from '../../contract/schemas';
import { list, parseExpiry, printable, str, usageError } from '../args';
import type { Command } from '../command';
import type { CliContext } from '../context';
import { envLabel, shortId } from '../format';
import { ensureUnlocked } from '../unlock';
import { parseEnvironment, parseProvider } from './vault-list';
import { baseUrlProblem } from '../../http/host-allowlist';

const MAX_CREDENTIALS_BYTES = 256 * 1024;

/** Entry fields → the flag a person typed, so errors point at the command line. */
const FLAG_OF: Record<string, string> = {
  label: '--label',
  provider: '--provider',
  baseUrl: '--base-url',
  environment: '--env',
  scopes: '--scopes',
  tags: '--tags',
  expiresAt: '--expires',
  notes: '--notes',
};

/** The flags that describe a key (`vault add`, `keygen`). */
export const KEY_META_OPTIONS = {
  label: { type: 'string' },
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  env: { type: 'string' },
  scopes: { type: 'string' },
  tags: { type: 'string' },
  expires: { type: 'string' },
  notes: { type: 'string' },
} as const;

export const vaultAdd: Command = {
  name: 'add',
  summary: 'Add a key; credentials come from a JSON file or stdin',
  synopsis:
    'add --label L --provider P --env dev|test|prod --credentials FILE|- [--base-url URL] [--scopes a,b] [--tags a,b] [--expires DATE] [--notes TEXT]',
  details: [
    '  --label L            a unique name for the key',
    '  --provider P         sandbox, binance, coinbase, kraken, okx, bybit, kucoin, bitfinex, gemini, coingecko,',
    '                       token-metrics, aws or custom',
    '  --env E              dev, test or prod',
    '  --credentials FILE   a JSON object such as {"apiKey": "…", "secret": "…"}; `-` reads it from stdin.',
    '                       Fields: ' + CREDENTIAL_FIELDS.join(', '),
    '  --base-url URL       the API base URL, if not the provider default',
    '  --scopes a,b         what the key may do (read, trade, withdraw, keys:manage, …)',
    '  --tags a,b           free-form tags for filtering',
    '  --expires DATE       YYYY-MM-DD (good through that day, UTC) or an ISO 8601 timestamp',
    '  --notes TEXT         notes kept with the key (sealed like everything else)',
    '',
    'Secrets are never accepted on the command line.',
  ].join('\n'),
  options: { ...KEY_META_OPTIONS, credentials: { type: 'string' } },
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx, { values }) {
    for (const required of ['label', 'provider', 'env', 'credentials']) {
      if (str(values, required) === undefined) throw usageError(`Missing --${required} (see \`signet vault add --help\`).`);
    }
    const provider = parseProvider(str(values, 'provider'))!;
    const environment = parseEnvironment(str(values, 'env'))!;
    const expires = str(values, 'expires');
    const baseUrl = str(values, 'base-url');
    const meta = {
      label: str(values, 'label')!,
      provider,
      environment,
      ...(baseUrl !== undefined && { baseUrl }),
      scopes: list(str(values, 'scopes')),
      tags: list(str(values, 'tags')),
      ...(expires !== undefined && { expiresAt: parseExpiry(expires) }),
      notes: str(values, 'notes') ?? '',
    };
    const metaCheck = EntryInput.omit({ credentials: true }).safeParse(meta);
    if (!metaCheck.success) {
      const issue = metaCheck.error.issues[0]!;
      const field = String(issue.path[0] ?? '');
      throw usageError(`${FLAG_OF[field] ?? field}: ${issue.message}`);
    }
    // The person typed the base URL, so it needs no confirmation here; one no key of the provider may have is refused.
    const baseUrlIssue = metaCheck.data.baseUrl ? baseUrlProblem(provider, metaCheck.data.baseUrl) : null;
    if (baseUrlIssue) throw usageError(`--base-url: ${baseUrlIssue}`);
    const credentials = checkCredentials(provider, await readCredentials(ctx, str(values, 'credentials')!));

    await ensureUnlocked(ctx);
    const summary = await ctx.vault.add({ ...metaCheck.data, credentials });
    const { out } = ctx;
    if (out.json) {
      out.result(summary);
      return;
    }
    out.line(`Added "${printable(summary.label)}" (${summary.provider}, ${envLabel(summary.environment)}) as ${shortId(summary.id)}  key ${summary.preview}`);
    out.note(`Full id: ${summary.id}`);
  },
};

async function readCredentials(ctx: CliContext, source: string): Promise<Credentials> {
  let text: string;
  let where: string;
  if (source === '-') {
    where = 'stdin';
    if (ctx.io.isTTY) ctx.io.stderr.write('Paste the credentials JSON, then press Ctrl-D:\n');
    text = await ctx.prompter.readAll(MAX_CREDENTIALS_BYTES);
  } else {
    where = source;
    try {
      text = await readFile(source, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw usageError(`--credentials: cannot read ${source}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message}.`);
    }
    if (Buffer.byteLength(text) > MAX_CREDENTIALS_BYTES) throw usageError(`--credentials: ${source} is too large to be a credentials file.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // The parser's message can quote the text, which is a secret: say where, not what.
    throw new AppError('ERR_CREDENTIALS_INVALID', `Credentials from ${where} are not valid JSON; expected an object such as {"apiKey": "…", "secret": "…"}.`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AppError('ERR_CREDENTIALS_INVALID', `Credentials from ${where} must be a JSON object such as {"apiKey": "…", "secret": "…"}.`);
  }
  const unknown = Object.keys(raw).filter((k) => !(CREDENTIAL_FIELDS as readonly string[]).includes(k));
  if (unknown.length) {
    throw new AppError('ERR_CREDENTIALS_INVALID', `Credentials from ${where}: unknown field ${unknown.map((k) => `"${printable(k)}"`).join(', ')}; the fields are ${CREDENTIAL_FIELDS.join(', ')}.`);
  }
  const parsed = Credentials.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('ERR_CREDENTIALS_INVALID', `Credentials from ${where}: ${String(issue.path[0] ?? 'value')} must be a string (${issue.message}).`);
  }
  return parsed.data;
}
