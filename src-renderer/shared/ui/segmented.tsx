/** A segmented control: a radio group that looks like a row of buttons (arrow keys move, as native radios do). */
import { useId, type ReactNode } from 'react';
import { cx } from '../lib/cx';

export interface SegmentedOption<T extends string> {
  value: T;
  label: ReactNode;
  /** Extra class on the segment, e.g. to colour "prod". */
  className?: string;
}

export interface SegmentedProps<T extends string> {
  label: string;
  value: T;
  options: readonly SegmentedOption<T>[];
  onChange: (value: T) => void;
  size?: 'm' | 's';
  className?: string;
  /** Visually hide the group label (it still names the group for screen readers). */
  hideLabel?: boolean;
}

export function Segmented<T extends string>({ label, value, options, onChange, size = 'm', className, hideLabel = true }: SegmentedProps<T>) {
  const name = useId();
  return (
    <fieldset className={cx('segmented', size === 's' && 'segmented-s', className)}>
      <legend className={hideLabel ? 'visually-hidden' : 'field-label'}>{label}</legend>
      <div className="segmented-track">
        {options.map((o) => (
          <label key={o.value} className={cx('segmented-item', o.value === value && 'is-selected', o.className)}>
            <input type="radio" name={name} value={o.value} checked={o.value === value} onChange={() => onChange(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
