/** A list of short words edited as chips: Enter, comma or space adds, Backspace on an empty box removes the last. */
import { useState, type KeyboardEvent } from 'react';
import { cx } from '../lib/cx';
import { XIcon } from './icons';

export interface TagInputProps {
  id?: string;
  value: readonly string[];
  onChange: (next: string[]) => void;
  placeholder?: string;
  /** Returns an error message for a word that cannot be added. */
  validate?: (word: string) => string | null;
  onInvalid?: (message: string | null) => void;
  prefix?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

export function TagInput({ id, value, onChange, placeholder, validate, onInvalid, prefix, ...aria }: TagInputProps) {
  const [draft, setDraft] = useState('');

  const commit = (): boolean => {
    const word = draft.trim().replace(/,$/, '');
    if (!word) return true;
    const problem = validate?.(word) ?? null;
    onInvalid?.(problem);
    if (problem) return false;
    if (!value.includes(word)) onChange([...value, word]);
    setDraft('');
    return true;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',' || e.key === ' ') {
      if (draft.trim()) {
        e.preventDefault();
        commit();
      } else if (e.key !== 'Enter') e.preventDefault();
    } else if (e.key === 'Backspace' && !draft && value.length) {
      onChange(value.slice(0, -1));
    }
  };

  return (
    <div className={cx('input tag-input', aria['aria-invalid'] && 'is-invalid')}>
      {value.map((word) => (
        <span key={word} className="chip">
          {prefix}
          {word}
          <button type="button" className="chip-remove" onClick={() => onChange(value.filter((w) => w !== word))} aria-label={`Remove ${word}`}>
            <XIcon size={12} />
          </button>
        </span>
      ))}
      <input
        id={id}
        className="tag-input-box"
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          onInvalid?.(null);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => void commit()}
        placeholder={value.length ? '' : placeholder}
        autoComplete="off"
        spellCheck={false}
        {...aria}
      />
    </div>
  );
}
