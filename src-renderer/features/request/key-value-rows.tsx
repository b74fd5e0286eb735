/**
 * Name/value rows (headers, scheme options): add, edit, remove, all from the keyboard. A new row takes focus; a
 * removed row hands focus to the row that took its place, or to the Add button. An error from main that names a
 * row (`headers[2].name`) marks that input.
 */
import { useRef } from 'react';
import { cx } from '../../shared/lib/cx';
import { Button, IconButton } from '../../shared/ui/button';
import { PlusIcon, XIcon } from '../../shared/ui/icons';
import type { KeyValueRow, RowList } from './request-slice';
import { useRequestStore } from './request-store';

export interface RowError {
  index: number;
  part: 'name' | 'value';
  message: string;
}

export interface KeyValueRowsProps {
  list: RowList;
  rows: readonly KeyValueRow[];
  /** "header", "option": used in labels. */
  noun: string;
  namePlaceholder: string;
  valuePlaceholder: string;
  error?: RowError | null;
  /** Marks rows the scheme will replace (e.g. a typed Authorization header). */
  replaced?: (name: string) => boolean;
  replacedNote?: string;
}

export function KeyValueRows({ list, rows, noun, namePlaceholder, valuePlaceholder, error, replaced, replacedNote }: KeyValueRowsProps) {
  const rowAdded = useRequestStore((s) => s.rowAdded);
  const rowChanged = useRequestStore((s) => s.rowChanged);
  const rowRemoved = useRequestStore((s) => s.rowRemoved);
  const container = useRef<HTMLDivElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);

  const focusRow = (id: number | undefined) => {
    requestAnimationFrame(() => {
      const target = id === undefined ? null : container.current?.querySelector<HTMLInputElement>(`[data-row="${id}"] input`);
      (target ?? addButton.current)?.focus();
    });
  };

  return (
    <div className="kv" ref={container}>
      {rows.length ? (
        <div className="kv-rows">
          {rows.map((r, i) => {
            const nameError = error?.index === i && error.part === 'name';
            const valueError = error?.index === i && error.part === 'value';
            const isReplaced = Boolean(r.name.trim() && replaced?.(r.name.trim()));
            return (
              <div key={r.id} className={cx('kv-row', isReplaced && 'is-replaced')} data-row={r.id}>
                <input
                  className="input input-mono kv-name"
                  value={r.name}
                  placeholder={namePlaceholder}
                  aria-label={`${noun} ${i + 1} name`}
                  aria-invalid={nameError || undefined}
                  spellCheck={false}
                  autoComplete="off"
                  onChange={(e) => rowChanged(list, r.id, { name: e.target.value })}
                />
                <input
                  className="input input-mono kv-value"
                  value={r.value}
                  placeholder={valuePlaceholder}
                  aria-label={`${noun} ${i + 1} value`}
                  aria-invalid={valueError || undefined}
                  spellCheck={false}
                  autoComplete="off"
                  onChange={(e) => rowChanged(list, r.id, { value: e.target.value })}
                />
                <IconButton
                  size="s"
                  icon={<XIcon />}
                  label={`Remove ${noun} ${r.name.trim() || i + 1}`}
                  onClick={() => {
                    rowRemoved(list, r.id);
                    focusRow(rows[i + 1]?.id ?? rows[i - 1]?.id);
                  }}
                />
                {nameError || valueError ? (
                  <p className="field-error kv-error" role="alert">
                    {error?.message}
                  </p>
                ) : isReplaced && replacedNote ? (
                  <p className="field-hint kv-error">{replacedNote}</p>
                ) : null}
              </div>
            );
          })}
        </div>
      ) : null}
      <Button ref={addButton} size="s" variant="ghost" icon={<PlusIcon />} onClick={() => focusRow(rowAdded(list))} className="kv-add">
        Add {noun}
      </Button>
    </div>
  );
}
