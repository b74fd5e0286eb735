/**
 * window.signet is exactly the contract: one function per channel invoking that channel, two event subscriptions
 * that hand over the payload only, and nothing generic (no invoke/send/on, no ipcRenderer).
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fake } from '../app/fake-electron';
import { CHANNELS, EVENTS, eventChannel } from '../../../src-main/contract/channels';

vi.mock('electron', async () => (await import('../app/fake-electron')).electronModule());

type Api = Record<string, Record<string, (...args: unknown[]) => unknown>>;
let api: Api;

beforeAll(async () => {
  await import('../../../src-main/preload/index');
  api = fake.contextBridge.exposed.get('signet') as Api;
});

/** `vault:copySecret` → ['vault', 'copySecret']. */
const pathOf = (channel: string) => channel.split(':') as [string, string];

function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'function') return [prefix];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
  return [`${prefix}:${typeof value}`];
}

describe('preload', () => {
  it('exposes window.signet and nothing else', () => {
    expect([...fake.contextBridge.exposed.keys()]).toEqual(['signet']);
  });

  it('exposes one function per channel plus the event subscriptions, and nothing generic', () => {
    const expected = [...CHANNELS.map((c) => pathOf(c).join('.')), 'vault.onStatusChanged', 'vault.onEntriesChanged', 'inspector.onRecorded', 'markets.onUpdate', 'rotation.onChanged', 'rotation.onReminded', 'scan.onProgress', 'audit.onAppended'].sort();
    expect(leafPaths(api).sort()).toEqual(expected);
    // Nothing but the contract's own channels may carry a generic IPC name (`request.send` is the channel request:send).
    const channelPaths = new Set(CHANNELS.map((c) => pathOf(c).join('.')));
    for (const name of ['invoke', 'send', 'sendSync', 'on', 'once', 'ipcRenderer', 'postMessage']) {
      expect(leafPaths(api).some((p) => !channelPaths.has(p) && p.split('.').includes(name)), name).toBe(false);
    }
    for (const group of Object.values(api)) expect(Object.values(group)).not.toContain(fake.ipcRenderer);
  });

  it.each([...CHANNELS])('%s invokes its own channel with the input', async (channel) => {
    fake.ipcRenderer.invoke.mockClear();
    const [ns, fn] = pathOf(channel);
    const input = { marker: channel };
    const result = await api[ns]![fn]!(input);
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledTimes(1);
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith(channel, input);
    expect(result).toEqual({ ok: true, value: { channel, args: [input] } });
  });

  it.each([
    ['vault', 'onStatusChanged', 'vault:statusChanged'],
    ['vault', 'onEntriesChanged', 'vault:entriesChanged'],
    ['inspector', 'onRecorded', 'inspector:recorded'],
    ['markets', 'onUpdate', 'markets:update'],
  ] as const)('%s.%s delivers the payload only, and unsubscribes', (ns, method, event) => {
    expect(EVENTS).toContain(event);
    const listener = vi.fn();
    const unsubscribe = api[ns]![method]!(listener) as () => void;
    const ipcEvent = { sender: fake.ipcRenderer, senderId: 0, ports: [] };
    const payload = { at: '2025-01-01T00:00:00.000Z' };
    fake.ipcRenderer.emit(eventChannel(event), ipcEvent, payload);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([payload]);
    expect(listener.mock.calls[0]).not.toContain(ipcEvent);

    // Another event's channel does not reach this listener.
    const other = EVENTS.find((e) => e !== event)!;
    fake.ipcRenderer.emit(eventChannel(other), ipcEvent, payload);
    expect(listener).toHaveBeenCalledTimes(1);

    unsubscribe();
    expect(fake.ipcRenderer.listenerCount(eventChannel(event))).toBe(0);
    fake.ipcRenderer.emit(eventChannel(event), ipcEvent, payload);
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe(); // twice is harmless
  });

  it('keeps separate subscriptions independent', () => {
    const a = vi.fn();
    const b = vi.fn();
    const offA = api.vault!.onEntriesChanged!(a) as () => void;
    const offB = api.vault!.onEntriesChanged!(b) as () => void;
    offA();
    fake.ipcRenderer.emit(eventChannel('vault:entriesChanged'), {}, { at: 'x' });
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledWith({ at: 'x' });
    offB();
  });
});
