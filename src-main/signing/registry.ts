/** Every scheme by id. The ids are part of the CLI and library contract. */
import { AppError } from '../base/errors';
import { awsSigv4Scheme } from './schemes/aws-sigv4';
import { binanceEd25519Scheme } from './schemes/binance-ed25519';
import { binanceHmacSha256Scheme } from './schemes/binance-hmac-sha256';
import { binanceRsaScheme } from './schemes/binance-rsa';
import { bitfinexV2Scheme } from './schemes/bitfinex-v2';
import { bybitV5Scheme } from './schemes/bybit-v5';
import { coinbaseAdvancedCdpJwtScheme } from './schemes/coinbase-advanced-cdp-jwt';
import { coinbaseExchangeHmacScheme } from './schemes/coinbase-exchange-hmac';
import { geminiScheme } from './schemes/gemini';
import { hmacScheme } from './schemes/hmac';
import { krakenSpotScheme } from './schemes/kraken-spot';
import { kucoinV2Scheme } from './schemes/kucoin-v2';
import { okxV5Scheme } from './schemes/okx-v5';
import { recipeScheme } from './schemes/recipe';
import type { Scheme } from './types';

/** Listings show the schemes in this order. */
export const SCHEMES: readonly Scheme[] = [
  hmacScheme,
  binanceHmacSha256Scheme,
  binanceEd25519Scheme,
  binanceRsaScheme,
  krakenSpotScheme,
  geminiScheme,
  bitfinexV2Scheme,
  coinbaseExchangeHmacScheme,
  coinbaseAdvancedCdpJwtScheme,
  okxV5Scheme,
  bybitV5Scheme,
  kucoinV2Scheme,
  awsSigv4Scheme,
  recipeScheme,
];

export function getScheme(id: string): Scheme {
  const scheme = SCHEMES.find((s) => s.id === id);
  if (!scheme) throw new AppError('ERR_UNKNOWN_SCHEME', `Unknown scheme "${id}". Use one of: ${SCHEMES.map((s) => s.id).join(', ')}.`);
  return scheme;
}
