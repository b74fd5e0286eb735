/**
 * Turns bridge-client.ts into the script served at /bridge.js: bundled with esbuild together with the zod-free
 * contract files it imports (channels.ts, api.ts), once per process, so the browser host needs no build step of
 * its own and can never drift from the source or from the preload, which is built from the same table.
 */
import { join } from 'node:path';
import { buildSync } from 'esbuild';

let cached: string | undefined;

export function bridgeClientScript(): string {
  if (cached !== undefined) return cached;
  const out = buildSync({
    entryPoints: [join(import.meta.dirname, 'bridge-client.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(out.metafile.inputs);
  const outside = inputs.filter((file) => !/(^|\/)src-main\/(browser-host\/bridge-client|contract\/(api|channels))\.ts$/.test(file));
  if (outside.length) {
    // The page must not receive schemas, zod or anything from main: the bridge needs the channel table only.
    throw new Error(`bridge-client.ts must bundle only the channel table; it pulls in ${outside.join(', ')}.`);
  }
  cached = out.outputFiles[0]!.text;
  return cached;
}
