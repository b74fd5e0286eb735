/**
 * Validation rules that more than one place checks, each stated once: main's schemas, the signing engine, the CLI and
 * the renderer's forms all take them from here, so they accept and refuse the same text. Each caller keeps its own
 * message where it has one (a header name is refused in words that fit where it was typed). No zod here: plain
 * patterns, so any layer can use them.
 */

/** An HTTP header name: an RFC 9110 token (letters, digits and ! # $ % & ' * + - . ^ _ ` | ~). */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A word a key is labelled with (a tag) or allowed to do (a scope), after trimming. */
export interface WordRule {
  /** The characters allowed, tested on the whole word. */
  readonly pattern: RegExp;
  /** In UTF-16 code units, as zod's `max` counts. */
  readonly maxLength: number;
  /** Why a word was refused, shown as it is. */
  readonly message: string;
}

export const TAG_RULE: WordRule = {
  pattern: /^[\p{L}\p{N}_.:/-]+$/u,
  maxLength: 40,
  message: 'Tags are single words: letters, digits, _ . : / -',
};

export const SCOPE_RULE: WordRule = {
  pattern: /^[a-z0-9_.:-]+$/i,
  maxLength: 40,
  message: 'Scopes are words like read, trade or keys:manage.',
};

/** Whether a trimmed word keeps `rule`: not empty, at most `maxLength` long, every character allowed. */
export function keepsRule(rule: WordRule, word: string): boolean {
  return word.length >= 1 && word.length <= rule.maxLength && rule.pattern.test(word);
}
