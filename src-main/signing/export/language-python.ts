/**
 * Python requests, the "Copy as Python" row of the language table (languages.ts): how each kind of step is written
 * with hashlib, hmac and base64, the helpers, and the program around them (secrets from os.environ, one
 * requests.request call).
 */
import { concatenation, constantFor, envVarFor, fieldWords, snake, stringLiteral, type Expr } from './code-writer';
import { sentHeaders, type Bytes, type ClockFormat, type Language, type Output, type StepKind } from './program';

const CLOCKS: Record<ClockFormat, string> = {
  'iso-ms': 'datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")',
  s: 'str(int(time.time()))',
  ms: 'str(int(time.time() * 1000))',
  us: 'str(int(time.time() * 1000) * 1000)',
  's-ns': 'str(time.time_ns() // 1_000_000_000)',
  'ms-ns': 'str(time.time_ns() // 1_000_000)',
  amz: 'datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")',
};

const ENCODE: Record<Output, (raw: string) => string> = {
  hex: (raw) => `${raw}.hex()`,
  'hex-upper': (raw) => `${raw}.hex().upper()`,
  base64: (raw) => `base64.b64encode(${raw}).decode("ascii")`,
  base64url: (raw) => `base64.urlsafe_b64encode(${raw}).decode("ascii").rstrip("=")`,
};

const expr = (pieces: Expr): string => concatenation(pieces, snake, 'python');

function bytes(b: Bytes): string {
  if ('utf8' in b) return `(${expr(b.utf8)}).encode("utf-8")`;
  if ('utf8Of' in b) return `${'ref' in b.utf8Of ? snake(b.utf8Of.ref) : constantFor(b.utf8Of.secret)}.encode("utf-8")`;
  if ('empty' in b) return 'b""';
  return `${stringLiteral(b.prefix)}.encode("utf-8") + hashlib.sha256(${bytes(b.sha256Of)}).digest()`;
}

function step(s: StepKind): readonly string[] {
  if ('lines' in s) return s.lines.python ?? [];
  if ('comment' in s) return [`# ${s.comment}`];
  if ('key' in s) {
    const secret = constantFor(s.key);
    if (s.decoding === 'utf8') return [`key = ${secret}.encode("utf-8")`];
    if (s.decoding === 'hex') return [`key = bytes.fromhex(${secret}${s.trim ? '.strip()' : ''})`];
    if (!s.trim) return [`key = base64.b64decode(${secret}, validate=True)`];
    return [`key_text = ${secret}.strip()`, 'key = base64.b64decode(key_text + "=" * (-len(key_text) % 4), validate=True)'];
  }
  if ('set' in s) return [`${snake(s.set)} = ${expr(s.value)}`];
  const name = snake(s.let);
  if ('join' in s) return [`${name} = ${stringLiteral(s.separator)}.join([`, ...s.join.map((part) => `    ${expr(part.pieces)},  # ${part.label}`), '])'];
  if ('clock' in s) return [`${name} = ${CLOCKS[s.clock]}`];
  if ('uuid' in s) return [`${name} = str(uuid.uuid4())`];
  if ('base64Of' in s) return [`${name} = base64.b64encode((${expr(s.base64Of)}).encode("utf-8")).decode("ascii")`];
  if ('encode' in s) return [`${name} = ${s.encode === 'rfc3986' ? 'rfc3986' : 'json.dumps'}(${snake(s.of)})`];
  if ('hash' in s) {
    const over = bytes(s.over);
    const raw =
      s.keyed === 'hmac'
        ? `hmac.new(key, ${over}, hashlib.${s.hash}).digest()`
        : s.keyed === 'prefix'
          ? `hashlib.${s.hash}(key + ${over}).digest()`
          : s.keyed === 'suffix'
            ? `hashlib.${s.hash}(${over} + key).digest()`
            : `hashlib.${s.hash}(${over}).digest()`;
    return [`${name} = ${ENCODE[s.output](raw)}`];
  }
  return [`${name} = ${s.value === null ? 'None' : expr(s.value)}`];
}

const RFC3986 = ['def rfc3986(value):', '    """RFC 3986: unreserved characters stay, everything else is %XX of its UTF-8 bytes."""', '    return quote(value, safe="-_.~")'];
// unquote_to_bytes and quote work on bytes, as the scheme does.
const SORTED_QUERY = [
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
const PREFIXED_SORTED_QUERY = [
  'def prefixed_sorted_query(query, prefix):',
  '    """The sorted query, after the prefix only when there is a query."""',
  '    text = sorted_query(query)',
  '    return prefix + text if text else ""',
];

export const python: Language = {
  literal: stringLiteral,
  expression: expr,
  name: snake,
  step,
  helpers: { rfc3986: [RFC3986], sortedQuery: [SORTED_QUERY], prefixedSortedQuery: [RFC3986, SORTED_QUERY, PREFIXED_SORTED_QUERY] },
  program: (p, steps, helpers) => {
    const r = p.request;
    const std = p.imports?.python ?? [];
    return [
      ...[...p.intro, ...(p.notes?.python ?? [])].map((l) => `# ${l}`),
      ...std,
      ...(std.length ? [''] : []),
      'import requests',
      ...(p.imports?.pythonPackages ?? []),
      '',
      ...p.constants.map((c) =>
        'secret' in c ? `${constantFor(c.secret)} = os.environ[${stringLiteral(envVarFor(c.secret))}]  # the key's ${fieldWords(c.secret)}` : `${c.name} = ${stringLiteral(c.value)}`,
      ),
      ...(p.constants.length ? [''] : []),
      ...(helpers.length ? ['', ...helpers.flatMap((block, i) => [...(i ? ['', ''] : []), ...block]), '', ''] : []),
      ...steps,
      'headers = {',
      ...sentHeaders(p).map((h) => `    ${stringLiteral(h.name)}: ${expr(h.value)},`),
      '}',
      ...(r.pythonBeforeCall ?? []),
      `response = requests.request(${expr(r.method)}, ${expr(r.url)}, headers=headers, data=${r.pythonData ?? (r.body === null ? 'None' : `${expr(r.body)}.encode("utf-8")`)})`,
      'print(response.status_code, response.text)',
      '',
    ].join('\n');
  },
};
