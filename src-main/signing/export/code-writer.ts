/**
 * Writing a signed request out as code a person can run: curl (a bash script), TypeScript fetch, Python requests.
 * Two kinds: a *signer* writes the scheme's signing out in the target language and signs afresh each run; a
 * *snapshot* (snapshot.ts) carries the signature Signet just computed, for schemes without a signer. Either way a
 * secret credential is never in the code: it is read from an environment variable. Writers never see a secret;
 * where one belongs, they put a `{ secret: field }` piece.
 *
 * This file holds the one representation every writer uses: a value the code builds is a list of `Piece`s (fixed
 * text, a secret, a value the code computes by name, or an expression written out per language), and a program is
 * a `Program` (program.ts) that the language table (languages.ts) renders.
 */
import type { CredentialField } from '../../contract/providers';
import type { SignableRequest } from '../types';

export type CodeFormat = 'curl' | 'fetch' | 'python';

/** One value per target language. */
export type PerLanguage<T> = Readonly<Record<CodeFormat, T>>;

/**
 * A piece of a value the code builds: literal text; a secret credential (from the environment); a value the code
 * computes, by its camelCase name (`clock`, `signature`; bash writes `CLOCK`, Python `snake_case`); an expression
 * written out in each language, used as is.
 */
export type Piece =
  | { readonly text: string }
  | { readonly secret: CredentialField }
  | { readonly ref: string }
  | { readonly code: PerLanguage<string>; readonly shell?: Expr };

/** A value the code builds: its pieces, concatenated. */
export type Expr = readonly Piece[];

/** The pieces of a snapshot: text, or the place where a secret credential goes. */
export type Segment = Extract<Piece, { readonly text: string } | { readonly secret: CredentialField }>;

/** Fixed text. */
export const text = (value: string): Piece => ({ text: value });
/** The value the code computes under `name` (camelCase). */
export const ref = (name: string): Piece => ({ ref: name });
/** An expression as each language writes it; `shell`: pieces bash writes instead (a value Signet settled for it). */
export const code = (perLanguage: PerLanguage<string>, shell?: Expr): Piece => ({ code: perLanguage, ...(shell ? { shell } : {}) });
/** Whether the piece is fixed text. */
export const isText = (p: Piece): p is { readonly text: string } => 'text' in p;

/** Adjacent texts merged, empty ones dropped: pieces read as the code will print them. */
export function tidy(pieces: readonly Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    if (isText(p) && p.text === '') continue;
    const last = out[out.length - 1];
    if (isText(p) && last && isText(last)) out[out.length - 1] = text(last.text + p.text);
    else out.push(p);
  }
  return out;
}

/** The scheme a writer writes for: its id, title and docs link. */
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

/** The written code, what kind it is, and the environment variables it reads. */
export interface WrittenCode {
  readonly code: string;
  readonly kind: 'signer' | 'snapshot';
  /** Environment variables the code reads. */
  readonly env: readonly string[];
}

/** A scheme's signer writer: the code that signs afresh on every run, in `format`. */
export type SignerWriter = (format: CodeFormat, input: SignerInput) => WrittenCode;

/** `privateKeyPem` → `SIGNET_PRIVATE_KEY_PEM`. */
export function envVarFor(field: CredentialField): string {
  return `SIGNET_${field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** Words for a field in "Set SIGNET_SECRET to the key's secret". */
export function fieldWords(field: CredentialField): string {
  return field.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`).replace('pem', 'PEM');
}

/** `SIGNET_SECRET` → `SECRET`: the constant name the TypeScript and Python code use. */
export function constantFor(field: CredentialField): string {
  return envVarFor(field).replace(/^SIGNET_/, '');
}

/** The docs reference for the header comment: a URL as is, a Signet doc named as such. */
export function docsNote(scheme: SchemeRef): string {
  return /^https?:/.test(scheme.docs) ? scheme.docs : `Signet ${scheme.docs}`;
}

/** `Signed with Signet's "okx-v5" scheme (<docs>)`: how every signer's header comment begins. */
export function signedWith(scheme: SchemeRef): string {
  return `Signed with Signet's "${scheme.id}" scheme (${docsNote(scheme)})`;
}

/** "The secret is read from SIGNET_SECRET; it is not in this file." for the fields the code reads. */
export function readFrom(fields: readonly CredentialField[]): string {
  const many = fields.length > 1;
  return `The ${fields.map(fieldWords).join(' and the ')} ${many ? 'are' : 'is'} read from ${fields.map(envVarFor).join(' and ')}; ${many ? 'they are' : 'it is'} not in this file.`;
}

/** A bash single-quoted word: everything literal. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Text inside a bash double-quoted word. */
export const shellEscape = (value: string): string => value.replace(/[\\"$`]/g, (c) => `\\${c}`);

/**
 * A bash word: single-quoted when all literal, else double-quoted with `${VAR}` for secrets (SIGNET_<FIELD>) and
 * computed values (`CLOCK`), and per-language expressions as written.
 */
export function shellTemplate(given: readonly Piece[]): string {
  const pieces = given.flatMap((p) => ('code' in p && p.shell ? p.shell : [p]));
  if (pieces.every(isText)) return shellQuote(pieces.map((p) => (isText(p) ? p.text : '')).join(''));
  return `"${pieces
    .map((p) => {
      if (isText(p)) return shellEscape(p.text);
      if ('secret' in p) return `\${${envVarFor(p.secret)}}`;
      if ('ref' in p) return `\${${upperSnake(p.ref)}}`;
      return p.code.curl;
    })
    .join('')}"`;
}

/** `kcPassphrase` → `KC_PASSPHRASE`. */
export const upperSnake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
/** `kcPassphrase` → `kc_passphrase`. */
export const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A string literal valid in both TypeScript and Python (JSON's escapes are a subset of both). */
export function stringLiteral(value: string): string {
  return JSON.stringify(value);
}

/** The piece when there is exactly one. */
export const lone = (pieces: Expr): Piece | undefined => (pieces.length === 1 ? pieces[0] : undefined);

/** A TypeScript or Python value: string literals, constants and names joined with `+`. */
export function concatenation(pieces: Expr, name: (ref: string) => string, format: 'fetch' | 'python'): string {
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

/** The secret fields the pieces use, in order of first use. */
export function uniqueSecrets(groups: readonly (readonly Piece[] | null)[]): CredentialField[] {
  const out: CredentialField[] = [];
  for (const g of groups) for (const s of g ?? []) if ('secret' in s && !out.includes(s.secret)) out.push(s.secret);
  return out;
}
