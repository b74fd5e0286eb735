/**
 * The rotation-policy form: what a person types becomes the policy main's schema accepts, or an error per field
 * that says what to type instead. Parsed policies are checked against the contract's own schema.
 */
import { describe, expect, it } from 'vitest';
import { RotationPolicy } from '../../../../src-main/contract/rotation';
import { isoToDateInput } from '../../../../src-renderer/shared/lib/format';
import { draftOf, parsePolicyDraft, policySentence } from '../../../../src-renderer/shared/lib/rotation-policy-form';

const NOW = new Date(2026, 11, 4, 15, 30).getTime(); // 4 Dec 2026, local time

describe('parsePolicyDraft', () => {
  it('reads days with or without a unit and an optional expiry date, into a policy the contract accepts', () => {
    const parsed = parsePolicyDraft({ every: ' 90 ', warn: '14d', expires: '2027-06-01' }, NOW);
    expect(parsed).toEqual({ ok: true, policy: { everyDays: 90, warnDays: 14, expiresAt: new Date(2027, 5, 1, 23, 59, 59).toISOString() } });
    if (parsed.ok) expect(RotationPolicy.safeParse(parsed.policy).success).toBe(true);
    expect(parsePolicyDraft({ every: '30 days', warn: '0', expires: '' }, NOW)).toEqual({ ok: true, policy: { everyDays: 30, warnDays: 0 } });
  });

  it('names each field that is wrong, and why', () => {
    const bad = parsePolicyDraft({ every: '0', warn: '-1', expires: '2027-02-30' }, NOW);
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.every).toMatch(/1 to 3650/);
    expect(bad.errors.warn).toMatch(/0 to 365/);
    expect(bad.errors.expires).toMatch(/YYYY-MM-DD/);
    expect(parsePolicyDraft({ every: 'ninety', warn: '14', expires: '' }, NOW)).toMatchObject({ ok: false, errors: { every: expect.stringMatching(/whole number/) } });
    expect(parsePolicyDraft({ every: '3651', warn: '14', expires: '' }, NOW).ok).toBe(false);
    expect(parsePolicyDraft({ every: '1.5', warn: '0', expires: '' }, NOW).ok).toBe(false);
  });

  it('refuses a warning as long as the period (main would refuse it too) and an expiry that has passed', () => {
    const warn = parsePolicyDraft({ every: '14', warn: '14', expires: '' }, NOW);
    expect(warn).toMatchObject({ ok: false, errors: { warn: expect.stringMatching(/fewer days .*14 d/) } });
    expect(RotationPolicy.safeParse({ everyDays: 14, warnDays: 14 }).success).toBe(false);
    expect(parsePolicyDraft({ every: '90', warn: '14', expires: '2026-12-03' }, NOW)).toMatchObject({ ok: false, errors: { expires: expect.stringMatching(/today or a later date/) } });
    // A date is good through its end, like a key's own expiry: today still counts.
    expect(parsePolicyDraft({ every: '90', warn: '14', expires: '2026-12-04' }, NOW).ok).toBe(true);
  });
});

describe('draftOf and policySentence', () => {
  it('round-trips a saved policy through the form unchanged', () => {
    const policy = { everyDays: 180, warnDays: 30, expiresAt: new Date(2027, 0, 15, 23, 59, 59).toISOString() };
    const parsed = parsePolicyDraft(draftOf(policy), NOW);
    expect(parsed).toEqual({ ok: true, policy });
    expect(isoToDateInput(policy.expiresAt)).toBe('2027-01-15');
  });

  it('says the policy in words', () => {
    expect(policySentence({ everyDays: 90, warnDays: 14 }, () => 'x')).toBe('Every 90 days · warn 14 days before');
    expect(policySentence({ everyDays: 1, warnDays: 0, expiresAt: '2027-01-01T00:00:00.000Z' }, () => '1 Jan 2027')).toBe('Every 1 day · no warning before · expires 1 Jan 2027');
  });
});
