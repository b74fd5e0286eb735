/**
 * The toast queue (UI-only state): actions are named as events. A toast may count down to a moment (the
 * clipboard clearing) and then say something else, so one toast tells the whole story of a copy.
 */
import { create } from 'zustand';

export interface ToastCountdown {
  /** Epoch ms: when the countdown started and when it ends. */
  from: number;
  until: number;
  /** Title while running, given whole seconds left. */
  running: (secondsLeft: number) => string;
  /** Title once the moment has passed. */
  done: string;
}

export interface Toast {
  id: number;
  tone: 'neutral' | 'success' | 'danger';
  title: string;
  body?: string;
  countdown?: ToastCountdown;
  /** Dismiss after this many ms (after the countdown, if any). */
  durationMs: number;
  /** One button in the toast (Open in Rotation); the toast is dismissed when it is pressed. */
  action?: { label: string; run: () => void };
  /** A toast with a key replaces the previous toast with the same key (copying twice shows one toast). */
  key?: string;
}

interface ToastState {
  toasts: Toast[];
  toastShown: (toast: Omit<Toast, 'id' | 'durationMs'> & { durationMs?: number }) => number;
  toastDismissed: (id: number) => void;
  /** Replaces the toast with this key, if one is showing (the clipboard was cleared early, on lock). */
  toastSuperseded: (key: string, title: string) => void;
}

let nextId = 1;

/** The key of the toast that counts down to the clipboard being cleared. */
export const CLIPBOARD_TOAST = 'clipboard';

export const useToasts = create<ToastState>()((set) => ({
  toasts: [],
  toastShown: (toast) => {
    const id = nextId++;
    set((s) => ({
      toasts: [...s.toasts.filter((t) => !toast.key || t.key !== toast.key), { durationMs: 4000, ...toast, id }].slice(-4),
    }));
    return id;
  },
  toastDismissed: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  toastSuperseded: (key, title) =>
    set((s) => ({ toasts: s.toasts.map((t) => (t.key === key ? { id: nextId++, key, tone: t.tone, title, durationMs: 2500 } : t)) })),
}));

/** For code outside components (mutation callbacks). */
export const showToast = (toast: Parameters<ToastState['toastShown']>[0]): number => useToasts.getState().toastShown(toast);
