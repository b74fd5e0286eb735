/**
 * The `recipe` writer's plan (recipe.ts writes it out): what the recipe makes of the typed request, read and edited
 * exactly as ../schemes/recipe.ts reads and edits its draft, with that file's helpers. Signet settles here what no run
 * changes: which query parameters and body members are appended, in which order, with which names and separators,
 * the JSON body's tidied end, the string to sign's parts, and the sorted query's order for bash (the fresh
 * parameters' names are unique, so their place does not depend on their values). What a run changes is a named
 * value (`timestamp`, `nonce`, `signature`) or an expression per language (an encoding, a body hash).
 */
import type { Recipe, RecipeComponent } from '../../contract/recipe';
import type { CredentialField } from '../../contract/providers';
import { canonicalQueryPairs, compareQueryPairs, getHeader, rawQuery, rfc3986, upperMethod } from '../encoding';
import { formDecode, formPairs } from '../payload-text';
import { isJsonBody, jsonObject, parseRecipe, TIMESTAMP_TEXT, tidyJsonEnd, where } from '../schemes/recipe';
import { signingInputError } from '../signing-error';
import { code, isText, ref, stringLiteral, text, tidy, upperSnake, type Piece, type SignerInput } from './code-writer';
import { sendableUrl } from './keyed-hash-code';

type Location = { readonly in: 'header' | 'query' | 'body'; readonly name: string };
export type Fresh = 'timestamp' | 'nonce' | 'signature';
export type Hash = 'sha256' | 'sha384' | 'sha512';

/** What the recipe makes of this request: everything the code needs, settled at export time where no run changes it. */
export interface Plan {
  readonly recipe: Recipe;
  readonly method: string;
  /** Origin and path, as sent. */
  readonly base: string;
  readonly timestamp: { readonly format: 's' | 'ms' | 'iso'; readonly fresh: boolean } | null;
  readonly nonce: { readonly fresh: boolean } | null;
  /** The query and body before the signature is placed; null: no body. */
  readonly query: readonly Piece[];
  readonly body: readonly Piece[] | null;
  /** The headers as sent (the signature's included). */
  readonly headers: readonly (readonly [string, readonly Piece[]])[];
  readonly components: readonly { readonly label: string; readonly pieces: readonly Piece[] }[];
  /** How the query or body takes the signature, when it goes there. */
  readonly signatureInto: { readonly variable: 'query' | 'body'; readonly pieces: readonly Piece[] } | null;
  readonly keyField: CredentialField;
  /** What the code must define: `rfc3986:<value>` and `json:<value>` encodings, `sorted` (the sorted query). */
  readonly uses: ReadonlySet<string>;
  /** The body digests bash computes, by variable. */
  readonly bodyHashes: ReadonlyMap<string, { readonly hash: Hash; readonly encoding: 'hex' | 'base64' }>;
}

// ───────────────────────────── the request, edited as the scheme edits it ─────────────────────────────
// readAt reads the typed request the way schemes/recipe.ts reads its draft, with that file's helpers.

/** What the typed request carries at `loc` (the scheme's own writes go to other names, so the typed request is enough). */
function readAt(request: SignerInput['request'], query: string, loc: Location): string | undefined {
  if (loc.in === 'header') return getHeader(request.headers, loc.name);
  if (loc.in === 'body' && isJsonBody(request.body)) {
    const obj = jsonObject(request.body, loc);
    if (!(loc.name in obj)) return undefined;
    const v = obj[loc.name];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    throw signingInputError(where(loc), `${where(loc)} is not a string or a number`);
  }
  const found = formPairs(loc.in === 'query' ? query : (request.body ?? '')).filter((p) => p.name === loc.name);
  if (found.length > 1) throw signingInputError(where(loc), `${where(loc)} appears ${found.length} times`);
  return found.length === 1 ? formDecode(found[0]!.rawValue) : undefined;
}

const TIMESTAMP_PATTERNS = { s: /^\d{1,12}(\.\d{1,6})?$/, ms: /^\d{1,15}$/, iso: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/ } as const;


/** The recipe of `input.options.recipe` applied to the typed request as the scheme applies it. */
export function plan(input: SignerInput): Plan {
  const recipe = parseRecipe(input.options.recipe);
  const { request } = input;
  const method = upperMethod(request);
  // The URL in the spelling curl, fetch and requests all send unchanged: the code signs what goes out.
  const url = sendableUrl(request.url);
  const typedQuery = rawQuery(url);
  const json = isJsonBody(request.body);
  let query: Piece[] = tidy([text(typedQuery)]);
  let body: Piece[] | null = request.body === null ? null : tidy([text(request.body)]);
  let headers: (readonly [string, readonly Piece[]])[] = Object.entries(request.headers).map(([k, v]) => [k, [text(v)]] as const);
  const jsonKeys = new Set<string>();
  /** The query parameters the code appends, for bash's sorted query. */
  const appended: { readonly key: string; readonly value: Piece }[] = [];
  const uses = new Set<string>();
  const bodyHashes = new Map<string, { readonly hash: Hash; readonly encoding: 'hex' | 'base64' }>();
  /** A run's value RFC 3986-encoded or as a JSON string (bash computes it into a variable first). */
  const encodedFresh = (f: Fresh, as: 'rfc3986' | 'json'): Piece => {
    uses.add(`${as}:${f}`);
    const call = as === 'rfc3986' ? { fetch: 'rfc3986', python: 'rfc3986' } : { fetch: 'JSON.stringify', python: 'json.dumps' };
    return code({ curl: `\${${upperSnake(f)}_${as === 'rfc3986' ? 'RFC3986' : 'JSON'}}`, fetch: `${call.fetch}(${f})`, python: `${call.python}(${f})` });
  };

  const sig = recipe.signature;
  if (sig.in !== 'header' && readAt(request, typedQuery, sig) !== undefined) {
    throw signingInputError(sig.in === 'query' ? 'url' : 'body', `already carries the signature (${where(sig)}); remove it before signing`);
  }
  if (json && [recipe.signature, recipe.timestamp, recipe.nonce, recipe.apiKey].some((l) => l?.in === 'body')) {
    for (const k of Object.keys(jsonObject(request.body, sig.in === 'body' ? sig : (recipe.timestamp ?? recipe.nonce ?? recipe.apiKey)!))) jsonKeys.add(k);
    body = [text(tidyJsonEnd(request.body))];
  }

  /** The scheme's writeAt, for a value settled now (text) or made by the run (fresh). */
  const write = (loc: Location, value: string | Fresh, fixed: boolean): Piece[] => {
    const raw = fixed ? text(value) : ref(value);
    if (loc.in === 'header') {
      headers = [...headers.filter(([k]) => k.toLowerCase() !== loc.name.toLowerCase()), [loc.name, [raw]]];
      return [raw];
    }
    if (loc.in === 'body' && json) {
      const member = tidy([text(`${jsonKeys.size ? ',' : ''}${JSON.stringify(loc.name)}:`), fixed ? text(JSON.stringify(value)) : encodedFresh(value as Fresh, 'json'), text('}')]);
      jsonKeys.add(loc.name);
      return member;
    }
    const encoded = fixed ? text(rfc3986(value)) : encodedFresh(value as Fresh, 'rfc3986');
    if (loc.in === 'query') appended.push({ key: rfc3986(loc.name), value: encoded });
    const target = loc.in === 'query' ? query : (body ?? []);
    return [text(`${target.length ? '&' : ''}${rfc3986(loc.name)}=`), encoded];
  };
  const place = (loc: Location, value: string | Fresh, fixed: boolean): void => {
    const added = write(loc, value, fixed);
    if (loc.in === 'query') query = tidy([...query, ...added]);
    else if (loc.in === 'body') body = tidy(json ? [...dropLast(body!), ...added] : [...(body ?? []), ...added]);
  };

  let timestamp: Plan['timestamp'] = null;
  let timestampPiece: Piece = text('');
  if (recipe.timestamp) {
    const loc = recipe.timestamp;
    const given = readAt(request, typedQuery, loc);
    if (given !== undefined && !TIMESTAMP_PATTERNS[loc.format].test(given)) {
      throw signingInputError(where(loc), `the request carries ${JSON.stringify(given)}; expected ${TIMESTAMP_TEXT[loc.format]}`);
    }
    timestamp = { format: loc.format, fresh: given === undefined };
    if (given === undefined) place(loc, 'timestamp', false);
    timestampPiece = given === undefined ? ref('timestamp') : text(given);
  }

  let nonce: Plan['nonce'] = null;
  let noncePiece: Piece = text('');
  if (recipe.nonce) {
    const given = readAt(request, typedQuery, recipe.nonce);
    nonce = { fresh: given === undefined };
    if (given === undefined) place(recipe.nonce, 'nonce', false);
    noncePiece = given === undefined ? ref('nonce') : text(given);
  }

  const needsKey = recipe.apiKey !== undefined || recipe.components.some((c) => c.type === 'apiKey');
  const apiKey = input.publicCredentials.apiKey;
  if (needsKey && apiKey === undefined) throw signingInputError('credentials.apiKey', 'the recipe sends or signs the API key');
  if (recipe.apiKey && apiKey !== undefined) {
    const loc = recipe.apiKey;
    const given = loc.in === 'header' ? undefined : readAt(request, typedQuery, loc);
    if (given === undefined) place(loc, apiKey, true);
    else if (given !== apiKey) throw signingInputError(where(loc), 'the request already names another API key; remove it');
  }

  const component = (c: RecipeComponent): { label: string; pieces: Piece[] } => {
    const label = (fallback: string) => c.label ?? fallback;
    switch (c.type) {
      case 'method':
        return { label: label('method'), pieces: [text(method)] };
      case 'host':
        return { label: label('host'), pieces: [text(url.host)] };
      case 'path':
        return { label: label('path'), pieces: [text(url.pathname)] };
      case 'query':
        if (c.format === 'raw') return { label: label('query (as sent)'), pieces: query.length ? tidy([text(c.prefix), ref('query')]) : [] };
      {
        uses.add('sorted');
        // bash gets the order Signet worked out, with the run's values in their places.
        const piece = code({ curl: '', fetch: `prefixedSortedQuery(query, ${stringLiteral(c.prefix)})`, python: `prefixed_sorted_query(query, ${stringLiteral(c.prefix)})` }, settledSortedQuery(typedQuery, appended, c.prefix));
        return { label: label('sorted query (RFC 3986)'), pieces: [piece] };
      }
      case 'body':
        return { label: label('body'), pieces: body === null ? [] : [ref('body')] };
      case 'bodyHash':
      {
        const name = `body${c.algorithm.replace(/^s/, 'S')}${c.encoding === 'hex' ? 'Hex' : 'Base64'}`;
        bodyHashes.set(name, { hash: c.algorithm, encoding: c.encoding });
        const of = body === null ? stringLiteral('') : 'body';
        const python = c.encoding === 'hex' ? `hashlib.${c.algorithm}(${of}.encode("utf-8")).hexdigest()` : `base64.b64encode(hashlib.${c.algorithm}(${of}.encode("utf-8")).digest()).decode("ascii")`;
        return { label: label(`${c.algorithm} of the body (${c.encoding})`), pieces: [code({ curl: `\${${upperSnake(name)}}`, fetch: `createHash('${c.algorithm}').update(${of}, 'utf8').digest('${c.encoding}')`, python })] };
      }
      case 'timestamp':
        return { label: label('timestamp'), pieces: [timestampPiece] };
      case 'nonce':
        return { label: label('nonce'), pieces: [noncePiece] };
      case 'apiKey':
        return { label: label('API key'), pieces: [text(apiKey ?? '')] };
      case 'header': {
        const h = headers.find(([k]) => k.toLowerCase() === c.name.toLowerCase());
        if (!h) throw signingInputError(`headers.${c.name}`, 'the recipe signs this header, so the request must carry it');
        return { label: label(`header ${c.name}`), pieces: [...h[1]] };
      }
      case 'literal':
        return { label: label('literal'), pieces: [text(c.value)] };
    }
  };
  const components = recipe.components.map(component);

  let signatureInto: Plan['signatureInto'] = null;
  if (sig.in === 'header') {
    headers = [...headers.filter(([k]) => k.toLowerCase() !== sig.name.toLowerCase()), [sig.name, tidy([text(sig.prefix ?? ''), ref('signature')])]];
  } else {
    const variable = sig.in;
    const current = variable === 'query' ? query : body;
    const added = write(sig, 'signature', false);
    const head: Piece[] = variable === 'body' && json ? [code({ curl: '${BODY%?}', fetch: 'body.slice(0, -1)', python: 'body[:-1]' })] : current?.length ? [ref(variable)] : [];
    signatureInto = { variable, pieces: tidy([...head, ...added]) };
  }

  return { recipe, method, base: `${url.origin}${url.pathname}`, timestamp, nonce, query, body, headers, components, signatureInto, keyField: recipe.key.field, uses, bodyHashes };
}

/** The pieces without the last character (a JSON body's closing brace, always the end of a text piece). */
function dropLast(pieces: readonly Piece[]): Piece[] {
  const last = pieces[pieces.length - 1];
  if (!last || !isText(last)) throw new Error('recipe export: a JSON body ends with text');
  return tidy([...pieces.slice(0, -1), text(last.text.slice(0, -1))]);
}

/** The scheme's sorted query over the typed parameters and the appended ones, in the order every run has. */
function settledSortedQuery(typedQuery: string, appended: readonly { readonly key: string; readonly value: Piece }[], prefix: string): Piece[] {
  const pairs: { key: string; value: Piece; order: string }[] = canonicalQueryPairs(typedQuery).map(([k, v]) => ({ key: k, value: text(v), order: v }));
  // Appended names are not in the typed query (the scheme reads them there first), so no value decides their place.
  for (const a of appended) pairs.push({ key: a.key, value: a.value, order: isText(a.value) ? a.value.text : '' });
  pairs.sort((a, b) => compareQueryPairs([a.key, a.order], [b.key, b.order]));
  if (pairs.length === 0) return [];
  return tidy([text(prefix), ...pairs.flatMap((p, i) => [text(`${i ? '&' : ''}${p.key}=`), p.value])]);
}

