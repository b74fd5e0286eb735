/**
 * The built `signet` (out/cli/signet.js) as a real child process against a private gnome-keyring: what a user
 * runs. `vault init` adds the OS keyring slot; later commands unlock through the keyring with no passphrase.
 * Production scrypt cost (N = 2^17) applies here, so each passphrase unlock takes a few hundred ms.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt } from './built-cli';
import type { EntrySummary, VaultStatus } from '../../../src-main/contract/schemas';
import { keyringAvailableOrFail, startPrivateKeyring, type PrivateKeyring } from '../../helpers/private-keyring';

const PASSPHRASE = 'granite puzzle orchard velvet 314';
const canRun = process.platform === 'linux' && keyringAvailableOrFail();

describe.skipIf(!canRun)('built signet CLI with the OS keyring', () => {
  let keyring: PrivateKeyring;
  let home: string;

  beforeAll(async () => {
    ensureBuilt();
    keyring = await startPrivateKeyring();
    home = mkdtempSync(join(tmpdir(), 'signet-built-'));
  });
  afterAll(async () => {
    await keyring?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  function signet(args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> & { json<T>(): T } {
    const r = spawnSync(process.execPath, [CLI, ...args], {
      cwd: home,
      // Only what the CLI needs: no inherited SIGNET_* or D-Bus address from the developer's session.
      env: { ...keyring.env, SIGNET_HOME: home, ...env },
      encoding: 'utf8',
      // Not a terminal: it must never wait for a prompt.
      stdio: ['pipe', 'pipe', 'pipe'],
      input: '',
      timeout: 30_000,
    });
    expect(r.error, `signet ${args.join(' ')} did not finish`).toBeUndefined();
    expect(r.stderr).not.toMatch(/\n\s+at /);
    return Object.assign(r, { json: <T>() => JSON.parse(r.stdout) as T });
  }

  it('init adds the Secret Service slot; list then unlocks through the keyring without a passphrase', () => {
    const init = signet(['vault', 'init', '--json'], { SIGNET_PASSPHRASE: PASSPHRASE });
    expect(init.status, init.stderr).toBe(0);
    const created = init.json<VaultStatus>();
    expect(created.slots.map((s) => [s.kind, s.provider, s.backend])).toEqual([
      ['passphrase', null, null],
      ['os', 'os-keyring', 'secret-service'],
    ]);

    const status = signet(['vault', 'status', '--json']);
    expect(status.status).toBe(0);
    expect(status.json<VaultStatus>()).toMatchObject({ exists: true, canUnlockWithOs: true, os: { available: true, secure: true, backend: 'secret-service' } });

    const list = signet(['vault', 'list', '--json']);
    expect(list.status, list.stderr).toBe(0);
    expect(list.json<EntrySummary[]>().map((e) => e.label)).toEqual(['Sandbox (local)']);

    const human = signet(['vault', 'list']);
    expect(human.status).toBe(0);
    expect(human.stdout).toMatch(/Sandbox \(local\)\s+sandbox\s+dev/);
  });

  it('a wrong SIGNET_PASSPHRASE is not rescued by the keyring (exit 1)', () => {
    const r = signet(['vault', 'list'], { SIGNET_PASSPHRASE: 'not the passphrase at all 0' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^signet: SIGNET_PASSPHRASE does not unlock this vault/);
  });

  it('without a reachable keyring, the CLI says how else to unlock (exit 1)', () => {
    const r = signet(['vault', 'list'], { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/signet-bus' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/SIGNET_PASSPHRASE/);
  });

  it('os-slot remove deletes the keyring item; the keyring then no longer unlocks', () => {
    const removed = signet(['vault', 'os-slot', 'remove', '--json'], { SIGNET_PASSPHRASE: PASSPHRASE });
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.json<VaultStatus>().slots.map((s) => s.kind)).toEqual(['passphrase']);
    const search = spawnSync(
      'dbus-send',
      ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.SearchItems', 'dict:string:string:service,Signet'],
      { env: keyring.env, encoding: 'utf8' },
    );
    expect(search.status).toBe(0);
    expect(search.stdout).not.toMatch(/object path "\/org\/freedesktop\/secrets\/collection/);

    const locked = signet(['vault', 'list', '--json']);
    expect(locked.status).toBe(1);
    expect(locked.json<{ code: string }>().code).toBe('ERR_VAULT_LOCKED');

    const readded = signet(['vault', 'os-slot', 'add'], { SIGNET_PASSPHRASE: PASSPHRASE });
    expect(readded.status, readded.stderr).toBe(0);
    expect(signet(['vault', 'list', '--json']).status).toBe(0);
  });
});
