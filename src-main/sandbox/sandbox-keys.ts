/**
 * The sandbox exchange's API keys: who may call the private API, with which scopes, until when. Keys live in
 * memory and, when a state file is given, on disk (atomic replace, mode 0600) so keys created through the API or
 * trusted by the app survive a restart. A state file that cannot be read as ours stops the start with a clear
 * error and is never overwritten: it may hold the only copy of someone's keys.
 *
 * Secrets are stored as issued: the sandbox is a local practice exchange, and its keys are worth what its paper
 * balances are. They never leave through `list()` or a log line.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { writeFileAtomic } from '../base/atomic-file';
import { readFileNoFollow } from '../base/no-follow-file';
import { describeIssues } from '../base/describe-issues';
import { AppError } from '../base/errors';
import type { Clock } from '../base/clock';
import { providerInfo } from '../contract/providers';

/** 'read', 'trade', 'withdraw', 'keys:manage' (contract/providers.ts). */
export const SANDBOX_SCOPES: readonly string[] = providerInfo('sandbox')?.scopes ?? [];

/** A key to trust, as the CLI's --keys file, the app's vault or a test gives it. */
export interface SandboxKeySeed {
  apiKey: string;
  secret: string;
  scopes: string[];
  expiresAt?: string | null;
  label?: string;
}

/** What may be shown about a key: never the secret. */
export interface SandboxKeyInfo {
  readonly id: string;
  readonly apiKey: string;
  readonly label: string | null;
  readonly scopes: readonly string[];
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  /** The last request this key made that passed authentication; null if none since the sandbox started (kept in memory only). */
  readonly lastUsedAt: string | null;
}

/** A key as the verifier needs it. */
export interface SandboxKeyRecord extends Omit<SandboxKeyInfo, 'lastUsedAt'> {
  readonly secret: string;
  /** Keys created through POST /v1/keys share their creator's paper-trading account. */
  readonly accountId: string;
  /** Parsed once: the verifier checks it on every request. */
  readonly expiresAtMs: number | null;
}

export interface SandboxKeys {
  /** Adds the key, or replaces the one with the same apiKey (its secret, scopes, expiry and label; a revoked key is trusted again). */
  upsert(seed: SandboxKeySeed): Promise<SandboxKeyInfo>;
  /** Every key, without secrets. */
  list(): SandboxKeyInfo[];
  /** Revokes by id; requests signed with it get 401 key_revoked from then on. */
  revoke(id: string): Promise<SandboxKeyInfo>;
}

/** apiKey goes inside a quoted Authorization field: printable ASCII without quotes, backslashes or spaces. */
const API_KEY = /^[\x21\x23-\x5b\x5d-\x7e]{1,200}$/;
const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 time such as 2027-01-31T12:00:00Z');
const scopeList = z
  .array(z.string().refine((s) => SANDBOX_SCOPES.includes(s), `expected one of ${SANDBOX_SCOPES.join(', ')}`))
  .max(SANDBOX_SCOPES.length * 2);

export const keySeedSchema = z.strictObject({
  apiKey: z.string().regex(API_KEY, 'expected 1-200 printable ASCII characters without quotes, backslashes or spaces'),
  secret: z.string().min(1, 'expected the secret (not empty)').max(1024),
  scopes: scopeList,
  expiresAt: isoTime.nullable().optional(),
  label: z.string().max(200).optional(),
});

const storedKeySchema = z.strictObject({
  id: z.string().min(1),
  apiKey: z.string().regex(API_KEY),
  secret: z.string().min(1),
  scopes: scopeList,
  label: z.string().nullable(),
  createdAt: isoTime,
  expiresAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
  accountId: z.string().min(1),
});
const stateSchema = z.strictObject({ version: z.literal(1), keys: z.array(storedKeySchema) });
type StoredKey = z.infer<typeof stateSchema>['keys'][number];

/** Any ISO 8601 spelling → the canonical UTC form, so lists and messages show one format. */
const normalizeTime = (t: string | null | undefined): string | null => (t ? new Date(Date.parse(t)).toISOString() : null);

export const newKeyId = (): string => `key_${randomBytes(8).toString('hex')}`;

function toRecord(k: StoredKey): SandboxKeyRecord {
  const expiresAtMs = k.expiresAt === null ? null : Date.parse(k.expiresAt);
  return { ...k, scopes: [...new Set(k.scopes)], expiresAtMs };
}

function keyInfo(r: SandboxKeyRecord, lastUsedMs: number | undefined): SandboxKeyInfo {
  const lastUsedAt = lastUsedMs === undefined ? null : new Date(lastUsedMs).toISOString();
  return { id: r.id, apiKey: r.apiKey, label: r.label, scopes: r.scopes, createdAt: r.createdAt, expiresAt: r.expiresAt, revokedAt: r.revokedAt, lastUsedAt };
}

export class SandboxKeyStore implements SandboxKeys {
  private readonly byId = new Map<string, SandboxKeyRecord>();
  private readonly byApiKey = new Map<string, SandboxKeyRecord>();
  /**
   * id → when it last passed authentication (ms). In memory only: writing the state file on every request would
   * cost the private API its throughput for a field that is a hint, not a record.
   */
  private readonly lastUsed = new Map<string, number>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly clock: Clock,
    private readonly stateFile: string | undefined,
  ) {}

  /** Loads the state file when there is one (a missing file is an empty store). */
  static async open(clock: Clock, stateFile?: string): Promise<SandboxKeyStore> {
    const store = new SandboxKeyStore(clock, stateFile);
    if (stateFile === undefined) return store;
    // Never through a symbolic link: a link planted in the home would have the sandbox trust keys from anywhere.
    const text = await readFileNoFollow(stateFile, 'read the sandbox state file').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    if (text === null) return store;
    const corrupt = (why: string) =>
      new AppError('ERR_FILE', `The sandbox state file ${stateFile} is not valid (${why}). It was left untouched: fix it, or move it away to start with no saved keys.`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw corrupt(`not JSON: ${(e as Error).message}`);
    }
    const parsed = stateSchema.safeParse(json);
    if (!parsed.success) throw corrupt(describeIssues(parsed.error));
    for (const k of parsed.data.keys) store.put(toRecord(k));
    return store;
  }

  get(id: string): SandboxKeyRecord | undefined {
    return this.byId.get(id);
  }

  findByApiKey(apiKey: string): SandboxKeyRecord | undefined {
    return this.byApiKey.get(apiKey);
  }

  list(): SandboxKeyInfo[] {
    return [...this.byId.values()].map((k) => this.info(k));
  }

  listAccount(accountId: string): SandboxKeyInfo[] {
    return [...this.byId.values()].filter((k) => k.accountId === accountId).map((k) => this.info(k));
  }

  /** What may be shown about a key (no secret). */
  info(r: SandboxKeyRecord): SandboxKeyInfo {
    return keyInfo(r, this.lastUsed.get(r.id));
  }

  /** Called by the verifier once a request signed with this key passed every check. */
  markUsed(id: string, nowMs: number): void {
    this.lastUsed.set(id, nowMs);
  }

  async upsert(seed: SandboxKeySeed): Promise<SandboxKeyInfo> {
    const s = parseSeed(seed);
    const old = this.byApiKey.get(s.apiKey);
    const id = old?.id ?? newKeyId();
    const record = toRecord({
      id,
      apiKey: s.apiKey,
      secret: s.secret,
      scopes: s.scopes,
      label: s.label ?? old?.label ?? null,
      createdAt: old?.createdAt ?? this.isoNow(),
      expiresAt: normalizeTime(s.expiresAt),
      revokedAt: null,
      accountId: old?.accountId ?? `acct_${id.slice(4)}`,
    });
    this.put(record);
    await this.persist();
    return this.info(record);
  }

  /** A new key with a fresh apiKey and secret, in `accountId`. The secret is returned here and never again. */
  async create(input: { label?: string | undefined; scopes: string[]; expiresAt?: string | null | undefined; accountId: string }): Promise<{ key: SandboxKeyInfo; secret: string }> {
    const id = newKeyId();
    const secret = randomBytes(32).toString('base64url');
    const record = toRecord({
      id,
      apiKey: `sbx_${randomBytes(12).toString('hex')}`,
      secret,
      scopes: input.scopes,
      label: input.label ?? null,
      createdAt: this.isoNow(),
      expiresAt: normalizeTime(input.expiresAt),
      revokedAt: null,
      accountId: input.accountId,
    });
    this.put(record);
    await this.persist();
    return { key: this.info(record), secret };
  }

  async revoke(id: string): Promise<SandboxKeyInfo> {
    const old = this.byId.get(id);
    if (!old) throw new AppError('ERR_ENTRY_NOT_FOUND', `No sandbox key has the id "${id}". List them with GET /v1/keys.`);
    if (old.revokedAt !== null) return this.info(old);
    const record: SandboxKeyRecord = { ...old, revokedAt: this.isoNow() };
    this.put(record);
    await this.persist();
    return this.info(record);
  }

  /** Resolves when every change so far is on disk. */
  flushed(): Promise<void> {
    return this.writing;
  }

  private put(r: SandboxKeyRecord): void {
    const old = this.byId.get(r.id);
    if (old && old.apiKey !== r.apiKey) this.byApiKey.delete(old.apiKey);
    this.byId.set(r.id, r);
    this.byApiKey.set(r.apiKey, r);
  }

  private isoNow(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** Writes are chained, each with the state as it is when it runs: the file always ends at the latest state. */
  private persist(): Promise<void> {
    const file = this.stateFile;
    if (file === undefined) return Promise.resolve();
    const next = this.writing.then(() => {
      const keys: StoredKey[] = [...this.byId.values()].map(({ expiresAtMs: _e, ...k }) => ({ ...k, scopes: [...k.scopes] }));
      return writeFileAtomic(file, `${JSON.stringify({ version: 1, keys }, null, 2)}\n`, { mode: 0o600, refuseLink: true });
    });
    // A failed write fails this caller; the next write tries again from the state then.
    this.writing = next.catch(() => undefined);
    return next;
  }
}

/** Checks a seed: ERR_VALIDATION naming the field (the CLI turns it into exit 2). */
export function parseSeed(seed: unknown, where = 'sandbox key'): z.infer<typeof keySeedSchema> {
  const r = keySeedSchema.safeParse(seed);
  if (!r.success) throw new AppError('ERR_VALIDATION', `Invalid ${where}: ${describeIssues(r.error)}.`);
  return r.data;
}
