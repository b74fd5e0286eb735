/**
 * The sandbox exchange as the app (and the browser host) runs it: started at launch on a free loopback port, so
 * Signet does its whole job offline on first launch; it trusts the vault's sandbox keys, the way a real exchange
 * knows the keys it issued. Each time the vault unlocks or its keys change, every `sandbox` entry is upserted into
 * the sandbox's key store (scopes and expiry follow the vault entry; an entry that names no sandbox scope gets `read`
 * only), except keys the sandbox has revoked: those stay revoked, as at a real exchange. Keys created through the
 * sandbox's own API persist in <home>/sandbox-keys.json. A request it refuses for its signature (a bad signature, a
 * timestamp out of the window, a replayed nonce) is recorded in the audit log, rolled up per key, code and minute.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { SandboxStatus } from '../contract/inspector';
import type { Logger } from '../base/logger';
import type { Vault } from '../vault/types';
import type { AuditRecorder } from '../audit/audit-event';
import { startSandbox, type RunningSandbox, type SandboxOptions, type SandboxRefusal } from './sandbox';
import { SANDBOX_SCOPES } from './sandbox-keys';

/** What a vault sandbox entry that names no sandbox scope may do. The first-run key names its scopes (vault create). */
const DEFAULT_SCOPES = ['read'] as const;
/** Refusals of a request's signature (docs/sandbox.md#authentication): what the audit log records. */
const SIGNATURE_REFUSALS: ReadonlySet<string> = new Set(['invalid_signature', 'timestamp_skew', 'replayed_nonce']);

export interface EmbeddedSandboxOptions {
  readonly home: string;
  readonly vault: Vault;
  readonly logger: Logger;
  /** Passed through to startSandbox (tests fix the seed and the symbol count). */
  readonly sandbox?: Omit<SandboxOptions, 'stateFile' | 'host' | 'onRefused'>;
  /** Where refused signatures are recorded (signature.verify_failed); none: not recorded. */
  readonly audit?: AuditRecorder;
}

export class EmbeddedSandbox {
  #running: RunningSandbox | null = null;
  #error: string | null = null;
  #unsubscribe: (() => void) | null = null;
  #sync: Promise<void> = Promise.resolve();
  /** apiKey → SHA-256 of the secret last given to the sandbox: a secret changed in the vault is given again. */
  readonly #given = new Map<string, string>();
  /** apiKey → the vault key holding it (as last synced), to name it when a signature made with it is refused. */
  readonly #entries = new Map<string, { id: string; label: string }>();
  readonly #opts: EmbeddedSandboxOptions;

  constructor(opts: EmbeddedSandboxOptions) {
    this.#opts = opts;
  }

  /** Starts the exchange; a failure is kept (status() reports it) rather than stopping the app. */
  async start(): Promise<void> {
    const { home, vault, logger } = this.#opts;
    try {
      this.#running = await startSandbox({ ...this.#opts.sandbox, host: '127.0.0.1', stateFile: join(home, 'sandbox-keys.json'), onRefused: (r) => this.#refused(r) });
      this.#error = null;
      logger.info('sandbox exchange started', { url: this.#running.url, symbols: this.#running.market.symbols().length });
    } catch (e) {
      this.#error = e instanceof Error ? e.message : String(e);
      logger.error('the sandbox exchange did not start', { error: e });
      return;
    }
    this.#unsubscribe = vault.subscribe((event) => {
      if (event.type === 'entries' || (event.type === 'status' && !event.status.locked && event.status.exists)) this.syncKeys();
    });
    if (vault.isUnlocked()) this.syncKeys();
  }

  /** The base URL sandbox keys send to; null when it is not running. */
  url(): string | null {
    return this.#running?.url ?? null;
  }

  get running(): RunningSandbox | null {
    return this.#running;
  }

  status(): SandboxStatus {
    return { running: this.#running !== null, url: this.url(), symbols: this.#running?.market.symbols().length ?? 0, error: this.#error };
  }

  /** Resolves when the last key sync has finished (tests; the app does not wait). */
  synced(): Promise<void> {
    return this.#sync;
  }

  /** Queued, one at a time: a burst of vault events makes one pass after another, never two at once. */
  syncKeys(): void {
    this.#sync = this.#sync
      .then(() => this.#syncOnce())
      .catch((e: unknown) => this.#opts.logger.error('could not give the sandbox the vault’s sandbox keys', { error: e }));
  }

  async #syncOnce(): Promise<void> {
    const sandbox = this.#running;
    const { vault } = this.#opts;
    if (!sandbox || !vault.isUnlocked()) return;
    const known = new Map(sandbox.keys.list().map((k) => [k.apiKey, k]));
    for (const entry of vault.list({})) {
      if (entry.provider !== 'sandbox') continue;
      const scopes = entry.scopes.filter((s) => SANDBOX_SCOPES.includes(s));
      // No sandbox scope named: the least, as an exchange issues a new key (trading and key management are asked for).
      const wanted = { scopes: scopes.length ? scopes : [...DEFAULT_SCOPES], expiresAt: entry.expiresAt ?? null, label: entry.label };
      await vault.useSecret(
        entry.id,
        async (c) => {
          if (!c.apiKey || !c.secret) return;
          this.#entries.set(c.apiKey, { id: entry.id, label: entry.label });
          const have = known.get(c.apiKey);
          if (have?.revokedAt) return; // revoked at the exchange: the vault cannot undo that
          const digest = createHash('sha256').update(c.secret).digest('hex');
          const same = have && this.#given.get(c.apiKey) === digest && have.label === wanted.label && have.expiresAt === wanted.expiresAt && have.scopes.join() === wanted.scopes.join();
          if (same) return;
          await sandbox.keys.upsert({ apiKey: c.apiKey, secret: c.secret, ...wanted });
          this.#given.set(c.apiKey, digest);
        },
        { record: false },
      );
    }
  }

  /** A refused signature, for the audit log: which key (by its vault entry and masked id), never the signature. */
  #refused(r: SandboxRefusal): void {
    const audit = this.#opts.audit;
    if (!audit || !SIGNATURE_REFUSALS.has(r.code)) return;
    const entry = r.apiKey ? (this.#entries.get(r.apiKey) ?? null) : null;
    const details = { source: 'sandbox', code: r.code, method: r.method.slice(0, 16), path: r.path.slice(0, 200), keyPreview: r.apiKey ? `••••${r.apiKey.slice(-4)}` : null, sigPrefix: r.signaturePrefix };
    audit
      .record({ type: 'signature.verify_failed', entry, details, rollup: `sandbox:${r.apiKey ?? ''}:${r.code}` })
      .catch((e: unknown) => this.#opts.logger.warn('could not record a refused signature in the audit log', { error: e }));
  }

  async close(): Promise<void> {
    this.#unsubscribe?.();
    await this.#sync;
    await this.#running?.close();
    this.#running = null;
  }
}
