/**
 * Key rotation as a state machine persisted step by step in the vault (docs/rotation.md).
 *
 * Automated (the provider has a key API, key-api.ts):
 *   creating → verifying → switching → overlap → revoking → done
 *   creating:  the account's keys are listed with the current key (a key left by a crashed attempt, known by the
 *              run's label, is revoked: its secret was never saved), then the new key is created with the same
 *              scopes and its credentials are written to the entry's `next` slot together with the next state.
 *   verifying: a signed read-only call with the new key (read-checks.ts).
 *   switching: one write makes the new key current and keeps the old one as `previous`.
 *   overlap:   the old key stays valid until keepOldUntil (in-flight clients finish), then it is revoked with the new
 *              key and erased from the vault.
 * Guided (no key API): awaiting-credentials → (the person pastes the new key) verifying → switching → archived →
 * done; the old key is kept for rollback for archiveDays, then erased.
 *
 * Before the switch, a failure rolls back (rolling-back: a key made for the run is revoked with the current key, the
 * `next` slot is cleared; the current key never stopped working). After the switch the new key is in use; a failed
 * revoke is retried later. Each state is written before the step it names is taken, so a process killed anywhere
 * resumes at that step on the next start (`resumeAll`); every step that touches the provider can be repeated safely.
 * Nothing here holds a secret longer than one vault call: credentials go from the provider's answer into the vault.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../base/errors';
import type { Clock } from '../base/clock';
import { silentLogger, type Logger } from '../base/logger';
import {
  DEFAULT_ARCHIVE_DAYS,
  DEFAULT_OVERLAP_MINUTES,
  type RotationDefaults,
  type RotationGuide,
  type RotationKey,
  type RotationOverview,
  type RotationRun,
  type RunState,
  type RunStep,
} from '../contract/rotation';
import type { Credentials, EntrySummary } from '../contract/schemas';
import type { Vault } from '../vault/types';
import type { RotationEdit } from '../vault/rotation-edits';
import type { KeyPairMeta } from '../vault/entry-model';
import { generateKeyPair, publicKeyOf } from '../vault/key-pair';
import type { KeyPairType } from '../contract/key-pairs';
import { KEY_APIS, type KeyApi } from './key-api';
import { guideFor } from './key-pages';
import { policyFor, rotationState } from '../contract/rotation-policy';
import { describeReadCheck, readCheckFor } from './read-checks';
import type { SignedCaller } from './signed-caller';

export interface RotationServiceOptions {
  readonly vault: Vault;
  readonly caller: SignedCaller;
  readonly clock: Clock;
  readonly defaults: () => RotationDefaults;
  readonly logger?: Logger;
  /** Providers with a key API (default KEY_APIS). */
  readonly keyApis?: Readonly<Record<string, (caller: SignedCaller) => KeyApi>>;
  /** Called at each step boundary, named `<state>:<point>`; the crash tests end the process there. */
  readonly checkpoint?: (name: string) => void | Promise<void>;
  /** A run changed (the host forwards it as rotation:changed). */
  readonly onChange?: (entryId: string, run: RotationRun | null) => void;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A failed revoke or rollback is tried again after this long, at every start and unlock, and when a person asks. */
export const RETRY_MS = 5 * MINUTE;

/** Fields a pasted key keeps from the current one when not given: where it is used, not what it is. */
const KEPT_FIELDS = ['region', 'service'] as const;

export class RotationService {
  readonly #o: RotationServiceOptions;
  readonly #log: Logger;
  /** Per entry: the drive in progress, so two never step the same run at once. */
  readonly #queues = new Map<string, Promise<unknown>>();
  /** Per entry: no drive before this time (its last drive threw before it could record why). */
  readonly #backoff = new Map<string, number>();

  constructor(options: RotationServiceOptions) {
    this.#o = options;
    this.#log = options.logger ?? silentLogger;
  }

  // ───────────────────────────── reading ─────────────────────────────

  modeOf(provider: string): 'automated' | 'guided' {
    return (this.#o.keyApis ?? KEY_APIS)[provider] ? 'automated' : 'guided';
  }

  /** Every key's schedule, run and history. */
  overview(): RotationOverview {
    const now = this.#o.clock.now();
    const defaults = this.#o.defaults();
    const keys: RotationKey[] = this.#o.vault.list().map((e) => this.#keyView(e, defaults, now));
    return { at: new Date(now).toISOString(), defaults, keys };
  }

  key(ref: string): RotationKey {
    return this.#keyView(this.#entry(ref), this.#o.defaults(), this.#o.clock.now());
  }

  #keyView(e: EntrySummary, defaults: RotationDefaults, now: number): RotationKey {
    const policy = policyFor(e, defaults);
    const rec = this.#o.vault.rotationRecord(e.id);
    return {
      entryId: e.id,
      label: e.label,
      provider: e.provider,
      environment: e.environment,
      policy,
      policySource: e.rotationPolicy ? 'own' : 'default',
      state: rotationState(e, policy, now),
      mode: this.modeOf(e.provider),
      run: rec.run,
      history: [...rec.history],
      lastRotatedAt: e.lastRotatedAt,
    };
  }

  async guide(ref: string): Promise<RotationGuide> {
    const e = this.#entry(ref);
    const entryId = e.id;
    const detail = this.#o.vault.get(entryId);
    const guide = await this.#o.vault.useSecret(entryId, (c) => guideFor(e.provider, e.scopes, detail.credentialFields, c), { record: false });
    const pair = this.#o.vault.rotationRecord(entryId).run?.nextKeyPair;
    if (!pair) return guide;
    // A key pair rotates to the fresh pair made for the run: register its public key, paste only the API key.
    const [first, ...rest] = guide.steps;
    return {
      ...guide,
      fields: ['apiKey'],
      steps: [first ?? '', `Register the new public key shown here (${pair.type}, ${pair.fingerprint}) as a self-generated key; Signet made the pair and keeps its private key.`, ...rest.slice(0, -3), 'Paste the API key the exchange gives for it. Signet keeps the current key until the new one is verified.', ...rest.slice(-2)],
    };
  }

  /** The earliest moment a run has work due (an overlap or archive ending, a retry), or null. */
  nextWake(): number | null {
    let next: number | null = null;
    for (const e of this.#o.vault.list()) {
      const run = this.#o.vault.rotationRecord(e.id).run;
      const at = run ? this.#dueAt(e.id, run, false) : null;
      if (at !== null && (next === null || at < next)) next = at;
    }
    return next;
  }

  /**
   * When a run can next move on: now for a step in progress, the end of its wait, a retry; null if never by itself.
   * `force` (a person asked, a start): a retry is due now.
   */
  #dueAt(entryId: string, run: RotationRun, force: boolean): number | null {
    const due = this.#ownDue(run, force);
    // A drive that could not record its failure (a conflict, a write error) waits too, so a timer never spins.
    const backoff = force ? undefined : this.#backoff.get(entryId);
    return due === null || backoff === undefined ? due : Math.max(due, backoff);
  }

  #ownDue(run: RotationRun, force: boolean): number | null {
    switch (run.state) {
      case 'awaiting-credentials':
        return null;
      case 'overlap':
      case 'archived':
        return Date.parse(run.keepOldUntil ?? run.updatedAt);
      default: {
        // A step that failed in this state (a revoke the provider did not answer) is tried again later.
        const last = run.steps[run.steps.length - 1];
        return last?.step === run.state && last.outcome === 'failed' && !force ? Date.parse(run.updatedAt) + RETRY_MS : Date.parse(run.updatedAt);
      }
    }
  }

  // ───────────────────────────── starting and steering ─────────────────────────────

  /**
   * Starts a rotation. Automated: the first state is written and the run goes on in the background (`settled`
   * waits for it). Guided: the run waits for `submit`.
   */
  async start(ref: string, opts: { overlapMinutes?: number; archiveDays?: number } = {}): Promise<RotationRun> {
    const entryId = this.#id(ref);
    const run = await this.#serial(entryId, async () => {
      await this.#refresh();
      return this.#begin(entryId, opts);
    });
    if (run.mode === 'automated') void this.drive(entryId);
    return run;
  }

  async #begin(entryId: string, opts: { overlapMinutes?: number; archiveDays?: number }): Promise<RotationRun> {
    const e = this.#entry(entryId);
    const rec = this.#o.vault.rotationRecord(e.id);
    if (rec.run) throw new AppError('ERR_ROTATION_STATE', `"${e.label}" is already being rotated (${rec.run.state}). Finish or cancel that rotation first.`);
    const mode = this.modeOf(e.provider);
    const now = this.#iso();
    // A key pair made in the vault rotates to a fresh pair of the same type, made here: its private key goes straight
    // into the `next` slot, its public key into the run (to register on the exchange, which gives the API key).
    const pair = mode === 'guided' && e.keyPair ? await this.#freshPair(e.id, e.keyPair.type, now) : null;
    const run: RotationRun = {
      id: randomUUID(),
      rev: 0,
      mode,
      state: mode === 'automated' ? 'creating' : 'awaiting-credentials',
      startedAt: now,
      updatedAt: now,
      endedAt: null,
      keepOldUntil: null,
      oldPreview: e.preview,
      newPreview: null,
      remote: { newKeyId: null, oldKeyId: null, label: mode === 'automated' ? remoteLabel(e.label, now) : null },
      steps: [step('started', 'ok', mode === 'automated' ? `Automated rotation through ${e.provider}'s key API.` : 'Guided rotation: create the new key on the exchange and paste it here.', now)],
      error: null,
      overlapMinutes: mode === 'automated' ? (opts.overlapMinutes ?? DEFAULT_OVERLAP_MINUTES) : null,
      archiveDays: mode === 'guided' ? (opts.archiveDays ?? DEFAULT_ARCHIVE_DAYS) : null,
      endAs: null,
      priorRotatedAt: e.lastRotatedAt,
      nextKeyPair: pair?.next ?? null,
      priorKeyPair: pair?.prior ?? null,
    };
    if (pair) run.steps.push(step('key-pair', 'ok', `Generated a new ${pair.next.type} key pair (${pair.next.fingerprint}) in the vault. Register its public key on the exchange and paste the API key it gives you.`, now));
    return (await this.#edit(e.id, null, { run, ...(pair && { next: { privateKeyPem: pair.privateKeyPem }, nextKeyPair: pair.next }) })) as RotationRun;
  }

  async #freshPair(entryId: string, type: KeyPairType, now: string): Promise<{ next: KeyPairMeta; prior: KeyPairMeta | null; privateKeyPem: string }> {
    const generated = await generateKeyPair(type);
    const prior = await this.#o.vault.useSecret(entryId, (c) => (c.privateKeyPem ? publicKeyOf(c.privateKeyPem, c.passphrase) : null), { record: false });
    return {
      next: { type, publicKeyPem: generated.publicKeyPem, fingerprint: generated.fingerprint, createdAt: now },
      prior: prior ? { ...prior, createdAt: this.#o.vault.get(entryId).createdAt } : null,
      privateKeyPem: generated.privateKeyPem,
    };
  }

  /** A guided rotation's new credentials: verified with a signed read-only call, then switched to. */
  async submit(ref: string, given: Readonly<Partial<Credentials>>): Promise<RotationRun> {
    const entryId = this.#id(ref);
    await this.#serial(entryId, async () => {
      await this.#refresh();
      const e = this.#entry(entryId);
      if (this.modeOf(e.provider) === 'automated') throw new AppError('ERR_ROTATION_STATE', `${e.provider} keys rotate automatically: start the rotation and Signet makes the new key itself.`);
      const run = this.#o.vault.rotationRecord(entryId).run ?? (await this.#begin(entryId, {}));
      if (run.state !== 'awaiting-credentials') throw new AppError('ERR_ROTATION_STATE', `The rotation of "${e.label}" is not waiting for a new key (it is ${run.state}).`);
      const pairKey = run.nextKeyPair ? await this.#o.vault.useSecret(entryId, (c) => c.privateKeyPem ?? null, { record: false, slot: 'next' }) : null;
      if (pairKey !== null && Object.keys(given).some((f) => f !== 'apiKey')) {
        throw new AppError('ERR_VALIDATION', 'This key rotates to the key pair Signet made for it: paste only the API key the exchange gave for its public key.');
      }
      const next = await this.#o.vault.useSecret(
        entryId,
        (current) => {
          const merged: Record<string, string> = pairKey !== null ? { privateKeyPem: pairKey } : {};
          for (const f of KEPT_FIELDS) if (current[f] !== undefined) merged[f] = current[f] as string;
          for (const [k, v] of Object.entries(given)) if (typeof v === 'string' && v.trim() !== '') merged[k] = v;
          const same = Object.keys(current).every((k) => current[k as keyof Credentials] === merged[k]) && Object.keys(merged).length === Object.keys(current).length;
          if (same) throw new AppError('ERR_VALIDATION', 'That is the key in use now. Paste the new key you created on the exchange.');
          return merged as Credentials;
        },
        { record: false },
      );
      const at = this.#iso();
      const moved: RotationRun = { ...run, state: 'verifying', updatedAt: at, error: null, newPreview: previewOf(next), steps: [...run.steps, step('received', 'ok', `New key ${previewOf(next) ?? ''} received.`.replace('  ', ' '), at)] };
      await this.#edit(entryId, run, { run: moved, next, nextKeyPair: run.nextKeyPair });
    });
    await this.drive(entryId, { force: true });
    const after = this.#o.vault.rotationRecord(entryId);
    return after.run ?? (after.history[0] as RotationRun);
  }

  /** Abandons a run before the switch. */
  async cancel(ref: string): Promise<RotationRun> {
    const entryId = this.#id(ref);
    await this.#serial(entryId, async () => {
      await this.#refresh();
      const run = this.#run(entryId);
      const at = this.#iso();
      if (run.state === 'awaiting-credentials') {
        const ended: RotationRun = { ...run, state: 'cancelled', updatedAt: at, endedAt: at, steps: [...run.steps, step('cancelled', 'ok', 'Cancelled; the current key is unchanged.', at)] };
        await this.#edit(entryId, run, { run: null, ended, next: null });
        return;
      }
      if (run.state === 'rolling-back') throw new AppError('ERR_ROTATION_STATE', 'The rotation is already rolling back. If the provider keeps refusing, "Abandon" ends it and keeps the current key.');
      if (!['creating', 'verifying', 'switching'].includes(run.state)) {
        throw new AppError('ERR_ROTATION_STATE', `The rotation is past the switch (${run.state}): the new key is in use. Use "Roll back" to go back to the old key.`);
      }
      await this.#toRollback(entryId, run, 'cancelled', null, 'Cancelled by you.');
    });
    await this.drive(entryId, { force: true });
    return this.#settledRun(entryId);
  }

  /** Goes back to the old key while it is still kept (overlap, archived). */
  async rollback(ref: string): Promise<RotationRun> {
    const entryId = this.#id(ref);
    await this.#serial(entryId, async () => {
      await this.#refresh();
      const run = this.#run(entryId);
      if (run.state !== 'overlap' && run.state !== 'archived') {
        throw new AppError('ERR_ROTATION_STATE', `Only a rotation whose old key is still kept can be rolled back (this one is ${run.state}).`);
      }
      const at = this.#iso();
      const moved: RotationRun = { ...run, state: 'rolling-back', endAs: 'rolled-back', updatedAt: at, steps: [...run.steps, step('rollback', 'ok', `Back to the old key ${run.oldPreview ?? ''}: requests sign with it again.`.replace('  ', ' '), at)] };
      await this.#edit(entryId, run, { run: moved, promote: 'previous', lastRotatedAt: run.priorRotatedAt, ...(run.nextKeyPair && { keyPair: run.priorKeyPair }) });
    });
    await this.drive(entryId, { force: true });
    return this.#settledRun(entryId);
  }

  /** Ends the overlap or the archive now. */
  async finish(ref: string): Promise<RotationRun> {
    const entryId = this.#id(ref);
    await this.#serial(entryId, async () => {
      await this.#refresh();
      const run = this.#run(entryId);
      if (run.state !== 'overlap' && run.state !== 'archived') throw new AppError('ERR_ROTATION_STATE', `Nothing to finish early: the rotation is ${run.state}.`);
      const at = this.#iso();
      const moved: RotationRun = { ...run, keepOldUntil: at, updatedAt: at };
      await this.#edit(entryId, run, { run: moved });
    });
    await this.drive(entryId, { force: true });
    return this.#settledRun(entryId);
  }

  /**
   * Ends a run that cannot finish (the provider keeps refusing a revoke, a key lost its key-management scope): the
   * key in use stays, the run's other key is erased from the vault, and the step says which key is left active at
   * the provider, to delete there by hand.
   */
  async abandon(ref: string): Promise<RotationRun> {
    const entryId = this.#id(ref);
    await this.#serial(entryId, async () => {
      await this.#refresh();
      const run = this.#run(entryId);
      const at = this.#iso();
      const switched = run.state === 'overlap' || run.state === 'archived' || run.state === 'revoking';
      const left = switched ? (run.mode === 'automated' ? run.remote.oldKeyId : null) : run.remote.newKeyId;
      const shown = switched ? run.oldPreview : run.newPreview;
      const detail = left
        ? `Abandoned: the key ${left} (${shown ?? '?'}) may still be active at the provider: delete it there. The key in use is unchanged.`
        : `Abandoned; the key in use is unchanged.${switched && run.mode === 'guided' ? ' Delete the old key on the exchange.' : ''}`;
      const ended: RotationRun = { ...run, state: switched ? 'done' : (run.endAs ?? 'cancelled'), error: null, updatedAt: at, endedAt: at, steps: [...run.steps, step('abandoned', 'skipped', detail, at)] };
      await this.#edit(entryId, run, { run: null, ended, next: null, clearPrevious: true });
    });
    return this.#settledRun(entryId);
  }

  /** Steps every run with work due (start-up, after unlock, when a wait ends). */
  async resumeAll(opts: { force?: boolean } = {}): Promise<void> {
    let entries: EntrySummary[];
    try {
      await this.#refresh();
      entries = this.#o.vault.list();
    } catch {
      return; // locked: the host calls this again after unlock
    }
    const now = this.#o.clock.now();
    const force = opts.force === true;
    for (const e of entries) {
      const run = this.#o.vault.rotationRecord(e.id).run;
      const due = run ? this.#dueAt(e.id, run, force) : null;
      if (due !== null && due <= now) await this.drive(e.id, { force });
    }
  }

  /** Resolves when the entry's background work is done, with its run now (null when none). */
  async settled(ref: string): Promise<RotationRun | null> {
    const entryId = this.#id(ref);
    await (this.#queues.get(entryId) ?? Promise.resolve());
    return this.#o.vault.rotationRecord(entryId).run;
  }

  // ───────────────────────────── the machine ─────────────────────────────

  /** Steps the entry's run until it waits or ends. Errors are recorded in the run, not thrown. */
  drive(ref: string, opts: { force?: boolean } = {}): Promise<void> {
    let entryId: string;
    try {
      entryId = this.#id(ref);
    } catch {
      return Promise.resolve();
    }
    const force = opts.force === true;
    return this.#serial(entryId, async () => {
      await this.#refresh();
      for (let i = 0; i < 16; i++) {
        const run = this.#o.vault.rotationRecord(entryId).run;
        if (!run) break;
        const due = this.#dueAt(entryId, run, force && i === 0);
        if (due === null || due > this.#o.clock.now()) break;
        let moved: boolean;
        try {
          moved = await this.#step(entryId, run).catch(async (e: unknown) => this.#failed(entryId, run, e));
        } catch (e) {
          // Another process moved the run on: load what it wrote and go on from there.
          if (!(e instanceof AppError && e.code === 'ERR_ROTATION_CONFLICT')) throw e;
          if (!(await this.#refresh())) throw e;
          continue;
        }
        if (!moved) break;
      }
      this.#backoff.delete(entryId);
    }).catch((e: unknown) => {
      this.#backoff.set(entryId, this.#o.clock.now() + RETRY_MS);
      this.#log.warn('rotation: step failed', { entryId, code: e instanceof AppError ? e.code : 'ERR_INTERNAL', message: e instanceof Error ? e.message : String(e) });
    });
  }

  /** One step; true when the run moved on and may take the next one now. */
  async #step(entryId: string, run: RotationRun): Promise<boolean> {
    const cp = async (point: string) => this.#o.checkpoint?.(`${run.state}:${point}`);
    await cp('begin');
    switch (run.state) {
      case 'creating':
        return this.#create(entryId, run, cp);
      case 'verifying':
        return this.#verify(entryId, run, cp);
      case 'switching':
        return this.#switch(entryId, run);
      case 'overlap':
        return this.#write(entryId, run, { ...run, state: 'revoking' }, 'overlap-ended', 'ok', 'The overlap window ended.');
      case 'archived': {
        const at = this.#iso();
        const ended: RotationRun = { ...run, state: 'done', updatedAt: at, endedAt: at, steps: [...run.steps, step('erased', 'ok', `The old key ${run.oldPreview ?? ''} was erased from the vault. Delete it on the exchange too, if you have not.`.replace('  ', ' '), at)] };
        await this.#edit(entryId, run, { run: null, ended, clearPrevious: true });
        return false;
      }
      case 'revoking':
        return this.#revokeOld(entryId, run, cp);
      case 'rolling-back':
        return this.#rollBack(entryId, run, cp);
      default:
        return false;
    }
  }

  async #create(entryId: string, run: RotationRun, cp: (p: string) => Promise<void>): Promise<boolean> {
    const api = this.#api(entryId);
    const label = run.remote.label ?? remoteLabel(this.#entry(entryId).label, run.startedAt);
    const currentKey = await this.#o.vault.useSecret(entryId, (c) => c.apiKey ?? null, { record: false });
    const keys = await api.list(entryId, 'current');
    const old = keys.find((k) => k.apiKey === currentKey);
    if (!old) throw new AppError('ERR_ROTATION_FAILED', "The provider's key list does not hold the key in use (it may have been deleted there). Nothing was changed.");
    // A key an earlier attempt created but could not save (the process ended in between): its secret is lost.
    for (const orphan of keys.filter((k) => k.label === label && k.revokedAt === null && k.id !== old.id)) {
      await api.revoke(entryId, 'current', orphan.id);
      this.#log.info('rotation: revoked a key left by an interrupted attempt', { entryId, remoteId: orphan.id });
    }
    await cp('listed');
    const created = await api.create(entryId, 'current', { label, scopes: old.scopes, expiresAt: old.expiresAt });
    await cp('created');
    const at = this.#iso();
    const moved: RotationRun = {
      ...run,
      state: 'verifying',
      updatedAt: at,
      newPreview: previewOf(created.credentials),
      remote: { label, oldKeyId: old.id, newKeyId: created.key.id },
      steps: [...run.steps, step('created', 'ok', `Created ${created.key.id} (${previewOf(created.credentials)}) with the scopes ${old.scopes.join(', ') || '(none)'}, signed with the current key.`, at)],
    };
    try {
      await this.#edit(entryId, run, { run: moved, next: created.credentials });
    } catch (e) {
      // Not saved (another process moved the run on, the vault locked, a write failed): the new key's secret is lost
      // with this call, so the key is revoked now rather than left active at the provider.
      await api.revoke(entryId, 'current', created.key.id).catch(() => this.#log.warn('rotation: could not revoke an unsaved new key', { entryId, remoteId: created.key.id }));
      throw e;
    }
    return true;
  }

  async #verify(entryId: string, run: RotationRun, cp: (p: string) => Promise<void>): Promise<boolean> {
    const e = this.#entry(entryId);
    const check = await this.#o.vault.useSecret(entryId, (c) => readCheckFor(e.provider, c), { record: false, slot: 'next' });
    if (check === null) {
      return this.#write(entryId, run, { ...run, state: 'switching' }, 'verify', 'skipped', `No read-only call is known for ${e.provider}: the new key was not verified. The old key is kept for rollback.`);
    }
    const answer = await this.#o.caller.call(entryId, 'next', check);
    await cp('answered');
    const accepted = answer.status !== null && ((answer.status >= 200 && answer.status < 300) || (check.accepts?.(answer.status, answer.body) ?? false));
    const call = describeReadCheck(check) as string;
    if (!accepted) {
      const why = answer.error ? answer.error.message.replace(/\.+$/, '') : `HTTP ${answer.status}`;
      if (run.mode === 'guided') {
        const at = this.#iso();
        // No answer at all (offline, DNS) says nothing about the key: say so, rather than that it was refused.
        const message = answer.error
          ? `The new key could not be checked: ${call} got no answer (${why}). The current key is unchanged; paste the key again once the exchange can be reached.`
          : `The new key was refused by ${call}: ${why}. The current key is unchanged; check the key and its permissions, and paste it again.`;
        const back: RotationRun = { ...run, state: 'awaiting-credentials', newPreview: null, updatedAt: at, error: { code: 'ERR_ROTATION_FAILED', message }, steps: [...run.steps, step('verify', 'failed', `${call}: ${why}`, at)] };
        const keep = run.nextKeyPair ? await this.#o.vault.useSecret(entryId, (c) => c.privateKeyPem ?? null, { record: false, slot: 'next' }) : null;
        await this.#edit(entryId, run, { run: back, next: keep ? { privateKeyPem: keep } : null, nextKeyPair: run.nextKeyPair });
        return false;
      }
      await this.#toRollback(entryId, run, 'failed', { code: 'ERR_ROTATION_FAILED', message: `The new key did not pass ${call}: ${why}. Rolled back: the current key is unchanged.` }, `${call}: ${why}`);
      return true;
    }
    return this.#write(entryId, run, { ...run, state: 'switching' }, 'verified', 'ok', `${call} answered ${answer.status} with the new key.`);
  }

  async #switch(entryId: string, run: RotationRun): Promise<boolean> {
    const now = this.#o.clock.now();
    const at = new Date(now).toISOString();
    const keepMs = run.mode === 'automated' ? (run.overlapMinutes ?? 0) * MINUTE : (run.archiveDays ?? 0) * DAY;
    const keepOldUntil = new Date(now + keepMs).toISOString();
    const next: RunState = run.mode === 'automated' ? (keepMs > 0 ? 'overlap' : 'revoking') : 'archived';
    const kept = run.mode === 'automated' ? (keepMs > 0 ? `The old key stays valid until ${keepOldUntil}, then it is revoked.` : 'The old key is revoked now (no overlap).') : `The old key is kept for rollback until ${keepOldUntil}, then erased.`;
    const moved: RotationRun = { ...run, state: next, keepOldUntil, updatedAt: at, steps: [...run.steps, step('switched', 'ok', `Requests now sign with the new key ${run.newPreview ?? ''}. ${kept}`.replace('  ', ' '), at)] };
    await this.#edit(entryId, run, { run: moved, promote: 'next', lastRotatedAt: at, ...(run.nextKeyPair && { keyPair: run.nextKeyPair }) });
    return true;
  }

  async #revokeOld(entryId: string, run: RotationRun, cp: (p: string) => Promise<void>): Promise<boolean> {
    if (run.remote.oldKeyId) await this.#api(entryId).revoke(entryId, 'current', run.remote.oldKeyId);
    await cp('revoked');
    const at = this.#iso();
    const ended: RotationRun = { ...run, state: 'done', error: null, updatedAt: at, endedAt: at, steps: [...run.steps, step('revoked', 'ok', `Revoked the old key ${run.remote.oldKeyId ?? ''} (${run.oldPreview ?? ''}) with the new one and erased it from the vault.`, at)] };
    await this.#edit(entryId, run, { run: null, ended, clearPrevious: true });
    return false;
  }

  async #rollBack(entryId: string, run: RotationRun, cp: (p: string) => Promise<void>): Promise<boolean> {
    if (run.remote.newKeyId && this.modeOf(this.#entry(entryId).provider) === 'automated') await this.#api(entryId).revoke(entryId, 'current', run.remote.newKeyId);
    await cp('revoked');
    const at = this.#iso();
    const endAs = run.endAs ?? 'failed';
    const detail = run.remote.newKeyId ? `Revoked the new key ${run.remote.newKeyId}; the key in use is ${run.oldPreview ?? 'the old one'}.` : `The key in use is ${run.oldPreview ?? 'unchanged'}.`;
    const ended: RotationRun = { ...run, state: endAs, updatedAt: at, endedAt: at, steps: [...run.steps, step(endAs === 'cancelled' ? 'cancelled' : 'rolled-back', 'ok', detail, at)] };
    await this.#edit(entryId, run, { run: null, ended, next: null });
    return false;
  }

  async #toRollback(entryId: string, run: RotationRun, endAs: 'failed' | 'cancelled', error: RotationRun['error'], detail: string): Promise<void> {
    const at = this.#iso();
    const moved: RotationRun = { ...run, state: 'rolling-back', endAs, error, updatedAt: at, steps: [...run.steps, step(run.state === 'verifying' ? 'verify' : run.state, endAs === 'failed' ? 'failed' : 'skipped', detail, at)] };
    await this.#edit(entryId, run, { run: moved });
  }

  /** A step threw: before the switch the run rolls back; after it (or while rolling back) it waits to retry. */
  async #failed(entryId: string, run: RotationRun, e: unknown): Promise<boolean> {
    const error = { code: e instanceof AppError ? e.code : 'ERR_ROTATION_FAILED', message: e instanceof Error ? e.message : String(e) };
    if (error.code === 'ERR_VAULT_LOCKED' || error.code === 'ERR_ROTATION_CONFLICT') throw e;
    this.#log.warn('rotation: step failed', { entryId, state: run.state, code: error.code, message: error.message });
    if (run.state === 'creating' || run.state === 'verifying') {
      await this.#toRollback(entryId, run, 'failed', { ...error, message: `${error.message} Rolled back: the current key is unchanged.` }, error.message);
      return true;
    }
    const at = this.#iso();
    const waiting: RotationRun = { ...run, error: { ...error, message: `${error.message} Signet tries again in ${RETRY_MS / MINUTE} minutes and at the next start.` }, updatedAt: at, steps: [...run.steps, step(run.state, 'failed', error.message, at)] };
    await this.#edit(entryId, run, { run: waiting });
    return false;
  }

  // ───────────────────────────── helpers ─────────────────────────────

  async #write(entryId: string, run: RotationRun, next: RotationRun, name: string, outcome: RunStep['outcome'], detail: string): Promise<boolean> {
    const at = this.#iso();
    const moved: RotationRun = { ...next, updatedAt: at, error: null, steps: [...run.steps, step(name, outcome, detail, at)] };
    await this.#edit(entryId, run, { run: moved });
    return true;
  }

  #api(entryId: string): KeyApi {
    const provider = this.#entry(entryId).provider;
    const make = (this.#o.keyApis ?? KEY_APIS)[provider];
    if (!make) throw new AppError('ERR_ROTATION_STATE', `${provider} has no key API Signet can use: rotate this key the guided way.`);
    return make(this.#o.caller);
  }

  /** The entry's id for a reference (an id, a unique prefix, a label). */
  #id(ref: string): string {
    return this.#entry(ref).id;
  }

  /** What another process wrote since (a locked vault: nothing to do). */
  async #refresh(): Promise<boolean> {
    return this.#o.vault.refresh().catch(() => false);
  }

  #entry(entryId: string): EntrySummary {
    if (typeof entryId !== 'string' || entryId === '') throw new AppError('ERR_VALIDATION', 'Name the key to rotate.');
    return this.#o.vault.resolve(entryId);
  }

  #run(entryId: string): RotationRun {
    const e = this.#entry(entryId);
    const run = this.#o.vault.rotationRecord(e.id).run;
    if (!run) throw new AppError('ERR_ROTATION_STATE', `"${e.label}" is not being rotated.`);
    return run;
  }

  async #settledRun(entryId: string): Promise<RotationRun> {
    await this.settled(entryId);
    const rec = this.#o.vault.rotationRecord(entryId);
    return rec.run ?? (rec.history[0] as RotationRun);
  }

  #serial<T>(entryId: string, fn: () => Promise<T>): Promise<T> {
    const before = this.#queues.get(entryId) ?? Promise.resolve();
    const next = before.then(fn, fn);
    this.#queues.set(entryId, next.catch(() => {}));
    return next;
  }

  /** One step's write, following from `from` (its id and revision: ERR_ROTATION_CONFLICT if another process moved it on); tells the host. */
  async #edit(entryId: string, from: RotationRun | null, edit: Omit<RotationEdit, 'expect'>): Promise<RotationRun | null> {
    const rec = await this.#o.vault.editRotation(entryId, { ...edit, expect: from ? { id: from.id, rev: from.rev } : null });
    this.#o.onChange?.(entryId, rec.run);
    return rec.run;
  }

  #iso(): string {
    return new Date(this.#o.clock.now()).toISOString();
  }
}

function step(name: string, outcome: RunStep['outcome'], detail: string, at: string): RunStep {
  return { step: name, at, outcome, detail: detail.slice(0, 2_000) };
}

/** The label the provider's key gets: the entry's label, the day, and the run (how an interrupted attempt's key is found). */
function remoteLabel(label: string, iso: string): string {
  return `${label.slice(0, 120)} · rotated ${iso.slice(0, 10)} · ${randomUUID().slice(0, 8)}`;
}

function previewOf(c: Readonly<Credentials>): string | null {
  const id = c.apiKey ?? c.accessKeyId;
  return id ? `••••${id.slice(-4)}` : null;
}
