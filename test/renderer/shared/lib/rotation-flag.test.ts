/**
 * The flag a key carries wherever it is shown: the scheduler's own state (contract/rotation-policy.ts) for the key's
 * summary and the Settings defaults, in a few words. A key on schedule carries none.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROTATION_DEFAULTS } from '../../../../src-main/contract/rotation';
import { rotationFlag } from '../../../../src-main/contract/rotation-policy';
import { rotationFlagText } from '../../../../src-renderer/shared/lib/rotation-flag';

const NOW = Date.parse('2026-12-04T15:00:00.000Z');
const DAY = 86_400_000;
const key = (over: Record<string, unknown> = {}) => ({ environment: 'prod' as const, createdAt: '2026-12-01T10:00:00.000Z', lastRotatedAt: null, expiresAt: null, ...over });
const text = (over: Record<string, unknown> = {}) => rotationFlagText(rotationFlag(key(over), DEFAULT_ROTATION_DEFAULTS, NOW), NOW);

describe('rotationFlagText', () => {
  it('says nothing for a key on schedule', () => {
    expect(text()).toBeNull();
  });

  it('counts the days to a due date inside the warning window, and past it', () => {
    // prod: every 90 days, warn 14. Rotated 80 days ago (UTC days): due in 10.
    expect(text({ lastRotatedAt: new Date(NOW - 80 * DAY).toISOString() })).toBe('Rotate in 10 d');
    expect(text({ lastRotatedAt: new Date(NOW - 93 * DAY).toISOString() })).toBe('Rotation overdue 3 d');
    expect(text({ lastRotatedAt: new Date(NOW - 90 * DAY).toISOString() })).toBe('Rotation due today');
  });

  it('follows the key’s own policy and the defaults given, and says a hard expiry has passed', () => {
    expect(text({ rotationPolicy: { everyDays: 4, warnDays: 2 } })).toBe('Rotate in 1 d');
    expect(text({ rotationPolicy: { everyDays: 3, warnDays: 2 } })).toBe('Rotation due today');
    expect(rotationFlagText(rotationFlag(key(), { ...DEFAULT_ROTATION_DEFAULTS, prod: { everyDays: 2, warnDays: 1 } }, NOW), NOW)).toBe('Rotation overdue 1 d');
    expect(text({ expiresAt: new Date(NOW - DAY).toISOString() })).toBe('Expired');
    expect(text({ expiresAt: new Date(NOW + 5 * DAY).toISOString() })).toBe('Rotate in 5 d');
  });

  it('puts a rotation in progress before the schedule', () => {
    expect(text({ rotating: { state: 'awaiting-credentials', mode: 'guided' }, expiresAt: new Date(NOW - DAY).toISOString() })).toBe('Awaiting new key');
    expect(text({ rotating: { state: 'overlap', mode: 'automated' } })).toBe('Rotated · old key in overlap');
    expect(text({ rotating: { state: 'creating', mode: 'automated' } })).toBe('Rotating');
    expect(text({ rotating: { state: 'revoking', mode: 'automated', failing: true } })).toBe('Rotation step failing');
    expect(text({ rotating: { state: 'awaiting-credentials', mode: 'guided', failing: true } })).toBe('New key refused');
  });
});
