/**
 * The Request feature's UI store (its slice: request-slice.ts). Components select one field at a time, so a
 * keystroke in the URL re-renders the URL field and what depends on the URL, not the whole form. It answers the
 * shared `loadDraft` command (the Inspector's "Open in Request page").
 */
import { create } from 'zustand';
import { onNavigationCommand } from '../../shared/navigation/navigation-store';
import { createRequestSlice, type RequestSlice } from './request-slice';

export const useRequestStore = create<RequestSlice>()(createRequestSlice);

onNavigationCommand('loadDraft', ({ draft }) => useRequestStore.getState().draftLoaded(draft));
