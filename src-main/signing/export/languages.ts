/**
 * The language table behind every "Copy as" writer: how bash + curl, TypeScript fetch and Python requests write a
 * string literal, a value built of pieces, a secret read from the environment, the program's preamble (shebang,
 * imports, constants, helpers), the request call and the program's end. A scheme's writer describes its code as a
 * `Program` — what it signs and sends, in the pieces of code-writer.ts — and `writeProgram` renders it, so the
 * plumbing every program shares is written once, here.
 */
import type { CredentialField } from '../../contract/providers';
import {
  constantFor,
  envVarFor,
  fieldWords,
  isText,
  shellTemplate,
  snake,
  stringLiteral,
  text,
  upperSnake,
  type CodeFormat,
  type Expr,
  type PerLanguage,
  type Piece,
  type WrittenCode,
} from './code-writer';

/** A constant at the top of the TypeScript and Python code: a secret from the environment, or fixed text. */
export type Constant = { readonly secret: CredentialField } | { readonly name: string; readonly value: string };

/** A header the request sends. `fetchName`: the object key as fetch code writes it (default a string literal). */
export interface Header {
  readonly name: string;
  readonly value: Expr;
  readonly fetchName?: string;
}

/** The request the program ends with. */
export interface RequestCall {
  readonly method: Expr;
  readonly url: Expr;
  readonly headers: readonly Header[];
  /** null: no body. */
  readonly body: Expr | null;
  /** fetch and Python requests set Content-Length themselves: the header goes to curl only. */
  readonly clientSetsContentLength?: boolean;
  /** The fetch option for the body as written, instead of `body: …` (e.g. a body that may be null at run time). */
  readonly fetchBody?: string;
  /** Python's `data=` argument as written, instead of the body's UTF-8 bytes. */
  readonly pythonData?: string;
  /** Python lines between the headers and the call. */
  readonly pythonBeforeCall?: readonly string[];
}

/** A program: comment, imports, constants, helpers, statements, the request. Helpers and statements are per language. */
export interface Program {
  readonly kind: 'signer' | 'snapshot';
  /** The header comment: what the code does, with the docs link. */
  readonly intro: readonly string[];
  /** Comment lines after the intro (bash: the tools it needs; Python: packages to install). */
  readonly notes?: Partial<PerLanguage<readonly string[]>>;
  /** TypeScript: the names imported from node:crypto. Python: standard-library imports, then other packages (after requests). */
  readonly imports?: { readonly fetch?: readonly string[]; readonly python?: readonly string[]; readonly pythonPackages?: readonly string[] };
  /** Secrets and fixed values; bash checks the secrets, and writes its own constants among its statements. */
  readonly constants: readonly Constant[];
  /** Functions before the statements: blocks of lines. */
  readonly helpers?: Partial<PerLanguage<readonly (readonly string[])[]>>;
  /** The statements before the request (TypeScript's are inside `main`, indented by the renderer). */
  readonly main: PerLanguage<readonly string[]>;
  readonly request: RequestCall;
  /** The environment variables the code reads; default SIGNET_<FIELD> of each secret constant. */
  readonly env?: readonly string[];
}

/** How one language writes values and programs. */
export interface Language {
  readonly literal: (value: string) => string;
  /** A value built of pieces (bash: one word). */
  readonly expression: (pieces: Expr) => string;
  /** The variable holding a computed value (`kcPassphrase` → bash KC_PASSPHRASE, Python kc_passphrase). */
  readonly name: (ref: string) => string;
  readonly program: (program: Program) => string;
}

const secretsOf = (p: Program): CredentialField[] => p.constants.flatMap((c) => ('secret' in c ? [c.secret] : []));
const lone = (pieces: Expr): Piece | undefined => (pieces.length === 1 ? pieces[0] : undefined);
const sent = (p: Program): readonly Header[] =>
  p.request.clientSetsContentLength ? p.request.headers.filter((h) => h.name.toLowerCase() !== 'content-length') : p.request.headers;

function concatenation(pieces: Expr, name: (ref: string) => string, format: 'fetch' | 'python'): string {
  if (pieces.length === 0) return stringLiteral('');
  return pieces
    .map((p) => {
      if (isText(p)) return stringLiteral(p.text);
      if ('secret' in p) return constantFor(p.secret);
      if ('ref' in p) return name(p.ref);
      return p.code[format];
    })
    .join(' + ');
}

// ───────────────────────────── bash + curl ─────────────────────────────

/** A curl argument: `"$VAR"` for a lone computed value, an expression as written, else a word. */
function shellArgument(pieces: Expr): string {
  const only = lone(pieces);
  if (only && 'ref' in only) return `"$${upperSnake(only.ref)}"`;
  if (only && 'code' in only) return only.code.curl;
  return shellTemplate(pieces);
}

/** A curl command, one option per line. `--data-raw` sends the body as is (no `@file` reading). */
function curlCommand(r: RequestCall): string {
  const method = lone(r.method);
  const lines = [
    `curl -sS -X ${method && isText(method) ? method.text : shellArgument(r.method)} ${shellArgument(r.url)}`,
    ...r.headers.map((h) => `-H ${shellTemplate([text(`${h.name}: `), ...h.value])}`),
    ...(r.body !== null ? [`--data-raw ${shellArgument(r.body)}`] : []),
  ];
  return lines.join(' \\\n  ');
}

const bash: Language = {
  literal: (value) => shellTemplate([text(value)]),
  expression: shellTemplate,
  name: upperSnake,
  program: (p) => {
    const secrets = secretsOf(p);
    return [
      ...(secrets.length ? ['#!/usr/bin/env bash'] : []),
      ...[...p.intro, ...(p.notes?.curl ?? [])].map((l) => `# ${l}`),
      // No apostrophe in the message: bash's quoting inside "${…:?…}" is not worth the risk.
      ...(secrets.length ? ['set -euo pipefail', ...secrets.map((f) => `: "\${${envVarFor(f)}:?Set ${envVarFor(f)} to the ${fieldWords(f)} of this key}"`), ''] : []),
      ...(p.helpers?.curl ?? []).flatMap((block) => [...block, '']),
      ...p.main.curl,
      ...(p.main.curl.length ? [''] : []),
      curlCommand(p.request),
      '',
    ].join('\n');
  },
};

// ───────────────────────────── TypeScript fetch ─────────────────────────────

/** The TypeScript helper that reads a variable or stops with a message naming it. */
const TS_REQUIRE_ENV = `function requireEnv(name: string, what: string): string {
  const value = process.env[name];
  if (!value) throw new Error(\`Set \${name} to the key's \${what}.\`);
  return value;
}`;

const tsName = (ref: string): string => ref;

const fetch: Language = {
  literal: stringLiteral,
  expression: (pieces) => concatenation(pieces, tsName, 'fetch'),
  name: tsName,
  program: (p) => {
    const r = p.request;
    const expr = fetch.expression;
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
            TS_REQUIRE_ENV,
            '',
            ...p.constants.map((c) =>
              'secret' in c
                ? `const ${constantFor(c.secret)} = requireEnv(${stringLiteral(envVarFor(c.secret))}, ${stringLiteral(fieldWords(c.secret))});`
                : `const ${c.name} = ${stringLiteral(c.value)};`,
            ),
          ]
        : []),
      '',
      ...(p.helpers?.fetch ?? []).flatMap((block) => [...block, '']),
      'async function main(): Promise<void> {',
      ...p.main.fetch.map((l) => `  ${l}`),
      `  const response = await fetch(${expr(r.url)}, {`,
      `    ${method && 'ref' in method && method.ref === 'method' ? 'method' : `method: ${expr(r.method)}`},`,
      '    headers: {',
      ...sent(p).map((h) => `      ${h.fetchName ?? stringLiteral(h.name)}: ${expr(h.value)},`),
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

// ───────────────────────────── Python requests ─────────────────────────────

const python: Language = {
  literal: stringLiteral,
  expression: (pieces) => concatenation(pieces, snake, 'python'),
  name: snake,
  program: (p) => {
    const r = p.request;
    const expr = python.expression;
    const std = p.imports?.python ?? [];
    const helpers = p.helpers?.python ?? [];
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
      ...p.main.python,
      'headers = {',
      ...sent(p).map((h) => `    ${stringLiteral(h.name)}: ${expr(h.value)},`),
      '}',
      ...(r.pythonBeforeCall ?? []),
      `response = requests.request(${expr(r.method)}, ${expr(r.url)}, headers=headers, data=${r.pythonData ?? (r.body === null ? 'None' : `${expr(r.body)}.encode("utf-8")`)})`,
      'print(response.status_code, response.text)',
      '',
    ].join('\n');
  },
};

/** The language table: one entry per "Copy as" format. */
export const LANGUAGES: PerLanguage<Language> = { curl: bash, fetch, python };

/** Renders a program in `format`; the environment variables it reads are its secret constants' (or `program.env`). */
export function writeProgram(format: CodeFormat, program: Program): WrittenCode {
  return { code: LANGUAGES[format].program(program), kind: program.kind, env: program.env ?? secretsOf(program).map(envVarFor) };
}
