/**
 * Secrets split across an assignment's value, which no search form can see whole:
 *
 *   API_SECRET=\
 *   abc…            (a shell line continuation)
 *   "secret": "abc" +
 *             "def" (string concatenation, one line or several; a leading `+` on the next line too)
 *   SECRET = (
 *       "abc"
 *       "def"
 *   )               (Python's implicit concatenation in parentheses)
 *
 * The interpretation (docs/scan.md): the value of a `NAME=value`, `NAME: value` or `"name": "value"` pair (also `:=`
 * and `=>`), read as quoted strings and bare words joined by `+`, `\` line continuations, or whitespace inside
 * parentheses, with the quotes and whitespace removed, is compared whole against every whole-value form of every
 * vault secret (its text, hex, base64, base64url, URL-encoded). A value that is not split at all is left to the search
 * forms, which find it anywhere.
 *
 * Only places with a split marker are parsed (a `+` next to a quote, a backslash or an opening parenthesis at the end
 * of a line); from each marker the assignment's operator is looked for backwards, on the marker's line or up to three
 * lines before. (A value that merely starts on the line after `NAME=` is whole, and found by the search forms.)
 */

export interface SplitValue {
  /** Where the value starts (its first part) and ends (its last part), in the text. */
  readonly start: number;
  readonly end: number;
  /** The parts joined, quotes and whitespace removed (latin1: a character per byte). */
  readonly joined: string;
  /** [start, end) of each part, for masking the excerpt. */
  readonly parts: readonly (readonly [number, number])[];
}

/** How far back from a marker the assignment's operator may be: this many bytes, and at most LOOK_BACK_LINES lines up. */
const LOOK_BACK = 1024;
const LOOK_BACK_LINES = 3;
/** The longest value parsed. */
export const MAX_SPLIT_SPAN = 8192;
const BARE = /[A-Za-z0-9+/=_.~%-]/;
const NAME_BEFORE = /(?:^|[^A-Za-z0-9_.-])["'`]?[A-Za-z_][A-Za-z0-9_.-]{0,127}["'`]?\]?[ \t]*$/;

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function skipBlanks(s: string, i: number): number {
  while (isSpace(s[i])) i++;
  return i;
}

/** After a line break at i (\n or \r\n): the next line's first non-blank character; -1 if i is not a line break. */
function nextLine(s: string, i: number): number {
  if (s[i] === '\r' && s[i + 1] === '\n') return skipBlanks(s, i + 2);
  if (s[i] === '\n') return skipBlanks(s, i + 1);
  return -1;
}

/** The value after the operator ending at `from`, or null when it is not split. */
export function parseSplitValue(s: string, from: number): SplitValue | null {
  const limit = Math.min(s.length, from + MAX_SPLIT_SPAN);
  let i = skipBlanks(s, from);
  let split = false;
  let parens = false;
  // The value may start on the next line (`NAME=` then a continuation or a line break).
  if (s[i] === '\\' && nextLine(s, i + 1) >= 0) {
    i = nextLine(s, i + 1);
    split = true;
  } else if (nextLine(s, i) >= 0) {
    i = nextLine(s, i);
    split = true;
  }
  if (s[i] === '(') {
    parens = true;
    i = skipBlanks(s, i + 1);
    const n = nextLine(s, i);
    if (n >= 0) i = n;
  }
  const parts: [number, number][] = [];
  let joined = '';
  while (i < limit) {
    const c = s[i]!;
    let partStart: number;
    let partEnd: number;
    let next: number;
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < limit && s[j] !== c && s[j] !== '\n') j += s[j] === '\\' && s[j + 1] !== '\n' ? 2 : 1;
      if (s[j] !== c) break;
      partStart = i + 1;
      partEnd = j;
      next = j + 1;
    } else if (BARE.test(c)) {
      let j = i;
      while (j < limit && BARE.test(s[j]!) && !(s[j] === '+' && isSpace(s[j + 1]))) j++;
      partStart = i;
      partEnd = j;
      next = j;
    } else break;
    parts.push([partStart, partEnd]);
    joined += s.slice(partStart, partEnd).replace(/\s+/g, '');
    // What joins this part to the next one, if anything.
    let k = skipBlanks(s, next);
    if (s[k] === '+') {
      k = skipBlanks(s, k + 1);
      const n = nextLine(s, k);
      i = n >= 0 ? n : k;
      split = true;
      continue;
    }
    if (s[k] === '\\' && nextLine(s, k + 1) >= 0) {
      i = nextLine(s, k + 1);
      split = true;
      continue;
    }
    const n = nextLine(s, k);
    if (n >= 0 && s[n] === '+') {
      i = skipBlanks(s, n + 1);
      split = true;
      continue;
    }
    if (parens && (s[k] === '"' || s[k] === "'" || (n >= 0 && (s[n] === '"' || s[n] === "'")))) {
      i = n >= 0 && s[k] !== '"' && s[k] !== "'" ? n : k;
      split = true;
      continue;
    }
    break;
  }
  if (parts.length === 0 || (!split && parts.length < 2)) return null;
  return { start: parts[0]![0], end: parts[parts.length - 1]![1], joined, parts };
}

/**
 * Every split value in `s` whose joined length is one `wanted` accepts (the lengths the vault's whole-value forms
 * come in: most values are dropped before any hashing).
 */
/** Positions of split markers in `s`, in order: a `+` with a quote before or after it, `\` or `(` ending a line. */
function markers(s: string): number[] {
  // indexOf over three characters is ≈ 4× faster than one regular expression with the same alternatives (measured).
  const out: number[] = [];
  for (let i = s.indexOf('+'); i >= 0; i = s.indexOf('+', i + 1)) {
    let b = i - 1;
    while (b >= 0 && isSpace(s[b])) b--;
    let a = i + 1;
    while (isSpace(s[a])) a++;
    if (s[a] === '\r') a++;
    if (s[a] === '\n') a = skipBlanks(s, a + 1);
    if (isQuote(s[b]) || isQuote(s[a])) out.push(i);
  }
  for (const lead of ['\\', '(']) {
    for (let i = s.indexOf(lead); i >= 0; i = s.indexOf(lead, i + 1)) {
      const n = s[i + 1] === '\r' ? i + 2 : i + 1;
      if (s[n] === '\n') out.push(i);
    }
  }
  return out.sort((x, y) => x - y);
}

function isQuote(c: string | undefined): boolean {
  return c === '"' || c === "'" || c === '`';
}

/**
 * Every split value in `s` whose joined length is one `wanted` accepts (the lengths the vault's whole-value forms
 * come in: most values are dropped before any hashing).
 */
export function findSplitValues(s: string, wanted: (length: number) => boolean): SplitValue[] {
  const out: SplitValue[] = [];
  const tried = new Set<number>();
  let covered = -1;
  for (const m of markers(s)) {
    if (m < covered) continue;
    // Up to three operators back from the marker: the nearest may sit inside the value (a ':' in a string).
    let at = m;
    for (let tries = 0; tries < 3; tries++) {
      const op = lastOperator(s, at, Math.max(0, m - LOOK_BACK));
      if (op < 0) break;
      at = op;
      if (tried.has(op)) break;
      tried.add(op);
      let from = op + 1;
      if (s[op] === '=' && s[op + 1] === '>') from++;
      if (!NAME_BEFORE.test(s.slice(Math.max(0, op - 140), op - (s[op - 1] === ':' || s[op - 1] === '?' ? 1 : 0)))) continue;
      const v = parseSplitValue(s, from);
      if (v) covered = v.end;
      if (v && v.end > m && wanted(v.joined.length)) out.push(v);
      if (v) break;
    }
  }
  return out;
}

/** The last `=` or `:` before `before` (not before `floor`, nor more than LOOK_BACK_LINES lines up), or -1. */
function lastOperator(s: string, before: number, floor: number): number {
  let lines = 0;
  for (let i = before - 1; i >= floor; i--) {
    const c = s.charCodeAt(i);
    if (c === 61 || c === 58) return i;
    if (c === 10 && ++lines > LOOK_BACK_LINES) return -1;
  }
  return -1;
}
