/**
 * A pasted shell command split into words as bash 5 does it, for parse-curl: single quotes, double quotes (a backslash
 * escapes only $ ` " \ and a line break), $'…' ANSI-C quoting (\n \t \xHH \nnn \uHHHH \cX …, bytes decoded as UTF-8,
 * a NUL ends the quoted part), $"…" read as "…", backslash escapes and backslash-newline continuations outside quotes,
 * `#` comments at the start of a word, and the control operators (| || & && ; ( ) < > …) as their own tokens.
 * What bash would compute from the environment or run is refused, naming it: $VAR, ${…}, $(…), `…`, and brace
 * expansion {a,b}. Globs (* ? […]) stay literal, as bash leaves them when no file matches.
 *
 * Written here, not with shell-quote 1.12.0 (pinned for this job and checked case by case in bash-words.test.ts,
 * which also runs the real bash against this scanner): shell-quote starts a comment at a `#` inside a word and drops
 * the rest of the input with it (`curl https://h/a#x -H …` loses every flag), turns a backslash-newline continuation
 * into an empty argument, keeps `\`+newline and `\`` inside double quotes, reads $'\xe2\x82\xac' as three Latin-1
 * characters instead of "€", silently accepts an unterminated quote, reads $"…" as `$…`, and gives no line numbers.
 * Each of these changes a pasted curl command's meaning, and patching its output cannot undo them.
 */
import { Buffer } from 'node:buffer';
import { debugInputError } from './parsed-request';

export type ShellToken =
  | { readonly kind: 'word'; readonly value: string; readonly line: number; readonly assignment: boolean }
  | { readonly kind: 'op'; readonly op: string; readonly line: number };

const OPS = ['&&', '||', ';;', '>>', '<<', '&>', '>&', '<&', '|&', '|', '&', ';', '(', ')', '<', '>', '\n'] as const;
const BLANK = new Set([' ', '\t']);
const META = new Set([' ', '\t', '\n', '|', '&', ';', '(', ')', '<', '>']);
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const ANSI_C: Readonly<Record<string, number>> = { a: 7, b: 8, e: 27, E: 27, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether unquoted text holds `{…,…}` (bash's brace expansion), by one linear scan. */
function bracesExpand(unquoted: string): boolean {
  let open = false;
  let comma = false;
  for (const c of unquoted) {
    if (c === '{') [open, comma] = [true, false];
    else if (c === ',' && open) comma = true;
    else if (c === '}') {
      if (open && comma) return true;
      open = false;
    }
  }
  return false;
}

/** Splits `text` into words and operators. Throws AppError ERR_DEBUG_INPUT naming the line of what it refuses. */
export function bashWords(text: string): ShellToken[] {
  const tokens: ShellToken[] = [];
  let i = 0;
  let line = 1;
  const at = (k: number): string => text.charAt(k);

  /** `$…` at i (i on the `$`): refuses expansions; returns the literal text when bash keeps the `$`. */
  const dollar = (): string => {
    const c = at(i + 1);
    if (c === '(') throw debugInputError(`line ${line}: $(…) runs a command, which Signet does not do; paste the command's output in its place.`);
    if (c === '{' || NAME_START.test(c) || /[0-9*@#?$!-]/.test(c)) {
      let name = c;
      if (c === '{') {
        const inner = /^[A-Za-z_][A-Za-z0-9_]{0,39}(?=[}:#%/^,@[-])/.exec(text.slice(i + 2, i + 43));
        name = inner ? inner[0] : '{…}';
      } else if (NAME_START.test(c)) {
        let k = i + 1;
        while (k < text.length && NAME_CHAR.test(at(k))) k++;
        name = text.slice(i + 1, k);
      }
      throw debugInputError(`line ${line}: the shell variable $${name.slice(0, 40)} is read from an environment Signet does not have; put its value in the command.`);
    }
    i++;
    return '$';
  };

  /** The body of $'…' (i just past the opening quote) as bash expands it; i ends past the closing quote. */
  const ansiC = (startLine: number): string => {
    const bytes: number[] = [];
    let ended = false; // a NUL ends the string; bash still reads to the closing quote
    const push = (b: number[]): void => {
      if (b.length === 1 && b[0] === 0) ended = true;
      if (!ended) bytes.push(...b);
    };
    for (;;) {
      if (i >= text.length) throw debugInputError(`line ${startLine}: the $'…' quote is never closed; add the closing '.`);
      const c = at(i);
      if (c === "'") {
        i++;
        break;
      }
      if (c === '\n') line++;
      if (c !== '\\') {
        const cp = text.codePointAt(i)!;
        push([...Buffer.from(String.fromCodePoint(cp), 'utf8')]);
        i += cp > 0xffff ? 2 : 1;
        continue;
      }
      const e = at(i + 1);
      const hex = (max: number): string => {
        let k = i + 2;
        while (k < text.length && k < i + 2 + max && /[0-9A-Fa-f]/.test(at(k))) k++;
        return text.slice(i + 2, k);
      };
      if (e in ANSI_C) {
        push([ANSI_C[e]!]);
        i += 2;
      } else if (/[0-7]/.test(e)) {
        let k = i + 1;
        while (k < text.length && k < i + 4 && /[0-7]/.test(at(k))) k++;
        push([parseInt(text.slice(i + 1, k), 8) & 0xff]);
        i = k;
      } else if (e === 'x' && hex(2) !== '') {
        const h = hex(2);
        push([parseInt(h, 16)]);
        i += 2 + h.length;
      } else if ((e === 'u' || e === 'U') && hex(e === 'u' ? 4 : 8) !== '') {
        const h = hex(e === 'u' ? 4 : 8);
        const cp = parseInt(h, 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw debugInputError(`line ${line}: $'…\\${e}${h}' is not a Unicode character; write the character itself.`);
        push(cp === 0 ? [0] : [...Buffer.from(String.fromCodePoint(cp), 'utf8')]);
        i += 2 + h.length;
      } else if (e === 'c' && i + 2 < text.length) {
        // \cX: control-X; \c\\ is control-backslash (both backslashes consumed).
        const x = at(i + 2);
        push([x === '?' ? 0x7f : x.charCodeAt(0) & 0x1f]);
        i += x === '\\' && at(i + 3) === '\\' ? 4 : 3;
      } else {
        push([92]); // an unknown escape keeps its backslash; the next character is read as itself
        i++;
      }
    }
    try {
      return utf8.decode(Uint8Array.from(bytes));
    } catch {
      throw debugInputError(`line ${startLine}: the $'…' quote makes bytes that are not UTF-8 text (\\x or octal escapes); write the characters themselves.`);
    }
  };

  while (i < text.length) {
    const c = at(i);
    if (BLANK.has(c)) {
      i++;
      continue;
    }
    if (c === '\\' && (at(i + 1) === '\n' || text.startsWith('\r\n', i + 1))) {
      i += at(i + 1) === '\n' ? 2 : 3;
      line++;
      continue;
    }
    if (c === '\r' && at(i + 1) === '\n') {
      i++; // a CRLF line end (pasted from Windows) ends the line as LF does
      continue;
    }
    if (c === '#') {
      while (i < text.length && at(i) !== '\n') i++;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', op, line });
      if (op === '\n') line++;
      i += op.length;
      continue;
    }

    // A word: runs until an unquoted blank or metacharacter.
    const startLine = line;
    const start = i;
    let value = '';
    let unquoted = ''; // the unquoted characters, to spot brace expansion
    while (i < text.length && !META.has(at(i)) && !text.startsWith('\r\n', i)) {
      const ch = at(i);
      if (ch === '\\') {
        if (at(i + 1) === '\n' || text.startsWith('\r\n', i + 1)) {
          i += at(i + 1) === '\n' ? 2 : 3;
          line++;
        } else if (i + 1 >= text.length) {
          value += '\\';
          i++;
        } else {
          const cp = text.codePointAt(i + 1)!;
          value += String.fromCodePoint(cp);
          i += cp > 0xffff ? 3 : 2;
        }
      } else if (ch === "'") {
        const close = text.indexOf("'", i + 1);
        if (close < 0) throw debugInputError(`line ${line}: a single quote is never closed; add the closing '.`);
        const quoted = text.slice(i + 1, close);
        for (const x of quoted) if (x === '\n') line++;
        value += quoted;
        i = close + 1;
      } else if (ch === '$' && at(i + 1) === "'") {
        i += 2;
        value += ansiC(line);
      } else if (ch === '"' || (ch === '$' && at(i + 1) === '"')) {
        const open = line;
        i += ch === '"' ? 1 : 2;
        for (;;) {
          if (i >= text.length) throw debugInputError(`line ${open}: a double quote is never closed; add the closing ".`);
          const d = at(i);
          if (d === '"') {
            i++;
            break;
          }
          if (d === '\\') {
            const e = at(i + 1);
            if (e === '\n') {
              line++;
              i += 2;
            } else if (e === '$' || e === '`' || e === '"' || e === '\\') {
              value += e;
              i += 2;
            } else {
              value += '\\';
              i++;
            }
          } else if (d === '$') {
            value += dollar();
          } else if (d === '`') {
            throw debugInputError(`line ${line}: \`…\` runs a command, which Signet does not do; paste the command's output in its place.`);
          } else {
            if (d === '\n') line++;
            value += d;
            i++;
          }
        }
      } else if (ch === '$') {
        const literal = dollar();
        value += literal;
        unquoted += literal;
      } else if (ch === '`') {
        throw debugInputError(`line ${line}: \`…\` runs a command, which Signet does not do; paste the command's output in its place.`);
      } else {
        value += ch;
        unquoted += ch;
        i++;
      }
    }
    if (bracesExpand(unquoted)) {
      throw debugInputError(`line ${startLine}: an unquoted {…,…} is brace expansion, which makes several words; put the word in single quotes.`);
    }
    tokens.push({ kind: 'word', value, line: startLine, assignment: /^[A-Za-z_][A-Za-z0-9_]*=/.test(text.slice(start, i)) });
  }
  return tokens;
}
