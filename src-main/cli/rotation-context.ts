/**
 * What the rotation commands compose on top of the CLI's vault: the user's rotation defaults from the Signet home's
 * settings.json (the same file the app writes; read here, never written), and the rotation service over an egress
 * whose sandbox is SIGNET_SANDBOX_URL, as `signet request` sends.
 */
import { join } from 'node:path';
import Conf from 'conf';
import { systemClock } from '../base/clock';
import { silentLogger } from '../base/logger';
import type { RotationDefaults } from '../contract/rotation';
import { Egress } from '../http/egress';
import { InspectorStore } from '../http/inspector-store';
import { RotationService } from '../rotation/rotation-service';
import { egressCaller } from '../rotation/signed-caller';
import { openSettingsStore } from '../settings/no-link-store';
import { SettingsService, type KeyValueStore } from '../settings/settings-service';
import { cliConfirm } from './confirm';
import type { CliContext } from './context';

/** The rotation defaults the app uses here: Settings › Rotation, else the built-in ones. */
export function cliRotationDefaults(home: string): RotationDefaults {
  const store = openSettingsStore(join(home, 'settings.json'), () => new Conf<Record<string, unknown>>({ cwd: home, configName: 'settings' }) as KeyValueStore, silentLogger);
  return new SettingsService(store).get().rotationDefaults;
}

export function cliRotation(ctx: CliContext, opts: { yes: boolean }): { service: RotationService; close(): Promise<void> } {
  const egress = new Egress({
    vault: ctx.vault,
    inspector: new InspectorStore({ file: null }),
    sandboxUrl: () => ctx.io.env.SIGNET_SANDBOX_URL?.trim() || null,
    confirm: cliConfirm(ctx, opts.yes),
  });
  const defaults = cliRotationDefaults(ctx.home);
  const service = new RotationService({ vault: ctx.vault, caller: egressCaller(egress), clock: systemClock, defaults: () => defaults });
  return { service, close: () => egress.close() };
}
