/**
 * The recipe editor's rules: its templates are valid (that they reproduce the real schemes they are named for is
 * checked with the real engine in test/e2e/request-page.test.ts, a Node project), the contract's issues come keyed by the field they name, structured edits never mutate, and
 * the editor's text reaches main as the `recipe` option of the recipe scheme only.
 */
import { describe, expect, it } from 'vitest';
import { issuesByPath, moved, parseRecipeText, readSeparator, RECIPE_TEMPLATES, recipeIssues, recipeText, setAt, showSeparator } from '../../../../src-renderer/features/request/recipe-model';
import { placeError, toRequestDraft } from '../../../../src-renderer/features/request/request-model';
import { createRequestSlice, emptyDraft, type RequestSlice } from '../../../../src-renderer/features/request/request-slice';

const template = (id: string) => RECIPE_TEMPLATES.find((t) => t.id === id)!.recipe;

describe('recipe templates', () => {
  it('are valid recipes', () => {
    for (const t of RECIPE_TEMPLATES) expect(recipeIssues(JSON.parse(recipeText(t.recipe)) as Record<string, unknown>), t.id).toEqual([]);
  });
});

describe('recipe editor model', () => {
  it('says why text is not a recipe object', () => {
    expect(parseRecipeText('')).toMatchObject({ ok: false, message: /Empty/ });
    expect(parseRecipeText('{"components": [')).toMatchObject({ ok: false, message: /^Not JSON/ });
    expect(parseRecipeText('[1]')).toMatchObject({ ok: false, message: /JSON object/ });
    expect(parseRecipeText('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('keys the contract’s issues by the field path they name', () => {
    const issues = issuesByPath(recipeIssues({ components: [{ type: 'query' }, { type: 'bogus' }, { type: 'header' }], algorithm: 'md5', extra: 1, signature: { in: 'query', name: 'signature' } }));
    expect(issues.get('components.1.type')).toMatch(/^Expected a component type: method, host/);
    expect(issues.get('components.2.name')).toBe('Required (a string)');
    expect(issues.get('algorithm')).toMatch(/^Expected one of hmac-sha256/);
    expect(issues.get('extra')).toMatch(/^Not a recipe field/);
    const refined = issuesByPath(recipeIssues({ ...template('binance-hmac'), signature: { in: 'query', name: 'bad name' } }));
    expect(refined.get('signature.name')).toBe('Expected printable ASCII without spaces');
    const clash = issuesByPath(recipeIssues({ ...template('binance-hmac'), components: [{ type: 'nonce' }] }));
    expect(clash.get('components.0')).toMatch(/^The nonce is signed, so say where it is sent/);
  });

  it('edits copies: setAt creates, replaces and removes; moved reorders', () => {
    const r = { components: [{ type: 'query' }], key: { field: 'secret' } };
    const a = setAt(r, ['key', 'decoding'], 'base64');
    expect(a).toEqual({ components: [{ type: 'query' }], key: { field: 'secret', decoding: 'base64' } });
    expect(r.key).toEqual({ field: 'secret' });
    expect(setAt(a, ['timestamp', 'in'], 'header')).toMatchObject({ timestamp: { in: 'header' } });
    expect(setAt(a, ['key'], undefined)).not.toHaveProperty('key');
    expect(moved(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moved(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });

  it('shows separators with escapes and reads them back', () => {
    expect(showSeparator('\n')).toBe('\\n');
    expect(readSeparator('\\n')).toBe('\n');
    expect(readSeparator('a"b')).toBe('a"b');
    expect(readSeparator('\\')).toBe('\\');
    expect(readSeparator('|')).toBe('|');
  });

  it('sends the key’s recipe as the recipe option, for the recipe scheme only', () => {
    const d = { ...emptyDraft(), url: 'https://x.test/a', recipes: { e1: '{"r":1}', e2: '' }, options: [{ id: 9, name: 'recipe', value: 'typed' }] };
    expect(toRequestDraft(d, 'e1', 'recipe').options).toEqual({ recipe: '{"r":1}' });
    expect(toRequestDraft(d, 'e2', 'recipe').options).toEqual({ recipe: 'typed' });
    expect(toRequestDraft(d, 'e1', 'hmac').options).toEqual({ recipe: 'typed' });
    expect(placeError({ code: 'ERR_SIGNING_INPUT', message: 'recipe.components.1.type: expected a component type: method' }).target).toEqual({ kind: 'recipe' });
    expect(placeError({ code: 'ERR_SIGNING_INPUT', message: 'option recipe: the recipe scheme needs its template' }).target).toEqual({ kind: 'recipe' });
  });

  it('keeps each key’s recipe in the store, across a draft reset', () => {
    let state = {} as RequestSlice;
    const set = (p: Partial<RequestSlice> | ((s: RequestSlice) => Partial<RequestSlice>)) => {
      state = { ...state, ...(typeof p === 'function' ? p(state) : p) };
    };
    state = createRequestSlice(set as never, () => state, {} as never);
    state.recipeChanged('e1', 'one');
    state.recipeChanged('e2', 'two');
    state.urlChanged('https://x.test');
    state.draftReset();
    expect(state.draft.recipes).toEqual({ e1: 'one', e2: 'two' });
    expect(state.draft.url).toBe('');
  });
});
