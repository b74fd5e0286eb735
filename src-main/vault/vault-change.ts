/**
 * The shape of one change to the vault, as the service's commit applies it: every operation that writes (entries,
 * slots, imports, use times, a re-key) describes its result the same way, so one path writes them all.
 */
import type { AuditEventInput } from '../audit/audit-event';
import type { VaultState } from './vault-codec';
import type { VaultKeys } from './vault-keys';

/** A change to the vault: the next state, what to return, and which shards it touched. */
export interface VaultChange<T> {
  state: VaultState;
  result: T;
  /** The shards the change touched (EntryDraft.done()), or 'all'. */
  dirty?: ReadonlySet<number> | 'all';
  /** New keys the whole vault was re-sealed under (every entry in `state` sealed with them; every shard written). */
  rekey?: VaultKeys;
  /** Make vault.json.bak the new version too, so a removed way in (or a removed key) does not stay beside the vault. */
  replaceBackup?: boolean;
  /** The written generation is at least this (an older version opened by choice is written above what was seen). */
  minGeneration?: number;
  /** Set aside a vault.json.seen this key cannot check, and start a new one (the user chose this version). */
  adoptSeen?: boolean;
  /** What the change is, for the audit log: chained in the same write, the head sealed in it (vault-audit.ts). */
  audit?: readonly AuditEventInput[];
  /**
   * No key changed, only events to record (an unlock, a reveal): the vault file is not written; the head the append
   * moves on to is written to audit.head instead (vault-audit.ts), a few hundred bytes rather than the whole vault.
   */
  auditOnly?: boolean;
  /** The vault was opened older than the log by choice: the log's lines past its head are adopted if they chain. */
  adoptAudit?: boolean;
}

/** Computes a change from the state on disk (re-read first if another process wrote it), under the file lock. */
export type Mutation<T> = (keys: VaultKeys, state: VaultState) => VaultChange<T> | Promise<VaultChange<T>>;
