/**
 * No secret ever reaches the audit log: every kind of event is made with real, distinctive credentials and
 * passphrases, and neither the log, the queue nor the head file holds any of them (nor a whole API key: only its
 * masked preview). Then a detail named like a secret is refused outright, whoever passes it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempHomes } from '../../helpers/temp-home';
import { offlineRouter } from '../ipc/offline-router';
import { auditOf, logLines, parsed, PASS, vaultAt } from './audit-rig';

const newHome = useTempHomes();

const KRAKEN = { apiKey: 'KRAKENAPIKEY7f3a9c1e55d0b2', secret: 'c2VjcmV0LWtyYWtlbi1zZWNyZXQtdmFsdWUtMTIzNDU2Nzg5MA==' };
const KRAKEN_NEXT = 'bmV4dC1rcmFrZW4tc2VjcmV0LXZhbHVlLWFmdGVyLWNoYW5nZQ==';
const OKX = { apiKey: 'OKXAPIKEY0e8d7c6b5a4f3e2d1', secret: 'OKXSECRET9a8b7c6d5e4f3a2b1c0d', passphrase: 'OkxPassphrase-Quasar-4821' };
const NEXT = 'tangerine orbit velvet canyon';
const WRONG = 'almost the passphrase but not 93';
const BACKUP = 'lantern mosaic quiver oatmeal';

describe('the audit log holds no secret', () => {
  it('after every kind of vault event, with the real secrets', async () => {
    const home = newHome();
    const v = vaultAt(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    const kraken = await v.add({ label: 'Kraken main', provider: 'kraken', environment: 'prod', credentials: KRAKEN });
    const okx = await v.add({ label: 'OKX', provider: 'okx', environment: 'test', credentials: OKX });
    await v.update({ id: kraken.id, credentials: { secret: KRAKEN_NEXT } });
    await v.revealField(okx.id, 'passphrase');
    const { router } = offlineRouter(v);
    expect(await router.handle('vault:copySecret', { id: kraken.id, field: 'secret' })).toMatchObject({ ok: true });
    const backup = join(newHome(), 'backup.json');
    await v.exportBackup(backup, BACKUP);
    const preview = await v.previewImport(backup, BACKUP);
    await v.applyImport(preview.importId, 'keep-both');
    await v.addKeyPair({ label: 'Binance pair', provider: 'binance', environment: 'dev', type: 'ed25519' });
    await v.changePassphrase({ current: PASS, next: NEXT });
    await v.remove(okx.id);
    await v.lock();
    const w = vaultAt(home);
    await expect(w.unlockWithPassphrase(WRONG)).rejects.toMatchObject({ code: 'ERR_BAD_PASSPHRASE' });
    await expect(w.unlockWithPassphrase(PASS)).rejects.toMatchObject({ code: 'ERR_BAD_PASSPHRASE' });
    await w.unlockWithPassphrase(NEXT);
    await w.lock();

    const types = new Set(logLines(home).map((l) => parsed(l).type));
    for (const t of ['vault.created', 'key.created', 'key.updated', 'key.revealed', 'key.copied', 'key.exported', 'backup.exported', 'key.imported', 'backup.imported', 'vault.passphrase_changed', 'key.deleted', 'vault.locked', 'vault.unlock_failed', 'vault.unlocked', 'key.used']) {
      expect(types, t).toContain(t);
    }
    const files = readdirSync(home).filter((n) => n.startsWith('audit'));
    expect(files).toEqual(expect.arrayContaining(['audit.jsonl', 'audit.head']));
    const text = files.map((n) => readFileSync(join(home, n), 'utf8')).join('\n');
    for (const secret of [KRAKEN.apiKey, KRAKEN.secret, KRAKEN_NEXT, OKX.apiKey, OKX.secret, OKX.passphrase, PASS, NEXT, WRONG, BACKUP]) expect(text).not.toContain(secret);
    // What is there instead: masked previews and field names.
    expect(text).toContain(`••••${KRAKEN.apiKey.slice(-4)}`);
    expect(text).toContain('"fields":["credentials.secret"]');
    const w2 = vaultAt(home);
    await w2.unlockWithPassphrase(NEXT);
    // The lines from before the passphrase change still check: their key is kept, sealed, in the head.
    expect(await w2.verifyAudit()).toMatchObject({ ok: true, problem: null });
    await w2.lock();
  });

  it('refuses an event whose details are named like a secret, and one of an unknown type', async () => {
    const home = newHome();
    const v = vaultAt(home);
    await v.create({ passphrase: PASS, useOsSlot: false });
    const audit = auditOf(v);
    await expect(audit.record({ type: 'scan.run', details: { findings: [{ file: 'a.env', secret: 'sk_live_123' }] } })).rejects.toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringMatching(/details\.findings\[0\]\.secret is named like a secret/) });
    await expect(audit.record({ type: 'scan.run', details: { apiKey: 'x' } })).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    await expect(audit.record({ type: 'scan.ran' as never })).rejects.toMatchObject({ code: 'ERR_VALIDATION', message: expect.stringMatching(/"scan\.ran" is not an audit event type/) });
    const before = logLines(home).length;
    await audit.record({ type: 'scan.run', details: { roots: ['~/src'], files: 1200, findings: 2, previews: ['sk_live_••••9f3a'] } });
    const last = parsed(logLines(home).at(-1) as string);
    expect(logLines(home)).toHaveLength(before + 1);
    expect(last).toMatchObject({ type: 'scan.run', details: { roots: ['~/src'], files: 1200, findings: 2 } });
    await v.lock();
  });
});
