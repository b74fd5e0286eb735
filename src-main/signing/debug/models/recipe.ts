/**
 * The debugger's knowledge of `recipe` (schemes/recipe.ts): a user-defined template says where the signature,
 * timestamp, nonce and API key travel, what the string to sign is made of and which hash or HMAC makes it. Without
 * the template the model knows nothing, so the engine asks `forOptions` for the model of the recipe given in the
 * options; everything else follows the template: the timestamp's units are its `timestamp.format`, the MAC its
 * algorithm, key decoding and output. The string to sign is edited part by part (split on the separator), for the
 * mistakes a request edit cannot express: the method in another case, a sorted query left unsorted, the query signed
 * with the path.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Recipe } from '../../../contract/recipe';
import { splitQuery } from '../request-candidates';
import { parseRecipe, readRecipeValue, recipeTimestampMs, takeRecipeSignature, where, withRecipeValue } from '../../schemes/recipe';
import type { SignableRequest } from '../../types';
import { keyBytes } from '../mac-check';
import type { CanonicalCandidate, DebugModel, MacModel, MissingPart, ReadRequest } from '../model';

const OUTPUTS: Readonly<Record<Recipe['output'], MacModel['output']>> = { hex: 'hex', 'hex-upper': 'HEX', base64: 'base64', base64url: 'base64url' };

function macOf(recipe: Recipe): MacModel {
  const hmac = recipe.algorithm.startsWith('hmac-');
  return {
    hash: (hmac ? recipe.algorithm.slice(5) : recipe.algorithm) as MacModel['hash'],
    key: recipe.key.decoding,
    output: OUTPUTS[recipe.output],
    digest(canonical, _request, credentials, variant) {
      const key = keyBytes(credentials.secret ?? '', variant.key);
      if (!key || key.length === 0) return null;
      const data = Buffer.from(canonical, 'utf8');
      if (hmac) return createHmac(variant.hash, key).update(data).digest();
      const h = createHash(variant.hash);
      return (recipe.keyPosition === 'suffix' ? h.update(data).update(key) : h.update(key).update(data)).digest();
    },
  };
}

/** A timestamp as sent, read as epoch ms in the recipe's format, or in the other units when that is the mistake. */
function timestampAt(format: 's' | 'ms' | 'iso', raw: string): number | null {
  if (format !== 'iso' && /^\d{9,11}$/.test(raw)) return Number(raw) * 1000;
  if (format !== 'iso' && /^\d{12,14}$/.test(raw)) return Number(raw);
  return recipeTimestampMs(format, raw);
}

function recipeModel(recipe: Recipe, source: string): DebugModel {
  const places = [recipe.signature, recipe.timestamp, recipe.nonce, recipe.apiKey].filter((l) => l !== undefined);
  const sig = recipe.signature;
  return {
    schemeId: 'recipe',
    signatureParams: places.filter((l) => l.in !== 'header').map((l) => l.name),
    authHeaders: places.filter((l) => l.in === 'header').map((l) => l.name),
    units: recipe.timestamp?.format ?? 'none',
    read(request): ReadRequest {
      const missing: MissingPart[] = [];
      const taken = takeRecipeSignature(recipe, request);
      if (taken.signature === null) {
        missing.push({ component: sig.name, where: sig.in, explanation: taken.error ? `The signature cannot be read: ${taken.error}.` : `The request carries no signature: the recipe puts it in ${where(sig)}${sig.prefix ? ` after ${JSON.stringify(sig.prefix)}` : ''}.` });
      }
      const rest = taken.request;
      const read = (loc: typeof recipe.nonce, what: string): string | null => {
        if (!loc) return null;
        const v = readRecipeValue(rest, loc);
        if (v === null) missing.push({ component: loc.name, where: loc.in, explanation: `The request carries no ${what}: the recipe puts it in ${where(loc)}.` });
        return v;
      };
      const ts = read(recipe.timestamp, 'timestamp');
      const nonce = read(recipe.nonce, 'nonce');
      read(recipe.apiKey, 'API key');
      const t = recipe.timestamp;
      return {
        signature: taken.signature,
        timestamp: t && ts !== null ? { raw: ts, atMs: timestampAt(t.format, ts), units: t.format, where: `The timestamp (${where(t)})` } : null,
        nonce,
        missing,
      };
    },
    unsigned(request) {
      // The signature out; the timestamp, nonce and API key stay where they are, and the recipe signs them as given.
      return { request: takeRecipeSignature(recipe, request).request, timestamp: null, nonce: null, options: { recipe: source } };
    },
    ...(recipe.timestamp && { withTimestamp: (request: SignableRequest, raw: string) => withRecipeValue(request, recipe.timestamp!, raw) }),
    ...(recipe.nonce && { withNonce: (request: SignableRequest, ctx: { nonce: string }) => withRecipeValue(request, recipe.nonce!, ctx.nonce) }),
    withSignature: (request, signature) => withRecipeValue(request, sig, `${sig.in === 'header' ? (sig.prefix ?? '') : ''}${signature}`) ?? request,
    mac: macOf(recipe),
    *canonicalCandidates(request, canonical): Generator<CanonicalCandidate> {
      if (recipe.separator === '') return;
      const parts = canonical.split(recipe.separator);
      if (parts.length !== recipe.components.length) return;
      const edit = (i: number, value: string) => parts.map((p, j) => (j === i ? value : p)).join(recipe.separator);
      const rawQuery = splitQuery(takeRecipeSignature(recipe, request).request.url).query;
      const signsQuery = recipe.components.some((o) => o.type === 'query');
      for (const [i, c] of recipe.components.entries()) {
        const value = parts[i] as string;
        if (c.type === 'method' && value !== value.toLowerCase()) {
          yield { cause: 'method-case', detail: `signed the method as "${value.toLowerCase()}"; the recipe signs it in upper case ("${value}")`, canonical: edit(i, value.toLowerCase()) };
        }
        if (c.type === 'query' && c.format === 'sorted' && rawQuery !== '' && `${c.prefix}${rawQuery}` !== value) {
          yield { cause: 'query-order', detail: `signed the query as sent (${rawQuery}); the recipe signs it sorted by name, then value, RFC 3986-encoded (${value.slice(c.prefix.length)})`, canonical: edit(i, `${c.prefix}${rawQuery}`) };
        }
        if (c.type === 'timestamp' && recipe.timestamp && recipe.timestamp.format !== 'iso' && /^\d+$/.test(value)) {
          const [other, words] = recipe.timestamp.format === 's' ? [`${value}000`, 'milliseconds'] : [value.slice(0, -3), 'seconds'];
          yield { cause: 'timestamp-units', detail: `signed the timestamp in ${words} (${other}), but sent ${value}, in the recipe's ${recipe.timestamp.format === 's' ? 'Unix seconds' : 'Unix milliseconds'}`, canonical: edit(i, other) };
        }
        if (c.type === 'path' && signsQuery && rawQuery !== '') {
          yield { cause: 'path-form', detail: `signed the path with its query (${value}?${rawQuery}); the recipe signs the query as a part of its own`, canonical: edit(i, `${value}?${rawQuery}`) };
        }
      }
    },
  };
}

const CACHE = new Map<string, DebugModel>();

/** Without a recipe in the options: a model that says so, for every request. */
export const recipeModelBase: DebugModel = {
  schemeId: 'recipe',
  signatureParams: [],
  authHeaders: [],
  units: 'none',
  read: () => ({ signature: null, timestamp: null, nonce: null, missing: [{ component: 'recipe', where: 'credentials', explanation: 'The recipe scheme needs its template (options.recipe) to know where the signature and timestamp are.' }] }),
  unsigned: (request) => ({ request, timestamp: null, nonce: null }),
  withSignature: (request) => request,
  forOptions(options) {
    const source = options?.recipe;
    if (source === undefined) return recipeModelBase;
    let model = CACHE.get(source);
    if (!model) {
      model = recipeModel(parseRecipe(source), source);
      if (CACHE.size > 50) CACHE.clear();
      CACHE.set(source, model);
    }
    return model;
  },
};
