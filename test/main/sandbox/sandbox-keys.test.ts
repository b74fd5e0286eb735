/**
 * The key store's persistence: keys created or trusted survive a restart; a corrupt state file stops the start and
 * stays as it was; a symbolic link planted at the state file is neither read, written through nor replaced.
 */
import { lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src-main/sandbox/sandbox';
import { useTempHomes } from '../../helpers/temp-home';
import { signedFetch } from './sandbox-client';

const tempDir = useTempHomes();
const ROOT = { apiKey: 'root', secret: 'root-secret-123', scopes: ['read', 'trade', 'keys:manage'] };

describe('sandbox key persistence', () => {
  it('keeps keys created through the API, revocations and upserts across a restart, in a 0600 file', async () => {
    const stateFile = join(tempDir(), 'sandbox-keys.json');
    const a = await startSandbox({ symbols: 5, stateFile, keys: [ROOT] });
    const created = await signedFetch(a.url, ROOT, 'POST', '/v1/keys', { body: { label: 'ci', scopes: ['read'] } });
    const child = created.json as unknown as { id: string; apiKey: string; secret: string };
    const gone = await signedFetch(a.url, ROOT, 'POST', '/v1/keys', { body: { scopes: ['read'] } });
    await signedFetch(a.url, ROOT, 'DELETE', `/v1/keys/${gone.json.id as string}`);
    await a.keys.upsert({ apiKey: 'vault-key', secret: 'from-the-vault', scopes: ['read'], label: 'app' });
    await a.close();
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);

    const b = await startSandbox({ symbols: 5, stateFile });
    try {
      const byKey = new Map(b.keys.list().map((k) => [k.apiKey, k]));
      expect(byKey.get(child.apiKey)).toMatchObject({ id: child.id, label: 'ci', revokedAt: null });
      expect(byKey.get(gone.json.apiKey as string)?.revokedAt).toEqual(expect.any(String));
      expect(byKey.get('vault-key')).toMatchObject({ label: 'app', scopes: ['read'] });
      for (const k of b.keys.list()) expect(k).not.toHaveProperty('secret');
      expect((await signedFetch(b.url, child, 'GET', '/v1/account')).status).toBe(200);
      expect((await signedFetch(b.url, { apiKey: 'vault-key', secret: 'from-the-vault' }, 'GET', '/v1/account')).status).toBe(200);
      expect((await signedFetch(b.url, { apiKey: gone.json.apiKey as string, secret: gone.json.secret as string }, 'GET', '/v1/account')).json.code).toBe('key_revoked');
      // Upsert with a new secret: the old one stops working at once.
      await b.keys.upsert({ apiKey: 'vault-key', secret: 'rotated', scopes: ['read'] });
      expect((await signedFetch(b.url, { apiKey: 'vault-key', secret: 'from-the-vault' }, 'GET', '/v1/account')).json.code).toBe('invalid_signature');
      expect((await signedFetch(b.url, { apiKey: 'vault-key', secret: 'rotated' }, 'GET', '/v1/account')).status).toBe(200);
    } finally {
      await b.close();
    }
  });

  it('refuses a corrupt state file with a clear error and leaves it untouched', async () => {
    const dir = tempDir();
    for (const [name, text, why] of [
      ['not-json.json', '{"version":1,"keys":[', /not JSON/],
      ['wrong-shape.json', JSON.stringify({ version: 1, keys: [{ id: 'k', apiKey: 'a', secret: 's', scopes: ['root'] }] }), /keys\.0\.scopes\.0: expected one of read/],
      ['future.json', JSON.stringify({ version: 2, keys: [] }), /version/],
    ] as const) {
      const stateFile = join(dir, name);
      writeFileSync(stateFile, text, { mode: 0o600 });
      const before = statSync(stateFile).mtimeMs;
      const err = await startSandbox({ symbols: 5, stateFile, keys: [ROOT] }).then(
        (s) => s.close().then(() => null),
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: 'ERR_FILE', message: expect.stringContaining(stateFile) });
      expect((err as Error).message).toMatch(why);
      expect((err as Error).message).toMatch(/left untouched/);
      expect(readFileSync(stateFile, 'utf8')).toBe(text);
      expect(statSync(stateFile).mtimeMs).toBe(before);
    }
  });

  it('refuses a state file that is a symbolic link: keys planted outside the home are not trusted, nothing is read', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'home'));
    // Anyone who can write here could hand the sandbox their own keys, or make it read any file.
    const outside = join(dir, 'attacker-keys.json');
    const planted = JSON.stringify({ version: 1, keys: [{ id: 'k1', apiKey: 'planted', secret: 'planted-secret', scopes: ['read', 'trade', 'keys:manage'], accountId: 'a1', label: null, createdAt: '2026-01-01T00:00:00Z', expiresAt: null, revokedAt: null }] });
    writeFileSync(outside, planted);
    const stateFile = join(dir, 'home', 'sandbox-keys.json');
    symlinkSync(outside, stateFile);
    const err = await startSandbox({ symbols: 5, stateFile, keys: [ROOT] }).then(
      (s) => s.close().then(() => null),
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'ERR_FILE', message: expect.stringContaining(stateFile) });
    expect((err as Error).message).toMatch(/symbolic link.*[Rr]emove the link/s);
    expect(readlinkSync(stateFile)).toBe(outside);
    expect(readFileSync(outside, 'utf8')).toBe(planted);
  });

  it('does not write through, or replace, a symbolic link planted at the state file while it runs', async () => {
    const dir = tempDir();
    const outside = join(dir, 'victim.txt');
    writeFileSync(outside, 'precious\n');
    const stateFile = join(dir, 'sandbox-keys.json');
    const s = await startSandbox({ symbols: 5, stateFile, keys: [ROOT] });
    try {
      unlinkSync(stateFile);
      symlinkSync(outside, stateFile);
      const created = await signedFetch(s.url, ROOT, 'POST', '/v1/keys', { body: { scopes: ['read'] } });
      expect(created.status).toBe(500);
      expect(created.json.message).toMatch(/sandbox-keys\.json.*symbolic link/s);
      expect(created.json).not.toHaveProperty('secret');
      expect(readFileSync(outside, 'utf8')).toBe('precious\n');
      expect(lstatSync(stateFile).isSymbolicLink()).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('refuses a bad preloaded key, naming the field', async () => {
    await expect(startSandbox({ symbols: 5, keys: [{ apiKey: 'has space', secret: 's', scopes: ['read'] }] })).rejects.toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringMatching(/apiKey/) });
    await expect(startSandbox({ symbols: 5, keys: [{ apiKey: 'k', secret: 's', scopes: ['admin'] }] })).rejects.toMatchObject({ message: expect.stringMatching(/scopes\.0/) });
  });
});
