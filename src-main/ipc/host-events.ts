/**
 * Main → renderer events, for every host: the vault's status and entry changes, each request the Inspector
 * records, the Markets feed's batched updates (at most one per 50 ms), and a summary of each audit append. Each payload is parsed with its contract
 * schema first (unknown keys stripped), so an event can never carry more than the contract allows — a summary has
 * no header, body or signature.
 */
import type { EventName } from '../contract/channels';
import type { InspectorSummary } from '../contract/inspector';
import type { MarketsUpdate } from '../contract/markets';
import { events } from '../contract/schemas';
import type { Logger } from '../base/logger';
import type { Vault } from '../vault/types';
import type { RotationRuntime } from '../rotation/rotation-runtime';
import type { ScanProgress } from '../contract/scan';
import type { AuditAppended } from '../contract/audit';

export interface EventSources {
  readonly vault: Pick<Vault, 'subscribe'>;
  readonly inspector: { subscribe(fn: (s: InspectorSummary) => void): () => void };
  readonly markets?: { subscribe(fn: (u: MarketsUpdate) => void): () => void };
  readonly rotationEvents?: Pick<RotationRuntime, 'subscribe'>;
  readonly scan?: { subscribe(fn: (p: ScanProgress) => void): () => void };
  /** The audit log's appends (audit:appended: the last seq, how many lines, their types; never the events). */
  readonly audit?: { subscribe(fn: (a: AuditAppended) => void): () => void };
}

/** Calls `emit` with every event, parsed; returns the unsubscribe. */
export function forwardHostEvents(sources: EventSources, emit: (name: EventName, payload: unknown) => void, logger: Logger): () => void {
  const send = (name: EventName, payload: unknown): void => {
    const parsed = events[name].safeParse(payload);
    if (!parsed.success) {
      logger.error('event failed its schema; not sent', { event: name });
      return;
    }
    emit(name, parsed.data);
  };
  const offVault = sources.vault.subscribe((e) => {
    if (e.type === 'status') send('vault:statusChanged', e.status);
    else send('vault:entriesChanged', { at: new Date().toISOString() });
  });
  const offInspector = sources.inspector.subscribe((summary) => send('inspector:recorded', summary));
  const offMarkets = sources.markets?.subscribe((update) => send('markets:update', update));
  const offRotation = sources.rotationEvents?.subscribe({
    changed: (entryId, run) => send('rotation:changed', { entryId, run }),
    reminded: (reminder) => send('rotation:reminded', reminder),
  });
  const offScan = sources.scan?.subscribe((p) => send('scan:progress', p));
  const offAudit = sources.audit?.subscribe((appended) => send('audit:appended', appended));
  return () => {
    offScan?.();
    offVault();
    offInspector();
    offMarkets?.();
    offRotation?.();
    offAudit?.();
  };
}
