/**
 * The rollback attack on the command line: `cp vault.json.bak vault.json`, then any `signet vault …`
 * command. Refused with ERR_VAULT_ROLLBACK until the person chooses: on a terminal Signet asks; a script sets
 * SIGNET_ACCEPT_ROLLBACK to the refused file's generation.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntrySummary } from '../../../src-main/contract/schemas';
import { PASSPHRASE, runCli, tempHome } from './run-cli';

let home: string;
let cleanup: () => void;

beforeEach(() => {
  ({ home, cleanup } = tempHome());
});
afterEach(() => cleanup());

const generationOf = (path: string): number => (JSON.parse(readFileSync(path, 'utf8')) as { generation: number }).generation;

/** A vault with a key added after its previous version, and that previous version copied over it. */
async function olderCopyPutBack(): Promise<{ old: number; seen: number }> {
  expect((await runCli(['vault', 'init'], home)).code).toBe(0);
  const add = await runCli(['vault', 'add', '--label', 'Added later', '--provider', 'kraken', '--env', 'prod', '--credentials', '-'], home, {
    stdin: JSON.stringify({ apiKey: 'KRK-LATER', secret: 'bGF0ZXI=' }),
  });
  expect(add.code, add.stderr).toBe(0);
  const seen = generationOf(join(home, 'vault.json'));
  copyFileSync(join(home, 'vault.json.bak'), join(home, 'vault.json'));
  return { old: generationOf(join(home, 'vault.json')), seen };
}

describe('signet and an older vault file put back', () => {
  it('refuses `cp vault.json.bak vault.json` (exit 1, file untouched) and says how to open it anyway', async () => {
    const { old, seen } = await olderCopyPutBack();
    const before = readFileSync(join(home, 'vault.json'));
    const r = await runCli(['vault', 'list', '--json'], home);
    expect(r.code).toBe(1);
    const e = r.json<{ code: string; message: string }>();
    expect(e.code).toBe('ERR_VAULT_ROLLBACK');
    expect(e.message).toContain(`generation ${old}; Signet last saw generation ${seen}`);
    expect(e.message).toContain(`SIGNET_ACCEPT_ROLLBACK=${old}`);
    expect(readFileSync(join(home, 'vault.json')).equals(before)).toBe(true);
  });

  it('SIGNET_ACCEPT_ROLLBACK opens it only when it names the refused generation, and then it stays accepted', async () => {
    const { old, seen } = await olderCopyPutBack();
    const wrong = await runCli(['vault', 'list', '--json'], home, { env: { SIGNET_ACCEPT_ROLLBACK: String(old + 7) } });
    expect(wrong.code).toBe(1);
    expect(wrong.json<{ message: string }>().message).toMatch(/not this file's generation .*nothing was accepted/);

    const yes = await runCli(['vault', 'list', '--json'], home, { env: { SIGNET_ACCEPT_ROLLBACK: String(old) } });
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.json<EntrySummary[]>().map((x) => x.label)).toEqual(['Sandbox (local)']);
    expect(yes.stderr).toMatch(/warning: Opening the vault file at generation/);
    expect(generationOf(join(home, 'vault.json'))).toBeGreaterThan(seen);
    // Accepted once: the next command opens it without the variable.
    expect((await runCli(['vault', 'list', '--json'], home)).code).toBe(0);
  });

  it('on a terminal, asks: "n" opens nothing (exit 1), "y" opens the older version', async () => {
    await olderCopyPutBack();
    const no = await runCli(['vault', 'list'], home, { isTTY: true, stdin: 'n\n', env: { NO_COLOR: '1' } });
    expect(no.code).toBe(1);
    expect(no.stderr).toMatch(/is an older version .*put back an older copy/);
    expect(no.stderr).toMatch(/Open this older version anyway\? \[y\/N\]/);
    expect(no.stderr).toMatch(/Nothing was opened or changed/);
    const yes = await runCli(['vault', 'list', '--json'], home, { isTTY: true, stdin: 'y\n' });
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.json<EntrySummary[]>()).toHaveLength(1);
  });

  it('asks after a prompted passphrase too, without asking for the passphrase again', async () => {
    await olderCopyPutBack();
    const r = await runCli(['vault', 'list', '--json'], home, { env: { SIGNET_PASSPHRASE: undefined }, isTTY: true, stdin: `${PASSPHRASE}\ny\n` });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/Vault passphrase: /g)).toHaveLength(1);
  });

  it('documents SIGNET_ACCEPT_ROLLBACK in --help', async () => {
    const r = await runCli(['--help'], home);
    expect(r.stdout).toMatch(/SIGNET_ACCEPT_ROLLBACK +open a vault file older than the newest one Signet saw/);
  });
});
