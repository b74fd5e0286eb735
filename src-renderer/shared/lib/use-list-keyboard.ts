/**
 * Arrow keys, Home, End, Page Up and Page Down move the selection in a virtualized listbox as in a native list,
 * and the selected row is scrolled into view.
 */
import { useCallback, type KeyboardEvent, type RefObject } from 'react';

/** The row index a key moves to from `current` (-1: nothing selected), or null for other keys. */
export function listKeyTarget(key: string, current: number, count: number, page: number): number | null {
  const moves: Record<string, number> = {
    ArrowDown: current + 1,
    ArrowUp: current < 0 ? 0 : current - 1,
    Home: 0,
    End: count - 1,
    PageDown: current + page,
    PageUp: current - page,
  };
  const target = moves[key];
  return target === undefined ? null : Math.min(count - 1, Math.max(0, target));
}

export function useListKeyboard(
  items: readonly { readonly id: string }[],
  selectedId: string | null,
  select: (id: string) => void,
  scrollRef: RefObject<HTMLElement | null>,
  rowHeight: number,
  scrollToIndex: (index: number) => void,
): (e: KeyboardEvent<HTMLElement>) => void {
  return useCallback(
    (e: KeyboardEvent<HTMLElement>) => {
      if (!items.length) return;
      const current = selectedId ? items.findIndex((x) => x.id === selectedId) : -1;
      const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight) / rowHeight) - 1);
      const index = listKeyTarget(e.key, current, items.length, page);
      if (index === null) return;
      e.preventDefault();
      select(items[index]!.id);
      scrollToIndex(index);
    },
    [items, selectedId, select, scrollRef, rowHeight, scrollToIndex],
  );
}
