import { describe, expect, it } from 'vitest';
import { dateInputToIso, expiryLabel, expiryShortLabel, expiryState, isoToDateInput, relativeTime } from '../../../../src-renderer/shared/lib/format';

const NOW = Date.parse('2026-06-15T12:00:00.000Z');
const DAY = 86_400_000;
const at = (ms: number) => new Date(NOW + ms).toISOString();

describe('expiry', () => {
  it('is red once expired, amber within 14 days, plain after', () => {
    expect(expiryState(null, NOW)).toEqual({ kind: 'none' });
    expect(expiryState(at(-3 * DAY + 60_000), NOW)).toEqual({ kind: 'expired', days: 3 });
    expect(expiryState(at(9 * DAY - 60_000), NOW)).toEqual({ kind: 'soon', days: 9 });
    expect(expiryState(at(14 * DAY), NOW).kind).toBe('soon');
    expect(expiryState(at(14 * DAY + 60_000), NOW).kind).toBe('later');
  });

  it('says it in words, long and short', () => {
    expect(expiryLabel(expiryState(at(-3 * DAY), NOW), null)).toBe('Expired 3 days ago');
    expect(expiryShortLabel(expiryState(at(-3 * DAY), NOW), null)).toBe('Expired 3d ago');
    expect(expiryLabel(expiryState(at(DAY), NOW), null)).toBe('Expires in 1 day');
    expect(expiryShortLabel(expiryState(at(6 * DAY), NOW), null)).toBe('6 days left');
    expect(expiryShortLabel(expiryState(at(2 * 3_600_000), NOW), null)).toBe('Expires today');
  });
});

describe('relative time', () => {
  it('goes from just now to a date', () => {
    expect(relativeTime(null, NOW)).toBe('Never');
    expect(relativeTime(at(-10_000), NOW)).toBe('just now');
    expect(relativeTime(at(-5 * 60_000), NOW)).toBe('5 min ago');
    expect(relativeTime(at(-3 * 3_600_000), NOW)).toBe('3 h ago');
    expect(relativeTime(at(-2 * DAY), NOW)).toBe('2 days ago');
    expect(relativeTime(at(-90 * DAY), NOW)).toMatch(/2026/);
  });
});

describe('date input', () => {
  it('round-trips a local day through the end-of-day instant', () => {
    const iso = dateInputToIso('2027-03-31');
    expect(iso).not.toBeNull();
    expect(isoToDateInput(iso)).toBe('2027-03-31');
    expect(dateInputToIso('31/03/2027')).toBeNull();
    expect(isoToDateInput(null)).toBe('');
  });
});
