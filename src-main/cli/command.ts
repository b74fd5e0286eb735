/** The shape of one `signet vault …` (or top-level `signet sign` / `verify`) command: flags, positionals, help, handler. */
import type { ParseArgsOptionsConfig } from 'node:util';
import type { ParsedArgs } from './args';
import type { CliContext } from './context';

export interface Command {
  /** `list`, `add`, … (the word after `signet vault`). */
  readonly name: string;
  readonly summary: string;
  /** Synopsis without the leading `signet vault `. */
  readonly synopsis: string;
  /** Flag descriptions and notes shown by `--help`. */
  readonly details: string;
  readonly options: ParseArgsOptionsConfig;
  readonly positionals: { readonly min: number; readonly max: number; readonly names: readonly string[] };
  /**
   * The exit code of every failure, when the command gives 1 a meaning of its own (`scan`: 1 is "found", so a scan
   * that could not run is 2); default: by error code (exit-code.ts).
   */
  readonly failureExitCode?: number;
  /** Resolves to the exit code when it is not 0 for a completed run (`verify`: 1 when the signature is invalid). */
  run(ctx: CliContext, args: ParsedArgs): Promise<void | number>;
}
