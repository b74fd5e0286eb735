/**
 * The Debugger feature's UI store (its slice: debugger-slice.ts). It answers the shared `openDebugger` command (the
 * Inspector's and the Request page's "Open in Debugger").
 */
import { create } from 'zustand';
import { onNavigationCommand } from '../../shared/navigation/navigation-store';
import { createDebuggerSlice, type DebuggerSlice } from './debugger-slice';

export const useDebuggerStore = create<DebuggerSlice>()(createDebuggerSlice);

onNavigationCommand('openDebugger', ({ recordId, entryId }) => {
  if (recordId) useDebuggerStore.getState().recordOpened(recordId, entryId ?? null);
});
