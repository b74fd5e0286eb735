/** Coinbase (Exchange HMAC, Advanced Trade CDP JWT), OKX, Bybit, KuCoin, AWS SigV4. */
import type { Scheme } from '../types';

export const exchangeSchemesB: readonly Scheme[] = [];
