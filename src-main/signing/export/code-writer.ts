/**
 * Writing a signed request out as code a person can run: curl (a bash script), TypeScript fetch, Python requests.
 * Two kinds: a *signer* writes the scheme's signing out in the target language and signs afresh each run (see
 * hmac.ts); a *snapshot* (snapshot.ts) carries the signature Signet just computed, for schemes without a signer.
 * Either way a secret credential is never in the code: it is read from an environment variable. Writers never
 * see a secret; where one belongs, they get a `{ secret: field }` segment.
 */
import type { CredentialField } from '../../contract/providers';
import type { SignableRequest } from '../types';

export type CodeFormat = 'curl' | 'fetch' | 'python';

/** A piece of text: literal, or the place where a secret credential goes. */
export type Segment = { readonly text: string } | { readonly secret: CredentialField };

export interface SchemeRef {
  readonly id: string;
  readonly title: string;
  readonly docs: string;
}

/** What a signer writer gets: the request as typed, the key's public fields, and which secret fields it has. */
export interface SignerInput {
  readonly scheme: SchemeRef;
  readonly request: SignableRequest;
  readonly publicCredentials: Readonly<Partial<Record<CredentialField, string>>>;
  readonly secretFields: readonly CredentialField[];
  readonly options: Readonly<Record<string, string>>;
}

/** What a snapshot writer gets: the signed request, with secret values as segments. */
export interface SnapshotInput {
  readonly scheme: SchemeRef;
  readonly timestamp: number;
  readonly nonce: string;
  readonly request: {
    readonly method: string;
    readonly url: readonly Segment[];
    readonly headers: readonly (readonly [string, readonly Segment[]])[];
    readonly body: readonly Segment[] | null;
  };
}

export interface WrittenCode {
  readonly code: string;
  readonly kind: 'signer' | 'snapshot';
  /** Environment variables the code reads. */
  readonly env: readonly string[];
}

export type SignerWriter = (format: CodeFormat, input: SignerInput) => WrittenCode;

/** `privateKeyPem` → `SIGNET_PRIVATE_KEY_PEM`. */
export function envVarFor(field: CredentialField): string {
  return `SIGNET_${field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** Words for a field in "Set SIGNET_SECRET to the key's secret". */
export function fieldWords(field: CredentialField): string {
  return field.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`).replace('pem', 'PEM');
}

/** A bash single-quoted word: everything literal. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A bash double-quoted word in which secrets expand from the environment. */
export function shellTemplate(segments: readonly Segment[]): string {
  if (segments.every((s) => 'text' in s)) return shellQuote(segments.map((s) => ('text' in s ? s.text : '')).join(''));
  return `"${segments.map((s) => ('text' in s ? s.text.replace(/[\\"$`]/g, (c) => `\\${c}`) : `\${${envVarFor(s.secret)}}`)).join('')}"`;
}

/** A string literal valid in both TypeScript and Python (JSON's escapes are a subset of both). */
export function stringLiteral(value: string): string {
  return JSON.stringify(value);
}

/** An expression concatenating literals and secret variables (named by `variable`). */
export function concatExpression(segments: readonly Segment[], variable: (field: CredentialField) => string): string {
  if (segments.length === 0) return stringLiteral('');
  return segments.map((s) => ('text' in s ? stringLiteral(s.text) : variable(s.secret))).join(' + ');
}

export function uniqueSecrets(groups: readonly (readonly Segment[] | null)[]): CredentialField[] {
  const out: CredentialField[] = [];
  for (const g of groups) for (const s of g ?? []) if ('secret' in s && !out.includes(s.secret)) out.push(s.secret);
  return out;
}

/** `SIGNET_SECRET` → `SECRET`: the constant name the TypeScript and Python code use. */
export function constantFor(field: CredentialField): string {
  return envVarFor(field).replace(/^SIGNET_/, '');
}

/** A curl command, one option per line. `--data-raw` sends the body as is (no `@file` reading). */
export function curlCommand(method: string, url: string, headers: readonly string[], body: string | null): string {
  const lines = [`curl -sS -X ${method} ${url}`, ...headers.map((h) => `-H ${h}`), ...(body !== null ? [`--data-raw ${body}`] : [])];
  return lines.join(' \\\n  ');
}

export function docsNote(scheme: SchemeRef): string {
  return /^https?:/.test(scheme.docs) ? scheme.docs : `Signet ${scheme.docs}`;
}

/** The TypeScript helper that reads a variable or stops with a message naming it. */
export const TS_REQUIRE_ENV = `function requireEnv(name: string, what: string): string {
  const value = process.env[name];
  if (!value) throw new Error(\`Set \${name} to the key's \${what}.\`);
  return value;
}`;

export function tsSecretConstants(fields: readonly CredentialField[]): string[] {
  return fields.map((f) => `const ${constantFor(f)} = requireEnv(${stringLiteral(envVarFor(f))}, ${stringLiteral(fieldWords(f))});`);
}

export function pySecretConstants(fields: readonly CredentialField[]): string[] {
  return fields.map((f) => `${constantFor(f)} = os.environ[${stringLiteral(envVarFor(f))}]  # the key's ${fieldWords(f)}`);
}

export function shellSecretChecks(fields: readonly CredentialField[]): string[] {
  // No apostrophe in the message: bash's quoting inside "${…:?…}" is not worth the risk.
  return fields.map((f) => `: "\${${envVarFor(f)}:?Set ${envVarFor(f)} to the ${fieldWords(f)} of this key}"`);
}

/** The end of every generated TypeScript program: print the response, close `main`, run it with a non-zero exit on error. */
const TS_PRINT_AND_RUN_MAIN: readonly string[] = [
  '  console.log(response.status, await response.text());',
  '}',
  '',
  'main().catch((error: unknown) => {',
  '  console.error(error);',
  '  process.exitCode = 1;',
  '});',
  '',
];

/**
 * The fetch call that ends every generated TypeScript program's `main`, then the ending above. `url` is an
 * expression; `method`, each of `headers` and `body` are object members as written (`method: "GET"`, `method`,
 * `"Accept": "application/json"`, `body`, `...(body !== null ? { body } : {})`); no body member when null.
 */
export function tsFetchAndRun(call: { readonly url: string; readonly method: string; readonly headers: readonly string[]; readonly body: string | null }): string[] {
  return [
    `  const response = await fetch(${call.url}, {`,
    `    ${call.method},`,
    '    headers: {',
    ...call.headers.map((h) => `      ${h},`),
    '    },',
    ...(call.body !== null ? [`    ${call.body},`] : []),
    '  });',
    ...TS_PRINT_AND_RUN_MAIN,
  ];
}

/**
 * The sorted query as the scheme signs it (encoding.ts `sortedQueryString`): the raw query split on "&" and the first
 * "=", each part percent-decoded to bytes ("+" is a plus sign, a leading "?" part of the first name) and RFC 3986-encoded.
 */
export const TS_SORTED_QUERY: readonly string[] = [
  '/** A query name or value as signed: %XX escapes are their bytes, other text its UTF-8 bytes ("+" is a plus sign); every byte but A-Z a-z 0-9 - . _ ~ is written %XX. */',
  'function canonicalQueryPart(raw: string): string {',
  '  const chunks: Buffer[] = [];',
  '  let last = 0;',
  '  for (const m of raw.matchAll(/%([0-9A-Fa-f]{2})/g)) {',
  "    chunks.push(Buffer.from(raw.slice(last, m.index), 'utf8'), Buffer.from([parseInt(m[1]!, 16)]));",
  '    last = m.index + 3;',
  '  }',
  "  chunks.push(Buffer.from(raw.slice(last), 'utf8'));",
  '  let out = \'\';',
  '  for (const b of Buffer.concat(chunks)) {',
  '    const c = String.fromCharCode(b);',
  "    out += /[A-Za-z0-9\\-._~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;",
  '  }',
  '  return out;',
  '}',
  '',
  '/** The raw query (after its first "?") split on "&" and the first "=", sorted by name then value. */',
  'function sortedQuery(query: string): string {',
  '  return query',
  "    .split('&')",
  "    .filter((s) => s !== '')",
  "    .map((s) => (s.includes('=') ? [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)] : [s, '']).map(canonicalQueryPart))",
  '    .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : 0))',
  '    .map(([k, v]) => `${k}=${v}`)',
  "    .join('&');",
  '}',
  '',
];

/** The same in Python: unquote_to_bytes and quote work on bytes, as the scheme does. */
export const PY_SORTED_QUERY: readonly string[] = [
  'def canonical_query_part(raw):',
  '    """A query name or value as signed: percent-decoded to bytes ("+" is a plus sign), every byte but A-Z a-z 0-9 - . _ ~ written %XX."""',
  '    return quote(unquote_to_bytes(raw), safe="-_.~")',
  '',
  '',
  'def sorted_query(query):',
  '    """The raw query (after its first "?") split on "&" and the first "=", sorted by name then value."""',
  '    pairs = []',
  '    for segment in query.split("&"):',
  '        if segment:',
  '            name, _, value = segment.partition("=")',
  '            pairs.append((canonical_query_part(name), canonical_query_part(value)))',
  '    return "&".join(f"{k}={v}" for k, v in sorted(pairs))',
];
