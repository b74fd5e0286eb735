/** Binance (HMAC, Ed25519, RSA), Kraken, Gemini, Bitfinex. */
import { binanceEd25519Scheme } from './binance-ed25519';
import { binanceHmacSha256Scheme } from './binance-hmac-sha256';
import { binanceRsaScheme } from './binance-rsa';
import { bitfinexV2Scheme } from './bitfinex-v2';
import { geminiScheme } from './gemini';
import { krakenSpotScheme } from './kraken-spot';
import type { Scheme } from '../types';

export const exchangeSchemesA: readonly Scheme[] = [binanceHmacSha256Scheme, binanceEd25519Scheme, binanceRsaScheme, krakenSpotScheme, geminiScheme, bitfinexV2Scheme];
