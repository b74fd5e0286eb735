/** Which page the shell shows. Only pages that work are listed; new ones join as their features land. */
import type { StateCreator } from 'zustand';

export type Page = 'vault' | 'request' | 'markets' | 'inspector' | 'settings';

export interface NavSlice {
  page: Page;
  pageOpened: (page: Page) => void;
}

export const createNavSlice: StateCreator<NavSlice> = (set) => ({
  page: 'vault',
  pageOpened: (page) => set({ page }),
});
