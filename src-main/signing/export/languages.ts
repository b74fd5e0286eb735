/**
 * The language table behind every "Copy as" writer: one row per format — bash + openssl + curl (language-bash.ts),
 * TypeScript fetch (language-fetch.ts), Python requests (language-python.ts) — and each row knows how to write a
 * string literal, a value built of pieces, every kind of signing step (program.ts: clocks, keys, hashes and HMACs,
 * encodings, joins), the helpers, the program's preamble, the request call and the end. A scheme's writer describes
 * its code as a `Program` and `writeProgram` renders it, so the plumbing every program shares is written once.
 */
import { envVarFor, type CodeFormat, type PerLanguage, type WrittenCode } from './code-writer';
import { bash } from './language-bash';
import { fetch } from './language-fetch';
import { python } from './language-python';
import { secretsOf, type Language, type Program } from './program';

export type { Constant, Header, Program, RequestCall, Step } from './program';

/** The language table: one entry per "Copy as" format. */
export const LANGUAGES: PerLanguage<Language> = { curl: bash, fetch, python };

/** Renders a program in `format`; the environment variables it reads are its secret constants' (or `program.env`). */
export function writeProgram(format: CodeFormat, program: Program): WrittenCode {
  const language = LANGUAGES[format];
  const steps = program.steps.filter((s) => !s.in || s.in.includes(format)).flatMap((s) => language.step(s));
  // A helper block that two named helpers share is written once.
  const library = [...new Set((program.library ?? []).flatMap((name) => language.helpers[name] ?? []))];
  const helpers = [...library, ...(program.helpers?.[format] ?? [])];
  return { code: language.program(program, steps, helpers), kind: program.kind, env: program.env ?? secretsOf(program).map(envVarFor) };
}
