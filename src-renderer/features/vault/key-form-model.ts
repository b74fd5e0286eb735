/**
 * The add/edit key form as data: its state, which credential fields the chosen provider needs, validation with
 * messages tied to fields, and the conversion to the contract's EntryInput / EntryPatch. Pure, so the rules the
 * dialog follows are unit-tested without a browser. Metadata is checked with the contract's own schema, so the
 * form and main never disagree on what a valid label, tag or base URL is.
 */
import { EntryMetaInput, type EntryDetail, type EntryInput, type EntryPatch, type KeyPairInput } from '../../../src-main/contract/schemas';
import { keyPairChoices, type KeyPairType } from '../../../src-main/contract/key-pairs';
import { CREDENTIAL_LABELS, PUBLIC_CREDENTIAL_FIELDS, providerInfo, type CredentialField, type Environment, type ProviderInfo } from '../../../src-main/contract/providers';
import { dateInputToIso, isoToDateInput } from '../../shared/lib/format';

export interface KeyFormState {
  label: string;
  provider: string;
  environment: Environment;
  baseUrl: string;
  scopes: string[];
  tags: string[];
  /** `YYYY-MM-DD` or '' (no expiry). */
  expires: string;
  notes: string;
  /** Index into the provider's `required` alternatives (e.g. HMAC secret or private key). */
  authSet: number;
  credentials: Partial<Record<CredentialField, string>>;
  /** New keys only: Signet generates the pair (this type) instead of credentials being pasted. null: pasted. */
  keyPairType: KeyPairType | null;
}

export type KeyFormErrors = Partial<Record<'label' | 'provider' | 'environment' | 'baseUrl' | 'scopes' | 'tags' | 'expires' | 'notes' | CredentialField, string>>;

export { CREDENTIAL_LABELS };

export const CREDENTIAL_PLACEHOLDERS: Partial<Record<CredentialField, string>> = {
  privateKeyPem: '-----BEGIN PRIVATE KEY-----',
  region: 'us-east-1',
  service: 'execute-api',
};

export function isSecretField(field: CredentialField): boolean {
  return !PUBLIC_CREDENTIAL_FIELDS.includes(field);
}

export function emptyKeyForm(): KeyFormState {
  return { label: '', provider: '', environment: 'dev', baseUrl: '', scopes: [], tags: [], expires: '', notes: '', authSet: 0, credentials: {}, keyPairType: null };
}

/** Which required-field alternative an existing entry uses. */
function authSetOf(provider: ProviderInfo | undefined, fields: readonly CredentialField[]): number {
  const i = provider?.required.findIndex((set) => set.every((f) => fields.includes(f))) ?? -1;
  return i < 0 ? 0 : i;
}

export function keyFormFromEntry(entry: EntryDetail): KeyFormState {
  return {
    label: entry.label,
    provider: entry.provider,
    environment: entry.environment,
    baseUrl: entry.baseUrl ?? '',
    scopes: [...entry.scopes],
    tags: [...entry.tags],
    expires: isoToDateInput(entry.expiresAt),
    notes: entry.notes,
    authSet: authSetOf(providerInfo(entry.provider), entry.credentialFields),
    credentials: {},
    keyPairType: null,
  };
}

export interface CredentialSlot {
  field: CredentialField;
  required: boolean;
  secret: boolean;
  multiline: boolean;
}

/** Exactly the fields the chosen provider (and auth alternative) takes: required first, then optional. */
export function credentialSlots(providerId: string, authSet: number): CredentialSlot[] {
  const provider = providerInfo(providerId);
  if (!provider) return [];
  const required = provider.required[authSet] ?? provider.required[0] ?? [];
  const optional = provider.optional.filter((f) => !required.includes(f));
  const slot = (field: CredentialField, req: boolean): CredentialSlot => ({ field, required: req, secret: isSecretField(field), multiline: field === 'privateKeyPem' });
  return [...required.map((f) => slot(f, true)), ...optional.map((f) => slot(f, false))];
}

/** "API key + Secret" / "API key + Private key (PEM)": names an alternative by its fields. */
export function authSetLabel(fields: readonly CredentialField[]): string {
  return fields.map((f) => CREDENTIAL_LABELS[f]).join(' + ');
}

/** When the provider changes, keep what still applies and drop the rest. */
export function withProvider(form: KeyFormState, providerId: string): KeyFormState {
  const next = providerInfo(providerId);
  const allowed = new Set(next?.scopes ?? []);
  const before = providerInfo(form.provider);
  const custom = form.scopes.filter((s) => !(before?.scopes ?? []).includes(s));
  return {
    ...form,
    provider: providerId,
    authSet: 0,
    // Still generating if the new provider takes key pairs (its recommended type); else back to pasting.
    keyPairType: form.keyPairType === null ? null : (keyPairChoices(providerId).find((c) => c.recommended)?.type ?? null),
    scopes: [...form.scopes.filter((s) => allowed.has(s)), ...custom.filter((s) => !allowed.has(s))],
  };
}

function metaOf(form: KeyFormState) {
  return {
    label: form.label,
    provider: form.provider,
    ...(form.baseUrl.trim() ? { baseUrl: form.baseUrl.trim() } : {}),
    environment: form.environment,
    scopes: form.scopes,
    expiresAt: form.expires ? dateInputToIso(form.expires) : null,
    notes: form.notes,
    tags: form.tags,
  };
}

/**
 * Field errors, or an empty object. `existing` lists the credential fields an edited entry already has:
 * those may stay blank (blank means unchanged).
 */
export function validateKeyForm(form: KeyFormState, existing: readonly CredentialField[] = []): KeyFormErrors {
  const errors: KeyFormErrors = {};
  if (!form.provider) errors.provider = 'Choose the provider that issued this key.';
  if (form.expires && !dateInputToIso(form.expires)) errors.expires = 'Enter a date like 2026-12-31, or leave it empty.';
  const parsed = EntryMetaInput.safeParse(metaOf(form));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      if (typeof key === 'string' && key in { label: 1, baseUrl: 1, scopes: 1, tags: 1, notes: 1, expiresAt: 1 }) {
        const field = (key === 'expiresAt' ? 'expires' : key) as keyof KeyFormErrors;
        errors[field] ??= issue.message;
      }
    }
  }
  // A generated pair has no credentials to type.
  for (const slot of form.keyPairType === null ? credentialSlots(form.provider, form.authSet) : []) {
    const value = form.credentials[slot.field]?.trim() ?? '';
    if (slot.required && !value && !existing.includes(slot.field)) errors[slot.field] = `${CREDENTIAL_LABELS[slot.field]} is required for ${providerInfo(form.provider)?.name ?? 'this provider'}.`;
  }
  return errors;
}

function filledCredentials(form: KeyFormState): Partial<Record<CredentialField, string>> {
  const out: Partial<Record<CredentialField, string>> = {};
  for (const slot of credentialSlots(form.provider, form.authSet)) {
    const raw = form.credentials[slot.field] ?? '';
    // Pasted keys often carry a stray newline or space; no provider's key or secret contains one. An API
    // passphrase is chosen by a person, so it is taken exactly as typed.
    const value = slot.field === 'passphrase' ? raw : raw.trim();
    if (value.trim()) out[slot.field] = value;
  }
  return out;
}

export function toEntryInput(form: KeyFormState): EntryInput {
  return { ...metaOf(form), credentials: filledCredentials(form) };
}

/** The request to generate the pair: the form's metadata and the chosen type (no credentials at all). */
export function toKeyPairInput(form: KeyFormState): KeyPairInput {
  return { ...metaOf(form), type: form.keyPairType ?? 'ed25519' };
}

/** Meta is sent whole; credentials only where typed, and fields the new auth choice no longer uses are removed. */
export function toEntryPatch(form: KeyFormState, original: EntryDetail): EntryPatch {
  const filled = filledCredentials(form);
  const kept = new Set(credentialSlots(form.provider, form.authSet).map((s) => s.field));
  const credentials: Partial<Record<CredentialField, string | null>> = { ...filled };
  for (const field of original.credentialFields) if (!kept.has(field)) credentials[field] = null;
  return { id: original.id, meta: metaOf(form), ...(Object.keys(credentials).length ? { credentials } : {}) };
}
