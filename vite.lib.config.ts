/**
 * Builds the signing library, `signet/signing` (package.json `exports["./signing"]`): src-main/lib/signing.ts as
 * one Node ESM file, out/lib/signing.js, with its declarations beside it (out/lib/signing.d.ts → out/lib/types/).
 * Dependencies stay external (resolved from node_modules, like the CLI).
 *
 * Declarations come from the TypeScript compiler itself (tsconfig.lib.json), run once the bundle is written, so one
 * command builds both. Relative specifiers in the emitted .d.ts files get a `.js` extension: the sources import
 * without one (bundler resolution), but a consumer on `moduleResolution: node16/nodenext` needs it in an ES module
 * package, and bundler-resolution consumers accept it too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { defineConfig, type Plugin } from 'vite';
import pkg from './package.json' with { type: 'json' };

const OUT = resolve('out/lib');

const external = [
  ...Object.keys(pkg.dependencies),
  ...builtinModules.flatMap((m) => [m, `node:${m}`]),
].map((name) => new RegExp(`^${name.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&')}(/.*)?$`));

/** `from './x'` / `import('./x')` in a .d.ts → './x.js' (the sources import no folder index files). */
export function withJsExtensions(dts: string): string {
  return dts.replace(/((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+?)\2/g, (m, lead: string, q: string, spec: string) =>
    /\.(js|mjs|cjs|json)$/.test(spec) ? m : `${lead}${q}${spec}.js${q}`,
  );
}

function emitDeclarations(): Plugin {
  return {
    name: 'signet-lib-declarations',
    apply: 'build',
    closeBundle() {
      const configPath = resolve('tsconfig.lib.json');
      const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
      if (read.error) throw new Error(ts.formatDiagnostic(read.error, host));
      const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(configPath));
      const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
      const emitted = program.emit(undefined, (file, text) => {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, withJsExtensions(text));
      }, undefined, true);
      const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
      if (diagnostics.length) throw new Error(`Declarations for the signing library failed:\n${ts.formatDiagnosticsWithColorAndContext(diagnostics, host)}`);
      writeFileSync(join(OUT, 'signing.d.ts'), "/** Types of `signet/signing` (src-main/lib/signing.ts). */\nexport * from './types/lib/signing.js';\n");
    },
  };
}

const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' };

export default defineConfig({
  plugins: [emitDeclarations()],
  build: {
    ssr: true,
    outDir: OUT,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: { signing: resolve('src-main/lib/signing.ts') },
      external: [/^electron(\/.*)?$/, ...external],
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
