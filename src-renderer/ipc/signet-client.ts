/**
 * The only code that touches `window.signet` (the preload in Electron, the bridge in the browser host).
 * Every call resolves to a Result; here it becomes a value or a thrown SignetError, so components and
 * TanStack Query deal in ordinary promises and errors that still carry the contract's code.
 */
import type { ErrorCode, ErrorDto, Result } from '../../src-main/contract/errors';
import type { SignetApi } from '../../src-main/contract/api';

declare global {
  interface Window {
    readonly signet?: SignetApi;
  }
}

export class SignetError extends Error {
  readonly code: ErrorCode;
  constructor(dto: ErrorDto) {
    super(dto.message);
    this.name = 'SignetError';
    this.code = dto.code;
  }
}

export function isSignetError(e: unknown, code?: ErrorCode): e is SignetError {
  return e instanceof SignetError && (code === undefined || e.code === code);
}

/** A message fit for the screen, whatever was thrown. */
export function errorMessage(e: unknown): string {
  if (e instanceof SignetError) return e.message;
  return 'Something unexpected went wrong. Nothing was changed.';
}

export function signet(): SignetApi {
  const api = window.signet;
  if (!api) {
    throw new SignetError({
      code: 'ERR_INTERNAL',
      message: 'Signet’s bridge to the main process is missing. Start the app with `npm start` or `npm run dev:browser`.',
    });
  }
  return api;
}

export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (result.ok) return result.value;
  throw new SignetError(result.error);
}
