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
 * sorted queries or body hashes, hence a writer of its own (over the same pieces and language table).
 */
import type { Recipe, RecipeComponent } from '../../contract/recipe';
import type { CredentialField } from '../../contract/providers';
import { canonicalQueryPairs, compareQueryPairs, getHeader, rawQuery, rfc3986, upperMethod } from '../encoding';
import { formDecode, formPairs } from '../payload-text';
import { isJsonBody, jsonObject, parseRecipe, TIMESTAMP_TEXT, tidyJsonEnd, where } from '../schemes/recipe';
import { signingInputError } from '../signing-error';
import { code, constantFor, docsNote, envVarFor, fieldWords, isText, ref, shellEscape, shellTemplate, stringLiteral, text, tidy, type CodeFormat, type Piece, type SignerInput, type WrittenCode } from './code-writer';
import { sendableUrl } from './keyed-hash-code';
import { LANGUAGES, writeProgram } from './languages';
import { SORTED_QUERY_HELPERS } from './sorted-query-code';

type Location = { readonly in: 'header' | 'query' | 'body'; readonly name: string };
type Fresh = 'timestamp' | 'nonce' | 'signature';
type Hash = 'sha256' | 'sha384' | 'sha512';

/** The bash variables of the run's values. */
const SHELL_FRESH = { timestamp: 'TIMESTAMP', nonce: 'NONCE', signature: 'SIGNATURE' } as const;

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
  /** What the code must define: `rfc3986:<value>` and `json:<value>` encodings, `sorted` (the sorted query). */
  readonly uses: ReadonlySet<string>;
  /** The body digests bash computes, by variable. */
  readonly bodyHashes: ReadonlyMap<string, { readonly hash: Hash; readonly encoding: 'hex' | 'base64' }>;
  /** bash writes a sorted query piece as these pieces (the order Signet worked out). */
  readonly settled: ReadonlyMap<Piece, readonly Piece[]>;
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
  const uses = new Set<string>();
  const bodyHashes = new Map<string, { readonly hash: Hash; readonly encoding: 'hex' | 'base64' }>();
  const settled = new Map<Piece, readonly Piece[]>();
  /** A run's value RFC 3986-encoded or as a JSON string (bash computes it into a variable first). */
  const encodedFresh = (f: Fresh, as: 'rfc3986' | 'json'): Piece => {
    uses.add(`${as}:${f}`);
    const call = as === 'rfc3986' ? { fetch: 'rfc3986', python: 'rfc3986' } : { fetch: 'JSON.stringify', python: 'json.dumps' };
    return code({ curl: `\${${SHELL_FRESH[f]}_${as === 'rfc3986' ? 'RFC3986' : 'JSON'}}`, fetch: `${call.fetch}(${f})`, python: `${call.python}(${f})` });
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
        const piece = code({ curl: '', fetch: `prefixedSortedQuery(query, ${stringLiteral(c.prefix)})`, python: `prefixed_sorted_query(query, ${stringLiteral(c.prefix)})` });
        settled.set(piece, settledSortedQuery(typedQuery, appended, c.prefix));
        return { label: label('sorted query (RFC 3986)'), pieces: [piece] };
      }
      case 'body':
        return { label: label('body'), pieces: body === null ? [] : [ref('body')] };
      case 'bodyHash':
      {
        const name = `BODY_${c.algorithm.toUpperCase()}_${c.encoding.toUpperCase()}`;
        bodyHashes.set(name, { hash: c.algorithm, encoding: c.encoding });
        const of = body === null ? stringLiteral('') : 'body';
        const python = c.encoding === 'hex' ? `hashlib.${c.algorithm}(${of}.encode("utf-8")).hexdigest()` : `base64.b64encode(hashlib.${c.algorithm}(${of}.encode("utf-8")).digest()).decode("ascii")`;
        return { label: label(`${c.algorithm} of the body (${c.encoding})`), pieces: [code({ curl: `\${${name}}`, fetch: `createHash('${c.algorithm}').update(${of}, 'utf8').digest('${c.encoding}')`, python })] };
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

  return { recipe, method, base: `${url.origin}${url.pathname}`, timestamp, nonce, query, body, headers, components, signatureInto, keyField: recipe.key.field, uses, bodyHashes, settled };
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

/** The query the request goes out with is non-empty: the URL gets a `?`. */
const sentQuery = (p: Plan): boolean => p.query.length > 0 || p.signatureInto?.variable === 'query';
const sentBody = (p: Plan): boolean => p.body !== null || p.signatureInto?.variable === 'body';

const CLOCKS = {
  s: { curl: '$(date +%s)', fetch: 'String(Math.floor(Date.now() / 1000))', python: 'str(time.time_ns() // 1_000_000_000)' },
  ms: { curl: '$(date +%s%3N)', fetch: 'String(Date.now())', python: 'str(time.time_ns() // 1_000_000)' },
  iso: { curl: '$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)', fetch: 'new Date().toISOString()', python: 'datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")' },
} as const;

const TS_RFC3986 = [
  '/** RFC 3986: unreserved characters stay, everything else is %XX of its UTF-8 bytes. */',
  'function rfc3986(value: string): string {',
  "  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);",
  '}',
];
const TS_PREFIXED_SORTED_QUERY = [
  '/** The sorted query, after the prefix only when there is a query. */',
  'function prefixedSortedQuery(query: string, prefix: string): string {',
  '  const sorted = sortedQuery(query);',
  "  return sorted === '' ? '' : prefix + sorted;",
  '}',
];
const PY_RFC3986 = ['def rfc3986(value):', '    """RFC 3986: unreserved characters stay, everything else is %XX of its UTF-8 bytes."""', '    return quote(value, safe="-_.~")'];
const PY_PREFIXED_SORTED_QUERY = [
  'def prefixed_sorted_query(query, prefix):',
  '    """The sorted query, after the prefix only when there is a query."""',
  '    text = sorted_query(query)',
  '    return prefix + text if text else ""',
];

const SHELL_HEX = `od -An -v -tx1 | tr -d ' \\n'`;
const SHELL_ENCODE = {
  hex: SHELL_HEX,
  'hex-upper': `${SHELL_HEX} | tr 'a-f' 'A-F'`,
  base64: 'openssl base64 -A',
  base64url: `openssl base64 -A | tr '+/' '-_' | tr -d '='`,
} as const;
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

/** One bash word, with a sorted query written as the pieces Signet settled. */
const shellWord = (p: Plan, pieces: readonly Piece[]): string => shellTemplate(pieces.flatMap((x) => p.settled.get(x) ?? [x]));

function shellLines(p: Plan): string[] {
  const r = p.recipe;
  const env = envVarFor(p.keyField);
  const encodedOf = (f: Fresh): string[] => [
    ...(p.uses.has(`rfc3986:${f}`) ? [`${SHELL_FRESH[f]}_RFC3986=$(rfc3986 "$${SHELL_FRESH[f]}")`] : []),
    ...(p.uses.has(`json:${f}`) ? [`${SHELL_FRESH[f]}_JSON=$(json_string "$${SHELL_FRESH[f]}")`] : []),
  ];
  const bodyIn = p.body === null ? `printf ''` : `printf '%s' "$BODY"`;
  const hash = r.algorithm.replace(/^hmac-/, '');
  const keyHex =
    r.key.decoding === 'utf8'
      ? [`KEY_HEX=$(printf '%s' "$${env}" | ${SHELL_HEX})`]
      : r.key.decoding === 'hex'
        ? [`KEY_HEX=$(trim "$${env}")`]
        : [`KEY_BASE64=$(trim "$${env}")`, `while (( \${#KEY_BASE64} % 4 )); do KEY_BASE64+='='; done`, `KEY_HEX=$(printf '%s' "$KEY_BASE64" | openssl base64 -d -A | ${SHELL_HEX})`];
  const message = `printf '%s' "$STRING_TO_SIGN"`;
  const keyBytes = `printf '%b' "$(printf '%s' "$KEY_HEX" | sed 's/../\\\\x&/g')"`;
  const signed = r.algorithm.startsWith('hmac-')
    ? `${message} | openssl dgst -${hash} -mac HMAC -macopt "hexkey:$KEY_HEX" -binary`
    : `{ ${r.keyPosition === 'suffix' ? `${message}; ${keyBytes}` : `${keyBytes}; ${message}`}; } | openssl dgst -${hash} -binary`;
  const into = p.signatureInto;
  return [
    ...(p.timestamp?.fresh ? [`TIMESTAMP=${CLOCKS[p.timestamp.format].curl}`, ...encodedOf('timestamp')] : []),
    ...(p.nonce?.fresh
      ? [
          '# A version 4 UUID.',
          'RANDOM_HEX=$(openssl rand -hex 16)',
          `NONCE="\${RANDOM_HEX:0:8}-\${RANDOM_HEX:8:4}-4\${RANDOM_HEX:13:3}-$(printf '%x' $(( (0x\${RANDOM_HEX:16:1} & 3) | 8 )))\${RANDOM_HEX:17:3}-\${RANDOM_HEX:20:12}"`,
          ...encodedOf('nonce'),
        ]
      : []),
    `QUERY=${shellWord(p, p.query)}`,
    ...(sentBody(p) ? [`BODY=${shellWord(p, p.body ?? [])}`] : []),
    ...[...p.bodyHashes].map(([name, h]) => `${name}=$(${bodyIn} | openssl dgst -${h.hash} -binary | ${h.encoding === 'hex' ? SHELL_HEX : 'openssl base64 -A'})`),
    '# The string to sign, built in a variable (not with $(…), which would drop trailing newlines).',
    `STRING_TO_SIGN=${shellWord(p, p.components.flatMap((c, i) => [...(i ? [text(r.separator)] : []), ...c.pieces]))}`,
    `# The key as hex (${r.key.decoding === 'utf8' ? 'its UTF-8 bytes' : `${r.key.decoding}-decoded`}), so that any byte can be passed to openssl.`,
    ...keyHex,
    `SIGNATURE=$(${signed} | ${SHELL_ENCODE[r.output]})`,
    ...encodedOf('signature'),
    ...(into ? [`${into.variable === 'query' ? 'QUERY' : 'BODY'}=${shellWord(p, into.pieces)}`] : []),
  ];
}

function fetchLines(p: Plan): string[] {
  const r = p.recipe;
  const expr = LANGUAGES.fetch.expression;
  const secret = constantFor(p.keyField);
  const keyText = r.key.decoding === 'utf8' ? `Buffer.from(${secret}, 'utf8')` : `Buffer.from(${secret}.trim(), '${r.key.decoding}')`;
  const hash = r.algorithm.replace(/^hmac-/, '');
  const mac = r.algorithm.startsWith('hmac-')
    ? `createHmac('${hash}', key).update(stringToSign, 'utf8')`
    : r.keyPosition === 'suffix'
      ? `createHash('${hash}').update(stringToSign, 'utf8').update(key)`
      : `createHash('${hash}').update(key).update(stringToSign, 'utf8')`;
  const into = p.signatureInto;
  const declare = (v: 'query' | 'body') => (into?.variable === v ? 'let' : 'const');
  return [
    ...(p.timestamp?.fresh ? [`const timestamp = ${CLOCKS[p.timestamp.format].fetch};`] : []),
    ...(p.nonce?.fresh ? ['const nonce = randomUUID();'] : []),
    `${declare('query')} query = ${expr(p.query)};`,
    ...(sentBody(p) ? [`${declare('body')} body = ${expr(p.body ?? [])};`] : []),
    'const stringToSign = [',
    ...p.components.map((c) => `  ${expr(c.pieces)}, // ${commentSafe(c.label)}`),
    `].join(${stringLiteral(r.separator)});`,
    `const key = ${keyText};`,
    `const signature = ${r.output === 'hex-upper' ? `${mac}.digest('hex').toUpperCase()` : `${mac}.digest('${r.output}')`};`,
    ...(into ? [`${into.variable} = ${expr(into.pieces)};`] : []),
  ];
}

function pythonLines(p: Plan): string[] {
  const r = p.recipe;
  const expr = LANGUAGES.python.expression;
  const secret = constantFor(p.keyField);
  const hash = r.algorithm.replace(/^hmac-/, '');
  const keyLines =
    r.key.decoding === 'utf8'
      ? [`key = ${secret}.encode("utf-8")`]
      : r.key.decoding === 'hex'
        ? [`key = bytes.fromhex(${secret}.strip())`]
        : [`key_text = ${secret}.strip()`, 'key = base64.b64decode(key_text + "=" * (-len(key_text) % 4), validate=True)'];
  const data = 'string_to_sign.encode("utf-8")';
  const raw = r.algorithm.startsWith('hmac-') ? `hmac.new(key, ${data}, hashlib.${hash}).digest()` : r.keyPosition === 'suffix' ? `hashlib.${hash}(${data} + key).digest()` : `hashlib.${hash}(key + ${data}).digest()`;
  const signature = {
    hex: `${raw}.hex()`,
    'hex-upper': `${raw}.hex().upper()`,
    base64: `base64.b64encode(${raw}).decode("ascii")`,
    base64url: `base64.urlsafe_b64encode(${raw}).decode("ascii").rstrip("=")`,
  }[r.output];
  const into = p.signatureInto;
  return [
    ...(p.timestamp?.fresh ? [`timestamp = ${CLOCKS[p.timestamp.format].python}`] : []),
    ...(p.nonce?.fresh ? ['nonce = str(uuid.uuid4())'] : []),
    `query = ${expr(p.query)}`,
    `body = ${sentBody(p) ? expr(p.body ?? []) : 'None'}`,
    `string_to_sign = ${stringLiteral(r.separator)}.join([`,
    ...p.components.map((c) => `    ${expr(c.pieces)},  # ${commentSafe(c.label)}`),
    '])',
    ...keyLines,
    `signature = ${signature}`,
    ...(into ? [`${into.variable} = ${expr(into.pieces)}`] : []),
  ];
}

/** The `recipe` scheme's "Copy as" code; the recipe is `input.options.recipe` (an invalid one is ERR_SIGNING_INPUT). */
export function writeRecipeCode(format: CodeFormat, input: SignerInput): WrittenCode {
  const p = plan(input);
  const r = p.recipe;
  const hmacAlg = r.algorithm.startsWith('hmac-');
  const hasHash = [...p.bodyHashes.values()];
  const needsRfc = [...p.uses].some((u) => u.startsWith('rfc3986:')) || p.uses.has('sorted');
  const needsSorted = p.uses.has('sorted');
  const needsJson = [...p.uses].some((u) => u.startsWith('json:'));
  const needsBase64 = r.key.decoding === 'base64' || r.output === 'base64' || r.output === 'base64url' || hasHash.some((h) => h.encoding === 'base64');
  const urllib = [...(needsRfc ? ['quote'] : []), ...(needsSorted ? ['unquote_to_bytes'] : [])];
  const url = sentQuery(p) ? [text(`${p.base}?`), ref('query')] : [text(p.base)];
  return writeProgram(format, {
    kind: 'signer',
    intro: intro(p, input),
    notes: {
      curl: [
        'Needs bash, GNU date, od, sed, openssl and curl. openssl gets the key as an argument: run this on a machine you trust.',
        ...(needsSorted ? ['The sorted query is in the order Signet worked out for this request; the run fills in its own values.'] : []),
      ],
    },
    imports: {
      fetch: [...(!hmacAlg || hasHash.length ? ['createHash'] : []), ...(hmacAlg ? ['createHmac'] : []), ...(p.nonce?.fresh ? ['randomUUID'] : [])],
      python: [
        ...(needsBase64 ? ['import base64'] : []),
        'import hashlib',
        ...(hmacAlg ? ['import hmac'] : []),
        ...(needsJson ? ['import json'] : []),
        'import os',
        ...(p.timestamp?.fresh && p.timestamp.format !== 'iso' ? ['import time'] : []),
        ...(p.nonce?.fresh ? ['import uuid'] : []),
        ...(p.timestamp?.fresh && p.timestamp.format === 'iso' ? ['from datetime import datetime, timezone'] : []),
        ...(urllib.length ? [`from urllib.parse import ${urllib.join(', ')}`] : []),
      ],
    },
    constants: [{ secret: p.keyField }],
    helpers: {
      curl: [
        ...([...p.uses].some((u) => u.startsWith('rfc3986:')) ? [SHELL_RFC3986] : []),
        ...(needsJson ? [SHELL_JSON] : []),
        ...(r.key.decoding !== 'utf8' ? [SHELL_TRIM] : []),
      ],
      fetch: [...(needsRfc ? [TS_RFC3986] : []), ...(needsSorted ? [SORTED_QUERY_HELPERS.fetch, TS_PREFIXED_SORTED_QUERY] : [])],
      python: [...(needsRfc ? [PY_RFC3986] : []), ...(needsSorted ? [SORTED_QUERY_HELPERS.python, PY_PREFIXED_SORTED_QUERY] : [])],
    },
    main: { curl: shellLines(p), fetch: fetchLines(p), python: pythonLines(p) },
    request: {
      method: [text(p.method)],
      url: [code({ curl: `"${shellEscape(p.base)}${sentQuery(p) ? '?${QUERY}' : ''}"`, fetch: LANGUAGES.fetch.expression(url), python: LANGUAGES.python.expression(url) })],
      headers: p.headers.map(([name, value]) => ({ name, value })),
      body: sentBody(p) ? [ref('body')] : null,
      clientSetsContentLength: true,
      pythonData: 'None if body is None else body.encode("utf-8")',
    },
  });
}
