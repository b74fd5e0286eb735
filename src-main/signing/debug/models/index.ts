/** The debugger's models, by scheme id (model.ts). */
import { AppError } from '../../../base/errors';
import type { DebugModel } from '../model';
import { awsSigv4Model } from './aws-sigv4';
import { binanceEd25519Model, binanceHmacModel, binanceRsaModel } from './binance';
import { bitfinexV2Model } from './bitfinex-v2';
import { bybitV5Model } from './bybit';
import { coinbaseAdvancedCdpJwtModel } from './coinbase-advanced-cdp-jwt';
import { geminiModel } from './gemini';
import { hmacModel } from './hmac';
import { krakenSpotModel } from './kraken-spot';
import { coinbaseExchangeHmacModel, kucoinV2Model, okxV5Model } from './prehash-header';
import { recipeModelBase } from './recipe';

const MODELS: ReadonlyMap<string, DebugModel> = new Map(
  [
    hmacModel,
    binanceHmacModel,
    binanceEd25519Model,
    binanceRsaModel,
    krakenSpotModel,
    geminiModel,
    bitfinexV2Model,
    coinbaseExchangeHmacModel,
    coinbaseAdvancedCdpJwtModel,
    okxV5Model,
    bybitV5Model,
    kucoinV2Model,
    awsSigv4Model,
    recipeModelBase,
  ].map((m) => [m.schemeId, m]),
);

export function hasDebugModel(schemeId: string): boolean {
  return MODELS.has(schemeId);
}

export function debugModel(schemeId: string): DebugModel {
  const model = MODELS.get(schemeId);
  if (!model) throw new AppError('ERR_DEBUG_INPUT', `The debugger does not know the ${schemeId} scheme.`);
  return model;
}
