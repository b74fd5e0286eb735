/**
 * `recipe` written out (the rule is in ../schemes/recipe.ts; docs/signing.md#recipe): the code does what the
 * scheme's `sign` does, on every run. It takes a fresh timestamp and nonce (a UUID), places them where the recipe
 * says, builds the string to sign from the request, hashes or HMACs it with the key read from SIGNET_SECRET (a
 * recipe is keyed with the secret only) decoded as the recipe says, encodes the result and places it.
 *
 * Signet settles at export time what no run changes, exactly as the scheme would edit the request: which query
 * parameters and body members are appended, in which order, with which names and separators, and the JSON body's
 * tidied end. What a run changes is computed in the code: the clock, the nonce, their RFC 3986 or JSON spellings,
 * the body hash, the sorted query (TypeScript and Python sort at run time; bash gets the order Signet worked out, with
 * the run's values in their places: the fresh parameters' names are unique, so their place does not depend on their
 * values), the signature and its encoding. The keyed-hash-code.ts writer has no place for plain hashes, hex keys,
 * sorted queries or body hashes, hence a writer of its own.
 */
import type { Recipe, RecipeComponent } from '../../contract/recipe';
import type { CredentialField } from '../../contract/providers';
import { canonicalQueryPairs, compareQueryPairs, getHeader, rawQuery, rfc3986, upperMethod } from '../encoding';
import { formDecode, formPairs } from '../payload-text';
import { isJsonBody, jsonObject, parseRecipe, TIMESTAMP_TEXT, tidyJsonEnd, where } from '../schemes/recipe';
import { signingInputError } from '../signing-error';
import {
  constantFor,
  curlCommand,
  docsNote,
  envVarFor,
  fieldWords,
  pySecretConstants,
  PY_SORTED_QUERY,
  shellQuote,
  shellSecretChecks,
  stringLiteral,
  tsFetchAndRun,
  TS_REQUIRE_ENV,
  TS_SORTED_QUERY,
  tsSecretConstants,
  type CodeFormat,
  type SignerInput,
  type WrittenCode,
} from './code-writer';
import { sendableUrl } from './keyed-hash-code';

type Location = { readonly in: 'header' | 'query' | 'body'; readonly name: string };
type Fresh = 'timestamp' | 'nonce' | 'signature';
type Hash = 'sha256' | 'sha384' | 'sha512';

/**
 * A piece of a value the code builds: literal text; a value of the run (as is, RFC 3986-encoded, or as a JSON
 * string); the query or body variable as it stands (`dropLast`: without its closing brace); a digest of the body;
 * the sorted query (`settled`: its pieces in the order Signet worked out, for bash).
 */
type Piece =
  | { readonly text: string }
  | { readonly fresh: Fresh; readonly as: 'raw' | 'rfc3986' | 'json' }
  | { readonly current: 'query' | 'body'; readonly dropLast?: true }
  | { readonly bodyHash: Hash; readonly encoding: 'hex' | 'base64' }
  | { readonly sortedQuery: string; readonly settled: readonly Piece[] };

const text = (value: string): Piece => ({ text: value });
const isText = (p: Piece): p is { readonly text: string } => 'text' in p;

/** Adjacent texts merged, empty ones dropped: pieces read as the code will print them. */
function tidy(pieces: readonly Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    if (isText(p) && p.text === '') continue;
    const last = out[out.length - 1];
    if (isText(p) && last && isText(last)) out[out.length - 1] = text(last.text + p.text);
    else out.push(p);
  }
  return out;
}

interface Plan {
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


function plan(input: SignerInput): Plan {
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

  const sig = recipe.signature;
  if (sig.in !== 'header' && readAt(request, typedQuery, sig) !== undefined) {
    throw signingInputError(sig.in === 'query' ? 'url' : 'body', `already carries the signature (${where(sig)}); remove it before signing`);
  }
  if (json && [recipe.signature, recipe.timestamp, recipe.nonce, recipe.apiKey].some((l) => l?.in === 'body')) {
    for (const k of Object.keys(jsonObject(request.body, sig.in === 'body' ? sig : (recipe.timestamp ?? recipe.nonce ?? recipe.apiKey)!))) jsonKeys.add(k);
    body = [text(tidyJsonEnd(request.body))];
  }

  /** The scheme's writeAt, for a value settled now (text) or made by the run (fresh). */
  const write = (loc: Location, value: string | Fresh, settled: boolean): Piece[] => {
    const raw = settled ? text(value) : { fresh: value as Fresh, as: 'raw' as const };
    if (loc.in === 'header') {
      headers = [...headers.filter(([k]) => k.toLowerCase() !== loc.name.toLowerCase()), [loc.name, [raw]]];
      return [raw];
    }
    if (loc.in === 'body' && json) {
      const member = tidy([text(`${jsonKeys.size ? ',' : ''}${JSON.stringify(loc.name)}:`), settled ? text(JSON.stringify(value)) : { fresh: value as Fresh, as: 'json' }, text('}')]);
      jsonKeys.add(loc.name);
      return member;
    }
    const encoded = settled ? text(rfc3986(value)) : { fresh: value as Fresh, as: 'rfc3986' as const };
    if (loc.in === 'query') appended.push({ key: rfc3986(loc.name), value: encoded });
    const target = loc.in === 'query' ? query : (body ?? []);
    return [text(`${target.length ? '&' : ''}${rfc3986(loc.name)}=`), encoded];
  };
  const place = (loc: Location, value: string | Fresh, settled: boolean): void => {
    const added = write(loc, value, settled);
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
    timestampPiece = given === undefined ? { fresh: 'timestamp', as: 'raw' } : text(given);
  }

  let nonce: Plan['nonce'] = null;
  let noncePiece: Piece = text('');
  if (recipe.nonce) {
    const given = readAt(request, typedQuery, recipe.nonce);
    nonce = { fresh: given === undefined };
    if (given === undefined) place(recipe.nonce, 'nonce', false);
    noncePiece = given === undefined ? { fresh: 'nonce', as: 'raw' } : text(given);
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
        if (c.format === 'raw') return { label: label('query (as sent)'), pieces: query.length ? tidy([text(c.prefix), { current: 'query' }]) : [] };
        return { label: label('sorted query (RFC 3986)'), pieces: [{ sortedQuery: c.prefix, settled: settledSortedQuery(typedQuery, appended, c.prefix) }] };
      case 'body':
        return { label: label('body'), pieces: body === null ? [] : [{ current: 'body' }] };
      case 'bodyHash':
        return { label: label(`${c.algorithm} of the body (${c.encoding})`), pieces: [{ bodyHash: c.algorithm, encoding: c.encoding }] };
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
    headers = [...headers.filter(([k]) => k.toLowerCase() !== sig.name.toLowerCase()), [sig.name, tidy([text(sig.prefix ?? ''), { fresh: 'signature', as: 'raw' }])]];
  } else {
    const variable = sig.in;
    const current = variable === 'query' ? query : body;
    const added = write(sig, 'signature', false);
    const head: Piece[] = variable === 'body' && json ? [{ current: 'body', dropLast: true }] : current?.length ? [{ current: variable }] : [];
    signatureInto = { variable, pieces: tidy([...head, ...added]) };
  }

  return { recipe, method, base: `${url.origin}${url.pathname}`, timestamp, nonce, query, body, headers, components, signatureInto, keyField: recipe.key.field };
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

// ───────────────────────────── words for the comments ─────────────────────────────

/** One line of comment: control characters (and JavaScript's line separators) would end the comment early. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const commentSafe = (s: string): string => s.replace(/[\x00-\x1f\x7f\u2028\u2029]/g, ' ');

function intro(p: Plan, input: SignerInput): string[] {
  const r = p.recipe;
  const env = envVarFor(p.keyField);
  const parts = p.components.map((c) => c.label).join(', ');
  const joined = r.separator === '' ? 'concatenated' : `joined with ${JSON.stringify(r.separator)}`;
  const keyText = `the ${fieldWords(p.keyField)}${r.key.decoding === 'utf8' ? ' (UTF-8)' : `, ${r.key.decoding}-decoded`}`;
  const algorithm = r.algorithm.startsWith('hmac-')
    ? `${r.algorithm.toUpperCase()} keyed with ${keyText}`
    : r.keyPosition === 'suffix'
      ? `${r.algorithm.toUpperCase()} of the string followed by ${keyText}`
      : `${r.algorithm.toUpperCase()} of ${keyText} followed by the string`;
  const sig = r.signature;
  const lines = [
    `Signed with Signet's "${input.scheme.id}" scheme${r.name ? `, recipe ${JSON.stringify(r.name)}` : ''} (${docsNote(input.scheme)}).`,
    `String to sign: ${parts}, ${joined}.`,
    `Signature: ${algorithm}, written as ${r.output}, in ${where(sig)}${sig.in === 'header' && sig.prefix ? ` after ${JSON.stringify(sig.prefix)}` : ''}.`,
  ];
  if (r.timestamp && p.timestamp) {
    lines.push(
      p.timestamp.fresh
        ? `A fresh timestamp (${TIMESTAMP_TEXT[r.timestamp.format]}) goes in ${where(r.timestamp)} on every run.`
        : `The request carries its own timestamp in ${where(r.timestamp)}, kept as typed: APIs accept it only within their time window.`,
    );
  }
  if (r.nonce && p.nonce) lines.push(p.nonce.fresh ? `A fresh nonce (a UUID) goes in ${where(r.nonce)} on every run.` : `The request carries its own nonce in ${where(r.nonce)}, kept as typed: APIs accept each nonce once.`);
  lines.push(`The ${fieldWords(p.keyField)} is read from ${env}; it is not in this file.`);
  return lines.map(commentSafe);
}

const usesPiece = (p: Plan, test: (piece: Piece) => boolean): boolean => {
  const all: Piece[] = [...p.query, ...(p.body ?? []), ...p.headers.flatMap(([, v]) => v), ...p.components.flatMap((c) => c.pieces), ...(p.signatureInto?.pieces ?? [])];
  return all.some((x) => test(x) || ('settled' in x && x.settled.some(test)));
};

// ───────────────────────────── TypeScript and Python ─────────────────────────────

interface Language {
  readonly fresh: (f: Fresh) => string;
  readonly rfc3986: (e: string) => string;
  readonly json: (e: string) => string;
  readonly dropLast: (e: string) => string;
  readonly bodyHash: (hash: Hash, encoding: 'hex' | 'base64', body: string) => string;
  readonly sortedQuery: (prefix: string) => string;
}

const TS: Language = {
  fresh: (f) => f,
  rfc3986: (e) => `rfc3986(${e})`,
  json: (e) => `JSON.stringify(${e})`,
  dropLast: (e) => `${e}.slice(0, -1)`,
  bodyHash: (hash, encoding, body) => `createHash('${hash}').update(${body}, 'utf8').digest('${encoding}')`,
  sortedQuery: (prefix) => `prefixedSortedQuery(query, ${stringLiteral(prefix)})`,
};

const PY: Language = {
  fresh: (f) => f,
  rfc3986: (e) => `rfc3986(${e})`,
  json: (e) => `json.dumps(${e})`,
  dropLast: (e) => `${e}[:-1]`,
  bodyHash: (hash, encoding, body) =>
    encoding === 'hex' ? `hashlib.${hash}(${body}.encode("utf-8")).hexdigest()` : `base64.b64encode(hashlib.${hash}(${body}.encode("utf-8")).digest()).decode("ascii")`,
  sortedQuery: (prefix) => `prefixed_sorted_query(query, ${stringLiteral(prefix)})`,
};

function expression(pieces: readonly Piece[], lang: Language, hasBody: boolean): string {
  if (pieces.length === 0) return stringLiteral('');
  return pieces
    .map((p) => {
      if (isText(p)) return stringLiteral(p.text);
      if ('fresh' in p) return p.as === 'raw' ? lang.fresh(p.fresh) : p.as === 'rfc3986' ? lang.rfc3986(lang.fresh(p.fresh)) : lang.json(lang.fresh(p.fresh));
      if ('current' in p) return p.dropLast ? lang.dropLast(p.current) : p.current;
      if ('bodyHash' in p) return lang.bodyHash(p.bodyHash, p.encoding, hasBody ? 'body' : stringLiteral(''));
      return lang.sortedQuery(p.sortedQuery);
    })
    .join(' + ');
}

const sendable = (p: Plan) => p.headers.filter(([k]) => k.toLowerCase() !== 'content-length');

/** The query the request goes out with is non-empty: the URL gets a `?`. */
const sentQuery = (p: Plan): boolean => p.query.length > 0 || p.signatureInto?.variable === 'query';
const sentBody = (p: Plan): boolean => p.body !== null || p.signatureInto?.variable === 'body';

const TS_CLOCK = { s: 'String(Math.floor(Date.now() / 1000))', ms: 'String(Date.now())', iso: 'new Date().toISOString()' } as const;

const TS_RFC3986 = [
  '/** RFC 3986: unreserved characters stay, everything else is %XX of its UTF-8 bytes. */',
  'function rfc3986(value: string): string {',
  "  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);",
  '}',
  '',
];

const TS_PREFIXED_SORTED_QUERY = [
  ...TS_SORTED_QUERY,
  '/** The sorted query, after the prefix only when there is a query. */',
  'function prefixedSortedQuery(query: string, prefix: string): string {',
  '  const sorted = sortedQuery(query);',
  "  return sorted === '' ? '' : prefix + sorted;",
  '}',
  '',
];

function writeFetch(p: Plan, input: SignerInput): string {
  const r = p.recipe;
  const secret = constantFor(p.keyField);
  const hasBody = sentBody(p);
  const needsRfc = usesPiece(p, (x) => ('fresh' in x && x.as === 'rfc3986') || 'sortedQuery' in x);
  const needsSorted = usesPiece(p, (x) => 'sortedQuery' in x);
  const needsHash = !r.algorithm.startsWith('hmac-') || usesPiece(p, (x) => 'bodyHash' in x);
  const imports = [...(needsHash ? ['createHash'] : []), ...(r.algorithm.startsWith('hmac-') ? ['createHmac'] : []), ...(p.nonce?.fresh ? ['randomUUID'] : [])];
  const keyText = r.key.decoding === 'utf8' ? `Buffer.from(${secret}, 'utf8')` : `Buffer.from(${secret}.trim(), '${r.key.decoding}')`;
  const hash = r.algorithm.replace(/^hmac-/, '');
  const mac = r.algorithm.startsWith('hmac-')
    ? `createHmac('${hash}', key).update(stringToSign, 'utf8')`
    : r.keyPosition === 'suffix'
      ? `createHash('${hash}').update(stringToSign, 'utf8').update(key)`
      : `createHash('${hash}').update(key).update(stringToSign, 'utf8')`;
  const digest = r.output === 'hex-upper' ? `${mac}.digest('hex').toUpperCase()` : `${mac}.digest('${r.output}')`;
  const into = p.signatureInto;
  const reassigned = (v: 'query' | 'body') => (into?.variable === v ? 'let' : 'const');
  const url = sentQuery(p) ? `${stringLiteral(`${p.base}?`)} + query` : stringLiteral(p.base);
  return [
    ...intro(p, input).map((l) => `// ${l}`),
    '// Run with Node 18+ (e.g. `npx tsx request.ts`).',
    `import { ${imports.join(', ')} } from 'node:crypto';`,
    '',
    TS_REQUIRE_ENV,
    '',
    ...tsSecretConstants([p.keyField]),
    '',
    ...(needsRfc ? TS_RFC3986 : []),
    ...(needsSorted ? TS_PREFIXED_SORTED_QUERY : []),
    'async function main(): Promise<void> {',
    ...(p.timestamp?.fresh ? [`  const timestamp = ${TS_CLOCK[p.timestamp.format]};`] : []),
    ...(p.nonce?.fresh ? ['  const nonce = randomUUID();'] : []),
    `  ${reassigned('query')} query = ${expression(p.query, TS, hasBody)};`,
    ...(hasBody ? [`  ${reassigned('body')} body = ${expression(p.body ?? [], TS, hasBody)};`] : []),
    '  const stringToSign = [',
    ...p.components.map((c) => `    ${expression(c.pieces, TS, p.body !== null)}, // ${commentSafe(c.label)}`),
    `  ].join(${stringLiteral(r.separator)});`,
    `  const key = ${keyText};`,
    `  const signature = ${digest};`,
    ...(into ? [`  ${into.variable} = ${expression(into.pieces, TS, hasBody)};`] : []),
    ...tsFetchAndRun({
      url,
      method: `method: ${stringLiteral(p.method)}`,
      headers: sendable(p).map(([k, v]) => `${stringLiteral(k)}: ${expression(v, TS, hasBody)}`),
      body: hasBody ? 'body' : null,
    }),
  ].join('\n');
}

const PY_CLOCK = {
  s: 'str(time.time_ns() // 1_000_000_000)',
  ms: 'str(time.time_ns() // 1_000_000)',
  iso: 'datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")',
} as const;

function writePython(p: Plan, input: SignerInput): string {
  const r = p.recipe;
  const secret = constantFor(p.keyField);
  const hasBody = sentBody(p);
  const needsRfc = usesPiece(p, (x) => ('fresh' in x && x.as === 'rfc3986') || 'sortedQuery' in x);
  const needsSorted = usesPiece(p, (x) => 'sortedQuery' in x);
  const needsJson = usesPiece(p, (x) => 'fresh' in x && x.as === 'json');
  const needsBase64 = r.key.decoding === 'base64' || r.output === 'base64' || r.output === 'base64url' || usesPiece(p, (x) => 'bodyHash' in x && x.encoding === 'base64');
  const hmacAlg = r.algorithm.startsWith('hmac-');
  const hash = r.algorithm.replace(/^hmac-/, '');
  const keyLines =
    r.key.decoding === 'utf8'
      ? [`key = ${secret}.encode("utf-8")`]
      : r.key.decoding === 'hex'
        ? [`key = bytes.fromhex(${secret}.strip())`]
        : [`key_text = ${secret}.strip()`, 'key = base64.b64decode(key_text + "=" * (-len(key_text) % 4), validate=True)'];
  const data = 'string_to_sign.encode("utf-8")';
  const raw = hmacAlg ? `hmac.new(key, ${data}, hashlib.${hash}).digest()` : r.keyPosition === 'suffix' ? `hashlib.${hash}(${data} + key).digest()` : `hashlib.${hash}(key + ${data}).digest()`;
  const signature = {
    hex: `${raw}.hex()`,
    'hex-upper': `${raw}.hex().upper()`,
    base64: `base64.b64encode(${raw}).decode("ascii")`,
    base64url: `base64.urlsafe_b64encode(${raw}).decode("ascii").rstrip("=")`,
  }[r.output];
  const urllib = [...(needsRfc || needsSorted ? ['quote'] : []), ...(needsSorted ? ['unquote_to_bytes'] : [])];
  const into = p.signatureInto;
  const url = sentQuery(p) ? `${stringLiteral(`${p.base}?`)} + query` : stringLiteral(p.base);
  return [
    ...intro(p, input).map((l) => `# ${l}`),
    ...(needsBase64 ? ['import base64'] : []),
    'import hashlib',
    ...(hmacAlg ? ['import hmac'] : []),
    ...(needsJson ? ['import json'] : []),
    'import os',
    ...(p.timestamp?.fresh && p.timestamp.format !== 'iso' ? ['import time'] : []),
    ...(p.nonce?.fresh ? ['import uuid'] : []),
    ...(p.timestamp?.fresh && p.timestamp.format === 'iso' ? ['from datetime import datetime, timezone'] : []),
    ...(urllib.length ? [`from urllib.parse import ${urllib.join(', ')}`] : []),
    '',
    'import requests',
    '',
    ...pySecretConstants([p.keyField]),
    '',
    ...(needsRfc
      ? ['', 'def rfc3986(value):', '    """RFC 3986: unreserved characters stay, everything else is %XX of its UTF-8 bytes."""', '    return quote(value, safe="-_.~")', '']
      : []),
    ...(needsSorted
      ? [
          '',
          ...PY_SORTED_QUERY,
          '',
          '',
          'def prefixed_sorted_query(query, prefix):',
          '    """The sorted query, after the prefix only when there is a query."""',
          '    text = sorted_query(query)',
          '    return prefix + text if text else ""',
          '',
        ]
      : []),
    ...(needsRfc || needsSorted ? [''] : []),
    ...(p.timestamp?.fresh ? [`timestamp = ${PY_CLOCK[p.timestamp.format]}`] : []),
    ...(p.nonce?.fresh ? ['nonce = str(uuid.uuid4())'] : []),
    `query = ${expression(p.query, PY, hasBody)}`,
    `body = ${hasBody ? expression(p.body ?? [], PY, hasBody) : 'None'}`,
    `string_to_sign = ${stringLiteral(r.separator)}.join([`,
    ...p.components.map((c) => `    ${expression(c.pieces, PY, p.body !== null)},  # ${commentSafe(c.label)}`),
    '])',
    ...keyLines,
    `signature = ${signature}`,
    ...(into ? [`${into.variable} = ${expression(into.pieces, PY, hasBody)}`] : []),
    'headers = {',
    ...sendable(p).map(([k, v]) => `    ${stringLiteral(k)}: ${expression(v, PY, hasBody)},`),
    '}',
    `response = requests.request(${stringLiteral(p.method)}, ${url}, headers=headers, data=None if body is None else body.encode("utf-8"))`,
    'print(response.status_code, response.text)',
    '',
  ].join('\n');
}

// ───────────────────────────── bash ─────────────────────────────

const SHELL_HEX = `od -An -v -tx1 | tr -d ' \\n'`;
const SHELL_ENCODE = {
  hex: SHELL_HEX,
  'hex-upper': `${SHELL_HEX} | tr 'a-f' 'A-F'`,
  base64: 'openssl base64 -A',
  base64url: `openssl base64 -A | tr '+/' '-_' | tr -d '='`,
} as const;
const SHELL_CLOCK = { s: '$(date +%s)', ms: '$(date +%s%3N)', iso: '$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)' } as const;
const SHELL_FRESH = { timestamp: 'TIMESTAMP', nonce: 'NONCE', signature: 'SIGNATURE' } as const;

const shellVarOf = (p: Piece): string => {
  if ('fresh' in p) return `${SHELL_FRESH[p.fresh]}${p.as === 'raw' ? '' : p.as === 'rfc3986' ? '_RFC3986' : '_JSON'}`;
  if ('bodyHash' in p) return `BODY_${p.bodyHash.toUpperCase()}_${p.encoding.toUpperCase()}`;
  if ('current' in p) return p.current === 'query' ? 'QUERY' : p.dropLast ? 'BODY%?' : 'BODY';
  throw new Error('recipe export: no shell variable for this piece');
};

/** One bash word: single-quoted when all literal, else double-quoted with `${VAR}` for the run's values. */
function shellWord(pieces: readonly Piece[]): string {
  const flat = pieces.flatMap((p) => ('sortedQuery' in p ? p.settled : [p]));
  if (flat.every(isText)) return shellQuote(flat.map((p) => (isText(p) ? p.text : '')).join(''));
  return `"${flat.map((p) => (isText(p) ? p.text.replace(/[\\"$`]/g, (c) => `\\${c}`) : `\${${shellVarOf(p)}}`)).join('')}"`;
}

const SHELL_RFC3986 = [
  '# RFC 3986 for the ASCII values this script makes (timestamp, nonce, signature): unreserved characters stay.',
  'rfc3986() {',
  '  local LC_ALL=C s="$1" out="" c i',
  '  for ((i = 0; i < ${#s}; i++)); do',
  '    c=${s:i:1}',
  '    case "$c" in',
  '      [A-Za-z0-9._~-]) out+=$c ;;',
  `      *) printf -v c '%%%02X' "'$c"; out+=$c ;;`,
  '    esac',
  '  done',
  `  printf '%s' "$out"`,
  '}',
];
const SHELL_JSON = [
  '# A JSON string for the values this script makes (no control characters in them).',
  'json_string() {',
  '  local s=${1//\\\\/\\\\\\\\}',
  '  s=${s//\\"/\\\\\\"}',
  `  printf '"%s"' "$s"`,
  '}',
];
const SHELL_TRIM = ['trim() {', '  local s=$1', '  s=${s#"${s%%[![:space:]]*}"}', `  printf '%s' "\${s%"\${s##*[![:space:]]}"}"`, '}'];

function writeShell(p: Plan, input: SignerInput): string {
  const r = p.recipe;
  const env = envVarFor(p.keyField);
  const used = (test: (x: Piece) => boolean) => usesPiece(p, test);
  const encodedOf = (f: Fresh): string[] => [
    ...(used((x) => 'fresh' in x && x.fresh === f && x.as === 'rfc3986') ? [`${SHELL_FRESH[f]}_RFC3986=$(rfc3986 "$${SHELL_FRESH[f]}")`] : []),
    ...(used((x) => 'fresh' in x && x.fresh === f && x.as === 'json') ? [`${SHELL_FRESH[f]}_JSON=$(json_string "$${SHELL_FRESH[f]}")`] : []),
  ];
  const hashes = new Map<string, Extract<Piece, { bodyHash: Hash }>>();
  for (const c of p.components) for (const x of c.pieces) if ('bodyHash' in x) hashes.set(shellVarOf(x), x);
  const bodyIn = p.body === null ? `printf ''` : `printf '%s' "$BODY"`;
  const hmacAlg = r.algorithm.startsWith('hmac-');
  const hash = r.algorithm.replace(/^hmac-/, '');
  const keyHex =
    r.key.decoding === 'utf8'
      ? [`KEY_HEX=$(printf '%s' "$${env}" | ${SHELL_HEX})`]
      : r.key.decoding === 'hex'
        ? [`KEY_HEX=$(trim "$${env}")`]
        : [`KEY_BASE64=$(trim "$${env}")`, `while (( \${#KEY_BASE64} % 4 )); do KEY_BASE64+='='; done`, `KEY_HEX=$(printf '%s' "$KEY_BASE64" | openssl base64 -d -A | ${SHELL_HEX})`];
  const keyWords = r.key.decoding === 'utf8' ? 'its UTF-8 bytes' : `${r.key.decoding}-decoded`;
  const message = `printf '%s' "$STRING_TO_SIGN"`;
  const keyBytes = `printf '%b' "$(printf '%s' "$KEY_HEX" | sed 's/../\\\\x&/g')"`;
  const signed = hmacAlg
    ? `${message} | openssl dgst -${hash} -mac HMAC -macopt "hexkey:$KEY_HEX" -binary`
    : `{ ${r.keyPosition === 'suffix' ? `${message}; ${keyBytes}` : `${keyBytes}; ${message}`}; } | openssl dgst -${hash} -binary`;
  const into = p.signatureInto;
  const hasBody = sentBody(p);
  const needsRfc = used((x) => 'fresh' in x && x.as === 'rfc3986');
  const needsJson = used((x) => 'fresh' in x && x.as === 'json');
  const url = `"${p.base.replace(/[\\"$`]/g, (c) => `\\${c}`)}${sentQuery(p) ? '?${QUERY}' : ''}"`;
  return [
    '#!/usr/bin/env bash',
    ...intro(p, input).map((l) => `# ${l}`),
    '# Needs bash, GNU date, od, sed, openssl and curl. openssl gets the key as an argument: run this on a machine you trust.',
    ...(used((x) => 'sortedQuery' in x) ? ['# The sorted query is in the order Signet worked out for this request; the run fills in its own values.'] : []),
    'set -euo pipefail',
    ...shellSecretChecks([p.keyField]),
    '',
    ...(needsRfc ? [...SHELL_RFC3986, ''] : []),
    ...(needsJson ? [...SHELL_JSON, ''] : []),
    ...(r.key.decoding !== 'utf8' ? [...SHELL_TRIM, ''] : []),
    ...(p.timestamp?.fresh ? [`TIMESTAMP=${SHELL_CLOCK[p.timestamp.format]}`, ...encodedOf('timestamp')] : []),
    ...(p.nonce?.fresh
      ? [
          '# A version 4 UUID.',
          'RANDOM_HEX=$(openssl rand -hex 16)',
          `NONCE="\${RANDOM_HEX:0:8}-\${RANDOM_HEX:8:4}-4\${RANDOM_HEX:13:3}-$(printf '%x' $(( (0x\${RANDOM_HEX:16:1} & 3) | 8 )))\${RANDOM_HEX:17:3}-\${RANDOM_HEX:20:12}"`,
          ...encodedOf('nonce'),
        ]
      : []),
    `QUERY=${shellWord(p.query)}`,
    ...(hasBody ? [`BODY=${shellWord(p.body ?? [])}`] : []),
    ...[...hashes].map(([name, h]) => `${name}=$(${bodyIn} | openssl dgst -${h.bodyHash} -binary | ${h.encoding === 'hex' ? SHELL_HEX : 'openssl base64 -A'})`),
    '# The string to sign, built in a variable (not with $(…), which would drop trailing newlines).',
    `STRING_TO_SIGN=${shellWord(p.components.flatMap((c, i) => [...(i ? [text(r.separator)] : []), ...c.pieces]))}`,
    `# The key as hex (${keyWords}), so that any byte can be passed to openssl.`,
    ...keyHex,
    `SIGNATURE=$(${signed} | ${SHELL_ENCODE[r.output]})`,
    ...encodedOf('signature'),
    ...(into ? [`${into.variable === 'query' ? 'QUERY' : 'BODY'}=${shellWord(into.pieces)}`] : []),
    '',
    curlCommand(
      p.method,
      url,
      p.headers.map(([k, v]) => shellWord([text(`${k}: `), ...v])),
      hasBody ? '"$BODY"' : null,
    ),
    '',
  ].join('\n');
}

/** The `recipe` scheme's "Copy as" code; the recipe is `input.options.recipe` (an invalid one is ERR_SIGNING_INPUT). */
export function writeRecipeCode(format: CodeFormat, input: SignerInput): WrittenCode {
  const p = plan(input);
  const code = format === 'curl' ? writeShell(p, input) : format === 'fetch' ? writeFetch(p, input) : writePython(p, input);
  return { code, kind: 'signer', env: [envVarFor(p.keyField)] };
}
