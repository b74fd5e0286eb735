/** Coinbase (Exchange HMAC, Advanced Trade CDP JWT), OKX, Bybit, KuCoin, AWS SigV4. */
import type { Scheme } from '../types';
import { awsSigv4Scheme } from './aws-sigv4';
import { bybitV5Scheme } from './bybit-v5';
import { coinbaseAdvancedCdpJwtScheme } from './coinbase-advanced-cdp-jwt';
import { coinbaseExchangeHmacScheme } from './coinbase-exchange-hmac';
import { kucoinV2Scheme } from './kucoin-v2';
import { okxV5Scheme } from './okx-v5';

export const exchangeSchemesB: readonly Scheme[] = [coinbaseExchangeHmacScheme, coinbaseAdvancedCdpJwtScheme, okxV5Scheme, bybitV5Scheme, kucoinV2Scheme, awsSigv4Scheme];
