/**
 * <home>/settings.json is never read or written through a symbolic link (one planted in the home would redirect it): conf, as the browser host
 * and the CLI use it, on real files, with a real link planted before start and after.
 */
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/base/logger';
import { openSettingsStore } from '../../../src-main/settings/no-link-store';
import { SettingsService, type KeyValueStore } from '../../../src-main/settings/settings-service';

let dir: string;
let home: string;
let outside: string;
let logs: string[];
const OUTSIDE = '{"other":"app","keep":true}\n';

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-settings-'));
  home = join(dir, 'home');
  outside = join(dir, 'outside.json');
  logs = [];
  writeFileSync(outside, OUTSIDE);
  mkdirSync(home);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = () => new SettingsService(openSettingsStore(join(home, 'settings.json'), () => new Conf<Record<string, unknown>>({ cwd: home, configName: 'settings' }) as KeyValueStore, createLogger((l) => logs.push(l), 'warn')));

describe('openSettingsStore', () => {
  it('keeps settings in a plain file as before', () => {
    const s = open();
    s.set({ theme: 'dark' });
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8'))).toMatchObject({ settings: { theme: 'dark' } });
    expect(open().get().theme).toBe('dark');
    expect(logs).toEqual([]);
  });

  it('does not read or write through a link planted before start; reports it once, and the link stays', () => {
    symlinkSync(outside, join(home, 'settings.json'));
    const s = open();
    expect(s.get().theme).toBe('system');
    s.set({ theme: 'dark' });
    s.set({ autoLockMinutes: 5 });
    expect(s.get()).toMatchObject({ theme: 'dark', autoLockMinutes: 5 });
    expect(readFileSync(outside, 'utf8')).toBe(OUTSIDE);
    expect(lstatSync(join(home, 'settings.json')).isSymbolicLink()).toBe(true);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/settings\.json was left as it is because it is a symbolic link.*Remove it and restart Signet/);
  });

  it('stops writing when a link appears after start, keeping what was set', () => {
    const s = open();
    s.set({ theme: 'light' });
    unlinkSync(join(home, 'settings.json'));
    symlinkSync(outside, join(home, 'settings.json'));
    s.set({ autoLockMinutes: 30 });
    expect(s.get()).toMatchObject({ theme: 'light', autoLockMinutes: 30 });
    expect(readFileSync(outside, 'utf8')).toBe(OUTSIDE);
    expect(logs).toHaveLength(1);
  });
});
