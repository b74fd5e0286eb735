/**
 * Exit codes, one rule for every command: 0 ok, 1 a check failed (wrong passphrase, tampered or locked vault,
 * keyring unavailable; `verify`: an invalid signature), 2 bad input (unknown command or flag, invalid value, missing
 * field, a request or credentials the scheme cannot sign). `signet scan` is the one exception: 1 is "something was
 * found", so every failure of a scan exits 2 (Command.failureExitCode).
 */
import type { ErrorCode } from '../contract/errors';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/** Codes that mean "what you typed is wrong" rather than "the vault or the OS said no". */
const BAD_INPUT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'ERR_VALIDATION',
  'ERR_CREDENTIALS_INVALID',
  'ERR_WEAK_PASSPHRASE',
  'ERR_ENTRY_NOT_FOUND',
  'ERR_ENTRY_AMBIGUOUS',
  'ERR_DUPLICATE_LABEL',
  'ERR_SIGNING_INPUT',
  'ERR_DEBUG_INPUT',
  'ERR_UNKNOWN_SCHEME',
]);

export function exitCodeFor(code: ErrorCode): number {
  return BAD_INPUT.has(code) ? EXIT_BAD_INPUT : EXIT_FAILED;
}
