/**
 * What a vault entry is: its sealed metadata, the credential rules per provider, and the masked views of it
 * that may leave main (summaries and details carry previews and fingerprints, never a secret).
 */
import { createHash, createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../base/errors';
import {
  CREDENTIAL_FIELDS,
  PUBLIC_CREDENTIAL_FIELDS,
  providerInfo,
  PROVIDER_IDS,
  type CredentialField,
  type Environment,
} from '../contract/providers';
import { RotationPolicy, type Credentials, type EntryDetail, type EntrySummary } from '../contract/schemas';
import { KeyPairPublic, RotationRun } from '../contract/rotation';

/** Ended rotations kept in a key's metadata (the audit log keeps every one). */
export const ROTATION_HISTORY_MAX = 20;
import { describeIssues } from '../base/describe-issues';
import type { KeyPairType } from '../contract/key-pairs';
import { publicKeyOf } from './key-pair';

/**
 * The public half of the key pair an entry holds, when Signet generated it (or derived it again after a rotation):
 * public, kept so the key detail can show it at any time. An entry with one may hold its privateKeyPem without an
 * API key ("awaiting API key") until the public key is registered and the API key added.
 */
export interface KeyPairMeta {
  type: KeyPairType;
  publicKeyPem: string;
  fingerprint: string;
  createdAt: string;
}

/** Sealed as the entry's `m` part. */
export interface EntryMeta {
  label: string;
  provider: string;
  baseUrl: string | null;
  environment: Environment;
  scopes: string[];
  tags: string[];
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  lastRotatedAt: string | null;
  /** The key's own rotation policy (null: its environment's default). Absent in vaults written before it existed. */
  rotationPolicy: RotationPolicy | null;
  /** The rotation in progress (rotation/rotation-service.ts), persisted step by step; null when none. */
  rotation: RotationRun | null;
  /** Ended rotations, newest first, at most ROTATION_HISTORY_MAX. */
  rotationHistory: RotationRun[];
  /** The key pair Signet generated for it (null: none). Absent in vaults written before it existed. */
  keyPair: KeyPairMeta | null;
  notes: string;
  /** Which credential fields the entry holds (their values are in the sealed secret part). */
  fields: CredentialField[];
  /** What may be shown of the public fields: the last 4 characters of a key id, a region or service in full. */
  shown: Partial<Record<CredentialField, string>>;
  fingerprint: string;
}

/**
 * The metadata as written inside a shard: fields at their default (null, '', [], {}, updatedAt equal to createdAt)
 * are left out, which makes a 10,000-key vault about a fifth smaller, and every write that much faster.
 */
export function compactMeta(m: EntryMeta): Partial<EntryMeta> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) {
    if (v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (k === 'shown' && Object.keys(v as object).length === 0) continue;
    if (k === 'updatedAt' && v === m.createdAt) continue;
    out[k] = v;
  }
  return out as Partial<EntryMeta>;
}

/** The inverse of compactMeta. */
export function expandMeta(raw: Partial<EntryMeta>): EntryMeta {
  return {
    baseUrl: null,
    scopes: [],
    tags: [],
    expiresAt: null,
    lastUsedAt: null,
    lastRotatedAt: null,
    rotationPolicy: null,
    rotation: null,
    rotationHistory: [],
    keyPair: null,
    notes: '',
    fields: [],
    shown: {},
    fingerprint: '',
    ...raw,
    updatedAt: raw.updatedAt ?? (raw.createdAt as string),
  } as EntryMeta;
}

const isoOrNull = z.string().max(40).nullable();
/**
 * The metadata as stored, checked when it comes from outside this vault (an imported backup): a backup sealed
 * under a passphrase someone else chose is only as trustworthy as its content.
 */
export const StoredMeta = z
  .object({
    label: z.string().trim().min(1).max(120),
    provider: z.string().refine((p) => PROVIDER_IDS.includes(p), 'unknown provider'),
    baseUrl: z.string().max(2048).nullable(),
    environment: z.enum(['dev', 'test', 'prod']),
    scopes: z.array(z.string().max(40)).max(32),
    tags: z.array(z.string().max(40)).max(32),
    createdAt: z.string().max(40),
    updatedAt: z.string().max(40),
    expiresAt: isoOrNull,
    lastUsedAt: isoOrNull,
    lastRotatedAt: isoOrNull,
    // Optional: compactMeta leaves it out when null, and older vaults never had it.
    rotationPolicy: RotationPolicy.nullable().optional(),
    rotation: RotationRun.nullable().optional(),
    rotationHistory: z.array(RotationRun).max(ROTATION_HISTORY_MAX).optional(),
    keyPair: KeyPairPublic.nullable().optional(),
    notes: z.string().max(10_000),
    fields: z.array(z.enum(CREDENTIAL_FIELDS)),
    shown: z.record(z.string(), z.string().max(200)),
    fingerprint: z.string().max(80),
  })
  .strict();

export function validationError(error: z.ZodError, what = 'Invalid input'): AppError {
  return new AppError('ERR_VALIDATION', `${what}: ${describeIssues(error)}`);
}

/**
 * Drops empty fields, then checks the provider's rules: one complete required set, no field it does not use. An entry
 * holding a generated key pair (`keyPair`) may hold its privateKeyPem alone while it awaits its API key; its private
 * key must be the one whose public half `keyPair` shows.
 */
export function checkCredentials(provider: string, input: Credentials, keyPair: KeyPairMeta | null = null): Credentials {
  const info = providerInfo(provider);
  if (!info) {
    throw new AppError('ERR_VALIDATION', `Unknown provider "${provider}". Use one of: ${PROVIDER_IDS.join(', ')}.`);
  }
  const creds: Credentials = {};
  for (const f of CREDENTIAL_FIELDS) {
    const v = input[f];
    if (typeof v === 'string' && v.trim() !== '') creds[f] = f === 'privateKeyPem' ? v.trim() + '\n' : v.trim();
  }
  const allowed = new Set<CredentialField>([...info.required.flat(), ...info.optional]);
  const extra = (Object.keys(creds) as CredentialField[]).filter((f) => !allowed.has(f));
  if (extra.length) {
    throw new AppError('ERR_CREDENTIALS_INVALID', `${info.name} keys do not use ${extra.join(', ')}. Remove ${extra.length > 1 ? 'them' : 'it'}; ${info.name} takes ${[...allowed].join(', ')}.`);
  }
  const awaiting = keyPair !== null && creds.apiKey === undefined && creds.privateKeyPem !== undefined && Object.keys(creds).length === 1;
  if (!awaiting && !info.required.some((set) => set.every((f) => creds[f] !== undefined))) {
    const sets = info.required.map((set) => set.join(' + ')).join(', or ');
    const closest = [...info.required].sort((a, b) => a.filter((f) => !creds[f]).length - b.filter((f) => !creds[f]).length)[0] ?? [];
    const missing = closest.filter((f) => creds[f] === undefined);
    throw new AppError('ERR_CREDENTIALS_INVALID', `${info.name} needs ${sets}; missing: ${missing.join(', ')}.`);
  }
  if (creds.privateKeyPem) {
    try {
      createPrivateKey(creds.privateKeyPem);
    } catch {
      throw new AppError('ERR_CREDENTIALS_INVALID', 'privateKeyPem is not a readable PEM private key. Paste the whole key, from "-----BEGIN PRIVATE KEY-----" to "-----END PRIVATE KEY-----" (PKCS#8).');
    }
  }
  if (keyPair && publicKeyOf(creds.privateKeyPem ?? '', creds.passphrase)?.publicKeyPem !== keyPair.publicKeyPem) {
    throw new AppError('ERR_CREDENTIALS_INVALID', 'The private key is not the one this key pair was made with (its public key differs). Generate a new pair instead of editing this one.');
  }
  return creds;
}

const MASK = '••••';

/** The masked view of one field, built when a DTO is made (the sealed metadata stays ASCII and small). */
export function previewOf(field: CredentialField, shown: string | undefined): { field: CredentialField; preview: string; secret: boolean } {
  if (!PUBLIC_CREDENTIAL_FIELDS.includes(field)) return { field, preview: field === 'privateKeyPem' ? `${MASK} PEM key` : MASK + MASK, secret: true };
  if (field === 'region' || field === 'service') return { field, preview: shown ?? '', secret: false };
  return { field, preview: MASK + (shown ?? ''), secret: false };
}

/** The part of the credentials that may live in the metadata: field names, public hints, a fingerprint. */
export function describeCredentials(creds: Credentials): Pick<EntryMeta, 'fields' | 'shown' | 'fingerprint'> {
  const fields = CREDENTIAL_FIELDS.filter((f) => creds[f] !== undefined) as CredentialField[];
  const shown: EntryMeta['shown'] = {};
  for (const f of fields) {
    if (!PUBLIC_CREDENTIAL_FIELDS.includes(f)) continue;
    const v = creds[f] as string;
    shown[f] = f === 'region' || f === 'service' ? v : v.slice(-4);
  }
  const keyId = creds.apiKey ?? creds.accessKeyId;
  const fingerprint = keyId ? 'sha256:' + createHash('sha256').update(keyId, 'utf8').digest('hex').slice(0, 12) : '';
  return { fields, shown, fingerprint };
}

export function toSummary(id: string, m: EntryMeta): EntrySummary {
  return {
    id,
    label: m.label,
    provider: m.provider,
    baseUrl: m.baseUrl,
    environment: m.environment,
    scopes: m.scopes,
    tags: m.tags,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    expiresAt: m.expiresAt,
    lastUsedAt: m.lastUsedAt,
    lastRotatedAt: m.lastRotatedAt,
    ...(m.rotationPolicy && { rotationPolicy: m.rotationPolicy }),
    ...(m.rotation && { rotating: { state: m.rotation.state, mode: m.rotation.mode, ...(m.rotation.error && { failing: true as const }) } }),
    preview: MASK + (m.shown.apiKey ?? m.shown.accessKeyId ?? MASK),
    fingerprint: m.fingerprint,
    credentialFields: m.fields,
    hasNotes: m.notes.length > 0,
    ...(m.keyPair && { keyPair: { type: m.keyPair.type, fingerprint: m.keyPair.fingerprint } }),
    ...(m.keyPair && !m.fields.includes('apiKey') && { awaitingApiKey: true as const }),
  };
}

export function toDetail(id: string, m: EntryMeta): EntryDetail {
  return { ...toSummary(id, m), notes: m.notes, credentials: m.fields.map((f) => previewOf(f, m.shown[f])) };
}

/**
 * Lower-cased text a search term may occur anywhere in: label, provider, environment, scopes, tags, base URL,
 * notes. Ids and fingerprints are random hex, where a short term would match by chance: they match by prefix only
 * (see `matchesTerm`).
 */
export function searchTextOf(_id: string, m: EntryMeta): string {
  return `${m.label}\n${m.provider}\n${m.environment}\n${m.scopes.join(' ')}\n${m.tags.join(' ')}\n${m.baseUrl ?? ''}\n${m.notes}`.toLowerCase();
}

/** A lower-cased search term matches the text anywhere, or the start of the id or of the fingerprint. */
export function matchesTerm(term: string, search: string, id: string, fingerprint: string): boolean {
  return search.includes(term) || id.startsWith(term) || (fingerprint !== '' && (fingerprint.startsWith(term) || fingerprint.startsWith(`sha256:${term}`)));
}
