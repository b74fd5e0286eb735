/**
 * A list's search box: `/` focuses it from anywhere on the page (not while typing in a field), Esc in the box
 * clears it, and a clear button replaces the `/` hint once there is text.
 */
import { useRef } from 'react';
import { useHotkey } from '../lib/use-hotkey';
import { SearchIcon, XIcon } from './icons';
import { Kbd } from './kbd';
import './search-box.css';

export function SearchBox({ value, onChange, label, placeholder }: { value: string; onChange: (value: string) => void; label: string; placeholder: string }) {
  const ref = useRef<HTMLInputElement>(null);
  useHotkey('/', (e) => {
    e.preventDefault();
    ref.current?.focus();
    ref.current?.select();
  });
  return (
    <div className="search-box">
      <SearchIcon className="icon search-box-icon" />
      <input
        ref={ref}
        type="search"
        className="input search-box-input"
        placeholder={placeholder}
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value) {
            e.preventDefault();
            onChange('');
          }
        }}
        spellCheck={false}
        autoComplete="off"
      />
      {value ? (
        <button type="button" className="search-box-clear" onClick={() => onChange('')} aria-label="Clear search">
          <XIcon size={14} />
        </button>
      ) : (
        <span className="search-box-kbd" aria-hidden="true">
          <Kbd>/</Kbd>
        </span>
      )}
    </div>
  );
}
