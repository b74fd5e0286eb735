/**
 * Argument parsing on node:util parseArgs (no dependency for a dozen flags), with its errors rewritten as one
 * line that names the flag and the command, because the CLI's contract is "bad input: exit 2, one clear line".
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { AppError } from '../base/errors';

/** Flags every command accepts. */
export const GLOBAL_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsOptionsConfig;

export type OptionValues = Record<string, string | boolean | undefined>;

export interface ParsedArgs {
  readonly values: OptionValues;
  readonly positionals: readonly string[];
}

export const usageError = (message: string): AppError => new AppError('ERR_VALIDATION', message);

export function parseCommandArgs(
  command: string,
  args: readonly string[],
  options: ParseArgsOptionsConfig,
  positionals: { min: number; max: number; names: readonly string[] },
): ParsedArgs {
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options: { ...options, ...GLOBAL_OPTIONS }, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (e) {
    throw usageError(`${rewriteParseError(e)} (see \`signet ${command} --help\`).`);
  }
  if (parsed.values.help) return { values: parsed.values, positionals: parsed.positionals };
  const n = parsed.positionals.length;
  if (n < positionals.min) {
    throw usageError(`\`signet ${command}\` needs ${positionals.names.slice(n, positionals.min).map((p) => p.toUpperCase()).join(' and ')} (see \`signet ${command} --help\`).`);
  }
  if (n > positionals.max) {
    const extra = parsed.positionals[positionals.max]!;
    throw usageError(`Unexpected argument "${printable(extra)}" for \`signet ${command}\` (see \`signet ${command} --help\`).`);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}

function rewriteParseError(e: unknown): string {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? 'an option';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option ${flag}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(message) ? `Option ${flag} takes no value` : `Option ${flag} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return 'Unexpected argument';
    default:
      return message.split('\n')[0] ?? 'Invalid arguments';
  }
}

export function str(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

/** `a, b,,c` → ['a','b','c'] */
export function list(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Strips control characters (terminal escapes) from text that came from a file or the vault before printing it. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/**
 * `--expires`: a calendar date (the key is good through the end of that day, UTC) or a full ISO 8601 timestamp.
 */
export function parseExpiry(value: string): string {
  const v = value.trim();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const t = Date.UTC(y, m - 1, d, 23, 59, 59, 999);
    const check = new Date(t);
    if (check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d) return check.toISOString();
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  throw usageError(`--expires: "${printable(value)}" is not a date; use YYYY-MM-DD or an ISO 8601 timestamp such as 2027-01-31T12:00:00Z.`);
}
