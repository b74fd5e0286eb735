/** Errors thrown while a key is open leave with the key's secret values masked (a scheme may quote its input). */
import { AppError, isAppError } from '../base/errors';
import type { Credentials } from '../contract/schemas';
import { createMasker } from './mask-secrets';

/** Runs `fn`; an error it throws reaches the renderer with every secret value masked (a scheme may quote its input). */
export async function masked<T>(credentials: Readonly<Credentials>, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!isAppError(e)) throw e;
    const message = createMasker(credentials).mask(e.message);
    throw message === e.message ? e : new AppError(e.code, message);
  }
}
