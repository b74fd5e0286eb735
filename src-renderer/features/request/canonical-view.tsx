/**
 * The string to sign, each labelled part in its own colour with a legend. Pointing at a legend entry (or a part,
 * or focusing the entry) lights that part and dims the rest; clicking the entry keeps it lit. Line breaks between parts show as ↵ so a reader can count them; an empty
 * part shows as ∅ where it sits. Colours repeat after eight parts; the labels never do.
 */
import { useState } from 'react';
import { cx } from '../../shared/lib/cx';
import { segmentCanonical } from './request-model';

export const PART_COLOURS = 8;

function Separator({ text }: { text: string }) {
  return <span className="canon-sep">{text.replace(/\n/g, '↵\n')}</span>;
}

/**
 * One part. A part may carry the line break that ends it (schemes give parts that concatenate to the string):
 * the break is drawn as a separator, and a part that is nothing but its break (an empty query) shows ∅.
 */
function Part({ index, text, label, active, onActive }: { index: number; text: string; label: string; active: boolean; onActive: (i: number | null) => void }) {
  const m = /^([\s\S]*?)(\n*)$/.exec(text);
  const body = m?.[1] ?? text;
  const breaks = m?.[2] ?? '';
  return (
    <>
      <span
        className={cx('canon-part', `part-${index % PART_COLOURS}`, body === '' && 'is-empty', active && 'is-active')}
        title={`${index + 1}. ${label}`}
        onMouseEnter={() => onActive(index)}
        onMouseLeave={() => onActive(null)}
        data-part={index}
      >
        {body === '' ? '∅' : body}
      </span>
      {breaks ? <Separator text={breaks} /> : null}
    </>
  );
}

export function CanonicalView({ canonical, parts }: { canonical: string; parts: readonly { label: string; value: string }[] }) {
  const [hovered, setActive] = useState<number | null>(null);
  const [pinned, setPinned] = useState<number | null>(null);
  const active = hovered ?? pinned;
  const segments = segmentCanonical(canonical, parts);
  const colour = (i: number) => `part-${i % PART_COLOURS}`;
  return (
    <div className={cx('canon', active !== null && 'has-active')}>
      <ol className="canon-legend" aria-label="Parts of the string to sign">
        {parts.map((p, i) => (
          <li key={i}>
            <button
              type="button"
              className={cx('legend-item', colour(i), active === i && 'is-active')}
              onMouseEnter={() => setActive(i)}
              onMouseLeave={() => setActive(null)}
              onFocus={() => setActive(i)}
              onBlur={() => setActive(null)}
              aria-pressed={pinned === i}
              onClick={() => setPinned(pinned === i ? null : i)}
              title={p.value === '' ? 'empty' : p.value}
            >
              <span className="legend-swatch" aria-hidden="true" />
              <span className="legend-index" aria-hidden="true">
                {i + 1}
              </span>
              {p.label}
            </button>
          </li>
        ))}
      </ol>
      {segments ? (
        <pre className="canon-text" aria-label="String to sign">
          {segments.map((s, k) =>
            s.kind === 'sep' ? (
              <Separator key={k} text={s.text} />
            ) : (
              <Part key={k} index={s.index} text={s.text} label={parts[s.index]?.label ?? ''} active={active === s.index} onActive={setActive} />
            ),
          )}
        </pre>
      ) : (
        <>
          <pre className="canon-text" aria-label="String to sign">
            {canonical}
          </pre>
          <ol className="canon-part-list">
            {parts.map((p, i) => (
              <li key={i} className={colour(i)}>
                <span className="canon-part-label">{p.label}</span>
                <code className="canon-part">{p.value.replace(/\n+$/, '') || '∅'}</code>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
