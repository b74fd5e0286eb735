/** For the signing input checks: what a call threw, and that it is ERR_SIGNING_INPUT naming the field (never a TypeError). */
import { expect } from 'vitest';
import { isAppError } from '../../src-main/base/errors';

/** What the call threw (sync or async); fails the test if it did not throw. */
export async function thrown(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to be refused, and it was not');
}

export function expectInputError(e: unknown, field: RegExp, where: string): void {
  expect(e, where).not.toBeInstanceOf(TypeError);
  expect(isAppError(e), `${where}: ${String(e)}`).toBe(true);
  expect(e, where).toMatchObject({ code: 'ERR_SIGNING_INPUT', message: expect.stringMatching(field) });
}
