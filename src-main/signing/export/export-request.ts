/**
 * "Copy as curl / fetch / Python": the signer writer for the scheme when Signet has one (the code signs each time
 * it runs), else the signed request as a snapshot. Add a scheme's writer to SIGNER_WRITERS once it is tested
 * the way test/main/signing/export-request.test.ts tests them: run the code against a server that verifies it
 * with the scheme itself.
 */
import type { CodeFormat, SignerInput, SignerWriter, SnapshotInput, WrittenCode } from './code-writer';
import { writeBinanceHmacCode } from './binance-hmac-sha256';
import { writeHmacCode } from './hmac';
import { writeSnapshotCode } from './snapshot';

export const SIGNER_WRITERS: Readonly<Record<string, SignerWriter>> = {
  hmac: writeHmacCode,
  'binance-hmac-sha256': writeBinanceHmacCode,
};

export function hasSignerWriter(schemeId: string): boolean {
  return Object.hasOwn(SIGNER_WRITERS, schemeId);
}

export function exportRequest(format: CodeFormat, signer: SignerInput, snapshot: SnapshotInput): WrittenCode {
  const writer = SIGNER_WRITERS[signer.scheme.id];
  return writer ? writer(format, signer) : writeSnapshotCode(format, snapshot);
}
