/** The Inspector's rules as pure functions: filters as the contract's query, and a revealed record's values. */
import type { InspectorQuery, InspectorRecordView, RevealedSignatures } from '../../../src-main/contract/inspector';
import type { InspectorFilters } from './inspector-slice';

export function toQuery(f: InspectorFilters): InspectorQuery {
  return {
    ...(f.provider ? { provider: f.provider } : {}),
    ...(f.outcome !== 'all' ? { outcome: f.outcome } : {}),
    ...(f.entryId ? { entryId: f.entryId } : {}),
    ...(f.text.trim() ? { text: f.text.trim() } : {}),
    limit: 1000,
  };
}

export function hasFilters(f: InspectorFilters): boolean {
  return f.provider !== '' || f.outcome !== 'all' || f.entryId !== '' || f.text.trim() !== '';
}

/** The record as shown: masked signature values replaced by the revealed ones (secrets stay ••••: main never sends them). */
export function withRevealed(r: InspectorRecordView, revealed: RevealedSignatures | undefined): InspectorRecordView {
  if (!revealed) return r;
  const byName = new Map(revealed.headers.map((h) => [h.name.toLowerCase(), h.value]));
  return {
    ...r,
    url: revealed.url,
    requestBody: revealed.requestBody,
    ...(revealed.canonical !== undefined && { canonical: revealed.canonical }),
    requestHeaders: r.requestHeaders.map((h) => ((h.masking === 'signature' || h.masking === 'key') && byName.has(h.name.toLowerCase()) ? { ...h, value: byName.get(h.name.toLowerCase())!, masking: 'none' as const } : h)),
  };
}
