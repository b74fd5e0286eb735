/**
 * The Audit page's UI state (never server data): the filters, the event the keyboard is on, and which events are
 * open to show their details. Actions are named for what happened. In the feature's store, not the page, so a key's
 * "History" (the shared `openAudit` command) sets the filters before the page renders.
 */
import type { StateCreator } from 'zustand';
import type { AuditType } from '../../../src-main/contract/audit';
import { NO_FILTERS, type AuditFilters } from './audit-model';

export interface AuditSlice {
  auditFilters: AuditFilters;
  /** The event (its seq) the keyboard is on. */
  auditSelectedSeq: number | null;
  /** Events whose details are shown. */
  auditExpanded: ReadonlySet<number>;
  auditFiltersChanged: (patch: Partial<AuditFilters>) => void;
  auditEventSelected: (seq: number) => void;
  /** An event was clicked, or Enter pressed on it: select it and show or hide its details. */
  auditEventToggled: (seq: number) => void;
  /** Only this one type, from an event's details. */
  auditTypeChosen: (type: AuditType) => void;
  /** Opened from elsewhere (a key's "History"): that key's events of every type, all time; nothing open. */
  auditOpened: (entryId: string | undefined) => void;
  /** The vault locked: forget which key was looked at and what was open. */
  auditLocked: () => void;
}

const NONE: ReadonlySet<number> = new Set();

export const createAuditSlice: StateCreator<AuditSlice> = (set) => ({
  auditFilters: NO_FILTERS,
  auditSelectedSeq: null,
  auditExpanded: NONE,
  auditFiltersChanged: (patch) => set((s) => ({ auditFilters: { ...s.auditFilters, ...patch } })),
  auditEventSelected: (seq) => set({ auditSelectedSeq: seq }),
  auditEventToggled: (seq) =>
    set((s) => {
      const expanded = new Set(s.auditExpanded);
      if (!expanded.delete(seq)) expanded.add(seq);
      return { auditSelectedSeq: seq, auditExpanded: expanded };
    }),
  auditTypeChosen: (type) => set((s) => ({ auditFilters: { ...s.auditFilters, types: [type] } })),
  auditOpened: (entryId) => set({ auditFilters: { ...NO_FILTERS, entryId: entryId ?? '' }, auditSelectedSeq: null, auditExpanded: NONE }),
  auditLocked: () => set({ auditFilters: NO_FILTERS, auditSelectedSeq: null, auditExpanded: NONE }),
});
