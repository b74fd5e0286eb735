/**
 * The two strings to sign side by side: on the left what the API signs (expected), on the right what the request's
 * signature implies was signed. The characters only one side has are marked — on the left what the request left out
 * or wrote otherwise, on the right what it has instead — and, in those, spaces, tabs and line breaks show as ·, → and
 * ↵ so a stray one can be seen. Line breaks everywhere show as ↵ (and still break the line), as on the Request page.
 */
import type { DiffSegment } from '../../../src-main/contract/debug';
import { cx } from '../../shared/lib/cx';
import { diffCounts, diffPieces } from './debugger-model';

function Side({ diff, side, title, caption }: { diff: readonly DiffSegment[]; side: 'expected' | 'received'; title: string; caption: string }) {
  const pieces = diffPieces(diff, side);
  return (
    <figure className={cx('dbg-diff-side', `is-${side}`)}>
      <figcaption className="dbg-diff-caption">
        <span className="dbg-diff-title">{title}</span>
        <span className="dbg-diff-sub">{caption}</span>
      </figcaption>
      <pre className="dbg-diff-text" aria-label={title} data-side={side}>
        {pieces.length === 0 ? <span className="dbg-diff-empty">∅ empty</span> : null}
        {pieces.map((p, i) =>
          p.op === 'equal' ? (
            <span key={i} className={p.mark ? 'dbg-ws' : undefined}>
              {p.text}
            </span>
          ) : (
            <mark key={i} className={cx(p.op === 'delete' ? 'dbg-del' : 'dbg-ins', p.mark && 'dbg-ws')} title={p.op === 'delete' ? 'Only in the expected string' : 'Only in what the request implies'}>
              {p.text}
            </mark>
          ),
        )}
      </pre>
    </figure>
  );
}

/** `match`: the received signature is the expected one; `found`: a mistake reproduced the string the client signed. */
export function CanonicalDiff({ diff, match, found, valid = false }: { diff: readonly DiffSegment[]; match: boolean; found: boolean; valid?: boolean }) {
  const { deleted, inserted } = diffCounts(diff);
  const same = deleted === 0 && inserted === 0;
  if (diff.every((d) => d.text === '')) {
    return <p className="dbg-muted">There is no string to sign to compare: the request lacks what the scheme signs (the cause above says what).</p>;
  }
  const caption = match ? 'the same; the signature matches' : found ? 'what the client signed' : 'not reproduced';
  return (
    <div className={cx('dbg-diff', match && 'is-match')}>
      <p className="dbg-diff-summary" aria-live="polite">
        {!same ? (
          <>
            <span className="dbg-legend dbg-legend-del">
              {deleted.toLocaleString()} {deleted === 1 ? 'character' : 'characters'} only in the expected string
            </span>
            <span className="dbg-legend dbg-legend-ins">
              {inserted.toLocaleString()} {inserted === 1 ? 'character' : 'characters'} only in what the request implies
            </span>
          </>
        ) : valid ? (
          'The request implies exactly the expected string, and its signature matches.'
        ) : match ? (
          'The request’s signature is the expected one, so what was signed is right: the refusal is about something else (the cause above).'
        ) : (
          'No other string to sign reproduces the received signature, so the right side repeats the expected one: the difference is in the key or how it was used, not in the text.'
        )}
      </p>
      <div className="dbg-diff-columns">
        <Side diff={diff} side="expected" title="Expected string to sign" caption="what the API signs" />
        <Side diff={diff} side="received" title="What the request implies" caption={caption} />
      </div>
    </div>
  );
}
