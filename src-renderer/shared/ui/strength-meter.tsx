/** Four bars and a sentence: how strong a passphrase is, and what would make it acceptable. */
import type { PassphraseStrength } from '../../../src-main/contract/passphrase-strength';
import { cx } from '../lib/cx';

export function StrengthMeter({ strength, empty, id }: { strength: PassphraseStrength | null; empty: boolean; id?: string }) {
  // Something typed always lights one bar, so "very weak" does not look like "nothing yet".
  const score = empty || !strength ? -1 : Math.max(1, strength.score);
  const tone = score < 0 ? 'none' : !strength?.acceptable ? (score <= 1 ? 'bad' : 'fair') : 'good';
  return (
    <div className={cx('strength', `strength-${tone}`)} id={id} aria-live="polite">
      <div className="strength-bars" aria-hidden="true">
        {[1, 2, 3, 4].map((i) => (
          <span key={i} className={cx('strength-bar', score >= i && 'is-on')} />
        ))}
      </div>
      <p className="strength-text">
        {strength && !empty ? <strong className="strength-label">{strength.label.charAt(0).toUpperCase() + strength.label.slice(1)}.</strong> : null} {strength?.hint ?? 'Checking…'}
      </p>
    </div>
  );
}
