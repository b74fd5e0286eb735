/**
 * The recipe editor's rules: its templates are valid and reproduce the real schemes they are named for (signed by
 * the real engine), the contract's issues come keyed by the field they name, structured edits never mutate, and
 * the editor's text reaches main as the `recipe` option of the recipe scheme only.
 */
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../../../src-main/lib/signing';
import { issuesByPath, moved, parseRecipeText, readSeparator, RECIPE_TEMPLATES, recipeIssues, recipeText, setAt, showSeparator } from '../../../../src-renderer/features/request/recipe-model';
import { placeError, toRequestDraft } from '../../../../src-renderer/features/request/request-model';
import { createRequestSlice, emptyDraft, type RequestSlice } from '../../../../src-renderer/features/request/request-slice';

const TIMESTAMP = 1_764_300_000_123;
const template = (id: string) => RECIPE_TEMPLATES.find((t) => t.id === id)!.recipe;
const sign = (scheme: string, request: Parameters<typeof signRequest>[1], credentials: Record<string, string>, recipe?: unknown) =>
  signRequest(scheme, request, credentials, { timestamp: TIMESTAMP, nonce: 'n-1', ...(recipe ? { options: { recipe: JSON.stringify(recipe) } } : {}) });

describe('recipe templates', () => {
  it('are valid recipes', () => {
    for (const t of RECIPE_TEMPLATES) expect(recipeIssues(JSON.parse(recipeText(t.recipe)) as Record<string, unknown>), t.id).toEqual([]);
  });

  it('Binance: the same signature and URL as the binance-hmac-sha256 scheme', async () => {
    const creds = { apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A', secret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j' };
    const request = { method: 'POST', url: 'https://api.binance.com/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000', headers: {}, body: null };
    const real = await sign('binance-hmac-sha256', request, creds);
    const mine = await sign('recipe', request, creds, template('binance-hmac'));
    expect(mine.signature).toBe(real.signature);
    expect(mine.request.url).toBe(real.request.url);
    expect(mine.request.headers['X-MBX-APIKEY']).toBe(creds.apiKey);
  });

  it('Bybit v5: the same X-BAPI-SIGN as the bybit-v5 scheme', async () => {
    const creds = { apiKey: 'XXXXXXXXXX', secret: 'YYYYYYYYYYYYYYYYYYYYYYYY' };
    const request = { method: 'GET', url: 'https://api.bybit.com/v5/order/realtime?category=option&symbol=BTC-29JUL22-25000-C', headers: { 'X-BAPI-RECV-WINDOW': '5000' }, body: null };
    const real = await sign('bybit-v5', request, creds);
    const mine = await sign('recipe', request, creds, template('bybit-v5'));
    expect(mine.signature).toBe(real.signature);
  });

  it('Coinbase Exchange: the same CB-ACCESS-SIGN as the coinbase-exchange-hmac scheme', async () => {
    const creds = { apiKey: 'cb-key', secret: Buffer.from('coinbase secret bytes').toString('base64'), passphrase: 'pass' };
    const request = { method: 'POST', url: 'https://api.exchange.coinbase.com/orders', headers: { 'Content-Type': 'application/json' }, body: '{"size":"0.01","price":"0.100","side":"buy","product_id":"BTC-USD"}' };
    const real = await sign('coinbase-exchange-hmac', request, creds);
    const mine = await sign('recipe', request, creds, template('coinbase-exchange'));
    expect(mine.signature).toBe(real.signature);
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
