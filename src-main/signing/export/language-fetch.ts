/**
 * TypeScript fetch (Node 18+, node:crypto), the "Copy as fetch" row of the language table (languages.ts): how each
 * kind of step is written with Buffer, createHash and createHmac, the helpers, and the program around them (secrets
 * read by `requireEnv`, the steps inside `main`, one fetch call).
 */
import { concatenation, constantFor, envVarFor, fieldWords, lone, stringLiteral, type Expr } from './code-writer';
import { sentHeaders, type Bytes, type ClockFormat, type Language, type StepKind } from './program';

const CLOCKS: Record<ClockFormat, string> = {
  'iso-ms': 'new Date().toISOString()',
  s: 'String(Math.floor(Date.now() / 1000))',
  ms: 'String(Date.now())',
  us: 'String(Date.now() * 1000)',
  's-ns': 'String(Math.floor(Date.now() / 1000))',
  'ms-ns': 'String(Date.now())',
  amz: "new Date().toISOString().replace(/[-:]/g, '').replace(/\\.\\d{3}/, '')",
};

const name = (ref: string): string => ref;
const expr = (pieces: Expr): string => concatenation(pieces, name, 'fetch');

/** The arguments of `update(…)` for the bytes. */
function bytes(b: Bytes): string {
  if ('utf8' in b) return `Buffer.from(${expr(b.utf8)}, 'utf8')`;
  if ('utf8Of' in b) return `${'ref' in b.utf8Of ? b.utf8Of.ref : constantFor(b.utf8Of.secret)}, 'utf8'`;
  if ('empty' in b) return `'', 'utf8'`;
  return `Buffer.concat([Buffer.from(${stringLiteral(b.prefix)}, 'utf8'), createHash('sha256').update(${bytes(b.sha256Of)}).digest()])`;
}

function step(s: StepKind): readonly string[] {
  if ('lines' in s) return s.lines.fetch ?? [];
  if ('comment' in s) return [`// ${s.comment}`];
  if ('key' in s) {
    const secret = constantFor(s.key);
    return [`const key = Buffer.from(${secret}${s.trim ? '.trim()' : ''}, '${s.decoding}');`];
  }
  if ('set' in s) return [`${s.set} = ${expr(s.value)};`];
  if ('join' in s) return [`const ${s.let} = [`, ...s.join.map((part) => `  ${expr(part.pieces)}, // ${part.label}`), `].join(${stringLiteral(s.separator)});`];
  const declare = (value: string): string[] => [`${'mutable' in s && s.mutable ? 'let' : 'const'} ${s.let} = ${value};`];
  if ('clock' in s) return declare(CLOCKS[s.clock]);
  if ('uuid' in s) return declare('randomUUID()');
  if ('base64Of' in s) return declare(`Buffer.from(${expr(s.base64Of)}, 'utf8').toString('base64')`);
  if ('encode' in s) return declare(`${s.encode === 'rfc3986' ? 'rfc3986' : 'JSON.stringify'}(${s.of})`);
  if ('hash' in s) {
    const over = bytes(s.over);
    const digest =
      s.keyed === 'hmac'
        ? `createHmac('${s.hash}', key).update(${over})`
        : s.keyed === 'prefix'
          ? `createHash('${s.hash}').update(key).update(${over})`
          : s.keyed === 'suffix'
            ? `createHash('${s.hash}').update(${over}).update(key)`
            : `createHash('${s.hash}').update(${over})`;
    return declare(s.output === 'hex-upper' ? `${digest}.digest('hex').toUpperCase()` : `${digest}.digest('${s.output}')`);
  }
  return declare(s.value === null ? 'null' : expr(s.value));
}

/** The TypeScript helper that reads a variable or stops with a message naming it. */
const REQUIRE_ENV = `function requireEnv(name: string, what: string): string {
  const value = process.env[name];
  if (!value) throw new Error(\`Set \${name} to the key's \${what}.\`);
  return value;
}`;

const RFC3986 = [
  '/** RFC 3986: unreserved characters stay, everything else is %XX of its UTF-8 bytes. */',
  'function rfc3986(value: string): string {',
  "  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);",
  '}',
];
const SORTED_QUERY = [
  '/** A query name or value as signed: %XX escapes are their bytes, other text its UTF-8 bytes ("+" is a plus sign); every byte but A-Z a-z 0-9 - . _ ~ is written %XX. */',
  'function canonicalQueryPart(raw: string): string {',
  '  const chunks: Buffer[] = [];',
  '  let last = 0;',
  '  for (const m of raw.matchAll(/%([0-9A-Fa-f]{2})/g)) {',
  "    chunks.push(Buffer.from(raw.slice(last, m.index), 'utf8'), Buffer.from([parseInt(m[1]!, 16)]));",
  '    last = m.index + 3;',
  '  }',
  "  chunks.push(Buffer.from(raw.slice(last), 'utf8'));",
  "  let out = '';",
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
];
const PREFIXED_SORTED_QUERY = [
  '/** The sorted query, after the prefix only when there is a query. */',
  'function prefixedSortedQuery(query: string, prefix: string): string {',
  '  const sorted = sortedQuery(query);',
  "  return sorted === '' ? '' : prefix + sorted;",
  '}',
];

export const fetch: Language = {
  literal: stringLiteral,
  expression: expr,
  name,
  step,
  // The recipe writer has always written rfc3986 beside the sorted query.
  helpers: { rfc3986: [RFC3986], sortedQuery: [SORTED_QUERY], prefixedSortedQuery: [RFC3986, SORTED_QUERY, PREFIXED_SORTED_QUERY] },
  program: (p, steps, helpers) => {
    const r = p.request;
    const method = lone(r.method);
    const only = r.body && lone(r.body);
    const body = r.fetchBody ?? (r.body === null ? null : only && 'ref' in only && only.ref === 'body' ? 'body' : `body: ${expr(r.body)}`);
    const names = p.imports?.fetch ?? [];
    return [
      ...[...p.intro, ...(p.notes?.fetch ?? [])].map((l) => `// ${l}`),
      '// Run with Node 18+ (e.g. `npx tsx request.ts`).',
      ...(names.length ? [`import { ${names.join(', ')} } from 'node:crypto';`] : []),
      ...(p.constants.length
        ? [
            '',
            REQUIRE_ENV,
            '',
            ...p.constants.map((c) =>
              'secret' in c
                ? `const ${constantFor(c.secret)} = requireEnv(${stringLiteral(envVarFor(c.secret))}, ${stringLiteral(fieldWords(c.secret))});`
                : `const ${c.name} = ${stringLiteral(c.value)};`,
            ),
          ]
        : []),
      '',
      ...helpers.flatMap((block) => [...block, '']),
      'async function main(): Promise<void> {',
      ...steps.map((l) => `  ${l}`),
      `  const response = await fetch(${expr(r.url)}, {`,
      `    ${method && 'ref' in method && method.ref === 'method' ? 'method' : `method: ${expr(r.method)}`},`,
      '    headers: {',
      ...sentHeaders(p).map((h) => `      ${h.fetchName ?? stringLiteral(h.name)}: ${expr(h.value)},`),
      '    },',
      ...(body !== null ? [`    ${body},`] : []),
      '  });',
      '  console.log(response.status, await response.text());',
      '}',
      '',
      'main().catch((error: unknown) => {',
      '  console.error(error);',
      '  process.exitCode = 1;',
      '});',
      '',
    ].join('\n');
  },
};
