/**
 * The changes to entries — add, update, remove — as mutations for the service's commit, with the rules they share:
 * labels unique regardless of case, credentials checked against the provider, previews derived from credentials.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../base/errors';
import type { CredentialField } from '../contract/providers';
import {
  EntryInput as EntryInputSchema,
  EntryPatch as EntryPatchSchema,
  KeyPairInput as KeyPairInputSchema,
  type Credentials,
  type EntryInput,
  type EntryPatch,
  type EntrySummary,
  type KeyPairInput,
  type PublicKeyView,
} from '../contract/schemas';
import { keyPairChoices } from '../contract/key-pairs';
import { checkCredentials, validationError, type EntryMeta, type KeyPairMeta } from './entry-model';
import { generateKeyPair, publicKeyOf, publicKeyView, requireKeyPairType } from './key-pair';
import { labelKey, openSecret, sealEntry, type LoadedEntry } from './vault-codec';
import { EntryTable } from './entry-table';
import type { Mutation } from './vault-change';
import type { VaultKeys } from './vault-keys';

/** The parts of an entry's metadata its author chooses; the rest start at their defaults. */
type ChosenMeta = Pick<EntryMeta, 'label' | 'provider' | 'environment' | 'scopes' | 'tags' | 'notes'> & Partial<Pick<EntryMeta, 'baseUrl' | 'expiresAt' | 'rotationPolicy'>>;

/** The error for an id that is not (or no longer) in the vault. */
export function entryNotFound(id: string): AppError {
  return new AppError('ERR_ENTRY_NOT_FOUND', `No key with the id "${id}" in this vault (it may have been deleted).`);
}

/** A new entry's metadata made at `now`; previews and the fingerprint are filled in when it is sealed. */
function newMeta(m: ChosenMeta, now: string): EntryMeta {
  return {
    label: m.label,
    provider: m.provider,
    baseUrl: m.baseUrl ?? null,
    environment: m.environment,
    scopes: dedupe(m.scopes),
    tags: dedupe(m.tags),
    createdAt: now,
    updatedAt: now,
    expiresAt: m.expiresAt ?? null,
    lastUsedAt: null,
    lastRotatedAt: null,
    rotationPolicy: m.rotationPolicy ?? null,
    rotation: null,
    rotationHistory: [],
    keyPair: null,
    notes: m.notes,
    fields: [],
    shown: {},
    fingerprint: '',
  };
}

/** A new vault's entries: none, or the key for the embedded sandbox exchange (fresh random credentials). */
export function initialEntries(keys: VaultKeys, vaultId: string, now: string, withSandbox: boolean): EntryTable<LoadedEntry> {
  const draft = EntryTable.empty<LoadedEntry>().edit();
  if (withSandbox) {
    const e = sandboxEntry(keys, vaultId, now);
    draft.set(e.record.id, e);
  }
  return draft.done().table;
}

function sandboxEntry(keys: VaultKeys, vaultId: string, now: string): LoadedEntry {
  const meta = newMeta(
    {
      label: 'Sandbox (local)',
      provider: 'sandbox',
      environment: 'dev',
      scopes: ['read', 'trade', 'withdraw', 'keys:manage'],
      tags: ['sandbox'],
      notes: 'Generated for the embedded sandbox exchange, which runs on this machine only. Safe to experiment with.',
    },
    now,
  );
  return sealEntry(keys, vaultId, randomUUID(), meta, {
    apiKey: `sbx_${randomBytes(12).toString('hex')}`,
    secret: randomBytes(32).toString('base64url'),
  });
}

/**
 * Adds several keys in one change (all or none). The input is checked before the change is committed, so an
 * invalid key throws without taking the lock.
 */
export function addEntries(inputs: readonly EntryInput[], iso: () => string): Mutation<EntrySummary[]> {
  const prepared = inputs.map((input, i) => {
    const parsed = EntryInputSchema.safeParse(input);
    if (!parsed.success) throw validationError(parsed.error, inputs.length > 1 ? `Invalid key #${i + 1}` : 'Invalid key');
    const { credentials, ...m } = parsed.data;
    return { m, creds: checkCredentials(m.provider, credentials), id: randomUUID() };
  });
  return (keys, state) => {
    const entries = state.entries.edit();
    const labels = new Set<string>();
    for (const { m } of prepared) {
      if (labels.has(labelKey(m.label))) throw new AppError('ERR_DUPLICATE_LABEL', `"${m.label}" appears twice in what is being added. Labels must be unique.`);
      labels.add(labelKey(m.label));
    }
    for (const e of state.entries.values()) {
      if (labels.has(e.labelKey)) throw duplicateLabel(e);
    }
    const now = iso();
    const added = prepared.map(({ m, creds, id }) => {
      const entry = sealEntry(keys, state.header.vaultId, id, newMeta(m, now), creds);
      entries.set(id, entry);
      return entry.summary;
    });
    const { table, dirty } = entries.done();
    return { state: { header: state.header, entries: table }, result: added, dirty };
  };
}

/**
 * Generates a key pair for a new entry (checked first: a bad input generates nothing) and returns the change that
 * seals it: the private key goes straight into the entry's sealed credentials; only its public half comes back.
 */
export async function addKeyPairEntry(input: KeyPairInput, iso: () => string): Promise<Mutation<{ entry: EntrySummary; publicKey: PublicKeyView }>> {
  const parsed = KeyPairInputSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, 'Invalid key pair');
  const { type, ...m } = parsed.data;
  requireKeyPairType(m.provider, type);
  const pair = await generateKeyPair(type);
  const id = randomUUID();
  return (keys, state) => {
    requireUniqueLabel(state.entries, m.label);
    const now = iso();
    const keyPair: KeyPairMeta = { type, publicKeyPem: pair.publicKeyPem, fingerprint: pair.fingerprint, createdAt: now };
    const creds = checkCredentials(m.provider, { privateKeyPem: pair.privateKeyPem }, keyPair);
    const entry = sealEntry(keys, state.header.vaultId, id, { ...newMeta(m, now), keyPair }, creds);
    const { table, dirty } = state.entries.edit().set(id, entry).done();
    return { state: { header: state.header, entries: table }, result: { entry: entry.summary, publicKey: publicKeyView(m.provider, pair) }, dirty };
  };
}

/**
 * An entry's key pair after its credentials or provider changed: kept while the private key is the same; derived
 * again from a new private key (a rotation) when that is a type the provider takes; dropped otherwise.
 */
function nextKeyPair(current: EntryMeta, provider: string, before: Credentials, after: Credentials, now: string): KeyPairMeta | null {
  if (!current.keyPair || !after.privateKeyPem) return null;
  const choices = keyPairChoices(provider);
  if (after.privateKeyPem.trim() === before.privateKeyPem?.trim()) return choices.some((c) => c.type === current.keyPair?.type) ? current.keyPair : null;
  const info = publicKeyOf(after.privateKeyPem.trim() + '\n', after.passphrase);
  if (!info || !choices.some((c) => c.type === info.type)) return null;
  return { type: info.type, publicKeyPem: info.publicKeyPem, fingerprint: info.fingerprint, createdAt: now };
}

/** Changes one key's metadata and/or credentials. The patch is checked before the change is committed. */
export function updateEntry(patch: EntryPatch, iso: () => string): Mutation<EntrySummary> {
  const parsed = EntryPatchSchema.safeParse(patch);
  if (!parsed.success) throw validationError(parsed.error, 'Invalid change');
  const { id, meta: metaPatch = {}, credentials: credPatch } = parsed.data;
  return async (keys, state) => {
    const current = state.entries.get(id);
    if (!current) throw entryNotFound(id);
    if (current.meta.rotation && (credPatch !== undefined || (metaPatch.provider !== undefined && metaPatch.provider !== current.meta.provider))) throw rotationInProgress(current.meta.label, 'changing its credentials or provider');
    if (metaPatch.label !== undefined && labelKey(metaPatch.label) !== current.labelKey) requireUniqueLabel(state.entries, metaPatch.label);
    const provider = metaPatch.provider ?? current.meta.provider;
    let creds = await openSecret(keys, state.header.vaultId, current);
    let keyPair = current.meta.keyPair;
    // Adding the API key to a key that waited for it registers the key; it is not a rotation.
    const registering = keyPair !== null && !current.meta.fields.includes('apiKey') && Object.keys(credPatch ?? {}).every((f) => f === 'apiKey');
    if (credPatch || provider !== current.meta.provider) {
      const merged: Credentials = { ...creds };
      for (const [field, value] of Object.entries(credPatch ?? {})) {
        if (value === null) delete merged[field as CredentialField];
        else merged[field as CredentialField] = value;
      }
      keyPair = nextKeyPair(current.meta, provider, creds, merged, iso());
      creds = checkCredentials(provider, merged, keyPair);
    }
    const meta: EntryMeta = {
      ...current.meta,
      ...(metaPatch.label !== undefined && { label: metaPatch.label }),
      ...(metaPatch.provider !== undefined && { provider: metaPatch.provider }),
      ...(metaPatch.baseUrl !== undefined && { baseUrl: metaPatch.baseUrl }),
      ...(metaPatch.environment !== undefined && { environment: metaPatch.environment }),
      ...(metaPatch.scopes !== undefined && { scopes: dedupe(metaPatch.scopes) }),
      ...(metaPatch.tags !== undefined && { tags: dedupe(metaPatch.tags) }),
      ...(metaPatch.expiresAt !== undefined && { expiresAt: metaPatch.expiresAt }),
      ...(metaPatch.rotationPolicy !== undefined && { rotationPolicy: metaPatch.rotationPolicy }),
      ...(metaPatch.notes !== undefined && { notes: metaPatch.notes }),
      keyPair,
      updatedAt: iso(),
      ...(credPatch && Object.keys(credPatch).length > 0 && !registering && { lastRotatedAt: iso() }),
    };
    const entry = sealEntry(keys, state.header.vaultId, id, meta, creds, true, current.record.r);
    const { table, dirty } = state.entries.edit().set(id, entry).done();
    return { state: { header: state.header, entries: table }, result: entry.summary, dirty };
  };
}

/** Removes one key; vault.json.bak becomes this version too, so its sealed secret does not stay beside the vault. */
export function removeEntry(id: string): Mutation<void> {
  return (_keys, state) => {
    const current = state.entries.get(id);
    if (!current) throw entryNotFound(id);
    if (current.meta.rotation) throw rotationInProgress(current.meta.label, 'deleting it');
    const draft = state.entries.edit();
    draft.delete(id);
    const { table, dirty } = draft.done();
    return { state: { header: state.header, entries: table }, result: undefined, dirty, replaceBackup: true };
  };
}

/** A change that would cut a rotation in progress off from its keys (the provider still holds one of them). */
export function rotationInProgress(label: string, doing: string): AppError {
  return new AppError('ERR_ROTATION_STATE', `"${label}" is being rotated: finish, cancel or abandon that rotation (Rotation page, or \`signet rotate\`) before ${doing}.`);
}

function requireUniqueLabel(entries: EntryTable<LoadedEntry>, label: string): void {
  const key = labelKey(label);
  for (const e of entries.values()) {
    if (e.labelKey === key) throw duplicateLabel(e);
  }
}

function duplicateLabel(existing: LoadedEntry): AppError {
  return new AppError('ERR_DUPLICATE_LABEL', `A key labelled "${existing.meta.label}" already exists. Choose another label.`);
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)];
}
