/**
 * Rotation policy and state: calendar days in UTC (DST never moves a due date; leap days count), the earlier hard
 * expiry wins, a key's own policy overrides its environment's default, and Settings carries validated defaults.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROTATION_DEFAULTS, RotationPolicy, Settings } from '../../../src-main/contract/schemas';
import { policyFor, rotationLabel, rotationState, type RotationState, type RotationSubject } from '../../../src-main/contract/rotation-policy';
import { MemoryStore, SettingsService } from '../../../src-main/settings/settings-service';

const key = (over: Partial<RotationSubject> = {}): RotationSubject => ({ environment: 'prod', createdAt: '2026-01-10T15:00:00.000Z', lastRotatedAt: null, expiresAt: null, ...over });
const at = (iso: string) => Date.parse(iso);
const POLICY = pathToFileURL(join(import.meta.dirname, '../../../src-main/contract/rotation-policy.ts')).href;

describe('rotationState', () => {
  it('counts calendar days from the last rotation (else creation), in UTC', () => {
    const p = { everyDays: 90, warnDays: 14 };
    const created = rotationState(key(), p, at('2026-02-01T00:00:00Z'));
    expect(created).toMatchObject({ status: 'ok', dueAt: '2026-04-10T00:00:00.000Z', warnFrom: '2026-03-27T00:00:00.000Z', expiresAt: null });
    const rotated = rotationState(key({ lastRotatedAt: '2026-03-01T23:59:00.000Z' }), p, at('2026-03-02T00:00:00Z'));
    expect(rotated.dueAt).toBe('2026-05-30T00:00:00.000Z');
    expect(rotated.reason).toMatch(/last rotated 2026-03-01/);
  });

  it('is due-soon from warnFrom, overdue from dueAt, expired from the hard expiry', () => {
    const p = { everyDays: 90, warnDays: 14 };
    expect(rotationState(key(), p, at('2026-03-26T23:59:59Z')).status).toBe('ok');
    expect(rotationState(key(), p, at('2026-03-27T00:00:00Z')).status).toBe('due-soon');
    expect(rotationState(key(), p, at('2026-04-10T00:00:00Z')).status).toBe('overdue');
    const withExpiry = key({ expiresAt: '2026-06-01T12:00:00.000Z' });
    expect(rotationState(withExpiry, p, at('2026-06-01T11:59:59Z')).status).toBe('overdue');
    expect(rotationState(withExpiry, p, at('2026-06-01T12:00:00Z'))).toMatchObject({ status: 'expired', expiresAt: '2026-06-01T12:00:00.000Z' });
  });

  it('takes the earlier of the key’s expiry and the policy’s, and is due by it when it comes before rotation', () => {
    const p = { everyDays: 90, warnDays: 14, expiresAt: '2026-02-20T00:00:00.000Z' };
    const s = rotationState(key({ expiresAt: '2026-03-01T00:00:00.000Z' }), p, at('2026-02-10T00:00:00Z'));
    expect(s).toMatchObject({ status: 'due-soon', expiresAt: '2026-02-20T00:00:00.000Z', dueAt: '2026-02-20T00:00:00.000Z', warnFrom: '2026-02-06T00:00:00.000Z' });
    expect(s.reason).toMatch(/Expires on 2026-02-20, in 10 d/);
    const keyFirst = rotationState(key({ expiresAt: '2026-02-15T00:00:00.000Z' }), p, at('2026-02-16T00:00:00Z'));
    expect(keyFirst).toMatchObject({ status: 'expired', expiresAt: '2026-02-15T00:00:00.000Z' });
  });

  it('handles leap days: 2028-02-29 + 365 d is 2029-02-28, 2027-03-01 + 365 d is 2028-02-29', () => {
    const p = { everyDays: 365, warnDays: 14 };
    expect(rotationState(key({ lastRotatedAt: '2028-02-29T10:00:00.000Z' }), p, at('2028-03-01T00:00:00Z')).dueAt).toBe('2029-02-28T00:00:00.000Z');
    const crossing = rotationState(key({ lastRotatedAt: '2027-03-01T08:00:00.000Z' }), p, at('2028-02-28T23:59:59Z'));
    expect(crossing).toMatchObject({ status: 'due-soon', dueAt: '2028-02-29T00:00:00.000Z', warnFrom: '2028-02-15T00:00:00.000Z' });
    expect(rotationState(key({ lastRotatedAt: '2027-03-01T08:00:00.000Z' }), p, at('2028-02-29T00:00:00Z')).status).toBe('overdue');
  });

  it('gives the same due dates whatever the process time zone, across the Berlin DST changes', () => {
    // Berlin: CET → CEST on 2027-03-28 at 02:00 local, CEST → CET on 2027-10-31 at 03:00 local. Each time zone runs
    // in a process of its own (TZ is read when a process starts).
    const script = [
      `import { rotationState } from ${JSON.stringify(POLICY)};`,
      `const p = { everyDays: 7, warnDays: 2 };`,
      `const k = (t) => ({ environment: 'prod', createdAt: t, lastRotatedAt: t, expiresAt: null });`,
      // 23:30 on the 24th of March and on the 27th of October in Berlin.
      `const m = rotationState(k('2027-03-24T22:30:00.000Z'), p, Date.parse('2027-03-26T12:00:00Z'));`,
      `const o = rotationState(k('2027-10-27T21:30:00.000Z'), p, Date.parse('2027-10-29T12:00:00Z'));`,
      `console.log(JSON.stringify({ hour: new Date('2027-03-24T22:30:00Z').getHours(), m, o }));`,
    ].join('\n');
    const run = (tz: string) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' })) as { hour: number; m: RotationState; o: RotationState };
    const berlin = run('Europe/Berlin');
    expect(berlin.hour).toBe(23); // the time zone really is in effect in that process
    const utc = run('UTC');
    expect(utc.hour).toBe(22);
    for (const r of [berlin, utc, run('America/New_York')]) {
      expect(r.m).toMatchObject({ dueAt: '2027-03-31T00:00:00.000Z', warnFrom: '2027-03-29T00:00:00.000Z', status: 'ok' });
      expect(r.o).toMatchObject({ dueAt: '2027-11-03T00:00:00.000Z', warnFrom: '2027-11-01T00:00:00.000Z', status: 'ok' });
    }
    // 7 calendar days is 7 × 24 h of UTC although Berlin's week had 167 (March) or 169 (October) hours.
    expect(Date.parse(berlin.o.dueAt) - Date.parse('2027-10-27T00:00:00Z')).toBe(7 * 86_400_000);
  }, 30_000);
});

describe('rotationLabel', () => {
  it('reads ok, due in N d, overdue N d, expired', () => {
    const p = { everyDays: 90, warnDays: 14 };
    const now = (iso: string) => at(iso);
    const label = (iso: string, k = key()) => rotationLabel(rotationState(k, p, now(iso)), now(iso));
    expect(label('2026-02-01T00:00:00Z')).toBe('ok');
    expect(label('2026-04-01T09:00:00Z')).toBe('due in 9 d');
    expect(label('2026-04-13T09:00:00Z')).toBe('overdue 3 d');
    expect(label('2026-04-13T09:00:00Z', key({ expiresAt: '2026-04-01T00:00:00.000Z' }))).toBe('expired');
  });
});

describe('policies', () => {
  it('a key’s own policy overrides its environment’s default', () => {
    expect(policyFor({ environment: 'prod' }, DEFAULT_ROTATION_DEFAULTS)).toEqual({ everyDays: 90, warnDays: 14 });
    expect(policyFor({ environment: 'dev' }, DEFAULT_ROTATION_DEFAULTS).everyDays).toBe(365);
    expect(policyFor({ environment: 'prod', rotationPolicy: { everyDays: 30, warnDays: 5 } }, DEFAULT_ROTATION_DEFAULTS)).toEqual({ everyDays: 30, warnDays: 5 });
  });

  it('rejects a policy that warns for longer than its period, or counts no days', () => {
    expect(RotationPolicy.safeParse({ everyDays: 10, warnDays: 10 }).success).toBe(false);
    expect(RotationPolicy.safeParse({ everyDays: 0, warnDays: 0 }).success).toBe(false);
    expect(RotationPolicy.safeParse({ everyDays: 30, warnDays: 7, expiresAt: 'soon' }).success).toBe(false);
    expect(RotationPolicy.safeParse({ everyDays: 30, warnDays: 7, expiresAt: '2027-01-01T00:00:00Z' }).success).toBe(true);
  });

  it('Settings holds the defaults, lets the user change them, and keeps them on a bad value', () => {
    const store = new MemoryStore();
    const settings = new SettingsService(store);
    expect(settings.get().rotationDefaults.prod).toEqual({ everyDays: 90, warnDays: 14 });
    const changed = settings.set({ rotationDefaults: { ...DEFAULT_ROTATION_DEFAULTS, prod: { everyDays: 60, warnDays: 7 } } });
    expect(changed.rotationDefaults.prod).toEqual({ everyDays: 60, warnDays: 7 });
    expect(new SettingsService(store).get().rotationDefaults.prod.everyDays).toBe(60);
    expect(() => settings.set({ rotationDefaults: { ...DEFAULT_ROTATION_DEFAULTS, prod: { everyDays: 5, warnDays: 9 } } })).toThrow();
    // A hand-edited file with a broken value falls back to the default for that field only.
    store.set('settings', { theme: 'dark', rotationDefaults: { prod: 'often' } });
    expect(new SettingsService(store).get()).toMatchObject({ theme: 'dark', rotationDefaults: DEFAULT_ROTATION_DEFAULTS });
    expect(Settings.shape.rotationDefaults.safeParse(DEFAULT_ROTATION_DEFAULTS).success).toBe(true);
  });
});
