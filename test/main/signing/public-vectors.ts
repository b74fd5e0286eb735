/**
 * The public signing vectors (test/fixtures/vectors/signing-public.json: RFC 4231 and the exchanges' documentation
 * examples). The path is resolved from this file, so any working directory finds it; SIGNET_VECTORS overrides it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface VectorCase {
  readonly name: string;
  readonly source: string;
  readonly docRef?: string;
  readonly credentials: Record<string, string>;
  readonly timestamp?: number;
  readonly nonce?: number | string;
  readonly request: { method: string; url: string; headers: Record<string, string>; body: string | null; payloadJson?: string };
  readonly expected: { url: string; headers: Record<string, string>; body: string | null; canonical: string; signature?: string };
}

const file = process.env.SIGNET_VECTORS ?? fileURLToPath(new URL('../../fixtures/vectors/signing-public.json', import.meta.url));

export const PUBLIC_VECTORS = JSON.parse(readFileSync(file, 'utf8')) as { schemes: Record<string, { doc: string; cases: VectorCase[] }> };

export function vectorCases(schemeId: string): readonly VectorCase[] {
  const entry = PUBLIC_VECTORS.schemes[schemeId];
  if (!entry) throw new Error(`no vectors for ${schemeId} in ${file}`);
  return entry.cases;
}
