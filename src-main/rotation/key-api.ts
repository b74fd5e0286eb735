/**
 * A provider's key-management API, as the automated rotation uses it: list the account's keys, create one with given
 * scopes (signed with the current key), revoke one. One adapter per provider that has such an API; today the embedded
 * sandbox (docs/sandbox.md, `/v1/keys`). A real exchange's key API is added by writing one more adapter and listing
 * it in KEY_APIS: the state machine (rotation-service.ts) does not change.
 *
 * Every call goes through a SignedCaller (the egress), signed with the slot the step names: the current key creates
 * and verifies, the new key revokes the old one after the switch.
 */
import { AppError } from '../base/errors';
import type { Credentials } from '../contract/schemas';
import type { CredentialSlot } from '../vault/rotation-edits';
import type { CallAnswer, SignedCaller } from './signed-caller';

export interface RemoteKey {
  readonly id: string;
  /** The public key id (API key) the provider shows. */
  readonly apiKey: string;
  readonly label: string | null;
  readonly scopes: readonly string[];
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

export interface KeyApi {
  /** The account's keys (no secrets). */
  list(entryId: string, slot: CredentialSlot): Promise<RemoteKey[]>;
  /** A new key; its credentials are in the answer once and go straight into the vault's `next` slot. */
  create(entryId: string, slot: CredentialSlot, spec: { label: string; scopes: readonly string[]; expiresAt: string | null }): Promise<{ key: RemoteKey; credentials: Credentials }>;
  /** Revokes a key; a key already revoked or gone is not an error (a resumed step may repeat it). */
  revoke(entryId: string, slot: CredentialSlot, remoteId: string): Promise<void>;
}

/** A call that did not succeed, as the run's error: the provider's own code and words. */
export function callFailed(what: string, a: CallAnswer): AppError {
  const why = a.error ? `${a.error.message}${a.error.code && !a.error.message.includes(a.error.code) ? ` (${a.error.code})` : ''}` : `HTTP ${a.status}`;
  return new AppError('ERR_ROTATION_FAILED', `${what} failed: ${why}`);
}

function json(a: CallAnswer, what: string): unknown {
  try {
    return JSON.parse(a.body) as unknown;
  } catch {
    throw new AppError('ERR_ROTATION_FAILED', `${what}: the answer was not JSON.`);
  }
}

function remoteKeyOf(raw: unknown): RemoteKey | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const k = raw as Record<string, unknown>;
  if (typeof k.id !== 'string' || typeof k.apiKey !== 'string') return null;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return { id: k.id, apiKey: k.apiKey, label: str(k.label), scopes: Array.isArray(k.scopes) ? k.scopes.filter((s): s is string => typeof s === 'string') : [], expiresAt: str(k.expiresAt), revokedAt: str(k.revokedAt) };
}

const ok = (a: CallAnswer) => a.status !== null && a.status >= 200 && a.status < 300;

/** The embedded sandbox's `/v1/keys` (docs/sandbox.md). */
export function sandboxKeyApi(caller: SignedCaller): KeyApi {
  return {
    async list(entryId, slot) {
      const a = await caller.call(entryId, slot, { method: 'GET', url: '/v1/keys', body: null });
      if (!ok(a)) throw callFailed('Listing the sandbox keys', a);
      const body = json(a, 'Listing the sandbox keys');
      return (Array.isArray(body) ? body : []).map(remoteKeyOf).filter((k): k is RemoteKey => k !== null);
    },
    async create(entryId, slot, spec) {
      const body = JSON.stringify({ label: spec.label, scopes: spec.scopes, ...(spec.expiresAt && { expiresAt: spec.expiresAt }) });
      const a = await caller.call(entryId, slot, { method: 'POST', url: '/v1/keys', body, headers: [{ name: 'Content-Type', value: 'application/json' }] });
      if (!ok(a)) throw callFailed('Creating the new sandbox key', a);
      const raw = json(a, 'Creating the new sandbox key') as Record<string, unknown>;
      const key = remoteKeyOf(raw);
      if (!key || typeof raw.secret !== 'string') throw new AppError('ERR_ROTATION_FAILED', 'Creating the new sandbox key: the answer had no id, apiKey and secret.');
      return { key, credentials: { apiKey: key.apiKey, secret: raw.secret } };
    },
    async revoke(entryId, slot, remoteId) {
      const a = await caller.call(entryId, slot, { method: 'DELETE', url: `/v1/keys/${encodeURIComponent(remoteId)}`, body: null });
      if (ok(a) || a.status === 404) return;
      throw callFailed(`Revoking the sandbox key ${remoteId}`, a);
    },
  };
}

/** The providers whose keys rotate automatically, and their adapters. */
export const KEY_APIS: Readonly<Record<string, (caller: SignedCaller) => KeyApi>> = { sandbox: sandboxKeyApi };
