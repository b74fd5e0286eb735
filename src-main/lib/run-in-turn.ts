/**
 * Keeps a burst of signatures from freezing the event loop. Signing is synchronous CPU work (an HMAC, a key
 * operation); 10,000 `signRequest` calls started together would otherwise run back to back in one turn of the
 * event loop for as long as they take, and nothing else (IPC, timers, sockets) would run meanwhile.
 *
 * So jobs share the loop in slices of SLICE_MS. A job runs at once while the current slice has time left and
 * nothing is queued; otherwise it queues, in order, and a later slice (after setImmediate: the loop has had its
 * turn) runs queued jobs until its time is used up. A caller signing one request at a time never waits, except for
 * one hop every SLICE_MS. A queued call costs one promise and seven array slots: bursts are the case this exists for.
 */
import { performance } from 'node:perf_hooks';

/** How long signing may hold the event loop before others get a turn. */
export const SLICE_MS = 4;

/** Reading the clock costs about as much as a small signature's bookkeeping: a lone caller looks every few calls. */
const CALLS_PER_CLOCK_READ = 16;

let sliceOpen = false;
let sliceFull = false;
let sliceStart = 0;
let calls = 0;

/**
 * Queued calls, flat: fn, a, b, c, d, resolve, reject for each (no record or closure per call: a burst queues
 * thousands, and every object they hold is work for the young-generation GC while they wait).
 */
const STRIDE = 7;
const queue: unknown[] = [];
let head = 0;

function openSlice(): void {
  sliceOpen = true;
  sliceFull = false;
  calls = 0;
  sliceStart = performance.now();
  // setImmediate runs after pending I/O and timers: the loop gets its turn before the next slice starts.
  setImmediate(nextSlice);
}

function nextSlice(): void {
  sliceOpen = false;
  if (head === queue.length) return;
  openSlice();
  while (head < queue.length) {
    if (performance.now() - sliceStart >= SLICE_MS) {
      sliceFull = true;
      return;
    }
    const at = head;
    head += STRIDE;
    const fn = queue[at] as (a: unknown, b: unknown, c: unknown, d: unknown) => unknown;
    const resolve = queue[at + 5] as (v: unknown) => void;
    const reject = queue[at + 6] as (e: unknown) => void;
    try {
      resolve(fn(queue[at + 1], queue[at + 2], queue[at + 3], queue[at + 4]));
    } catch (e) {
      reject(e);
    }
    // Let the finished call's request and credentials go.
    queue.fill(undefined, at, at + STRIDE);
  }
  queue.length = 0;
  head = 0;
}

/**
 * Calls `fn(a, b, c, d)` now if the event loop can spare the time, else in a later turn; its result or error, as a
 * promise. (Arguments rather than a closure: a burst queues thousands of these.)
 */
export function runInTurn<A, B, C, D, T>(fn: (a: A, b: B, c: C, d: D) => T | Promise<T>, a: A, b: B, c: C, d: D): Promise<T> {
  if (!sliceOpen) {
    openSlice();
  } else if (head !== queue.length || sliceFull || (++calls % CALLS_PER_CLOCK_READ === 0 && performance.now() - sliceStart >= SLICE_MS)) {
    sliceFull = true;
    return new Promise<T>((resolve, reject) => {
      queue.push(fn, a, b, c, d, resolve, reject);
    });
  }
  try {
    return Promise.resolve(fn(a, b, c, d));
  } catch (e) {
    return Promise.reject(e);
  }
}
