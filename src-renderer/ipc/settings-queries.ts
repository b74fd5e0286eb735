/** Settings and app info: query-option and mutation-option factories. */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import type { Settings } from '../../src-main/contract/schemas';
import { signet, unwrap } from './signet-client';
import { vaultKeys } from './vault-queries';

export const settingsKeys = { settings: () => ['settings'] as const, appInfo: () => ['app', 'info'] as const };

export const settingsQueries = {
  get: () => queryOptions({ queryKey: settingsKeys.settings(), queryFn: () => unwrap(signet().settings.get()) }),
  appInfo: () => queryOptions({ queryKey: settingsKeys.appInfo(), queryFn: () => unwrap(signet().app.info()), staleTime: Infinity }),
};

export const settingsMutations = {
  set: () =>
    mutationOptions({
      mutationKey: ['settings', 'set'],
      mutationFn: (patch: Partial<Settings>) => unwrap(signet().settings.set(patch)),
      onSuccess: async (next, _i, _r, ctx) => {
        ctx.client.setQueryData(settingsKeys.settings(), next);
        // The vault status reports the auto-lock time too.
        await ctx.client.invalidateQueries({ queryKey: vaultKeys.status() });
      },
    }),
};
