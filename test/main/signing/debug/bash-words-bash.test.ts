/**
 * bash-words.ts against the real bash (/usr/bin/bash, 5.x, LC_ALL=C.UTF-8): random words built from every quoting
 * bash-words reads are given to `set --` in one bash process, which prints each case's words NUL-separated; the
 * scanner must give the same words. Integration project: it runs a child process.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bashWords } from '../../../../src-main/signing/debug/bash-words';

const plain = fc.constantFrom(...'abcXYZ019-_./:=@%+!é€😀'.split(/(?:)/u));
const anyChar = fc.constantFrom(...'abc \t\'"$`\\#|&;()<>{},*?[]~é😀\n'.split(/(?:)/u));
const segment = fc.oneof(
  fc.array(plain, { minLength: 1, maxLength: 4 }).map((cs) => cs.join('')),
  anyChar.filter((c) => c !== '\n').map((c) => `\\${c}`),
  fc.array(anyChar.filter((c) => c !== "'"), { maxLength: 6 }).map((cs) => `'${cs.join('')}'`),
  fc
    .array(fc.oneof(anyChar.filter((c) => !'"\\$`'.includes(c)), fc.constantFrom('\\"', '\\\\', '\\$', '\\`', '\\q', '\\\n', '$ ', '$/')), { maxLength: 6 })
    .map((cs) => `"${cs.join('')}"`),
  fc
    .array(fc.oneof(anyChar.filter((c) => !"'\\".includes(c)), fc.constantFrom('\\n', '\\t', '\\\\', "\\'", '\\"', '\\?', '\\a', '\\e', '\\x41', '\\xe2\\x82\\xac', '\\101', '\\0', '\\u00e9', '\\u20ac', '\\U0001F600', '\\cA', '\\c?', '\\q', '\\x', '\\u')), { maxLength: 6 })
    .map((cs) => `$'${cs.join('')}'`),
  fc.array(anyChar.filter((c) => !'"\\$`'.includes(c)), { maxLength: 4 }).map((cs) => `$"${cs.join('')}"`),
  fc.constant('\\\n'),
);
const word = fc.array(segment, { minLength: 1, maxLength: 4 }).map((ss) => ss.join('')).filter((w) => w !== '\\\n' && !w.startsWith('\\\n'));
const command = fc.array(fc.tuple(word, fc.constantFrom(' ', '  ', ' \\\n  ', '\t')), { minLength: 1, maxLength: 5 }).map((ws) => ws.map(([w, sep]) => w + sep).join(''));

describe('bashWords agrees with bash', () => {
  it('on 1,500 random commands in every quoting', () => {
    const cases = fc.sample(command, { numRuns: 1500, seed: 11 });
    const script = cases.map((c) => `set -- ${c}\nprintf '%d\\0' "$#"; printf '%s\\0' "$@"`).join('\n');
    const run = spawnSync('/usr/bin/bash', ['--norc', '--noprofile', '-s'], { input: script, env: { PATH: '/usr/bin:/bin', LC_ALL: 'C.UTF-8' }, cwd: '/', maxBuffer: 64 * 1024 * 1024 });
    expect(run.status, run.stderr.toString()).toBe(0);
    const fields = run.stdout.toString('utf8').split('\0');
    let f = 0;
    for (const c of cases) {
      const n = Number(fields[f++]);
      const fromBash = fields.slice(f, f + n);
      f += n;
      const ours = bashWords(c).flatMap((t) => (t.kind === 'word' ? [t.value] : []));
      expect(ours, JSON.stringify(c)).toEqual(fromBash);
    }
  });
});
