/**
 * What `signet sign` and `signet verify` share: the request from flags, the credentials from a file, stdin or a
 * vault entry, the scheme (given, or implied by the entry's provider), and scheme options. Everything a person
 * typed is checked before the vault is unlocked, so a typo costs no passphrase prompt, and every error names the
 * flag or credential field at fault (exit 2, one line).
 */
import { readFile } from 'node:fs/promises';
import type { ParseArgsOptionsConfig } from 'node:util';
import { AppError, isAppError } from '../../base/errors';
import { HEADER_NAME } from '../../contract/field-rules';
import { CREDENTIAL_FIELDS } from '../../contract/providers';
import { combineHeaderLines, type HeaderLine } from '../../signing/debug/combine-header-lines';
import { SCHEMES } from '../../signing/registry';
import { assertSchemeForProvider, schemeForProvider } from '../../signing/scheme-for-provider';
import type { SchemeCredentials, SignableRequest } from '../../signing/types';
import { printable, str, usageError, type OptionValues } from '../args';
import type { CliContext } from '../context';
import { ensureUnlocked } from '../unlock';
import { awaitingApiKeyError } from '../../vault/key-pair';

const MAX_CREDENTIALS_BYTES = 256 * 1024;
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Flags both commands take. */
export const REQUEST_OPTIONS = {
  scheme: { type: 'string' },
  credentials: { type: 'string' },
  key: { type: 'string' },
  method: { type: 'string' },
  url: { type: 'string' },
  header: { type: 'string', multiple: true },
  body: { type: 'string' },
  'body-file': { type: 'string' },
  option: { type: 'string', multiple: true },
} as const satisfies ParseArgsOptionsConfig;

export const REQUEST_DETAILS = [
  '  --scheme ID            the signing scheme (`signet sign --help` lists them); may be left out with --key,',
  '                         which implies it from the key\'s provider and key type',
  '  --credentials FILE|-   a JSON object: apiKey, secret (as the API issued it, or a PKCS#8 PEM private key for',
  '                         the Ed25519, RSA and ES256 schemes), passphrase, privateKeyPem; for AWS accessKeyId,',
  '                         secretAccessKey, sessionToken, region, service. `-` reads it from stdin.',
  '  --key ENTRY            a vault key instead (an id, a unique id prefix or a unique label); unlocks the vault',
  '  --method M             GET, POST, …',
  '  --url URL              the full URL, query included',
  '  --header \'Name: v\'     a request header (repeat for more; a repeated name is one header, values joined',
  '                         with "," in order, as RFC 9110 combines them)',
  '  --body TEXT            the body, byte for byte; or --body-file FILE (`-` for stdin)',
  '  --option k=v           a scheme option (repeat for more): algorithm=hmac-sha512 for hmac;',
  '                         recipe=@recipe.json (or recipe=<JSON>) for recipe. k=@FILE reads the value from FILE.',
].join('\n');

export function schemeList(): string {
  const w = Math.max(...SCHEMES.map((s) => s.id.length));
  return ['Schemes:', ...SCHEMES.map((s) => `  ${s.id.padEnd(w)}   ${s.title}`)].join('\n');
}

export interface RequestInput {
  readonly schemeId: string | undefined;
  readonly request: SignableRequest;
  readonly options: Record<string, string>;
  readonly source: { readonly kind: 'credentials'; readonly from: string } | { readonly kind: 'key'; readonly ref: string };
}

function many(values: OptionValues, name: string): string[] {
  const v = (values as Record<string, unknown>)[name];
  return Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : [];
}

/** `--timestamp`, `--now`: epoch milliseconds. */
export function epochMs(values: OptionValues, flag: string): number | undefined {
  const v = str(values, flag);
  if (v === undefined) return undefined;
  if (!/^\d{1,16}$/.test(v.trim())) throw usageError(`--${flag}: expected epoch milliseconds such as 1764300000000, not "${printable(v).slice(0, 40)}".`);
  return Number(v.trim());
}

export async function readText(ctx: CliContext, source: string, flag: string, maxBytes: number, what: string): Promise<string> {
  if (source === '-') {
    if (ctx.prompter.stdinConsumed) throw usageError(`--${flag}: stdin is already used by another flag; give a file.`);
    if (ctx.io.isTTY) ctx.io.stderr.write(`Paste the ${what}, then press Ctrl-D:\n`);
    return ctx.prompter.readAll(maxBytes);
  }
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw usageError(`--${flag}: cannot read ${printable(source)}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'a directory' : (e as Error).message}.`);
  }
  if (Buffer.byteLength(text) > maxBytes) throw usageError(`--${flag}: ${printable(source)} is larger than ${maxBytes} bytes.`);
  return text;
}

/** The request, scheme and options from the flags; credentials are read later (`withCredentials`). */
export async function readRequestInput(ctx: CliContext, values: OptionValues, command: string): Promise<RequestInput> {
  const credentials = str(values, 'credentials');
  const key = str(values, 'key');
  if (credentials !== undefined && key !== undefined) throw usageError('Give --credentials or --key, not both.');
  if (credentials === undefined && key === undefined) throw usageError(`Missing --credentials FILE|- or --key ENTRY (see \`signet ${command} --help\`).`);
  const schemeId = str(values, 'scheme');
  if (schemeId === undefined && key === undefined) throw usageError(`Missing --scheme (only --key can imply it); use one of: ${SCHEMES.map((s) => s.id).join(', ')}.`);
  if (schemeId !== undefined && !SCHEMES.some((s) => s.id === schemeId)) {
    throw new AppError('ERR_UNKNOWN_SCHEME', `--scheme: unknown scheme "${printable(schemeId)}"; use one of: ${SCHEMES.map((s) => s.id).join(', ')}.`);
  }
  for (const required of ['method', 'url']) {
    if (str(values, required) === undefined) throw usageError(`Missing --${required} (see \`signet ${command} --help\`).`);
  }

  // A repeated name is one header, its values joined with "," in order (RFC 9110 §5.3), as the debugger's parsers do.
  const headerLines: HeaderLine[] = [];
  for (const h of many(values, 'header')) {
    const colon = h.indexOf(':');
    const name = (colon < 0 ? h : h.slice(0, colon)).trim();
    if (colon < 0 || !HEADER_NAME.test(name)) throw usageError(`--header: expected 'Name: value', not "${printable(h).slice(0, 60)}".`);
    const value = h.slice(colon + 1).trim();
    if (/[\r\n\0]/.test(value)) throw usageError(`--header ${name}: a header value is one line.`);
    headerLines.push([name, value]);
  }
  const headers = combineHeaderLines(headerLines);

  const bodyText = str(values, 'body');
  const bodyFile = str(values, 'body-file');
  if (bodyText !== undefined && bodyFile !== undefined) throw usageError('Give --body or --body-file, not both.');
  if (bodyFile === '-' && credentials === '-') throw usageError('--body-file - and --credentials - both want stdin; give one of them as a file.');
  const body = bodyFile !== undefined ? await readText(ctx, bodyFile, 'body-file', MAX_BODY_BYTES, 'body') : (bodyText ?? null);

  const options: Record<string, string> = {};
  for (const o of many(values, 'option')) {
    const eq = o.indexOf('=');
    const k = eq < 0 ? '' : o.slice(0, eq).trim();
    if (!k) throw usageError(`--option: expected k=v, not "${printable(o).slice(0, 60)}".`);
    if (k in options) throw usageError(`--option: ${printable(k)} is given twice.`);
    const v = o.slice(eq + 1);
    options[k] = v.startsWith('@') ? await readText(ctx, v.slice(1), `option ${k}`, MAX_CREDENTIALS_BYTES, `${k} option`) : v;
  }

  return {
    schemeId,
    request: { method: str(values, 'method')!, url: str(values, 'url')!, headers, body: body === '' ? null : body },
    options,
    source: credentials !== undefined ? { kind: 'credentials', from: credentials } : { kind: 'key', ref: key! },
  };
}

export async function readCredentials(ctx: CliContext, source: string): Promise<SchemeCredentials> {
  const where = source === '-' ? 'stdin' : printable(source);
  const text = await readText(ctx, source, 'credentials', MAX_CREDENTIALS_BYTES, 'credentials JSON');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // The parser's message can quote the text, which is a secret: say where, not what.
    throw new AppError('ERR_CREDENTIALS_INVALID', `--credentials: ${where} is not valid JSON; expected an object such as {"apiKey": "…", "secret": "…"}.`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AppError('ERR_CREDENTIALS_INVALID', `--credentials: ${where} must hold a JSON object such as {"apiKey": "…", "secret": "…"}.`);
  }
  for (const [k, v] of Object.entries(raw)) {
    if (!(CREDENTIAL_FIELDS as readonly string[]).includes(k)) {
      throw new AppError('ERR_CREDENTIALS_INVALID', `credentials.${printable(k).slice(0, 40)}: not a credential field; the fields are ${CREDENTIAL_FIELDS.join(', ')}.`);
    }
    if (typeof v !== 'string') throw new AppError('ERR_CREDENTIALS_INVALID', `credentials.${k}: expected a string.`);
  }
  return raw as SchemeCredentials;
}

/** Signing input errors name engine fields (`url`, `headers.X`); on the command line they are flags. */
const FLAG_FOR: Readonly<Record<string, string>> = { url: '--url', method: '--method', body: '--body', nonce: '--nonce', timestamp: '--timestamp' };

function asFlagError(e: unknown): unknown {
  if (!isAppError(e) || e.code !== 'ERR_SIGNING_INPUT') return e;
  const m = /^([^:]+): /.exec(e.message);
  if (!m) return e;
  const field = m[1]!;
  const flag = FLAG_FOR[field] ?? (field.startsWith('option ') ? `--${field}` : field.startsWith('headers.') ? `--header ${field.slice(8)}` : null);
  return flag ? new AppError(e.code, `${flag}: ${e.message.slice(m[0].length)}`) : e;
}

/**
 * Runs `fn` with the scheme and credentials: from the file (or stdin), or from the vault entry, decrypted for the
 * duration of `fn` only (vault.useSecret). Without --scheme, the entry's provider and key type decide it.
 */
/** `fn` gets the scheme, the credentials, and the vault key they came from (null: a credentials file). */
export async function withCredentials<T>(ctx: CliContext, input: RequestInput, fn: (schemeId: string, credentials: SchemeCredentials, entry: { id: string; label: string } | null) => Promise<T>): Promise<T> {
  try {
    if (input.source.kind === 'credentials') return await fn(input.schemeId!, await readCredentials(ctx, input.source.from), null);
    await ensureUnlocked(ctx);
    const { id } = ctx.vault.resolve(input.source.ref);
    const { provider, label, awaitingApiKey } = ctx.vault.get(id);
    if (awaitingApiKey) throw awaitingApiKeyError(provider, label);
    return await ctx.vault.useSecret(id, async (credentials) => {
      let schemeId = input.schemeId;
      if (schemeId === undefined) {
        const choice = schemeForProvider(provider, credentials);
        if (choice.schemeId === null) throw usageError(`--key: ${choice.reason} It is sent as it is: use \`signet request\`, which adds the key's header.`);
        schemeId = choice.schemeId;
        ctx.out.note(ctx.out.dim(`Scheme ${schemeId}: ${choice.reason}`));
      } else assertSchemeForProvider(provider, schemeId);
      return fn(schemeId, credentials, { id, label });
    });
  } catch (e) {
    throw asFlagError(e);
  }
}
