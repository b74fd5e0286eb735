/**
 * The audit log's small pure parts: canonical JSON, the line and its MAC, CSV escaping (the awkward cases), the
 * per-minute rollup, and the CLI's --since / --type readers.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src-main/audit/canonical-json';
import { chainLine, GENESIS, lineMac, parseLine, splitMac, type AuditFields } from '../../../src-main/audit/audit-line';
import { csvField, csvRow } from '../../../src-main/audit/csv';
import { MinuteRollup } from '../../../src-main/audit/minute-rollup';
import { parseSince, parseTypes } from '../../../src-main/cli/commands/audit-list';

const KEY = Buffer.alloc(32, 1);
const fields: AuditFields = { at: '2026-11-28T12:00:00.000Z', type: 'key.revealed', actor: 'cli', entry: { id: 'e1', label: 'Kraken "main"' }, details: { field: 'secret', z: 1, a: [2, { y: true, b: null }] } };

describe('canonical JSON', () => {
  it('sorts keys at every level, keeps array order, no white space', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"e":2,"f":1}]},"b":1}');
    expect(canonicalJson({ b: undefined, a: 1 })).toBe('{"a":1}');
  });
  it('refuses what JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson([undefined])).toThrow(/undefined/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
  });
});

describe('an audit line', () => {
  it('is canonical JSON with its MAC last, over the line without it and the previous MAC', () => {
    const one = chainLine(KEY, GENESIS, 0, fields);
    const two = chainLine(KEY, one.point, 1, { ...fields, type: 'key.copied', queued: 'q1' });
    expect(one.text.startsWith('{"actor":"cli","after":0,"at":"2026-11-28T12:00:00.000Z","details":{"a":[2,{"b":null,"y":true}],"field":"secret","z":1},"entry":{"id":"e1","label":"Kraken \\"main\\""},"seq":1,"type":"key.revealed","v":1,"mac":"')).toBe(true);
    const split = splitMac(two.text)!;
    expect(split.body).toBe(canonicalJson(JSON.parse(two.text.replace(/,"mac":"[^"]+"/, ''))));
    expect(lineMac(KEY, one.point.mac, split.body)).toBe(split.mac);
    expect(lineMac(KEY, 'another previous mac', split.body)).not.toBe(split.mac);
    expect(lineMac(Buffer.alloc(32, 2), one.point.mac, split.body)).not.toBe(split.mac);
    const p = parseLine(two.text);
    expect('line' in p && p.line).toMatchObject({ seq: 2, after: 1, queued: 'q1', type: 'key.copied' });
  });

  it('parses only what Signet writes, saying what is wrong', () => {
    const good = chainLine(KEY, GENESIS, 0, fields).text;
    const bad = (t: string) => {
      const p = parseLine(t);
      return 'error' in p ? p.error : 'ok';
    };
    expect(bad(good)).toBe('ok');
    expect(bad('{"a":1}')).toBe('it does not end with a MAC');
    expect(bad(good.replace('"v":1', '"v":2'))).toMatch(/format version 2/);
    expect(bad(good.replace('"type":"key.revealed"', '"type":"key.stolen"'))).toMatch(/"key\.stolen" is not an audit event type/);
    expect(bad(good.replace('"after":0', '"after":5'))).toMatch(/"after" is not a line count before it/);
    expect(bad(good.replace('"actor":"cli"', '"actor":"mallory"'))).toMatch(/actor/);
    expect(bad(good.replace('"seq":1', '"seq":0'))).toMatch(/seq/);
    expect(bad(good.slice(0, 40) + good.slice(41))).not.toBe('ok');
  });
});

describe('CSV fields', () => {
  it('quotes what needs it and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
    expect(csvField(-5)).toBe('-5');
    expect(csvField(false)).toBe('false');
  });
  it('defuses what a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+1+1')).toBe("'+1+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('\rcmd')).toBe('"\'\rcmd"');
    expect(csvField('a=b')).toBe('a=b');
  });
  it('ends every record with CRLF', () => {
    expect(csvRow(['a', 'b,c', null, 1])).toBe('a,"b,c",,1\r\n');
  });
});

describe('the per-minute rollup', () => {
  it('counts per key per minute and hands a minute over only once it is over', () => {
    const r = new MinuteRollup();
    const t = Date.parse('2026-11-28T12:00:10Z');
    for (let i = 0; i < 5; i++) r.add({ type: 'key.used', entry: { id: 'a', label: 'A' }, rollup: 'a' }, t + i * 1000);
    r.add({ type: 'key.used', entry: { id: 'b', label: 'B' }, rollup: 'b' }, t);
    r.add({ type: 'key.used', entry: { id: 'a', label: 'A' }, rollup: 'a' }, t + 60_000);
    expect(r.nextClose()).toBe(Date.parse('2026-11-28T12:01:00Z'));
    expect(r.take(t + 30_000)).toEqual([]);
    const closed = r.take(Date.parse('2026-11-28T12:01:00Z'));
    expect(closed.map((e) => [e.entry?.id, e.details?.count, e.details?.minute, e.details?.lastAt])).toEqual([
      ['a', 5, '2026-11-28T12:00Z', '2026-11-28T12:00:14.000Z'],
      ['b', 1, '2026-11-28T12:00Z', '2026-11-28T12:00:10.000Z'],
    ]);
    expect(closed[0]).not.toHaveProperty('rollup');
    expect(r.take(0, true).map((e) => e.details?.count)).toEqual([1]);
    expect(r.size).toBe(0);
    expect(r.nextClose()).toBeNull();
  });
});

describe('signet audit list --since and --type', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  it('reads durations, dates and timestamps', () => {
    expect(parseSince('30m', now)).toBe(now - 30 * 60_000);
    expect(parseSince('12h', now)).toBe(now - 12 * 3_600_000);
    expect(parseSince('7d', now)).toBe(now - 7 * 86_400_000);
    expect(parseSince('2w', now)).toBe(now - 14 * 86_400_000);
    expect(parseSince('2026-11-01', now)).toBe(Date.parse('2026-11-01T00:00:00Z'));
    expect(parseSince('2026-11-01T10:30:00+02:00', now)).toBe(Date.parse('2026-11-01T08:30:00Z'));
    for (const bad of ['yesterday', '7', '7y', '2026-02-30', '2026-11-01 10:00', '-3d']) expect(() => parseSince(bad, now), bad).toThrow(/--since/);
  });
  it('reads types and namespaces', () => {
    expect([...(parseTypes('vault') ?? [])]).toEqual(['vault.created', 'vault.unlocked', 'vault.unlock_failed', 'vault.locked', 'vault.rollback_accepted', 'vault.passphrase_changed', 'vault.os_slot_added', 'vault.os_slot_removed']);
    expect([...(parseTypes('key.used, scan.run') ?? [])]).toEqual(['key.used', 'scan.run']);
    expect(parseTypes(undefined)).toBeNull();
    expect(() => parseTypes('key.use')).toThrow(/"key\.use" is not an audit event type/);
    expect(() => parseTypes(',')).toThrow(/name at least one type/);
  });
});
