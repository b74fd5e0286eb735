/**
 * Passphrase strength hints (zxcvbn-ts: pattern matching against common passwords, names, keyboard walks).
 * Pure and shared: the renderer shows the hint as you type, main and the CLI enforce the minimum.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

let factory: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return factory;
}

/** Shortest passphrase Signet accepts, whatever its score. */
export const MIN_PASSPHRASE_LENGTH = 10;
/** Lowest zxcvbn score (0–4) Signet accepts. */
export const MIN_PASSPHRASE_SCORE = 3;

export interface PassphraseStrength {
  readonly score: 0 | 1 | 2 | 3 | 4;
  readonly label: 'very weak' | 'weak' | 'fair' | 'strong' | 'very strong';
  readonly acceptable: boolean;
  /** One sentence: what is wrong, or how long it would resist an offline attack. */
  readonly hint: string;
}

const LABELS = ['very weak', 'weak', 'fair', 'strong', 'very strong'] as const;

export function passphraseStrength(passphrase: string, userInputs: readonly string[] = []): PassphraseStrength {
  const result = zxcvbn().check(passphrase.slice(0, 256), [...userInputs, 'signet', 'vault']);
  const score = result.score as PassphraseStrength['score'];
  const tooShort = passphrase.length < MIN_PASSPHRASE_LENGTH;
  const acceptable = !tooShort && score >= MIN_PASSPHRASE_SCORE;
  let hint: string;
  if (passphrase.length === 0) hint = `Use at least ${MIN_PASSPHRASE_LENGTH} characters; four or five random words work well.`;
  else if (tooShort) hint = `Too short: use at least ${MIN_PASSPHRASE_LENGTH} characters (${passphrase.length} so far).`;
  else if (!acceptable) {
    const f = result.feedback;
    hint = [f.warning, ...f.suggestions].filter((s): s is string => Boolean(s)).join(' ') || 'Too easy to guess: add more unrelated words.';
  } else hint = `Would take ${result.crackTimes.offlineSlowHashingXPerSecond.display} to crack offline.`;
  return { score, label: LABELS[score], acceptable, hint };
}
