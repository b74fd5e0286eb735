/**
 * Nonces for APIs that want an always-increasing integer (Kraken, Gemini, Bitfinex). The library's default nonce is
 * random hex, so these schemes use the given nonce only when it is an unsigned integer (written without leading zeros)
 * and otherwise derive one from the timestamp, in the unit the API's docs use; the steps say which happened.
 */
import type { SignContext } from './types';

export interface IntegerNonce {
  readonly value: string;
  /** How the value was obtained, for the steps. */
  readonly note: string;
}

export function integerNonce(ctx: Pick<SignContext, 'nonce' | 'timestamp'>, unit: 'ms' | 'us'): IntegerNonce {
  // An integer as it is written: a leading zero (the random hex default can be all digits, `00000000`) is not one,
  // and in a JSON payload (Gemini) it would not even parse.
  if (/^(?:0|[1-9]\d{0,19})$/.test(ctx.nonce)) return { value: ctx.nonce, note: 'the nonce given' };
  const ms = Math.floor(ctx.timestamp);
  return unit === 'ms'
    ? { value: String(ms), note: 'the timestamp in milliseconds (the nonce given is not an unsigned integer)' }
    : { value: `${ms}000`, note: 'the timestamp in microseconds, as the docs do (the nonce given is not an unsigned integer)' };
}
