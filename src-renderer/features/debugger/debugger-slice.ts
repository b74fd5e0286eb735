/**
 * The Debugger page's UI state: the inputs as typed (which source, the pasted text per source, the HAR entry, the
 * record, the scheme, the key, the server's answer, whether to ask the exchange's clock) and the last report. In the
 * feature's store so that a trip to another page keeps them. Pasted credentials are never here: the session form
 * keeps them in its own fields until they are sent to main, then clears them.
 */
import type { StateCreator } from 'zustand';
import type { DebugRun } from '../../../src-main/contract/debug';
import type { InputField } from './debugger-model';

export type SourceKind = 'http' | 'curl' | 'har' | 'record';
export type PastedKind = Exclude<SourceKind, 'record'>;
export type KeyMode = 'vault' | 'session';

export interface DebuggerInputs {
  readonly source: SourceKind;
  /** Each pasted source keeps its own text, so switching between them loses nothing. */
  readonly texts: Readonly<Record<PastedKind, string>>;
  /** The file a text was read from, per source ('' = typed or pasted). */
  readonly fileNames: Readonly<Record<PastedKind, string>>;
  /** The HAR entry index as typed; '' = the only one, or the last signed one. */
  readonly harEntry: string;
  readonly recordId: string | null;
  /** A scheme id, or 'auto'. */
  readonly scheme: string;
  readonly keyMode: KeyMode;
  /** null = the default key (the sandbox key, else the first). */
  readonly entryId: string | null;
  /** The server's answer as typed: its status and body ('' and '' = none given). */
  readonly responseStatus: string;
  readonly responseBody: string;
  readonly serverTime: boolean;
}

/** What the last Diagnose produced: a report, or the one-line error and the input it concerns. */
export type DebuggerResult =
  | { readonly kind: 'report'; readonly run: DebugRun; readonly at: number }
  | { readonly kind: 'error'; readonly field: InputField; readonly message: string; readonly at: number };

export interface DebuggerSlice {
  inputs: DebuggerInputs;
  result: DebuggerResult | null;
  /** A command asked for a diagnosis (Open in Debugger): the page runs it once and clears this. */
  runPending: boolean;
  sourceChosen: (source: SourceKind) => void;
  textChanged: (kind: PastedKind, text: string) => void;
  fileRead: (kind: PastedKind, name: string, text: string) => void;
  harEntryChanged: (entry: string) => void;
  recordChosen: (recordId: string | null) => void;
  schemeChosen: (scheme: string) => void;
  keyModeChosen: (mode: KeyMode) => void;
  keyChosen: (entryId: string) => void;
  responseStatusChanged: (status: string) => void;
  responseBodyChanged: (body: string) => void;
  serverTimeToggled: (on: boolean) => void;
  diagnosed: (run: DebugRun, at: number) => void;
  diagnosisFailed: (field: InputField, message: string) => void;
  pendingRunStarted: () => void;
  resultDismissed: () => void;
  /** An Inspector record was opened here (the shared `openDebugger` command): it becomes the source and is diagnosed. */
  recordOpened: (recordId: string, entryId: string | null) => void;
  /** The vault locked: the report (made with a key) goes; the inputs the user typed stay. */
  debuggerLocked: () => void;
}

export const emptyInputs = (): DebuggerInputs => ({
  source: 'curl',
  texts: { http: '', curl: '', har: '' },
  fileNames: { http: '', curl: '', har: '' },
  harEntry: '',
  recordId: null,
  scheme: 'auto',
  keyMode: 'vault',
  entryId: null,
  responseStatus: '',
  responseBody: '',
  serverTime: false,
});

export const createDebuggerSlice: StateCreator<DebuggerSlice> = (set) => {
  const edit = (patch: Partial<DebuggerInputs>) => set((s) => ({ inputs: { ...s.inputs, ...patch } }));
  return {
    inputs: emptyInputs(),
    result: null,
    runPending: false,
    sourceChosen: (source) => edit({ source }),
    textChanged: (kind, text) => set((s) => ({ inputs: { ...s.inputs, texts: { ...s.inputs.texts, [kind]: text }, fileNames: { ...s.inputs.fileNames, [kind]: '' } } })),
    fileRead: (kind, name, text) => set((s) => ({ inputs: { ...s.inputs, source: kind, texts: { ...s.inputs.texts, [kind]: text }, fileNames: { ...s.inputs.fileNames, [kind]: name } } })),
    harEntryChanged: (harEntry) => edit({ harEntry }),
    recordChosen: (recordId) => edit({ recordId }),
    schemeChosen: (scheme) => edit({ scheme }),
    keyModeChosen: (keyMode) => edit({ keyMode }),
    keyChosen: (entryId) => edit({ entryId, keyMode: 'vault' }),
    responseStatusChanged: (responseStatus) => edit({ responseStatus }),
    responseBodyChanged: (responseBody) => edit({ responseBody }),
    serverTimeToggled: (serverTime) => edit({ serverTime }),
    diagnosed: (run, at) => set({ result: { kind: 'report', run, at } }),
    diagnosisFailed: (field, message) => set({ result: { kind: 'error', field, message, at: Date.now() } }),
    pendingRunStarted: () => set({ runPending: false }),
    resultDismissed: () => set({ result: null }),
    recordOpened: (recordId, entryId) =>
      set((s) => ({
        // The record's own answer is attached by main; a typed one would override it, so it is cleared.
        inputs: { ...s.inputs, source: 'record', recordId, scheme: 'auto', responseStatus: '', responseBody: '', ...(entryId ? { keyMode: 'vault' as const, entryId } : {}) },
        result: null,
        runPending: true,
      })),
    debuggerLocked: () => set({ result: null }),
  };
};
