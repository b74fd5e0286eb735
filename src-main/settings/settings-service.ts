/**
 * Non-secret settings. Backed by electron-store in the app and by `conf` elsewhere; both satisfy KeyValueStore.
 */
import { DEFAULT_ROTATION_DEFAULTS, Settings } from '../contract/schemas';

export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export const DEFAULT_SETTINGS: Settings = { autoLockMinutes: 15, theme: 'system', watchlist: [], marketsProvider: 'sandbox', rotationDefaults: DEFAULT_ROTATION_DEFAULTS };

export class SettingsService {
  readonly #store: KeyValueStore;
  readonly #listeners = new Set<(s: Settings) => void>();
  constructor(store: KeyValueStore) {
    this.#store = store;
  }

  get(): Settings {
    const raw = { ...DEFAULT_SETTINGS, ...(this.#store.get('settings') as object | undefined) };
    const parsed = Settings.safeParse(raw);
    // A hand-edited or older settings file never breaks start-up: fall back to defaults field by field.
    if (parsed.success) return parsed.data;
    const out = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
      const one = Settings.shape[key].safeParse((raw as Record<string, unknown>)[key]);
      if (one.success) (out as Record<string, unknown>)[key] = one.data;
    }
    return out;
  }

  set(patch: Partial<Settings>): Settings {
    const next = Settings.parse({ ...this.get(), ...patch });
    this.#store.set('settings', next);
    for (const l of this.#listeners) l(next);
    return next;
  }

  onChange(listener: (s: Settings) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** A store kept in memory, for hosts that persist nothing (a throwaway browser-host run). */
export class MemoryStore implements KeyValueStore {
  readonly #data = new Map<string, unknown>();
  get(key: string): unknown {
    return structuredClone(this.#data.get(key));
  }
  set(key: string, value: unknown): void {
    this.#data.set(key, structuredClone(value));
  }
}
