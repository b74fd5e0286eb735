/** Binance (HMAC, Ed25519, RSA), Kraken, Gemini, Bitfinex. */
import type { Scheme } from '../types';

export const exchangeSchemesA: readonly Scheme[] = [];
