/**
 * The recipe editor's rules as pure functions: the templates it offers, how JSON text becomes an object the
 * structured view can edit (and back), and the contract's `Recipe` issues keyed by the field path they name, so
 * each one shows next to its field. The recipe text is the one source of truth; both views edit it.
 */
import { Recipe, type RecipeInput } from '../../../src-main/contract/recipe';

export interface RecipeTemplate {
  readonly id: string;
  readonly title: string;
  /** What a person must know before using it (e.g. a header the recipe cannot send). */
  readonly note: string;
  readonly recipe: RecipeInput;
}

/** Templates that reproduce real schemes; the Binance one is the recipe in docs/signing.md#recipe. */
export const RECIPE_TEMPLATES: readonly RecipeTemplate[] = [
  {
    id: 'binance-hmac',
    title: 'Binance HMAC-SHA256',
    note: 'Query + body, hex HMAC-SHA256, signature= appended to the query; same signature as the binance-hmac-sha256 scheme.',
    recipe: {
      name: 'Binance HMAC-SHA256',
      components: [{ type: 'query' }, { type: 'body' }],
      algorithm: 'hmac-sha256',
      output: 'hex',
      signature: { in: 'query', name: 'signature' },
      timestamp: { format: 'ms', in: 'query', name: 'timestamp' },
      apiKey: { in: 'header', name: 'X-MBX-APIKEY' },
    },
  },
  {
    id: 'bybit-v5',
    title: 'Bybit v5',
    note: 'timestamp + API key + recv window + query or body; add the X-BAPI-RECV-WINDOW header (e.g. 5000) to the request.',
    recipe: {
      name: 'Bybit v5',
      components: [{ type: 'timestamp' }, { type: 'apiKey' }, { type: 'header', name: 'X-BAPI-RECV-WINDOW' }, { type: 'query' }, { type: 'body' }],
      algorithm: 'hmac-sha256',
      output: 'hex',
      signature: { in: 'header', name: 'X-BAPI-SIGN' },
      timestamp: { format: 'ms', in: 'header', name: 'X-BAPI-TIMESTAMP' },
      apiKey: { in: 'header', name: 'X-BAPI-API-KEY' },
    },
  },
  {
    id: 'coinbase-exchange',
    title: 'Coinbase Exchange',
    note: 'timestamp + method + path + ?query + body, keyed with the base64-decoded secret, base64 output; add the CB-ACCESS-PASSPHRASE header yourself.',
    recipe: {
      name: 'Coinbase Exchange',
      components: [{ type: 'timestamp' }, { type: 'method' }, { type: 'path' }, { type: 'query', prefix: '?' }, { type: 'body' }],
      algorithm: 'hmac-sha256',
      key: { field: 'secret', decoding: 'base64' },
      output: 'base64',
      signature: { in: 'header', name: 'CB-ACCESS-SIGN' },
      timestamp: { format: 's', in: 'header', name: 'CB-ACCESS-TIMESTAMP' },
      apiKey: { in: 'header', name: 'CB-ACCESS-KEY' },
    },
  },
];

export const recipeText = (recipe: unknown): string => JSON.stringify(recipe, null, 2);

/** The object being edited, as plain JSON (the structured view reads and writes this). */
export type RecipeObject = Record<string, unknown>;

export type ParsedRecipeText = { ok: true; value: RecipeObject } | { ok: false; message: string };

/** The text as a JSON object, or why it is not one (the JSON editor shows that; the structured view waits). */
export function parseRecipeText(text: string): ParsedRecipeText {
  if (text.trim() === '') return { ok: false, message: 'Empty: pick a template or write the recipe as JSON.' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `Not JSON: ${e instanceof Error ? e.message : 'cannot parse'}` };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, message: 'Expected a JSON object: { "components": [ … ], … }' };
  return { ok: true, value: raw as RecipeObject };
}

export interface RecipeIssue {
  /** The field path as main names it, without "recipe.": `components.1.type`, `signature.name`, `` (the whole). */
  readonly path: string;
  readonly message: string;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The contract's verdict on the recipe, one issue per field, in a person's words. */
export function recipeIssues(recipe: RecipeObject): RecipeIssue[] {
  const parsed = Recipe.safeParse(recipe);
  if (parsed.success) return [];
  const seen = new Set<string>();
  const out: RecipeIssue[] = [];
  for (const issue of parsed.error.issues) {
    const base = issue.path.map(String);
    const add = (path: string[], message: string) => {
      const key = path.join('.');
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ path: key, message: capital(message) });
    };
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) add([...base, k], 'not a recipe field (see docs/signing.md#recipe)');
    } else if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
      add(base, `required (${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`})`);
    } else if (issue.code === 'invalid_type') {
      add(base, `expected ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`);
    } else {
      add(base, issue.message);
    }
  }
  return out;
}

/** Issues by path, for the fields to look up their own. */
export const issuesByPath = (issues: readonly RecipeIssue[]): ReadonlyMap<string, string> => new Map(issues.map((i) => [i.path, i.message]));

/** The object with `value` at `path` (undefined removes it); objects on the way are created. Never mutates. */
export function setAt(obj: RecipeObject, path: readonly (string | number)[], value: unknown): RecipeObject {
  const [head, ...rest] = path;
  if (head === undefined) return obj;
  const copy: Record<string | number, unknown> | unknown[] = Array.isArray(obj) ? [...(obj as unknown[])] : { ...obj };
  const child = (copy as Record<string | number, unknown>)[head];
  const next = rest.length ? setAt(child && typeof child === 'object' ? (child as RecipeObject) : {}, rest, value) : value;
  if (next === undefined && !Array.isArray(copy)) delete (copy as Record<string, unknown>)[head];
  else (copy as Record<string | number, unknown>)[head] = next;
  return copy as RecipeObject;
}

/** A component of a new type keeps only its label; the type's own fields start at their defaults. */
export function componentOfType(type: string, label?: unknown): Record<string, unknown> {
  const base: Record<string, unknown> = { type, ...(typeof label === 'string' && label ? { label } : {}) };
  if (type === 'header') return { ...base, name: '' };
  if (type === 'literal') return { ...base, value: '' };
  return base;
}

/** A list with item `from` moved to `to`. */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (to < 0 || to >= out.length) return out;
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item as T);
  return out;
}

/** A separator shown with JSON escapes (a newline as \n), so it can be typed in one line. */
export const showSeparator = (s: string): string => JSON.stringify(s).slice(1, -1);

/** A separator as typed: JSON escapes read back; text that is not a valid escape is taken as it is. */
export function readSeparator(typed: string): string {
  try {
    const v: unknown = JSON.parse(`"${typed.replace(/(^|[^\\])"/g, '$1\\"')}"`);
    return typeof v === 'string' ? v : typed;
  } catch {
    return typed;
  }
}
