/**
 * The Request page's draft (UI state, no secrets): what the user typed, which key and scheme they chose. Kept in
 * the feature's store so switching to the Vault and back keeps the request. `entryId` and `schemeId` null mean "the
 * default": the sandbox key (else the first key), and the scheme main suggests.
 */
import type { StateCreator } from 'zustand';
import type { RecordedDraft } from '../../../src-main/contract/inspector';

export interface KeyValueRow {
  readonly id: number;
  readonly name: string;
  readonly value: string;
}

export interface RequestDraftState {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly KeyValueRow[];
  readonly body: string;
  readonly entryId: string | null;
  readonly schemeId: string | null;
  /** Epoch ms as typed; '' = now at each signing. */
  readonly timestamp: string;
  /** '' = a fresh random nonce at each signing. */
  readonly nonce: string;
  readonly options: readonly KeyValueRow[];
  /**
   * The `recipe` scheme's template as the user last wrote it, per vault key id (JSON text, possibly invalid while
   * typing). A recipe holds no secret, so it may live in UI state; it is sent as the scheme option `recipe`.
   */
  readonly recipes: Readonly<Record<string, string>>;
}

export type RowList = 'headers' | 'options';

export interface RequestSlice {
  draft: RequestDraftState;
  /** The preview shows the key's API key whole (main masks it as ••••3f9a otherwise); not part of the request. */
  keyRevealed: boolean;
  keyRevealToggled: () => void;
  methodChanged: (method: string) => void;
  urlChanged: (url: string) => void;
  bodyChanged: (body: string) => void;
  keyChosen: (entryId: string) => void;
  schemeChosen: (schemeId: string | null) => void;
  timestampChanged: (timestamp: string) => void;
  nonceChanged: (nonce: string) => void;
  recipeChanged: (entryId: string, text: string) => void;
  rowAdded: (list: RowList) => number;
  rowChanged: (list: RowList, id: number, patch: Partial<Pick<KeyValueRow, 'name' | 'value'>>) => void;
  rowRemoved: (list: RowList, id: number) => void;
  /** A starting point was picked (the empty preview offers one): it replaces method, URL, headers and body. */
  sampleApplied: (sample: RequestSample) => void;
  draftReset: () => void;
  /** A request recorded by the Inspector, back in the composer as it was typed (a fresh timestamp and nonce). */
  draftLoaded: (recorded: RecordedDraft) => void;
}

export interface RequestSample {
  readonly method: string;
  readonly url: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

let nextRowId = 1;
const row = (name = '', value = ''): KeyValueRow => ({ id: nextRowId++, name, value });

export const emptyDraft = (): RequestDraftState => ({
  method: 'GET',
  url: '',
  headers: [row('Accept', 'application/json')],
  body: '',
  entryId: null,
  schemeId: null,
  timestamp: '',
  nonce: '',
  options: [],
  recipes: {},
});

export const createRequestSlice: StateCreator<RequestSlice> = (set) => {
  const edit = (patch: Partial<RequestDraftState>) => set((s) => ({ draft: { ...s.draft, ...patch } }));
  return {
    draft: emptyDraft(),
    keyRevealed: false,
    keyRevealToggled: () => set((s) => ({ keyRevealed: !s.keyRevealed })),
    methodChanged: (method) => edit({ method }),
    urlChanged: (url) => edit({ url }),
    bodyChanged: (body) => edit({ body }),
    keyChosen: (entryId) => edit({ entryId }),
    schemeChosen: (schemeId) => edit({ schemeId }),
    timestampChanged: (timestamp) => edit({ timestamp }),
    nonceChanged: (nonce) => edit({ nonce }),
    recipeChanged: (entryId, text) => set((s) => ({ draft: { ...s.draft, recipes: { ...s.draft.recipes, [entryId]: text } } })),
    rowAdded: (list) => {
      const r = row();
      set((s) => ({ draft: { ...s.draft, [list]: [...s.draft[list], r] } }));
      return r.id;
    },
    rowChanged: (list, id, patch) => set((s) => ({ draft: { ...s.draft, [list]: s.draft[list].map((r) => (r.id === id ? { ...r, ...patch } : r)) } })),
    rowRemoved: (list, id) => set((s) => ({ draft: { ...s.draft, [list]: s.draft[list].filter((r) => r.id !== id) } })),
    sampleApplied: (sample) => edit({ method: sample.method, url: sample.url, body: sample.body, headers: sample.headers.map(([n, v]) => row(n, v)) }),
    // The recipes are the user's work per key, not part of one request: a reset keeps them.
    draftReset: () => set((s) => ({ draft: { ...emptyDraft(), recipes: s.draft.recipes } })),
    draftLoaded: (r) =>
      set((s) => {
        const { recipe, ...options } = r.options ?? {};
        return {
          draft: {
            ...emptyDraft(),
            method: r.method,
            url: r.url,
            headers: r.headers.map((h) => row(h.name, h.value)),
            body: r.body ?? '',
            entryId: r.entryId,
            schemeId: r.schemeId,
            options: Object.entries(options).map(([n, v]) => row(n, v)),
            recipes: recipe !== undefined && r.entryId !== null ? { ...s.draft.recipes, [r.entryId]: recipe } : s.draft.recipes,
          },
        };
      }),
  };
};
