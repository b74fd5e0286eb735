/** The library shares the event loop: a burst of signatures lets timers run between slices, in order, errors intact. */
import { describe, expect, it } from 'vitest';
import { runInTurn, SLICE_MS } from '../../../src-main/lib/run-in-turn';
import { signRequest } from '../../../src-main/lib/signing';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe('runInTurn', () => {
  it('runs a lone call at once and returns its value or error as a promise', async () => {
    await expect(runInTurn((a: number, b: number, c: number, d: number) => a + b + c + d, 1, 2, 3, 4)).resolves.toBe(10);
    await expect(runInTurn(() => { throw new Error('boom'); }, 0, 0, 0, 0)).rejects.toThrow('boom');
    await expect(runInTurn(async () => 'later', 0, 0, 0, 0)).resolves.toBe('later');
  });

  it('lets the event loop run between slices of a burst, and keeps the order', async () => {
    const done: number[] = [];
    const loopTurns: number[] = [];
    // A timer that records how many calls had finished each time the loop got a turn.
    const timer = setInterval(() => loopTurns.push(done.length), 0);
    const calls = Array.from({ length: 200 }, (_, i) =>
      runInTurn(
        (n: number) => {
          busy(0.25);
          done.push(n);
          return n;
        },
        i, 0, 0, 0,
      ),
    );
    // Started together, they did not all run at once.
    expect(done.length).toBeLessThan(200);
    expect(await Promise.all(calls)).toEqual(calls.map((_, i) => i));
    clearInterval(timer);
    expect(done).toEqual(calls.map((_, i) => i));
    // 200 × 0.25 ms = 50 ms of work in slices of SLICE_MS: the loop had turns in between.
    expect(loopTurns.filter((n) => n > 0 && n < 200).length).toBeGreaterThanOrEqual(Math.floor(50 / SLICE_MS / 2));
  });

  it('a burst of signRequest calls queues, and an unknown scheme rejects rather than throws', async () => {
    const creds = { apiKey: 'k', secret: 's' };
    const request = { method: 'GET', url: 'https://h/p', headers: {}, body: null };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const results = await Promise.all(Array.from({ length: 5000 }, (_, i) => signRequest('hmac', request, creds, { timestamp: 1_764_300_000_000, nonce: `n${i}` })));
    clearInterval(timer);
    expect(new Set(results.map((r) => r.signature)).size).toBe(5000);
    expect(ticks).toBeGreaterThan(0);
    const p = signRequest('nope', request, creds);
    await expect(p).rejects.toMatchObject({ code: 'ERR_UNKNOWN_SCHEME' });
  });
});
