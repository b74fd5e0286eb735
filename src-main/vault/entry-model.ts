/**
 * What a vault entry is: its sealed metadata, the credential rules per provider, and the masked views of it
 * that may leave main (summaries and details carry previews and fingerprints, never a secret).
 */
import { createHash, createPrivateKey } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../base/errors';
import {
  CREDENTIAL_FIELDS,
  PUBLIC_CREDENTIAL_FIELDS,
  providerInfo,
  PROVIDER_IDS,
  type CredentialField,
  type Environment,
} from '../contract/providers';
import type { Credentials, EntryDetail, EntrySummary } from '../contract/schemas';
import { describeIssues } from '../base/describe-issues';

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
  notes: string;
  credentials: { field: CredentialField; preview: string; secret: boolean }[];
  preview: string;
  fingerprint: string;
}

export function validationError(error: z.ZodError, what = 'Invalid input'): AppError {
  return new AppError('ERR_VALIDATION', `${what}: ${describeIssues(error)}`);
}

/** Drops empty fields, then checks the provider's rules: one complete required set, no field it does not use. */
export function checkCredentials(provider: string, input: Credentials): Credentials {
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
  if (!info.required.some((set) => set.every((f) => creds[f] !== undefined))) {
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
  return creds;
}

const MASK = '••••';

export function previewOf(field: CredentialField, value: string): { field: CredentialField; preview: string; secret: boolean } {
  const isPublic = PUBLIC_CREDENTIAL_FIELDS.includes(field);
  if (!isPublic) return { field, preview: field === 'privateKeyPem' ? `${MASK} PEM key` : MASK + MASK, secret: true };
  if (field === 'region' || field === 'service') return { field, preview: value, secret: false };
  return { field, preview: MASK + value.slice(-4), secret: false };
}

/** The identifier a provider's console shows for the key, masked; and a short hash of it to compare by. */
export function identify(creds: Credentials): { preview: string; fingerprint: string } {
  const keyId = creds.apiKey ?? creds.accessKeyId;
  if (!keyId) return { preview: `${MASK}${MASK}`, fingerprint: '' };
  return {
    preview: MASK + keyId.slice(-4),
    fingerprint: 'sha256:' + createHash('sha256').update(keyId, 'utf8').digest('hex').slice(0, 12),
  };
}

export function credentialViews(creds: Credentials): EntryMeta['credentials'] {
  return (CREDENTIAL_FIELDS.filter((f) => creds[f] !== undefined) as CredentialField[]).map((f) => previewOf(f, creds[f] as string));
}

export function toSummary(id: string, m: EntryMeta): EntrySummary {
  return Object.freeze({
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
    preview: m.preview,
    fingerprint: m.fingerprint,
    credentialFields: m.credentials.map((c) => c.field),
    hasNotes: m.notes.length > 0,
  });
}

export function toDetail(id: string, m: EntryMeta): EntryDetail {
  return { ...toSummary(id, m), notes: m.notes, credentials: m.credentials.map((c) => ({ ...c })) };
}

/** Lower-cased text a search matches against: label, provider, environment, scopes, tags, base URL, id, notes. */
export function searchTextOf(id: string, m: EntryMeta): string {
  return [m.label, m.provider, m.environment, m.scopes.join(' '), m.tags.map((t) => `#${t} ${t}`).join(' '), m.baseUrl ?? '', id, m.fingerprint, m.notes]
    .join('\n')
    .toLowerCase();
}
