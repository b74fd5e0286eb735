/**
 * Builds the `signet` CLI as Node ESM (dependencies stay external, resolved from node_modules): signet.js, and
 * scan-worker.js beside it for `signet scan`'s worker threads (src-main/scan/scan-pool.ts looks for it there).
 */
import { resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

const external = [
  ...Object.keys(pkg.dependencies),
  ...builtinModules.flatMap((m) => [m, `node:${m}`]),
].map((name) => new RegExp(`^${name.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&')}(/.*)?$`));

export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: { signet: resolve('src-main/cli/signet.ts'), 'scan-worker': resolve('src-main/scan/scan-worker.ts') },
      // esbuild: only the scan pool run from source bundles its worker with it (src-main/scan/scan-pool.ts).
      external: [/^electron(\/.*)?$/, /^esbuild$/, ...external],
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', banner: (chunk) => (chunk.name === 'signet' ? '#!/usr/bin/env node' : '') },
    },
  },
});
