/**
 * Where Signet keeps its state. SIGNET_HOME wins; the app passes Electron's userData; the CLI uses the same
 * directory Electron would choose for an app named "Signet", so the app and the CLI share one vault.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SIGNET_HOME) return env.SIGNET_HOME;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Signet');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Signet');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'Signet');
}
