/**
 * Which page the shell shows, and the commands one feature may give another: open a page, open a record in the
 * Inspector, load a recorded request into the Request page, open a recorded request in the Debugger, open a key in
 * the Vault or on the Rotation page, open the Audit page on a key's history. Features never import each other (tools/eslint-layers.js),
 * so a cross-feature request is a command here; the feature it is meant for subscribes to it
 * (`onNavigationCommand`) and applies it to its own store. UI state only, like every renderer store.
 */
import { create } from 'zustand';
import type { RecordedDraft } from '../../../src-main/contract/inspector';

/** Only pages that work are listed; new ones join as their features land. */
export type Page = 'vault' | 'request' | 'debugger' | 'markets' | 'inspector' | 'rotation' | 'audit' | 'scan' | 'settings';

/** A request for another feature. A new object each time, so the same command given twice is applied twice. */
export type NavigationCommand =
  /** Show this record in the Inspector, with the filters cleared so it is in the list. */
  | { readonly kind: 'openRecord'; readonly id: string }
  /** Put this recorded request in the Request page's composer, as it was typed. */
  | { readonly kind: 'loadDraft'; readonly draft: RecordedDraft }
  /**
   * Open the Debugger on an Inspector record (its request as sent, its response attached by main) and, when given,
   * with the key it was sent with chosen; without a record, just the page.
   */
  | { readonly kind: 'openDebugger'; readonly recordId?: string; readonly entryId?: string | null }
  /** Open the Rotation page on one key (its schedule, run and history), ready to rotate it. */
  | { readonly kind: 'openRotation'; readonly entryId: string }
  /** Open the Vault page on one key (selected, with the search and filters cleared so it is in the list). */
  | { readonly kind: 'openKey'; readonly entryId: string }
  /** Open the Audit page on one key's history (its events only, every type, all time), or unfiltered without one. */
  | { readonly kind: 'openAudit'; readonly entryId?: string };

export interface NavigationState {
  page: Page;
  /** The last command given, for the feature that subscribed to its kind; null until one is given. */
  command: NavigationCommand | null;
  pageOpened: (page: Page) => void;
  /** Opens the Inspector on a record (the target feature selects it). */
  openRecord: (id: string) => void;
  /** Opens the Request page with a recorded request in its composer (the target feature loads it). */
  loadDraft: (draft: RecordedDraft) => void;
  /** Opens the Debugger, on a recorded request when given (the target feature loads it and diagnoses it). */
  openDebugger: (target?: { recordId?: string; entryId?: string | null }) => void;
  /** Opens the Rotation page on a key (the target feature selects it). */
  openRotation: (entryId: string) => void;
  /** Opens the Vault page on a key (the target feature selects it). */
  openKey: (entryId: string) => void;
  /** Opens the Audit page, filtered to a key's history when given (the target feature sets its filters). */
  openAudit: (entryId?: string) => void;
}

export const useNavigationStore = create<NavigationState>()((set) => ({
  page: 'vault',
  command: null,
  pageOpened: (page) => set({ page }),
  openRecord: (id) => set({ page: 'inspector', command: { kind: 'openRecord', id } }),
  loadDraft: (draft) => set({ page: 'request', command: { kind: 'loadDraft', draft } }),
  openDebugger: (target = {}) => set({ page: 'debugger', command: { kind: 'openDebugger', ...target } }),
  openRotation: (entryId) => set({ page: 'rotation', command: { kind: 'openRotation', entryId } }),
  openKey: (entryId) => set({ page: 'vault', command: { kind: 'openKey', entryId } }),
  openAudit: (entryId) => set({ page: 'audit', command: { kind: 'openAudit', ...(entryId !== undefined && { entryId }) } }),
}));

type CommandOf<K extends NavigationCommand['kind']> = Extract<NavigationCommand, { kind: K }>;

/**
 * Calls `handler` with every command of one kind, synchronously, as it is given (so the target's state changes in
 * the same update as the page). A feature subscribes once, beside its store; returns the unsubscribe.
 */
export function onNavigationCommand<K extends NavigationCommand['kind']>(kind: K, handler: (command: CommandOf<K>) => void): () => void {
  return useNavigationStore.subscribe((s, prev) => {
    if (s.command !== prev.command && s.command?.kind === kind) handler(s.command as CommandOf<K>);
  });
}
