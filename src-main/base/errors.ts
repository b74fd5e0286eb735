/**
 * One error base with a stable code. Messages are written for the person reading them: what went wrong and what
 * to do next. Only `{ code, message }` ever crosses IPC or reaches the CLI's output.
 */
import type { ErrorCode, ErrorDto } from '../contract/errors';

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
  toDto(): ErrorDto {
    return { code: this.code, message: this.message };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Maps anything thrown to a DTO; unexpected errors become ERR_INTERNAL without their stack or internals. */
export function toErrorDto(e: unknown): ErrorDto {
  if (isAppError(e)) return e.toDto();
  return {
    code: 'ERR_INTERNAL',
    message: 'Something unexpected went wrong inside Signet. Nothing was changed. Details are in the log.',
  };
}

export const vaultLocked = (): AppError =>
  new AppError('ERR_VAULT_LOCKED', 'The vault is locked. Unlock it with your passphrase or the OS keychain first.');
