/**
 * Vault server state: query-option factories (`vaultQueries.list(filter)`) and mutation-option factories that
 * invalidate what they change. Anything that returns a VaultStatus goes through `applyVaultStatus`, which also
 * drops every cached entry, and the audit log's events (they name keys), the moment the vault is locked.
 */
import { keepPreviousData, mutationOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { EntryInput, EntryPatch, KeyPairInput, ListQuery, VaultStatus } from '../../src-main/contract/schemas';
import type { CredentialField } from '../../src-main/contract/providers';
import { auditKeys } from './audit-queries';
import { signet, unwrap } from './signet-client';

export const vaultKeys = {
  all: ['vault'] as const,
  status: () => ['vault', 'status'] as const,
  entries: () => ['vault', 'entries'] as const,
  list: (q: ListQuery) => ['vault', 'entries', 'list', q] as const,
  detail: (id: string) => ['vault', 'entries', 'detail', id] as const,
  publicKey: (id: string) => ['vault', 'entries', 'publicKey', id] as const,
};

export const vaultQueries = {
  status: () => queryOptions({ queryKey: vaultKeys.status(), queryFn: () => unwrap(signet().vault.status()) }),
  list: (q: ListQuery) =>
    queryOptions({
      queryKey: vaultKeys.list(q),
      queryFn: () => unwrap(signet().vault.list(q)),
      // Typing in the search box swaps one result set for the next without flashing an empty list.
      placeholderData: keepPreviousData,
    }),
  detail: (id: string) => queryOptions({ queryKey: vaultKeys.detail(id), queryFn: () => unwrap(signet().vault.get({ id })) }),
  /** The public half of a key that holds a private key, derived in main (the private key never comes here). */
  publicKey: (id: string) => queryOptions({ queryKey: vaultKeys.publicKey(id), queryFn: () => unwrap(signet().vault.publicKey({ id })) }),
};

/** Stores a status from main; a locked or missing vault leaves no entry data (nor audit events) behind in the cache. */
export function applyVaultStatus(client: QueryClient, status: VaultStatus): void {
  client.setQueryData(vaultKeys.status(), status);
  if (status.locked || !status.exists) {
    client.removeQueries({ queryKey: vaultKeys.entries() });
    client.removeQueries({ queryKey: auditKeys.all });
  }
}

export function invalidateEntries(client: QueryClient): Promise<void> {
  return client.invalidateQueries({ queryKey: vaultKeys.entries() });
}

const statusMutation = <I>(key: string, fn: (input: I) => Promise<VaultStatus>) =>
  mutationOptions({
    mutationKey: ['vault', key],
    mutationFn: fn,
    onSuccess: (status: VaultStatus, _input: I, _r: unknown, ctx) => applyVaultStatus(ctx.client, status),
  });

export const vaultMutations = {
  create: () =>
    statusMutation('create', (i: { passphrase?: string; useOsSlot: boolean; addSandboxKey: boolean }) => unwrap(signet().vault.create(i))),
  unlockWithPassphrase: () =>
    statusMutation('unlock', (passphrase: string) => unwrap(signet().vault.unlock({ method: 'passphrase', passphrase }))),
  unlockWithOs: () => statusMutation('unlockOs', () => unwrap(signet().vault.unlock({ method: 'os' }))),
  lock: () => statusMutation('lock', () => unwrap(signet().vault.lock())),
  changePassphrase: () =>
    statusMutation('changePassphrase', (i: { current?: string; next: string }) => unwrap(signet().vault.changePassphrase(i))),
  addOsSlot: () => statusMutation('addOsSlot', () => unwrap(signet().vault.addOsSlot())),
  removeOsSlot: () => statusMutation('removeOsSlot', () => unwrap(signet().vault.removeOsSlot())),

  add: () =>
    mutationOptions({
      mutationKey: ['vault', 'add'],
      mutationFn: (input: EntryInput) => unwrap(signet().vault.add(input)),
      onSuccess: (_d, _i, _r, ctx) => invalidateEntries(ctx.client),
    }),
  /** Main generates the pair and seals it; only the entry and its public key come back. */
  generateKeyPair: () =>
    mutationOptions({
      mutationKey: ['vault', 'generateKeyPair'],
      mutationFn: (input: KeyPairInput) => unwrap(signet().vault.generateKeyPair(input)),
      onSuccess: (_d, _i, _r, ctx) => invalidateEntries(ctx.client),
    }),
  update: () =>
    mutationOptions({
      mutationKey: ['vault', 'update'],
      mutationFn: (patch: EntryPatch) => unwrap(signet().vault.update(patch)),
      onSuccess: (_d, _i, _r, ctx) => invalidateEntries(ctx.client),
    }),
  remove: () =>
    mutationOptions({
      mutationKey: ['vault', 'remove'],
      mutationFn: (id: string) => unwrap(signet().vault.remove({ id })),
      onSuccess: ({ removed }, _i, _r, ctx) => {
        ctx.client.removeQueries({ queryKey: vaultKeys.detail(removed) });
        return invalidateEntries(ctx.client);
      },
    }),
  /** Main copies the secret to the clipboard; the renderer only learns when it will be cleared. */
  copySecret: () =>
    mutationOptions({
      mutationKey: ['vault', 'copySecret'],
      mutationFn: (i: { id: string; field: CredentialField }) => unwrap(signet().vault.copySecret(i)),
      // lastUsedAt changed, in the list and the detail.
      onSuccess: (_d, _i, _r, ctx) => invalidateEntries(ctx.client),
    }),

  exportBackup: () =>
    mutationOptions({
      mutationKey: ['vault', 'export'],
      mutationFn: (backupPassphrase: string) => unwrap(signet().vault.export({ backupPassphrase })),
    }),
  previewImport: () =>
    mutationOptions({
      mutationKey: ['vault', 'importPreview'],
      mutationFn: (backupPassphrase: string) => unwrap(signet().vault.importPreview({ backupPassphrase })),
    }),
  applyImport: () =>
    mutationOptions({
      mutationKey: ['vault', 'import'],
      mutationFn: (i: { importId: string; onConflict: 'skip' | 'replace' | 'keep-both' }) => unwrap(signet().vault.import(i)),
      onSuccess: async (_d, _i, _r, ctx) => {
        await invalidateEntries(ctx.client);
        await ctx.client.invalidateQueries({ queryKey: vaultKeys.status() });
      },
    }),
};
