/**
 * ESLint rule `signet/layers`: the dependency rules between src-main's folders (LAYERS below), checked on resolved
 * paths so that neither a relative import nor a non-relative specifier that resolves into src-main can sneak across a
 * layer.
 * (no-restricted-imports matches import strings only, which cannot tell `../settings/x` inside one feature from the
 * same string in another.)
 *
 * src-main is held to one table, as VS Code's `code-layering` rule does: for every folder, the folders it may import
 * (its own is always allowed). A folder missing from the table, or a table with a cycle, fails lint too: a cycle
 * between folders would make two layers one.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * src-main folder → the src-main folders it may import. Lower layers first. Nobody lists a composition root
 * (app/, cli/, browser-host/), so nothing imports one.
 */
export const LAYERS = {
  contract: [],
  base: ['contract'],
  signing: ['base', 'contract'],
  lib: ['base', 'contract', 'signing'],
  // The audit log's format, chain, verification and files; below the vault, which keeps the chain (its key and
  // sealed head are the vault's) and implements audit/'s AuditChain, so audit/ never imports the vault.
  audit: ['base', 'contract'],
  vault: ['audit', 'base', 'contract'],
  settings: ['base', 'contract'],
  // Rotation: policies (pure), the reminders scheduler (reads keys through an interface), and the rotation state
  // machine, which steps through the vault's credential slots and calls key APIs through the egress.
  rotation: ['base', 'contract', 'http', 'request', 'vault'],
  // Request preparation and masking, shared by the preview (ipc/) and the egress (http/); types the market-data
  // adapters (markets/) and the egress both need.
  request: ['base', 'contract', 'signing'],
  http: ['base', 'contract', 'request', 'signing', 'vault'],
  markets: ['base', 'contract', 'http', 'request', 'vault'],
  sandbox: ['audit', 'base', 'contract', 'signing', 'vault'],
  // The signature debugger's service: the engine (signing/debug) over the vault, with masking from request/.
  debugger: ['base', 'contract', 'http', 'request', 'signing', 'vault'],
  // The secrets scan: the vault's secrets (through its interface) and the files on disk or in git's index.
  scan: ['base', 'contract', 'vault'],
  ipc: ['audit', 'base', 'contract', 'debugger', 'http', 'lib', 'markets', 'request', 'rotation', 'scan', 'settings', 'signing', 'vault'],
  // preload/ is narrowed further below: the zod-free parts of contract/ only.
  preload: ['contract'],
  app: ['audit', 'base', 'contract', 'debugger', 'http', 'ipc', 'markets', 'rotation', 'sandbox', 'scan', 'settings', 'vault'],
  cli: ['audit', 'base', 'contract', 'debugger', 'http', 'lib', 'request', 'rotation', 'sandbox', 'scan', 'settings', 'signing', 'vault'],
  'browser-host': ['audit', 'base', 'contract', 'debugger', 'http', 'ipc', 'markets', 'rotation', 'sandbox', 'scan', 'settings', 'vault'],
};

/** A cycle in a layer table as a path (`a → b → a`), or null. */
export function findCycle(table) {
  const state = new Map(); // folder → 'open' | 'done'
  const stack = [];
  const visit = (folder) => {
    if (state.get(folder) === 'done') return null;
    if (state.get(folder) === 'open') return [...stack.slice(stack.indexOf(folder)), folder];
    state.set(folder, 'open');
    stack.push(folder);
    for (const next of table[folder] ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    stack.pop();
    state.set(folder, 'done');
    return null;
  };
  for (const folder of Object.keys(table)) {
    const found = visit(folder);
    if (found) return found.join(' → ');
  }
  return null;
}

/** What is wrong with the table itself: a cycle, a folder of src-main it leaves out, or a name that is no folder. */
export function tableProblems(table, folders) {
  const problems = [];
  const cycle = findCycle(table);
  if (cycle) problems.push(`The layer table (tools/eslint-layers.js) has a cycle between folders: ${cycle}.`);
  const missing = folders.filter((f) => !(f in table));
  if (missing.length) problems.push(`src-main/${missing.join(', src-main/')} ${missing.length > 1 ? 'are' : 'is'} not in the layer table (tools/eslint-layers.js): add what ${missing.length > 1 ? 'they' : 'it'} may import.`);
  const named = new Set([...Object.keys(table), ...Object.values(table).flat()]);
  const unknown = [...named].filter((f) => !folders.includes(f));
  if (unknown.length) problems.push(`The layer table names ${unknown.join(', ')}, which ${unknown.length > 1 ? 'are' : 'is'} not a folder of src-main.`);
  return problems;
}

const srcMainFolders = () =>
  fs
    .readdirSync(path.join(ROOT, 'src-main'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

/** Rules besides the table: [file prefix, predicate(target, file) → message | null]. */
const RULES = [
  {
    from: 'src-main/',
    check: (t) => (t.startsWith('src-renderer/') ? 'Main-side code never imports the renderer.' : null),
  },
  {
    from: 'src-main/preload/',
    check: (t) => (t.startsWith('src-main/') && !/^src-main\/(preload|contract\/(channels|errors|api)\b)/.test(t) ? 'The preload imports only the zod-free parts of contract/ (channels, errors, api).' : null),
  },
  {
    from: 'src-renderer/',
    check: (t) => (t.startsWith('src-main/') && !t.startsWith('src-main/contract/') ? 'The renderer imports only src-main/contract from the main side.' : null),
  },
  {
    from: 'src-renderer/features/',
    check: (t, f) => {
      const own = f.split('/')[2];
      const m = /^src-renderer\/features\/([^/]+)\//.exec(t);
      return m && m[1] !== own ? `A feature never imports another feature (${own} → ${m[1]}); move shared code to src-renderer/shared/.` : null;
    },
  },
];

function layerMessage(table, file, target) {
  const from = /^src-main\/([^/]+)\//.exec(file)?.[1];
  const to = /^src-main\/([^/]+)\//.exec(target)?.[1];
  if (!from || !to || from === to) return null;
  const allowed = table[from];
  if (!allowed) return null; // reported once per file as a table problem
  if (allowed.includes(to)) return null;
  return `src-main/${from}/ may import only ${allowed.length ? allowed.map((f) => `${f}/`).join(', ') : 'nothing of ours'} (tools/eslint-layers.js), not ${to}/.`;
}

let compilerOptions = null;
const resolutionCache = new Map();

/** Where a non-relative specifier goes, as TypeScript resolves it for this project (path aliases, package self-names). */
function resolveBare(spec, fromFile) {
  compilerOptions ??= ts.parseJsonConfigFileContent(ts.readConfigFile(path.join(ROOT, 'tsconfig.base.json'), ts.sys.readFile).config, ts.sys, ROOT).options;
  const key = `${path.dirname(fromFile)}\0${spec}`;
  if (!resolutionCache.has(key)) {
    const r = ts.resolveModuleName(spec, fromFile, compilerOptions, ts.sys).resolvedModule;
    resolutionCache.set(key, r && !r.isExternalLibraryImport ? r.resolvedFileName : null);
  }
  return resolutionCache.get(key);
}

/** The repository-relative path an import specifier points at, or null when it leaves the repository (a package). */
function targetOf(spec, filename) {
  let resolved;
  if (spec.startsWith('.')) resolved = path.resolve(path.dirname(filename), spec);
  else if (path.isAbsolute(spec)) resolved = spec;
  else if (/^src-(main|renderer)\//.test(spec)) resolved = path.join(ROOT, spec);
  else resolved = resolveBare(spec, filename);
  if (!resolved) return null;
  const rel = path.relative(ROOT, resolved).split(path.sep).join('/');
  return rel.startsWith('..') ? null : rel;
}

/** The rule, over a given table (tests pass their own); `folders`: the folders of src-main (default: read from disk). */
export function createLayersRule(table = LAYERS, folders = srcMainFolders) {
  let problems = null;
  return {
    meta: { type: 'problem', schema: [] },
    create(context) {
      const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
      const check = (node, source) => {
        const spec = source && source.value;
        if (typeof spec !== 'string') return;
        const target = targetOf(spec, context.filename);
        if (target === null) return;
        const layer = file.startsWith('src-main/') ? layerMessage(table, file, target) : null;
        if (layer) context.report({ node: source, message: layer });
        for (const rule of RULES) {
          if (!file.startsWith(rule.from)) continue;
          const message = rule.check(target, file);
          if (message) context.report({ node: source, message });
        }
      };
      return {
        Program(node) {
          if (!file.startsWith('src-main/')) return;
          problems ??= tableProblems(table, folders());
          for (const message of problems) context.report({ node, message });
          const folder = file.split('/')[1];
          if (file.split('/').length > 2 && !(folder in table) && !problems.length) context.report({ node, message: `src-main/${folder}/ is not in the layer table (tools/eslint-layers.js).` });
        },
        ImportDeclaration: (node) => check(node, node.source),
        ExportNamedDeclaration: (node) => check(node, node.source),
        ExportAllDeclaration: (node) => check(node, node.source),
        ImportExpression: (node) => check(node, node.source),
        TSImportEqualsDeclaration: (node) => check(node, node.moduleReference?.expression),
        TSImportType: (node) => check(node, node.argument?.literal ?? node.source),
        CallExpression: (node) => {
          if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node, node.arguments[0]);
        },
      };
    },
  };
}

export const layersRule = createLayersRule();
