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
            <span key={i} className={cx(p.mark && 'dbg-ws')}>
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

export function CanonicalDiff({ diff, reproduced }: { diff: readonly DiffSegment[]; reproduced: boolean }) {
  const { deleted, inserted } = diffCounts(diff);
  const same = deleted === 0 && inserted === 0;
  return (
    <div className="dbg-diff">
      <p className="dbg-diff-summary" aria-live="polite">
        {same ? (
          reproduced ? (
            'The request implies exactly the expected string: the difference is not in what was signed.'
          ) : (
            'No other string to sign was found that gives the received signature, so the right side is the expected string again: the difference is in the key or the signing, not in the text.'
          )
        ) : (
          <>
            <span className="dbg-legend dbg-legend-del">{deleted.toLocaleString()} expected {deleted === 1 ? 'character' : 'characters'} missing</span>
            <span className="dbg-legend dbg-legend-ins">{inserted.toLocaleString()} {inserted === 1 ? 'character' : 'characters'} the request has instead</span>
          </>
        )}
      </p>
      <div className="dbg-diff-columns">
        <Side diff={diff} side="expected" title="Expected string to sign" caption="what the API signs" />
        <Side diff={diff} side="received" title="What the request implies" caption={reproduced ? 'what the client signed' : 'no other string reproduces the signature'} />
      </div>
    </div>
  );
}
