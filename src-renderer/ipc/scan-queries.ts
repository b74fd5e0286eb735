/**
 * The secrets scan: picking folders (main's own dialog; the page gets ids, never sends a path), running a scan over
 * picked folders, cancelling it, and its progress. A scan's result is not cached here: it is a moment's answer, kept
 * by the Scan page's store until the next scan or the vault locks.
 */
import { mutationOptions } from '@tanstack/react-query';
import type { ScanProgress } from '../../src-main/contract/scan';
import { signet, unwrap } from './signet-client';

export const scanMutations = {
  pickFolders: () => mutationOptions({ mutationKey: ['scan', 'pickFolders'], mutationFn: () => unwrap(signet().scan.pickFolders()) }),
  run: () =>
    mutationOptions({
      mutationKey: ['scan', 'run'],
      mutationFn: (i: { folderIds: string[]; gitignore: boolean }) => unwrap(signet().scan.run(i)),
      // The result names files and keys: the store keeps it, the mutation cache does not.
      gcTime: 0,
    }),
  cancel: () => mutationOptions({ mutationKey: ['scan', 'cancel'], mutationFn: () => unwrap(signet().scan.cancel()) }),
};

export function subscribeScanProgress(listener: (p: ScanProgress) => void): () => void {
  return signet().scan.onProgress(listener);
}
