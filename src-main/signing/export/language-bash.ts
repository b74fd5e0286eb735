/**
 * bash + openssl + curl, the "Copy as curl" row of the language table (languages.ts): how a bash script writes each
 * kind of step (GNU date for clocks, openssl for digests and base64, od for hex: openssl takes an HMAC key as hex, so
 * any byte can be passed), its helpers, and the program around them ending in one curl command.
 */
import { envVarFor, fieldWords, isText, lone, shellTemplate, text, upperSnake, type Expr, type Piece } from './code-writer';
import { secretsOf, type Bytes, type ClockFormat, type Language, type Output, type RequestCall, type StepKind } from './program';

const HEX = `od -An -v -tx1 | tr -d ' \\n'`;

const CLOCKS: Record<ClockFormat, string> = {
  'iso-ms': '$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)',
  s: '$(date +%s)',
  ms: '$(date +%s%3N)',
  us: '$(date +%s%6N)',
  's-ns': '$(date +%s)',
  'ms-ns': '$(date +%s%3N)',
  amz: '$(date -u +%Y%m%dT%H%M%SZ)',
};

const ENCODE: Record<Output, string> = {
  hex: HEX,
  'hex-upper': `${HEX} | tr 'a-f' 'A-F'`,
  base64: 'openssl base64 -A',
  base64url: `openssl base64 -A | tr '+/' '-_' | tr -d '='`,
};

/** `"$NAME"` for a computed value or a secret's variable. */
const variable = (p: Extract<Piece, { ref: string } | { secret: unknown }>): string => `"$${'ref' in p ? upperSnake(p.ref) : envVarFor(p.secret)}"`;

/** A command that prints the bytes. */
function bytes(b: Bytes): string {
  if ('utf8' in b) return `printf '%s' ${shellTemplate(b.utf8)}`;
  if ('utf8Of' in b) return `printf '%s' ${variable(b.utf8Of)}`;
  if ('empty' in b) return `printf ''`;
  return `{ printf '%s' ${shellTemplate([text(b.prefix)])}; ${bytes(b.sha256Of)} | openssl dgst -sha256 -binary; }`;
}

/** The key's bytes, from its hex. */
const KEY_BYTES = `printf '%b' "$(printf '%s' "$KEY_HEX" | sed 's/../\\\\x&/g')"`;

function step(s: StepKind): readonly string[] {
  if ('lines' in s) return s.lines.curl ?? [];
  if ('comment' in s) return [`# ${s.comment}`];
  if ('key' in s) {
    const env = `"$${envVarFor(s.key)}"`;
    if (s.decoding === 'utf8') return [`KEY_HEX=$(printf '%s' ${env} | ${HEX})`];
    if (s.decoding === 'hex') return [`KEY_HEX=$(trim ${env})`];
    if (!s.trim) return [`KEY_HEX=$(printf '%s' ${env} | openssl base64 -d -A | ${HEX})`];
    return [`KEY_BASE64=$(trim ${env})`, `while (( \${#KEY_BASE64} % 4 )); do KEY_BASE64+='='; done`, `KEY_HEX=$(printf '%s' "$KEY_BASE64" | openssl base64 -d -A | ${HEX})`];
  }
  if ('set' in s) return [`${upperSnake(s.set)}=${shellTemplate(s.value)}`];
  const name = upperSnake(s.let);
  if ('clock' in s) return [`${name}=${CLOCKS[s.clock]}`];
  if ('uuid' in s) {
    return [
      '# A version 4 UUID.',
      'RANDOM_HEX=$(openssl rand -hex 16)',
      `${name}="\${RANDOM_HEX:0:8}-\${RANDOM_HEX:8:4}-4\${RANDOM_HEX:13:3}-$(printf '%x' $(( (0x\${RANDOM_HEX:16:1} & 3) | 8 )))\${RANDOM_HEX:17:3}-\${RANDOM_HEX:20:12}"`,
    ];
  }
  if ('base64Of' in s) return [`${name}=$(printf '%s' ${shellTemplate(s.base64Of)} | openssl base64 -A)`];
  if ('encode' in s) return [`${name}=$(${s.encode === 'rfc3986' ? 'rfc3986' : 'json_string'} "$${upperSnake(s.of)}")`];
  if ('join' in s) return [`${name}=${shellTemplate(s.join.flatMap((part, i) => [...(i ? [text(s.separator)] : []), ...part.pieces]))}`];
  if ('hash' in s) {
    const over = bytes(s.over);
    const digest =
      s.keyed === 'hmac'
        ? `${over} | openssl dgst -${s.hash} -mac HMAC -macopt "hexkey:$KEY_HEX" -binary`
        : s.keyed
          ? `{ ${s.keyed === 'suffix' ? `${over}; ${KEY_BYTES}` : `${KEY_BYTES}; ${over}`}; } | openssl dgst -${s.hash} -binary`
          : `${over} | openssl dgst -${s.hash} -binary`;
    return [`${name}=$(${digest} | ${ENCODE[s.output]})`];
  }
  return s.value === null ? [] : [`${name}=${shellTemplate(s.value)}`];
}

const RFC3986 = [
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
const JSON_STRING = [
  '# A JSON string for the values this script makes (no control characters in them).',
  'json_string() {',
  '  local s=${1//\\\\/\\\\\\\\}',
  '  s=${s//\\"/\\\\\\"}',
  `  printf '"%s"' "$s"`,
  '}',
];
const TRIM = ['trim() {', '  local s=$1', '  s=${s#"${s%%[![:space:]]*}"}', `  printf '%s' "\${s%"\${s##*[![:space:]]}"}"`, '}'];

/** A curl argument: `"$VAR"` for a lone computed value, an expression as written, else a word. */
function argument(pieces: Expr): string {
  const only = lone(pieces);
  if (only && 'ref' in only) return `"$${upperSnake(only.ref)}"`;
  if (only && 'code' in only) return only.code.curl;
  return shellTemplate(pieces);
}

/** A curl command, one option per line. `--data-raw` sends the body as is (no `@file` reading). */
function curlCommand(r: RequestCall): string {
  const method = lone(r.method);
  const lines = [
    `curl -sS -X ${method && isText(method) ? method.text : argument(r.method)} ${argument(r.url)}`,
    ...r.headers.map((h) => `-H ${shellTemplate([text(`${h.name}: `), ...h.value])}`),
    ...(r.body !== null ? [`--data-raw ${argument(r.body)}`] : []),
  ];
  return lines.join(' \\\n  ');
}

export const bash: Language = {
  literal: (value) => shellTemplate([text(value)]),
  expression: shellTemplate,
  name: upperSnake,
  step,
  helpers: { rfc3986: [RFC3986], jsonString: [JSON_STRING], trim: [TRIM] },
  program: (p, steps, helpers) => {
    const secrets = secretsOf(p);
    return [
      ...(secrets.length ? ['#!/usr/bin/env bash'] : []),
      ...[...p.intro, ...(p.notes?.curl ?? [])].map((l) => `# ${l}`),
      // No apostrophe in the message: bash's quoting inside "${…:?…}" is not worth the risk.
      ...(secrets.length ? ['set -euo pipefail', ...secrets.map((f) => `: "\${${envVarFor(f)}:?Set ${envVarFor(f)} to the ${fieldWords(f)} of this key}"`), ''] : []),
      ...helpers.flatMap((block) => [...block, '']),
      ...steps,
      ...(steps.length ? [''] : []),
      curlCommand(p.request),
      '',
    ].join('\n');
  },
};
