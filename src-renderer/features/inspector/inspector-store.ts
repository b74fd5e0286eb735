/**
 * The Inspector feature's UI store (its slice: inspector-slice.ts). It answers the shared `openRecord` command (the
 * Request page's "Open in Inspector").
 */
import { create } from 'zustand';
import { onNavigationCommand } from '../../shared/navigation/navigation-store';
import { createInspectorSlice, type InspectorSlice } from './inspector-slice';

export const useInspectorStore = create<InspectorSlice>()(createInspectorSlice);

onNavigationCommand('openRecord', ({ id }) => useInspectorStore.getState().recordOpened(id));
