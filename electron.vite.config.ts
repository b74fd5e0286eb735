/** Builds the three Electron bundles: main (ESM), preload (CommonJS: sandboxed preloads cannot run ESM), renderer. */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // scan-worker.js beside index.js: the secrets scan's worker threads (src-main/scan/scan-pool.ts).
      // esbuild stays out: only the scan pool run from source bundles its worker with it.
      rolldownOptions: { input: { index: resolve('src-main/app/main.ts'), 'scan-worker': resolve('src-main/scan/scan-worker.ts') }, external: ['esbuild'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve('src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      rolldownOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
  },
});
