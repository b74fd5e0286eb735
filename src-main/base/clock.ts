/** Time, injected: services never read the system clock directly, so tests and the signing engine stay deterministic. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

export const isoNow = (clock: Clock): string => new Date(clock.now()).toISOString();
