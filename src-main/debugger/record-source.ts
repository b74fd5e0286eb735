/**
 * Inspector records as the debugger reads them: the request exactly as it was sent — the masked signature and key
 * values taken from what the store keeps in memory for this session's records — and the answer it got. A header
 * that held a secret (a passphrase) is never kept anywhere; it is named so the service can put the key's own
 * value back once the credentials are open.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../base/errors';
import type { InspectorStore } from '../http/inspector-store';
import { debugModel, hasDebugModel } from '../signing/debug/models';
import type { SignableRequest } from '../signing/types';
import type { Vault } from '../vault/types';
import { DebugService, type DebugServiceDeps, type RecordSource } from './debug-service';

export function inspectorRecordSource(store: Pick<InspectorStore, 'get' | 'reveal' | 'list'>): RecordSource {
  const sent = (id: string): { request: SignableRequest; secretHeaders: string[] } | null => {
    const record = store.get(id);
    let revealed;
    try {
      revealed = store.reveal(id);
    } catch {
      return null;
    }
    const full = new Map(revealed.headers.map((h) => [h.name.toLowerCase(), h.value]));
    const headers: Record<string, string> = {};
    const secretHeaders: string[] = [];
    for (const h of record.requestHeaders) {
      headers[h.name] = full.get(h.name.toLowerCase()) ?? h.value;
      if (h.masking === 'secret') secretHeaders.push(h.name);
    }
    return { request: { method: record.method, url: revealed.url, headers, body: revealed.requestBody ?? record.requestBody }, secretHeaders };
  };
  return {
    request(recordId) {
      const record = store.get(recordId);
      const s = sent(recordId);
      if (!s) {
        throw new AppError('ERR_DEBUG_INPUT', 'The signature this request was sent with was not kept across restarts (Signet keeps it in memory only). Re-send it from the Inspector, then debug the new record.');
      }
      return {
        request: s.request,
        secretHeaders: s.secretHeaders,
        entryId: record.entryId,
        schemeId: record.schemeId,
        response: record.status === null ? null : { status: record.status, body: record.responseBody ?? '' },
      };
    },
    nonceCount(entryId, schemeId, nonce, exceptRecordId) {
      if (entryId === null || !hasDebugModel(schemeId)) return 0;
      const model = debugModel(schemeId);
      let count = 0;
      for (const summary of store.list({ entryId, limit: 1000 }).records) {
        if (summary.id === exceptRecordId) continue;
        const s = sent(summary.id);
        if (s && model.read(s.request, {}).nonce === nonce) count++;
      }
      return count;
    },
  };
}

/** The debugger as every host composes it: the vault, this host's Inspector, the clock, random nonces. */
export function createDebugService(deps: {
  vault: Vault;
  inspector: Pick<InspectorStore, 'get' | 'reveal' | 'list'>;
  fetchServerTime?: DebugServiceDeps['fetchServerTime'];
  sandboxUrl?: DebugServiceDeps['sandboxUrl'];
}): DebugService {
  return new DebugService({
    vault: deps.vault,
    records: inspectorRecordSource(deps.inspector),
    now: Date.now,
    newNonce: () => randomBytes(16).toString('hex'),
    ...(deps.fetchServerTime && { fetchServerTime: deps.fetchServerTime }),
    ...(deps.sandboxUrl && { sandboxUrl: deps.sandboxUrl }),
  });
}
