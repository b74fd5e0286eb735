/**
 * Events that come from outside the vault's own calls: every step a rotation writes (its own line, in the same vault
 * write as the step), the keys it revokes at the provider, and signatures the embedded sandbox refuses (rolled up per
 * key, code and minute). Real rotation against the real sandbox exchange on loopback.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/base/logger';
import { EmbeddedSandbox } from '../../../src-main/sandbox/embedded-sandbox';
import { useTempHomes } from '../../helpers/temp-home';
import { rotationRig, type RotationRig } from '../rotation/rotation-rig';
import { signedFetch } from '../sandbox/sandbox-client';
import { auditOf, logLines, parsed, PASS, vaultAt } from './audit-rig';

const newHome = useTempHomes();
let rig: RotationRig | undefined;
let sandbox: EmbeddedSandbox | undefined;
afterEach(async () => {
  await rig?.close();
  await sandbox?.close();
  rig = undefined;
  sandbox = undefined;
});

describe('rotation steps in the audit log', () => {
  it('one line per step, a key.revoked for the old key, and neither key\u2019s secret', async () => {
    rig = await rotationRig(newHome());
    const old = await rig.current();
    await rig.service.start(rig.entryId, { overlapMinutes: 0 });
    await rig.service.settled(rig.entryId);
    const now = await rig.current();
    expect(now.apiKey).not.toBe(old.apiKey);

    const lines = logLines(rig.home).map(parsed).filter((l) => l.entry?.id === rig!.entryId);
    const steps = lines.filter((l) => l.type === 'key.rotation_step');
    const runId = steps[0]?.details.runId;
    expect(steps.map((l) => l.details.step)).toEqual(['started', 'created', 'verified', 'switched', 'revoked']);
    expect(new Set(steps.map((l) => l.details.runId))).toEqual(new Set([runId]));
    expect(steps.at(-1)?.details).toMatchObject({ state: 'done', outcome: 'ok' });
    const revoked = lines.filter((l) => l.type === 'key.revoked');
    expect(revoked).toHaveLength(1);
    expect(revoked[0]?.details).toMatchObject({ runId, which: 'old', remoteKeyId: expect.any(String), preview: `••••${old.apiKey!.slice(-4)}` });

    const text = readFileSync(join(rig.home, 'audit.jsonl'), 'utf8');
    for (const s of [old.secret!, now.secret!, old.apiKey!, now.apiKey!]) expect(text).not.toContain(s);
    expect((await rig.vault.verifyAudit()).ok).toBe(true);
  });
});

describe('signatures the embedded sandbox refuses', () => {
  it('are recorded per key, code and minute with a count, naming the vault key and never the signature', async () => {
    const home = newHome();
    const vault = vaultAt(home);
    await vault.create({ passphrase: PASS, useOsSlot: false, addSandboxKey: true });
    sandbox = new EmbeddedSandbox({ home, vault, logger: silentLogger, audit: auditOf(vault), sandbox: { symbols: 3, seed: 'audit', rateHz: 1 } });
    await sandbox.start();
    await sandbox.synced();
    const entry = vault.list().find((e) => e.provider === 'sandbox')!;
    const creds = await vault.useSecret(entry.id, (c) => ({ apiKey: c.apiKey!, secret: c.secret! }), { record: false });

    const sent: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await signedFetch(sandbox.url()!, { apiKey: creds.apiKey, secret: 'not-the-secret-at-all' }, 'GET', '/v1/account?x=1', {
        tamper: (req) => void sent.push(/signature="([^"]+)"/.exec(req.headers.Authorization ?? req.headers.authorization ?? '')?.[1] ?? ''),
      });
      expect(r.json.code).toBe('invalid_signature');
    }
    const ok = await signedFetch(sandbox.url()!, creds, 'GET', '/v1/account');
    expect(ok.status).toBe(200);
    await vault.flush();

    const failed = logLines(home).map(parsed).filter((l) => l.type === 'signature.verify_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ entry: { id: entry.id, label: entry.label }, details: { source: 'sandbox', code: 'invalid_signature', method: 'GET', path: '/v1/account', count: 5, keyPreview: `••••${creds.apiKey.slice(-4)}` } });
    expect(failed[0]?.details.sigPrefix).toMatch(/^.{1,8}…$/);
    const text = readFileSync(join(home, 'audit.jsonl'), 'utf8');
    expect(sent.filter(Boolean)).toHaveLength(5);
    for (const sig of sent) expect(text).not.toContain(sig);
    expect(text).not.toContain(creds.secret);
    expect(text).not.toContain(creds.apiKey);
    await vault.lock();
  });
});
