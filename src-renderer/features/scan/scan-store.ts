/**
 * The Scan page's state: the folders picked (ids main handed out, with their names and paths for display), whether
 * .gitignore rules apply, the running scan's progress, and the last result. The result is a moment's answer, not
 * server state to refetch; it names files and keys, so it goes when the vault locks.
 */
import { create } from 'zustand';
import type { PickedFolder, ScanProgress, ScanRunResult } from '../../../src-main/contract/scan';

export interface ScanState {
  folders: PickedFolder[];
  gitignore: boolean;
  progress: ScanProgress | null;
  result: ScanRunResult | null;
  foldersPicked: (picked: readonly PickedFolder[]) => void;
  folderRemoved: (id: string) => void;
  gitignoreToggled: (on: boolean) => void;
  scanStarted: () => void;
  progressed: (p: ScanProgress) => void;
  scanFinished: (result: ScanRunResult) => void;
  scanFailed: () => void;
  scanLocked: () => void;
}

export const useScanStore = create<ScanState>()((set) => ({
  folders: [],
  gitignore: true,
  progress: null,
  result: null,
  // Picking a folder twice gives the same id: it is listed once.
  foldersPicked: (picked) => set((s) => ({ folders: [...s.folders, ...picked.filter((p) => !s.folders.some((f) => f.id === p.id))] })),
  folderRemoved: (id) => set((s) => ({ folders: s.folders.filter((f) => f.id !== id) })),
  gitignoreToggled: (gitignore) => set({ gitignore }),
  scanStarted: () => set({ progress: { runId: '', files: 0, bytes: 0, findings: 0 } }),
  progressed: (progress) => set((s) => (s.progress ? { progress } : {})),
  scanFinished: (result) => set({ result, progress: null }),
  scanFailed: () => set({ progress: null }),
  // Main keeps the picked folders for the session (they name no key); what a scan found goes with the lock.
  scanLocked: () => set({ result: null, progress: null }),
}));
