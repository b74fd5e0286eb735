/**
 * ESLint rule `signet/layers`: the dependency rules of ARCHITECTURE.md, checked on resolved paths so relative
 * imports cannot sneak across a layer. (no-restricted-imports matches import strings only, which cannot tell
 * `../settings/x` inside one feature from the same string in another.)
 */
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** [file glob prefix, predicate(target) → message | null] */
const RULES = [
  {
    from: 'src-main/contract/',
    check: (t) => (t.startsWith('src-main/') && !t.startsWith('src-main/contract/') ? 'contract/ imports nothing of ours.' : null),
  },
  {
    from: 'src-main/base/',
    check: (t) => (t.startsWith('src-main/') && !/^src-main\/(base|contract)\//.test(t) ? 'base/ imports only contract/.' : null),
  },
  {
    from: 'src-main/signing/',
    check: (t) => (t.startsWith('src-main/') && !/^src-main\/(signing|base|contract)\//.test(t) ? 'signing/ is pure: it imports only base/ and contract/.' : null),
  },
  {
    from: 'src-main/',
    check: (t) =>
      /^src-main\/(app|cli|browser-host)\//.test(t) ? 'Nothing imports a composition root (app/, cli/, browser-host/).' : null,
    except: /^src-main\/(app|cli|browser-host)\//,
  },
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

export const layersRule = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
    const check = (node) => {
      const spec = node.source && node.source.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.relative(ROOT, path.resolve(path.dirname(context.filename), spec)).split(path.sep).join('/');
      for (const rule of RULES) {
        if (!file.startsWith(rule.from) || (rule.except && rule.except.test(file))) continue;
        const message = rule.check(target, file);
        if (message) context.report({ node: node.source, message });
      }
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};
