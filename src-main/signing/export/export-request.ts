/**
 * "Copy as curl / fetch / Python": the signer writer for the scheme (the code signs each time it runs); every
 * scheme Signet ships has one. The snapshot (the signed request as it is, valid once) remains for a scheme without
 * a writer. Add a scheme's writer to SIGNER_WRITERS once it is tested the way test/main/signing/export-*.test.ts
 * test them: run the code against a server that verifies it with the scheme itself.
 */
import type { CodeFormat, SignerInput, SignerWriter, SnapshotInput, WrittenCode } from './code-writer';
import { writeAwsSigv4Code } from './aws-sigv4';
import { writeBinanceEd25519Code, writeBinanceRsaCode } from './binance-asymmetric';
import { writeBinanceHmacCode } from './binance-hmac-sha256';
import { writeBitfinexV2Code } from './bitfinex-v2';
import { writeBybitV5Code } from './bybit-v5';
import { writeCoinbaseAdvancedCdpJwtCode } from './coinbase-advanced-cdp-jwt';
import { writeCoinbaseExchangeHmacCode } from './coinbase-exchange-hmac';
import { writeGeminiCode } from './gemini';
import { writeHmacCode } from './hmac';
import { writeKrakenSpotCode } from './kraken-spot';
import { writeKucoinV2Code } from './kucoin-v2';
import { writeOkxV5Code } from './okx-v5';
import { writeRecipeCode } from './recipe';
import { writeSnapshotCode } from './snapshot';

export const SIGNER_WRITERS: Readonly<Record<string, SignerWriter>> = {
  hmac: writeHmacCode,
  'binance-hmac-sha256': writeBinanceHmacCode,
  'binance-ed25519': writeBinanceEd25519Code,
  'binance-rsa': writeBinanceRsaCode,
  'okx-v5': writeOkxV5Code,
  'bybit-v5': writeBybitV5Code,
  'kucoin-v2': writeKucoinV2Code,
  'coinbase-exchange-hmac': writeCoinbaseExchangeHmacCode,
  'coinbase-advanced-cdp-jwt': writeCoinbaseAdvancedCdpJwtCode,
  'kraken-spot': writeKrakenSpotCode,
  'bitfinex-v2': writeBitfinexV2Code,
  gemini: writeGeminiCode,
  'aws-sigv4': writeAwsSigv4Code,
  recipe: writeRecipeCode,
};

export function hasSignerWriter(schemeId: string): boolean {
  return Object.hasOwn(SIGNER_WRITERS, schemeId);
}

export function exportRequest(format: CodeFormat, signer: SignerInput, snapshot: SnapshotInput): WrittenCode {
  const writer = SIGNER_WRITERS[signer.scheme.id];
  return writer ? writer(format, signer) : writeSnapshotCode(format, snapshot);
}
