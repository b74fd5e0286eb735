/** A keyboard key hint, e.g. <Kbd>/</Kbd>. */
import type { ReactNode } from 'react';

export function Kbd({ children }: { children: ReactNode }) {
  return <kbd className="kbd">{children}</kbd>;
}
