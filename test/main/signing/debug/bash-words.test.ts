
// parse.js alone: shell-quote's index.d.ts also augments Array#join globally, which this repo does not want.
import shellQuoteParse from 'shell-quote/parse';
import { describe, expect, it } from 'vitest';
import { bashWords } from '../../../../src-main/signing/debug/bash-words';

const words = (text: string): string[] => bashWords(text).flatMap((t) => (t.kind === 'word' ? [t.value] : []));

describe('bashWords: bash 5 quoting', () => {
  it.each([
    ['single quotes keep everything', `'a \\ $x "b"'`, ['a \\ $x "b"']],
    ['the close-escape-reopen idiom', `'it'\\''s'`, ["it's"]],
    ['double quotes escape only $ ` " \\ and newline', `"a\\$b\\\`c\\"d\\\\e\\qf\\\ng"`, ['a$b`c"d\\e\\qfg']],
    ['a lone $ stays', `"$" a$ "x$/"`, ['$', 'a$', 'x$/']],
    ['$\'…\' escapes', `$'\\n\\t\\\\\\'\\"\\?\\a\\x41\\101\\u00e9\\U0001F600\\cA\\q'`, ["\n\t\\'\"?\x07AAé😀\x01\\q"]],
    ['$\'…\' bytes decoded as UTF-8', `$'\\xe2\\x82\\xac\\342\\202\\254'`, ['€€']],
    ['a NUL ends the $\'…\' part only', `$'a\\0b'c`, ['ac']],
    ['$"…" reads as "…"', `$"hello"`, ['hello']],
    ['backslash escapes outside quotes', `a\\ b \\'c\\"`, ['a b', `'c"`]],
    ['backslash-newline continues a line, even inside a word', `cu\\\nrl -H\\\n  x`, ['curl', '-H', 'x']],
    ['# inside a word is literal; at a word start it is a comment', `https://h/a#b # comment\nnext`, ['https://h/a#b', 'next']],
    ['quote kinds concatenate', `a'b'"c"$'d'e`, ['abcde']],
    ['globs stay literal', `a*b? [x]`, ['a*b?', '[x]']],
    ['empty quotes are an empty word', `'' ""`, ['', '']],
  ])('%s', (_what, text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  it('gives operators as tokens and counts lines', () => {
    expect(bashWords("curl 'a\nb' \\\n -v | jq\nx")).toEqual([
      { kind: 'word', value: 'curl', line: 1, assignment: false },
      { kind: 'word', value: 'a\nb', line: 1, assignment: false },
      { kind: 'word', value: '-v', line: 3, assignment: false },
      { kind: 'op', op: '|', line: 3 },
      { kind: 'word', value: 'jq', line: 3, assignment: false },
      { kind: 'op', op: '\n', line: 3 },
      { kind: 'word', value: 'x', line: 4, assignment: false },
    ]);
  });

  it('marks environment assignments (an unquoted NAME= at the word start)', () => {
    expect(bashWords(`A=1 B='x y' 'C=2' curl`).map((t) => t.kind === 'word' && t.assignment)).toEqual([true, true, false, false]);
  });
});

describe('shell-quote 1.12.0 falls short of bash where bash-words does not (why bash-words.ts exists)', () => {
  // Each case: the input, what bash 5.2 gives (checked against /usr/bin/bash in bash-words-bash.test.ts), and
  // what shell-quote's parse gives. If a later shell-quote agrees with bash on all of them, it can replace the scanner.
  it.each([
    ['a # inside a word starts a comment that swallows the rest', `curl https://h/a#x -H 'X: 1'`, ['curl', 'https://h/a#x', '-H', 'X: 1']],
    ['a backslash-newline continuation becomes an empty argument', `curl 'https://h' \\\n  -v`, ['curl', 'https://h', '-v']],
    ['backslash-newline inside double quotes is kept', `"a\\\nb"`, ['ab']],
    ['\\` inside double quotes keeps the backslash', '"a\\`b"', ['a`b']],
    ["$'\\xHH' makes Latin-1 characters, not UTF-8 bytes", `$'\\xe2\\x82\\xac'`, ['€']],
    ['$"…" reads as $…', `$"abc"`, ['abc']],
  ])('%s', (_what, text, bash) => {
    expect(words(text)).toEqual(bash);
    expect(shellQuoteParse(text, (k: string) => (k === '' ? undefined : '')).filter((e) => typeof e === 'string')).not.toEqual(bash);
  });

  it('an unterminated quote is accepted silently by shell-quote and refused here', () => {
    expect(shellQuoteParse(`curl 'https://h`)).toEqual(['curl', 'https://h']);
    expect(() => bashWords(`curl 'https://h`)).toThrow(/line 1: a single quote is never closed/);
  });
});
