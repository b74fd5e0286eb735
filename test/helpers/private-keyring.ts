/**
 * A private Secret Service for tests: its own D-Bus session bus and an unlocked gnome-keyring, both in a temp
 * home, so tests exercise the real keyring without touching (or needing) the developer's own: dbus-daemon --session,
 * then gnome-keyring-daemon --unlock (password on stdin) with HOME and XDG_* in the temp dir, ready once
 * org.freedesktop.secrets has an owner.
 *
 * @napi-rs/keyring connects once per process, reading DBUS_SESSION_BUS_ADDRESS from the process environment at
 * first use: run code under test as a child process with `env`, or set process.env before the first keyring call.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivateKeyring {
  /** Environment for a process that should use this keyring (HOME, XDG_*, DBUS_SESSION_BUS_ADDRESS). */
  readonly env: Record<string, string>;
  readonly dir: string;
  stop(): Promise<void>;
}

const REQUIRED_TOOLS = ['dbus-daemon', 'gnome-keyring-daemon', 'dbus-send'] as const;

function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Tools that are missing on this machine (empty when a private keyring can start). */
export function missingKeyringTools(): string[] {
  return REQUIRED_TOOLS.filter((t) => !hasTool(t));
}

/**
 * Whether keyring tests should run. With CI=true a missing tool is a failure (thrown), never a silent skip;
 * elsewhere the tests are skipped with a loud warning.
 */
export function keyringAvailableOrFail(env: NodeJS.ProcessEnv = process.env): boolean {
  const missing = missingKeyringTools();
  if (missing.length === 0) return true;
  const message =
    `Real-keyring tests need ${missing.join(', ')} (Debian packages: gnome-keyring dbus dbus-x11 libsecret-1-0).`;
  if (env.CI === 'true') throw new Error(`${message} CI=true, so this is a failure, not a skip.`);
  console.warn(`\n!!! SKIPPING real-keyring tests: ${message}\n`);
  return false;
}

function firstLine(child: ChildProcess, what: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    let stderr = '';
    const timer = setTimeout(() => done(new Error(`${what} printed no address within ${timeoutMs} ms. ${stderr}`)), timeoutMs);
    const done = (err: Error | null, line?: string) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(line!);
    };
    const onData = (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl >= 0) done(null, buf.slice(0, nl).trim());
    };
    const onExit = (code: number | null) => done(new Error(`${what} exited (${code}) before printing its address. ${stderr}`));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.stdout?.on('data', onData);
    child.on('exit', onExit);
  });
}

function nameHasOwner(env: Record<string, string>): boolean {
  const r = spawnSync(
    'dbus-send',
    ['--session', '--dest=org.freedesktop.DBus', '--type=method_call', '--print-reply', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
    { env, encoding: 'utf8', timeout: 5_000 },
  );
  return r.status === 0 && /boolean true/.test(r.stdout);
}

function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, 3_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts dbus-daemon and an unlocked gnome-keyring-daemon in a fresh temp home; waits until the keyring answers. */
export async function startPrivateKeyring(opts: { password?: string; timeoutMs?: number } = {}): Promise<PrivateKeyring> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const dir = mkdtempSync(join(tmpdir(), 'signet-keyring-'));
  const runtime = join(dir, 'run');
  const data = join(dir, 'data');
  mkdirSync(runtime);
  chmodSync(runtime, 0o700);
  mkdirSync(data);
  const baseEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    XDG_RUNTIME_DIR: runtime,
    XDG_DATA_HOME: data,
    XDG_CONFIG_HOME: join(dir, 'config'),
  };

  let dbus: ChildProcess | undefined;
  let keyring: ChildProcess | undefined;
  const stop = async () => {
    await stopChild(keyring);
    await stopChild(dbus);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    dbus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { env: baseEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const address = await firstLine(dbus, 'dbus-daemon', timeoutMs);
    const env = { ...baseEnv, DBUS_SESSION_BUS_ADDRESS: address };

    keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], { env, stdio: ['pipe', 'ignore', 'pipe'] });
    let keyringErr = '';
    keyring.stderr?.on('data', (c: Buffer) => (keyringErr += c.toString('utf8')));
    // --unlock reads the login keyring's password from stdin until EOF.
    keyring.stdin?.end(opts.password ?? 'signet-test-keyring');

    const deadline = Date.now() + timeoutMs;
    while (!nameHasOwner(env)) {
      if (keyring.exitCode !== null) throw new Error(`gnome-keyring-daemon exited (${keyring.exitCode}): ${keyringErr}`);
      if (Date.now() > deadline) throw new Error(`org.freedesktop.secrets had no owner within ${timeoutMs} ms: ${keyringErr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return { env, dir, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
