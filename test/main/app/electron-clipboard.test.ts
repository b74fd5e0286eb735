/** SecretClipboard over Electron 45's async clipboard: cleared only while it still holds our secret. */
import { describe, expect, it } from 'vitest';
import { ElectronClipboard, type AsyncClipboard } from '../../../src-main/app/electron-clipboard';
import { SecretClipboard } from '../../../src-main/vault/secret-clipboard';
import type { Clock } from '../../../src-main/base/clock';
import { recordingLogger } from './fake-electron';

class OsClipboard implements AsyncClipboard {
  text = '';
  async readText(): Promise<string> {
    await new Promise((r) => setTimeout(r, 1)); // a real round trip to the OS
    return this.text;
  }
  async writeText(text: string): Promise<void> {
    await new Promise((r) => setTimeout(r, 1));
    this.text = text;
  }
}

/** A clock whose timers fire only when the test says so. */
function manualClock(): Clock & { fire(): void } {
  let pending: (() => void) | undefined;
  return {
    now: () => 1_000,
    setTimeout(fn) {
      pending = fn;
      return { cancel: () => (pending = undefined) };
    },
    fire() {
      pending?.();
    },
  };
}

function setup() {
  const os = new OsClipboard();
  const adapter = new ElectronClipboard(os, recordingLogger());
  const clock = manualClock();
  return { os, adapter, clock, secret: new SecretClipboard(adapter, clock) };
}

describe('ElectronClipboard', () => {
  it('copies, then clears when the timer fires', async () => {
    const { os, adapter, clock, secret } = setup();
    secret.copy('s3cr3t');
    await adapter.settled();
    expect(os.text).toBe('s3cr3t');
    clock.fire();
    await adapter.settled();
    expect(os.text).toBe('');
  });

  it('leaves alone what the user copied since', async () => {
    const { os, adapter, secret } = setup();
    secret.copy('s3cr3t');
    await adapter.settled();
    os.text = 'something the user copied';
    secret.clearNow();
    await adapter.settled();
    expect(os.text).toBe('something the user copied');
  });

  it('clears in order even when asked right after copying', async () => {
    const { os, adapter, secret } = setup();
    secret.copy('s3cr3t');
    secret.clearNow();
    await adapter.settled();
    expect(os.text).toBe('');
  });

  it('does nothing when there is no secret of ours to clear', async () => {
    const { os, adapter, secret } = setup();
    os.text = 'mine';
    secret.clearNow();
    await adapter.settled();
    expect(os.text).toBe('mine');
  });
});
