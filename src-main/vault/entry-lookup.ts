/**
 * Finding entries while unlocked: the filtered, sorted list and resolving what a user typed (an id, an id prefix
 * or a label). Read-only, over the entries in memory; nothing here opens a credential.
 */
import { AppError } from '../base/errors';
import { ListQuery as ListQuerySchema, type EntryDetail, type EntrySummary, type ListQuery } from '../contract/schemas';
import { matchesTerm, toDetail, validationError } from './entry-model';
import { entryNotFound } from './entry-edits';
import type { EntryTable } from './entry-table';
import { labelKey, type LoadedEntry } from './vault-codec';

/** The entries in list order (label regardless of case, then id). */
export function sortEntries(entries: EntryTable<LoadedEntry>): LoadedEntry[] {
  return [...entries.values()].sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
}

/** The summaries of `sorted` that match `query` (every search term, and each filter given). */
export function listEntries(sorted: readonly LoadedEntry[], query?: ListQuery): EntrySummary[] {
  const q = ListQuerySchema.safeParse(query ?? {});
  if (!q.success) throw validationError(q.error, 'Invalid search');
  const { search, provider, environment, tag } = q.data;
  const terms = (search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const out: EntrySummary[] = [];
  for (const e of sorted) {
    if (provider && e.meta.provider !== provider) continue;
    if (environment && e.meta.environment !== environment) continue;
    if (tag && !e.meta.tags.includes(tag)) continue;
    if (terms.length && !terms.every((t) => matchesTerm(t, e.search, e.record.id, e.meta.fingerprint))) continue;
    out.push(e.summary);
  }
  return out;
}

/** An id, a unique label, or a unique id prefix of at least 6 characters, in that order. */
export function resolveEntry(entries: EntryTable<LoadedEntry>, ref: string): EntrySummary {
  const exact = entries.get(ref);
  if (exact) return exact.summary;
  const key = labelKey(ref);
  const byLabel = [...entries.values()].filter((e) => e.labelKey === key);
  if (byLabel.length === 1) return (byLabel[0] as LoadedEntry).summary;
  if (byLabel.length > 1) {
    throw new AppError('ERR_ENTRY_AMBIGUOUS', `${byLabel.length} keys are labelled "${ref}"; use the id instead (${byLabel.map((e) => e.record.id).join(', ')}).`);
  }
  if (ref.length >= 6) {
    const byPrefix = [...entries.values()].filter((e) => e.record.id.startsWith(ref));
    if (byPrefix.length === 1) return (byPrefix[0] as LoadedEntry).summary;
    if (byPrefix.length > 1) throw new AppError('ERR_ENTRY_AMBIGUOUS', `"${ref}" matches ${byPrefix.length} key ids; type more of the id.`);
  }
  throw new AppError('ERR_ENTRY_NOT_FOUND', `No key with the id or label "${ref}". Run \`signet vault list\` to see them.`);
}

/** The detail view of the entry `id` (masked like every view that leaves main). */
export function detailOf(entries: EntryTable<LoadedEntry>, id: string): EntryDetail {
  const e = entries.get(id);
  if (!e) throw entryNotFound(id);
  return toDetail(e.record.id, e.meta);
}
