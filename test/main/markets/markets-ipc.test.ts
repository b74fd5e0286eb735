/**
 * The markets channels through the shared IPC router, as both hosts wire them: the real egress doors
 * (PublicHttpClient, createSocketOpener) to a real sandbox exchange, inputs and outputs checked by the contract,
 * the chosen provider and the watchlist kept in settings, and `markets:update` events forwarded after their
 * schema strips anything extra.
 */
import { RotationService } from '../../../src-main/rotation/rotation-service';
import { egressCaller } from '../../../src-main/rotation/signed-caller';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/base/logger';
import { systemClock } from '../../../src-main/base/clock';
import type { MarketsUpdate } from '../../../src-main/contract/markets';
import { Egress } from '../../../src-main/http/egress';
import { createSocketOpener } from '../../../src-main/http/egress-socket';
import { InspectorStore } from '../../../src-main/http/inspector-store';
import { PublicHttpClient } from '../../../src-main/http/public-http';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { forwardHostEvents } from '../../../src-main/ipc/host-events';
import { createRouter } from '../../../src-main/ipc/router';
import { createDebugService } from '../../../src-main/debugger/record-source';
import { MarketsService } from '../../../src-main/markets/markets-service';
import { marketProviderFactories } from '../../../src-main/markets/provider-factories';
import { createProviderRegistry } from '../../../src-main/markets/provider-registry';
import { EmbeddedSandbox } from '../../../src-main/sandbox/embedded-sandbox';
import { MemoryStore, SettingsService } from '../../../src-main/settings/settings-service';
import { MemoryClipboard, SecretClipboard } from '../../../src-main/vault/secret-clipboard';
import { VaultService } from '../../../src-main/vault/vault-service';
import { FAST_KDF, useTempHomes } from '../../helpers/temp-home';
import { until } from './markets-loopback';
import { cannotConfirm } from '../../../src-main/base/confirm';
import { ScanDesk } from '../../../src-main/scan/scan-desk';
import { ScanService } from '../../../src-main/scan/scan-service';

const newHome = useTempHomes();
let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function host() {
  const home = newHome();
  const vault = new VaultService({ home, osSlot: null, kdf: FAST_KDF });
  await vault.create({ passphrase: 'correct horse battery staple', useOsSlot: false });
  cleanup.push(() => vault.isUnlocked() && vault.lock());
  const sandbox = new EmbeddedSandbox({ home, vault, logger: silentLogger, sandbox: { symbols: 25, seed: 'ipc', rateHz: 10 } });
  await sandbox.start();
  cleanup.push(() => sandbox.close());
  const inspector = new InspectorStore({ file: null });
  const publicHttp = new PublicHttpClient({ vault, inspector, sandboxUrl: () => sandbox.url() });
  cleanup.push(() => publicHttp.close());
  const registry = createProviderRegistry({ factories: marketProviderFactories({ sandboxUrl: () => sandbox.url() }), http: publicHttp, openSocket: createSocketOpener({ sandboxUrl: () => sandbox.url() }), vault });
  const settings = new SettingsService(new MemoryStore());
  const markets = new MarketsService({ registry, initialProvider: settings.get().marketsProvider });
  cleanup.push(() => markets.close());
  await markets.start();
  const egress = new Egress({ vault, inspector, sandboxUrl: () => sandbox.url() });
  cleanup.push(() => egress.close());
  const services = { host: 'browser' as const, version: 'test', home, vault, settings, clipboard: new SecretClipboard(new MemoryClipboard(), systemClock), dialogs: { chooseBackupSavePath: async () => null, chooseBackupOpenPath: async () => null, chooseScanFolders: async () => null }, confirm: cannotConfirm('nobody is asked in this test.'), inspector, egress, sandbox, markets, debugger: createDebugService({ vault, inspector }), rotation: new RotationService({ vault, caller: egressCaller(egress), clock: systemClock, defaults: () => settings.get().rotationDefaults }), scan: new ScanDesk(new ScanService({ vault })) };
  const router = createRouter(createHandlers(services), silentLogger);
  const call = async (channel: string, input?: unknown) => {
    const r = await router.handle(channel, input);
    if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
    return r.value as never;
  };
  return { call, router, services, settings, inspector };
}

describe('markets over IPC', () => {
  it('lists providers, snapshots the sandbox and answers a symbol’s candles', async () => {
    const { call, inspector } = await host();
    const providers: { id: string; available: boolean }[] = await call('markets:providers');
    expect(providers).toContainEqual(expect.objectContaining({ id: 'sandbox', available: true, needsKey: false, hasSignals: true }));
    const snap: { provider: string; rows: { symbol: string; spark: number[] }[]; status: { state: string } } = await call('markets:snapshot');
    expect(snap.provider).toBe('sandbox');
    expect(snap.rows).toHaveLength(25);
    expect(['live', 'connecting']).toContain(snap.status.state);
    const detail: { candles: unknown[]; signalHistory: unknown[] } = await call('markets:symbol', { symbol: 'ETH-USD', interval: '15m' });
    expect(detail.candles).toHaveLength(300);
    expect(detail.signalHistory.length).toBeGreaterThan(0);
    // Market polling stays out of the Inspector.
    expect(inspector.list({}).total).toBe(0);
  });

  it('refuses bad input by the contract and answers an unknown symbol with what to do', async () => {
    const { router } = await host();
    expect(await router.handle('markets:symbol', { symbol: 'BTC-USD', interval: '2m' })).toMatchObject({ ok: false, error: { code: 'ERR_VALIDATION' } });
    expect(await router.handle('markets:select', { provider: 'nyse' })).toMatchObject({ ok: false, error: { code: 'ERR_VALIDATION' } });
    const r = await router.handle('markets:symbol', { symbol: 'NOPE-USD', interval: '1m' });
    expect(r).toMatchObject({ ok: false, error: { code: 'ERR_VALIDATION' } });
    expect(!r.ok && r.error.message).toMatch(/Unknown symbol/);
  });

  it('remembers the chosen provider and the watchlist in settings', async () => {
    const { call, settings } = await host();
    expect(settings.get()).toMatchObject({ marketsProvider: 'sandbox', watchlist: [] });
    await call('markets:select', { provider: 'sandbox' });
    await call('settings:set', { watchlist: ['SOL-USD', 'BTC-USD'] });
    expect(settings.get().watchlist).toEqual(['SOL-USD', 'BTC-USD']);
    await expect(call('settings:set', { watchlist: [''] })).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
  });

  it('forwards markets:update events, parsed by the contract', async () => {
    const { services } = await host();
    const got: MarketsUpdate[] = [];
    const off = forwardHostEvents(services, (name, payload) => name === 'markets:update' && got.push(payload as MarketsUpdate), silentLogger);
    cleanup.push(off);
    await until(() => got.filter((u) => u.ticks.length > 0).length >= 3, 5000, 'updates');
    const u = got.find((x) => x.ticks.length > 0)!;
    expect(Object.keys(u.ticks[0]!).sort()).toEqual(['ask', 'bid', 'change24hPct', 'last', 'symbol', 'ts', 'volume24h']);
    expect(u.provider).toBe('sandbox');
  });
});
