/**
 * Teardown registered as a test builds things (servers, clients, feeds), run after each test in reverse order so
 * that what was built on something is closed before it. One stack per test file, so the order holds across helpers.
 */
import { afterEach } from 'vitest';

/** Registers `fn` to run after the current test. */
export type Defer = (fn: () => unknown) => void;

export function useCleanups(): Defer {
  const stack: (() => unknown)[] = [];
  afterEach(async () => {
    for (const fn of stack.splice(0).reverse()) await fn();
  });
  return (fn) => void stack.push(fn);
}
