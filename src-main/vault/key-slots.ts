/**
 * The key slots that wrap the vault key: making and opening passphrase slots (scrypt), this host's OS slot
 * (whichever provider the host passed in), and what the OS secret store reports. The OS probe is cached for a few
 * seconds, since the status is asked for often and a keychain round-trip can take a while.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../base/errors';
import { wipe } from '../base/bytes';
import { isoNow, type Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { passphraseStrength } from '../contract/passphrase-strength';
import type { VaultStatus } from '../contract/schemas';
import { DEFAULT_SCRYPT, open, scrypt, seal, type ScryptParams } from './crypto';
import { VERSION, type PassphraseSlotRecord, type SlotRecord, type VaultHeader } from './vault-file';
import type { OsProbe, OsSlotProvider, OsSlotRecord } from './types';
import type { Mutation } from './vault-change';
import { resealEntries } from './vault-codec';
import type { VaultKeys } from './vault-keys';

const NO_OS: OsProbe = {
  available: false,
  secure: false,
  backend: null,
  reason: 'This host cannot reach an OS keychain; use a passphrase.',
};
const SLOT_AAD = (vaultId: string, slotId: string) => `signet-slot/v${VERSION}/${vaultId}/${slotId}`;
const PROBE_TTL_MS = 10_000;

/** Refuses a passphrase below the strength every slot requires; `what` names it in the message. */
export function requireStrongPassphrase(passphrase: string, what: string): void {
  const s = passphraseStrength(passphrase);
  if (!s.acceptable) throw new AppError('ERR_WEAK_PASSPHRASE', `That ${what} is too weak (${s.label}). ${s.hint}`);
}

/** The passphrase slot of a header, if it has one. */
export function passphraseSlotOf(header: VaultHeader): PassphraseSlotRecord | undefined {
  return header.slots.find((s): s is PassphraseSlotRecord => s.kind === 'passphrase');
}

/** The change that re-keys the vault to `newKeys` with `slots`: every entry sealed again, every shard written. */
export function rekeyChange(newKeys: VaultKeys, slots: SlotRecord[]): Mutation<void> {
  return async (keys, st) => ({
    state: { header: { ...st.header, slots }, entries: await resealEntries(keys, newKeys, st.header.vaultId, st.entries) },
    result: undefined,
    rekey: newKeys,
    dirty: 'all',
  });
}

/** Makes, opens and forgets key slots for one host. */
export class KeySlots {
  readonly #os: OsSlotProvider | null;
  readonly #kdf: ScryptParams;
  /** The weakest scrypt cost a slot may have: the default, unless tests configured a cheaper one. */
  readonly #minN: number;
  readonly #clock: Clock;
  readonly #log: Logger;
  #probe: { at: number; value: OsProbe } | undefined;

  constructor(opts: { os: OsSlotProvider | null; kdf: ScryptParams; clock: Clock; log: Logger }) {
    this.#os = opts.os;
    this.#kdf = opts.kdf;
    this.#minN = Math.min(opts.kdf.N, DEFAULT_SCRYPT.N);
    this.#clock = opts.clock;
    this.#log = opts.log;
  }

  /** The OS part of the status for `header`, given what the OS store reports (`probe`). */
  osStatus(header: VaultHeader | null, os: OsProbe): Pick<VaultStatus, 'slots' | 'os' | 'canUnlockWithOs' | 'osBackendChanged'> {
    const slots = header?.slots ?? [];
    const mine = header ? this.ownOsSlots(header)[0] : undefined;
    const changed = mine && os.available && os.backend !== mine.backend ? { recorded: mine.backend, current: os.backend } : null;
    return {
      slots: slots.map((s) => ({
        id: s.id,
        kind: s.kind,
        provider: s.kind === 'os' ? s.provider : null,
        backend: s.kind === 'os' ? s.backend : null,
        createdAt: s.createdAt,
      })),
      os: { provider: this.#os?.id ?? 'none', ...os },
      canUnlockWithOs: Boolean(mine && os.available && os.secure && !changed),
      osBackendChanged: changed,
    };
  }

  /** Throws unless this host has an OS store that actually protects what it keeps. */
  async requireSecureOs(): Promise<void> {
    const probe = await this.probe();
    if (!this.#os || !probe.available) {
      throw new AppError('ERR_OS_SLOT_UNAVAILABLE', probe.reason ?? 'The OS keychain is not available; use a passphrase.');
    }
    if (!probe.secure) {
      throw new AppError('ERR_OS_SLOT_INSECURE', probe.reason ?? 'The OS keychain here does not protect secrets; use a passphrase.');
    }
  }

  /** What this host's OS store reports (cached for a few seconds; never throws). */
  async probe(): Promise<OsProbe> {
    if (!this.#os) return NO_OS;
    const now = this.#clock.now();
    if (this.#probe && now - this.#probe.at < PROBE_TTL_MS) return this.#probe.value;
    const value = await this.#os.probe().catch((e: unknown) => ({ ...NO_OS, reason: `The OS keychain could not be checked: ${(e as Error).message}` }));
    this.#probe = { at: now, value };
    return value;
  }

  /** Checks the ways in a new vault asks for before anything is made: at least one, strong, and a secure OS store. */
  async requireWaysIn(opts: { passphrase?: string; useOsSlot: boolean }): Promise<void> {
    if (!opts.passphrase && !opts.useOsSlot) {
      throw new AppError('ERR_VALIDATION', 'Choose at least one way to unlock the vault: a passphrase, the OS keychain, or both.');
    }
    if (opts.passphrase !== undefined) requireStrongPassphrase(opts.passphrase, 'passphrase');
    if (opts.useOsSlot) await this.requireSecureOs();
  }

  /** A new vault's slots wrapping `vaultKey`, which is wiped when one cannot be made. */
  async initialSlots(vaultKey: Buffer, vaultId: string, opts: { passphrase?: string; useOsSlot: boolean }): Promise<SlotRecord[]> {
    const slots: SlotRecord[] = [];
    try {
      if (opts.passphrase !== undefined) slots.push(await this.passphraseSlot(vaultKey, vaultId, opts.passphrase));
      if (opts.useOsSlot) slots.push(await this.osSlot(vaultKey, vaultId));
      return slots;
    } catch (e) {
      wipe(vaultKey);
      throw e;
    }
  }

  /** A new passphrase slot wrapping `vaultKey`. */
  async passphraseSlot(vaultKey: Uint8Array, vaultId: string, passphrase: string): Promise<PassphraseSlotRecord> {
    const id = `pp-${randomBytes(6).toString('hex')}`;
    const salt = randomBytes(16);
    const kek = await scrypt(passphrase, salt, this.#kdf, this.#minN);
    try {
      return {
        id,
        kind: 'passphrase',
        createdAt: isoNow(this.#clock),
        kdf: { name: 'scrypt', N: this.#kdf.N, r: this.#kdf.r, p: this.#kdf.p, salt: salt.toString('base64') },
        wrap: seal(kek, vaultKey, SLOT_AAD(vaultId, id)),
      };
    } finally {
      wipe(kek);
    }
  }

  /** The vault key, or null when the passphrase is wrong (or the slot was altered). */
  async openPassphraseSlot(vaultId: string, slot: PassphraseSlotRecord, passphrase: string): Promise<Buffer | null> {
    const kek = await scrypt(passphrase, Buffer.from(slot.kdf.salt, 'base64'), slot.kdf, this.#minN);
    try {
      return open(kek, slot.wrap, SLOT_AAD(vaultId, slot.id));
    } finally {
      wipe(kek);
    }
  }

  /** Throws unless `current` opens `header`'s passphrase slot (a vault without one asks for nothing). */
  async requireCurrentPassphrase(header: VaultHeader, current: string | undefined): Promise<void> {
    const existing = passphraseSlotOf(header);
    if (!existing) return;
    if (!current) throw new AppError('ERR_VALIDATION', 'Enter the current passphrase to change it.');
    const check = await this.openPassphraseSlot(header.vaultId, existing, current);
    if (!check) throw new AppError('ERR_BAD_PASSPHRASE', 'The current passphrase is wrong; the passphrase was not changed.');
    wipe(check);
  }

  /**
   * The slots of a re-key to `vaultKey`: the new passphrase, and this host's OS slot sealed again when `withOs`.
   * An OS slot that cannot be sealed is dropped (logged), not a reason to keep the old key.
   */
  async rekeyedSlots(vaultKey: Uint8Array, vaultId: string, passphrase: string, withOs: boolean): Promise<SlotRecord[]> {
    const slots: SlotRecord[] = [await this.passphraseSlot(vaultKey, vaultId, passphrase)];
    if (withOs) {
      const resealed = await this.osSlot(vaultKey, vaultId).catch((e: unknown) => {
        this.#log.warn('could not seal the OS slot under the new key; it is dropped (add it again)', { error: e });
        return null;
      });
      if (resealed) slots.push(resealed);
    }
    return slots;
  }

  /** Opens the vault key through `header`'s passphrase slot; throws when there is none or the passphrase is wrong. */
  async unlockWithPassphrase(header: VaultHeader, passphrase: string): Promise<Buffer> {
    const slot = passphraseSlotOf(header);
    if (!slot) throw new AppError('ERR_NO_PASSPHRASE_SLOT', 'This vault has no passphrase; unlock it with the OS keychain.');
    const vaultKey = await this.openPassphraseSlot(header.vaultId, slot, passphrase);
    if (!vaultKey) throw new AppError('ERR_BAD_PASSPHRASE', 'That passphrase does not unlock this vault (or its passphrase slot was altered). Check it and try again.');
    return vaultKey;
  }

  /** A new OS slot for this host wrapping `vaultKey` (the OS may ask the user first). */
  async osSlot(vaultKey: Uint8Array, vaultId: string): Promise<OsSlotRecord> {
    if (!this.#os) throw new AppError('ERR_OS_SLOT_UNAVAILABLE', NO_OS.reason ?? '');
    const id = `os-${randomBytes(6).toString('hex')}`;
    const { backend, wrap } = await this.#os.seal(vaultKey, { vaultId, slotId: id });
    return { id, kind: 'os', provider: this.#os.id, backend, createdAt: isoNow(this.#clock), wrap };
  }

  /** Opens the vault key through this host's OS slot in `header`. */
  async openOsSlot(header: VaultHeader): Promise<Buffer> {
    if (!this.#os) throw new AppError('ERR_OS_SLOT_UNAVAILABLE', NO_OS.reason ?? '');
    const slot = this.ownOsSlots(header)[0];
    if (!slot) {
      throw new AppError('ERR_OS_SLOT_MISSING', `This vault has no OS keychain slot for ${this.#os.id === 'os-keyring' ? 'the command line' : 'the app'} yet. Unlock it with your passphrase, then add one (Settings → Security in the app, \`signet vault os-slot add\` on the command line).`);
    }
    return this.#os.open(slot, { vaultId: header.vaultId, slotId: slot.id });
  }

  /** The OS slots this host's provider made (another host's, e.g. the CLI's keyring in the app, are not). */
  ownOsSlots(header: VaultHeader): OsSlotRecord[] {
    return header.slots.filter((s) => this.#isOwn(s)) as OsSlotRecord[];
  }

  /** This host's OS slots in `header`, which must have some and keep a passphrase slot without them. */
  removableOsSlots(header: VaultHeader): OsSlotRecord[] {
    const mine = this.ownOsSlots(header);
    if (mine.length === 0) throw new AppError('ERR_OS_SLOT_MISSING', 'This vault has no OS keychain slot here; nothing to remove.');
    if (!passphraseSlotOf(header)) {
      throw new AppError('ERR_LAST_SLOT', 'Without the OS keychain this vault would have no passphrase to unlock it. Set a passphrase first, then remove the keychain slot.');
    }
    return mine;
  }

  /** The change that puts `slot` in place of this host's OS slots; vault.json.bak is replaced when one is replaced. */
  withOsSlot(slot: OsSlotRecord, replacing: boolean): Mutation<void> {
    return (_keys, st) => ({ state: { header: { ...st.header, slots: [...this.#otherSlots(st.header), slot] }, entries: st.entries }, result: undefined, replaceBackup: replacing });
  }

  /** The change that removes this host's OS slots, as long as a passphrase slot remains; vault.json.bak follows. */
  withoutOsSlot(): Mutation<void> {
    return (_keys, st) => {
      const slots = this.#otherSlots(st.header);
      if (!slots.some((s) => s.kind === 'passphrase')) throw new AppError('ERR_LAST_SLOT', 'Set a passphrase first, then remove the keychain slot.');
      return { state: { header: { ...st.header, slots }, entries: st.entries }, result: undefined, replaceBackup: true };
    };
  }

  #otherSlots(header: VaultHeader): SlotRecord[] {
    return header.slots.filter((s) => !this.#isOwn(s));
  }

  #isOwn(s: SlotRecord): boolean {
    return s.kind === 'os' && s.provider === this.#os?.id;
  }

  /** Removes what the OS keeps for these slots; a failure is logged, never thrown (the vault no longer uses them). */
  async forget(slots: readonly OsSlotRecord[], vaultId: string): Promise<void> {
    for (const slot of slots) {
      await this.#os?.forget(slot, { vaultId, slotId: slot.id }).catch((e) => this.#log.warn('could not remove the keychain item', { error: e }));
    }
  }
}
