/**
 * The Markets feature's UI store (its slice: markets-slice.ts): sort, filter, search, the open symbol. The live rows
 * are elsewhere (markets-store.ts), outside React state.
 */
import { create } from 'zustand';
import { createMarketsSlice, type MarketsSlice } from './markets-slice';

export const useMarketsUiStore = create<MarketsSlice>()(createMarketsSlice);
