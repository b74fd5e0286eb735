/**
 * Turns bridge-client.ts into the script served at /bridge.js. It is transpiled (types erased, nothing bundled:
 * the client imports types only) with the TypeScript compiler the repo already has, once per process, so the
 * browser host needs no build step of its own and can never drift from the source.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

let cached: string | undefined;

export function bridgeClientScript(): string {
  if (cached !== undefined) return cached;
  const source = readFileSync(join(import.meta.dirname, 'bridge-client.ts'), 'utf8');
  const out = ts.transpileModule(source, {
    fileName: 'bridge-client.ts',
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false },
    reportDiagnostics: true,
  });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length) {
    throw new Error(`bridge-client.ts does not transpile: ${ts.flattenDiagnosticMessageText(errors[0]!.messageText, ' ')}`);
  }
  if (/^\s*import\s+(?!type\b)/m.test(out.outputText)) {
    // A value import would 404 in the browser; the client must stay self-contained.
    throw new Error('bridge-client.ts must import types only.');
  }
  cached = out.outputText;
  return cached;
}
