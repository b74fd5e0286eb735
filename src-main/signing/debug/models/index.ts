/** The debugger's models, by scheme id (model.ts). */
import { AppError } from '../../../base/errors';
import type { DebugModel } from '../model';
import { binanceEd25519Model, binanceHmacModel, binanceRsaModel } from './binance';
import { bybitV5Model } from './bybit';
import { hmacModel } from './hmac';
import { coinbaseExchangeHmacModel, kucoinV2Model, okxV5Model } from './prehash-header';

const MODELS: ReadonlyMap<string, DebugModel> = new Map(
  [hmacModel, binanceHmacModel, binanceEd25519Model, binanceRsaModel, okxV5Model, kucoinV2Model, coinbaseExchangeHmacModel, bybitV5Model].map((m) => [m.schemeId, m]),
);

export function hasDebugModel(schemeId: string): boolean {
  return MODELS.has(schemeId);
}

export function debugModel(schemeId: string): DebugModel {
  const model = MODELS.get(schemeId);
  if (!model) throw new AppError('ERR_DEBUG_INPUT', `The debugger does not know the ${schemeId} scheme.`);
  return model;
}
