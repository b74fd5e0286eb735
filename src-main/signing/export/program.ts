/**
 * What a "Copy as" writer hands the language table: a `Program` (comment, imports, constants, helpers, the steps that
 * sign, the request) whose steps are data — "the clock in Unix ms", "HMAC-SHA512 keyed with the key over these bytes,
 * as base64" — so that each language (languages.ts) writes every kind of step once, for every scheme. A writer that
 * needs something no step says writes it per language (`lines`), and that is the place to look for a new step.
 */
import type { CredentialField } from '../../contract/providers';
import type { CodeFormat, Expr, PerLanguage, Piece } from './code-writer';

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

/**
 * How the run's fresh time is written: ISO 8601 with ms; Unix seconds, ms or µs; `-ns` the same read from Python's
 * time_ns (exact integers, as the recipe writer has it); `amz` AWS's basic format (20260102T030405Z).
 */
export type ClockFormat = 'iso-ms' | 's' | 'ms' | 'us' | 's-ns' | 'ms-ns' | 'amz';
export type Hash = 'sha256' | 'sha384' | 'sha512';
export type Output = 'hex' | 'hex-upper' | 'base64' | 'base64url';

/** Bytes a digest runs over. */
export type Bytes =
  /** The UTF-8 bytes of a value built of pieces. */
  | { readonly utf8: Expr }
  /** The UTF-8 bytes of a variable: a value the code computed (`ref`) or a secret. */
  | { readonly utf8Of: Extract<Piece, { readonly ref: string } | { readonly secret: CredentialField }> }
  | { readonly empty: true }
  /** Fixed text followed by SHA-256 of other bytes (Kraken). */
  | { readonly prefix: string; readonly sha256Of: Bytes };

/** One step of the signing. `let` names the value it computes (camelCase; bash writes UPPER_SNAKE, Python snake_case). */
export type StepKind =
  /** A value built of pieces (null: Python's None); `mutable` when a later `set` changes it. */
  | { readonly let: string; readonly value: Expr | null; readonly mutable?: boolean }
  | { readonly set: string; readonly value: Expr }
  | { readonly let: string; readonly clock: ClockFormat }
  /** A version 4 UUID. */
  | { readonly let: string; readonly uuid: true }
  | { readonly let: string; readonly base64Of: Expr }
  /** A value as RFC 3986 text or as a JSON string (a helper in bash). */
  | { readonly let: string; readonly encode: 'rfc3986' | 'json'; readonly of: string }
  /** Labelled parts joined with a separator. */
  | { readonly let: string; readonly join: readonly { readonly label: string; readonly pieces: Expr }[]; readonly separator: string }
  /** The key `key` from a secret: its UTF-8 bytes, or decoded (`trim`: surrounding space dropped, base64 padded). */
  | { readonly key: CredentialField; readonly decoding: 'utf8' | 'base64' | 'hex'; readonly trim?: boolean }
  /** A hash of the bytes; keyed with `key` as HMAC, or `key` before (prefix) or after (suffix) the bytes. */
  | { readonly let: string; readonly hash: Hash; readonly keyed?: 'hmac' | 'prefix' | 'suffix'; readonly over: Bytes; readonly output: Output }
  | { readonly comment: string }
  /** What no step says, written per language. */
  | { readonly lines: Partial<PerLanguage<readonly string[]>> };

/** A step, written in every language unless `in` names some. */
export type Step = StepKind & { readonly in?: readonly CodeFormat[] };

/** Helpers the languages know by name; a language writes the blocks it needs for each (bash sorts no query). */
export type HelperName = 'rfc3986' | 'jsonString' | 'trim' | 'sortedQuery' | 'prefixedSortedQuery';

/** A program: comment, imports, constants, helpers, steps, the request. */
export interface Program {
  readonly kind: 'signer' | 'snapshot';
  /** The header comment: what the code does, with the docs link. */
  readonly intro: readonly string[];
  /** Comment lines after the intro (bash: the tools it needs; Python: packages to install). */
  readonly notes?: Partial<PerLanguage<readonly string[]>>;
  /** TypeScript: the names imported from node:crypto. Python: standard-library imports, then other packages (after requests). */
  readonly imports?: { readonly fetch?: readonly string[]; readonly python?: readonly string[]; readonly pythonPackages?: readonly string[] };
  /** Secrets and fixed values; bash checks the secrets, and writes its own constants among its steps. */
  readonly constants: readonly Constant[];
  /** Helpers from the language table, in this order, before the program's own. */
  readonly library?: readonly HelperName[];
  /** The program's own functions before the steps: blocks of lines. */
  readonly helpers?: Partial<PerLanguage<readonly (readonly string[])[]>>;
  /** The steps before the request (TypeScript's are inside `main`, indented by the renderer). */
  readonly steps: readonly Step[];
  readonly request: RequestCall;
  /** The environment variables the code reads; default SIGNET_<FIELD> of each secret constant. */
  readonly env?: readonly string[];
}

/** How one language writes values, steps and programs. */
export interface Language {
  readonly literal: (value: string) => string;
  /** A value built of pieces (bash: one word). */
  readonly expression: (pieces: Expr) => string;
  /** The variable holding a computed value (`kcPassphrase` → bash KC_PASSPHRASE, Python kc_passphrase). */
  readonly name: (ref: string) => string;
  readonly step: (step: StepKind) => readonly string[];
  readonly helpers: Partial<Record<HelperName, readonly (readonly string[])[]>>;
  readonly program: (program: Program, steps: readonly string[], helpers: readonly (readonly string[])[]) => string;
}

/** The secret fields of the program's constants. */
export const secretsOf = (p: Program): CredentialField[] => p.constants.flatMap((c) => ('secret' in c ? [c.secret] : []));

/** The headers fetch and Python send (they set Content-Length themselves when the program says so). */
export const sentHeaders = (p: Program): readonly Header[] =>
  p.request.clientSetsContentLength ? p.request.headers.filter((h) => h.name.toLowerCase() !== 'content-length') : p.request.headers;
