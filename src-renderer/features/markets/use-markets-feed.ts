/**
 * Keeps the markets store in step with main while the page is shown: subscribe to `markets:update` first, then
 * take a snapshot, then apply what arrived meanwhile (updates the snapshot already includes are skipped by seq).
 * An update from another provider, or one the store cannot place, means the page is behind: take a new snapshot.
 */
import { useEffect } from 'react';
import type { MarketsUpdate } from '../../../src-main/contract/markets';
import { fetchMarketsSnapshot, subscribeMarketsUpdates } from '../../ipc/markets-queries';
import { errorMessage } from '../../ipc/signet-client';
import { marketsStore } from './markets-store';

export function useMarketsFeed(): void {
  useEffect(() => {
    let live = true;
    let syncing = false;
    const waiting: MarketsUpdate[] = [];
    const resync = (): void => {
      if (syncing) return;
      syncing = true;
      fetchMarketsSnapshot().then(
        (s) => {
          if (!live) return;
          marketsStore.reset(s);
          syncing = false;
          for (const u of waiting.splice(0)) marketsStore.apply(u);
        },
        (e: unknown) => {
          syncing = false;
          if (live) marketsStore.failed(errorMessage(e));
        },
      );
    };
    const off = subscribeMarketsUpdates((u) => {
      if (syncing) waiting.push(u);
      else if (!marketsStore.apply(u)) {
        waiting.push(u);
        resync();
      }
    });
    resync();
    return () => {
      live = false;
      off();
    };
  }, []);
}
