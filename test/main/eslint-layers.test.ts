/**
 * The layer rule (tools/eslint-layers.js) through ESLint's own API with the project's config: snippets linted as if
 * they were files of src-main report an import across the table, relative or not, and let an allowed one through;
 * a table with a cycle or without one of src-main's folders fails too.
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript module of the lint setup, without type declarations
import { findCycle, LAYERS, tableProblems } from '../../tools/eslint-layers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT });

async function layerMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'signet/layers').map((m) => m.message);
}

describe('signet/layers', () => {
  it('reports an import that goes up a layer: http/ importing ipc/', async () => {
    const messages = await layerMessages('src-main/http/fixture.ts', "import { createRouter } from '../ipc/router';\nexport const r = createRouter;\n");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('src-main/http/ may import only');
    expect(messages[0]).toContain('not ipc/');
  });

  it('lets an import the table allows through: http/ importing request/', async () => {
    expect(await layerMessages('src-main/http/fixture.ts', "import { toSignable } from '../request/draft';\nexport const t = toSignable;\n")).toEqual([]);
  });

  it('reports the lower layer importing the upper one, by re-export and dynamic import too', async () => {
    const code = "export { Egress } from '../http/egress';\nexport const m = () => import('../ipc/handlers');\n";
    expect(await layerMessages('src-main/request/fixture.ts', code)).toHaveLength(2);
  });

  it('reports a non-relative specifier that resolves into src-main', async () => {
    const absolute = join(ROOT, 'src-main/app/compose');
    const messages = await layerMessages('src-main/browser-host/fixture.ts', `import { compose } from ${JSON.stringify(absolute)};\nexport const c = compose;\n`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('not app/');
    expect(await layerMessages('src-main/markets/fixture.ts', "import type { Vault } from 'src-main/ipc/router';\nexport type V = Vault;\n")).toHaveLength(1);
  });

  it('fails on a cycle between folders and on a folder left out of the table', () => {
    expect(findCycle(LAYERS)).toBeNull();
    expect(findCycle({ a: ['b'], b: ['c'], c: ['a'] })).toBe('a → b → c → a');
    const problems: string[] = tableProblems({ contract: [], http: ['request'], request: ['http', 'contract'] }, ['contract', 'http', 'request', 'vault']);
    expect(problems.some((p) => p.includes('cycle') && p.includes('http → request → http'))).toBe(true);
    expect(problems.some((p) => p.includes('src-main/vault is not in the layer table'))).toBe(true);
  });
});
