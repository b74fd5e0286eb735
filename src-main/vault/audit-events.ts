/**
 * What each change to the vault says in the audit log (docs/audit.md#events): built from the vault's state before
 * and after the change, so an event names what was actually written. Only metadata goes in: ids, labels, providers,
 * masked previews, fingerprints, field names, rotation steps (which hold previews and the provider's key ids).
 */
import type { AuditValue } from '../contract/audit';
import type { EntrySummary, ImportResult } from '../contract/schemas';
import type { RotationRun } from '../contract/rotation';
import type { AuditEventInput } from '../audit/audit-event';
import type { EntryMeta } from './entry-model';
import type { LoadedEntry, VaultState } from './vault-codec';
import type { Mutation } from './vault-change';

const DETAIL_MAX = 300;

export const refOf = (e: LoadedEntry) => ({ id: e.record.id, label: e.meta.label });

/** The masked preview an entry shows (••••3f9a), as its summary has it. */
const previewOf = (e: LoadedEntry): string => e.summary.preview;

/** What a key is, for the events that create or remove one. */
function keyFacts(e: LoadedEntry): Record<string, AuditValue> {
  return { provider: e.meta.provider, environment: e.meta.environment, preview: previewOf(e), fingerprint: e.meta.fingerprint || null, ...(e.meta.keyPair && { keyPair: e.meta.keyPair.type }) };
}

/** `mutate`, with the audit events `describe` makes from its result and the states before and after. */
export function withEvents<T>(mutate: Mutation<T>, describe: (result: T, before: VaultState, after: VaultState) => readonly AuditEventInput[]): Mutation<T> {
  return async (keys, state) => {
    const change = await mutate(keys, state);
    return { ...change, audit: [...(change.audit ?? []), ...describe(change.result, state, change.state)] };
  };
}

/** A change that writes nothing but the events (the head moves on; no key changes). */
export function eventsOnly(events: readonly AuditEventInput[]): Mutation<void> {
  return (_keys, state) => ({ state, result: undefined, dirty: new Set<number>(), audit: events, auditOnly: true });
}

export function created(entries: readonly EntrySummary[], after: VaultState): AuditEventInput[] {
  return entries.flatMap((s) => {
    const e = after.entries.get(s.id);
    return e ? [{ type: 'key.created' as const, entry: refOf(e), details: keyFacts(e) }] : [];
  });
}

export function initialKeys(state: VaultState): AuditEventInput[] {
  return [...state.entries.values()].map((e) => ({ type: 'key.created' as const, entry: refOf(e), details: { ...keyFacts(e), with: 'the new vault' } }));
}

const COMPARED: readonly (keyof EntryMeta)[] = ['label', 'provider', 'baseUrl', 'environment', 'scopes', 'tags', 'notes', 'expiresAt', 'rotationPolicy'];

/** Which fields an update changed (credential fields by name only), and the label before when it changed. */
export function updated(id: string, credentialFields: readonly string[], before: VaultState, after: VaultState): AuditEventInput[] {
  const b = before.entries.get(id);
  const a = after.entries.get(id);
  if (!b || !a) return [];
  const fields: string[] = COMPARED.filter((k) => JSON.stringify(b.meta[k] ?? null) !== JSON.stringify(a.meta[k] ?? null));
  for (const f of credentialFields) fields.push(`credentials.${f}`);
  return [{ type: 'key.updated', entry: refOf(a), details: { fields, ...(b.meta.label !== a.meta.label && { previousLabel: b.meta.label }), preview: previewOf(a) } }];
}

export function deleted(id: string, before: VaultState): AuditEventInput[] {
  const e = before.entries.get(id);
  return e ? [{ type: 'key.deleted', entry: refOf(e), details: keyFacts(e) }] : [];
}

/** Every key an import wrote (added, replacing one, or renamed beside one), and the import itself. */
export function imported(path: string, result: ImportResult, before: VaultState, after: VaultState): AuditEventInput[] {
  const replaced = new Set(result.replaced);
  const renamed = new Set(result.renamed);
  const events: AuditEventInput[] = [];
  for (const e of after.entries.values()) {
    const was = before.entries.get(e.record.id);
    if (was && was.record.s === e.record.s) continue;
    const outcome = replaced.has(e.meta.label) ? 'replaced' : renamed.has(e.meta.label) ? 'renamed' : 'added';
    events.push({ type: 'key.imported', entry: refOf(e), details: { ...keyFacts(e), outcome, from: path } });
  }
  events.push({ type: 'backup.imported', details: { path, added: result.added.length, replaced: result.replaced.length, renamed: result.renamed.length, skipped: result.skipped.length } });
  return events;
}

/** Every key a backup holds, and the backup itself. */
export function exported(path: string, state: VaultState): AuditEventInput[] {
  const events: AuditEventInput[] = [...state.entries.values()].map((e) => ({ type: 'key.exported' as const, entry: refOf(e), details: { to: path, preview: previewOf(e) } }));
  events.push({ type: 'backup.exported', details: { path, entryCount: state.entries.size } });
  return events;
}

/**
 * One line per step a rotation edit wrote (its new steps), and a `key.revoked` for each key a step revoked at the
 * provider (the old key after the overlap, or the new one when a run rolled back).
 */
export function rotationSteps(id: string, before: VaultState, after: VaultState): AuditEventInput[] {
  const b = before.entries.get(id);
  const a = after.entries.get(id);
  if (!a) return [];
  const was = b?.meta.rotation ?? null;
  // The run in progress, or the one the edit just ended (now at the head of the history).
  const run: RotationRun | null = a.meta.rotation ?? a.meta.rotationHistory[0] ?? null;
  if (!run) return [];
  const fresh = run.steps.slice(was && was.id === run.id ? was.steps.length : 0);
  const base = { runId: run.id, mode: run.mode, state: run.state };
  const entry = refOf(a);
  if (fresh.length === 0) return [{ type: 'key.rotation_step', entry, details: { ...base, step: 'updated', keepOldUntil: run.keepOldUntil } }];
  const events: AuditEventInput[] = [];
  for (const s of fresh) {
    events.push({ type: 'key.rotation_step', entry, details: { ...base, step: s.step, outcome: s.outcome, detail: s.detail.slice(0, DETAIL_MAX) } });
    if (s.outcome !== 'ok') continue;
    if (s.step === 'revoked' && run.remote.oldKeyId) events.push({ type: 'key.revoked', entry, details: { runId: run.id, which: 'old', remoteKeyId: run.remote.oldKeyId, preview: run.oldPreview } });
    if ((s.step === 'rolled-back' || s.step === 'cancelled') && run.mode === 'automated' && run.remote.newKeyId) {
      events.push({ type: 'key.revoked', entry, details: { runId: run.id, which: 'new', remoteKeyId: run.remote.newKeyId, preview: run.newPreview } });
    }
  }
  return events;
}
