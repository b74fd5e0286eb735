/**
 * IPC channel names, `namespace:verb`. Zod-free on purpose: the preload bundle imports this file only.
 * Every channel here has exactly one schema pair in `schemas.ts` (checked at compile time there).
 */
export const CHANNELS = [
  'app:info',
  'settings:get',
  'settings:set',
  'vault:status',
  'vault:create',
  'vault:unlock',
  'vault:lock',
  'vault:list',
  'vault:get',
  'vault:add',
  'vault:update',
  'vault:remove',
  'vault:copySecret',
  'vault:changePassphrase',
  'vault:addOsSlot',
  'vault:removeOsSlot',
  'vault:export',
  'vault:importPreview',
  'vault:import',
  'vault:generateKeyPair',
  'vault:publicKey',
  'signing:schemes',
  'signing:suggest',
  'request:preview',
  'request:export',
  'request:send',
  'debug:run',
  'debug:session',
  'debug:setSession',
  'debug:forgetSession',
  'inspector:list',
  'inspector:get',
  'inspector:reveal',
  'inspector:resend',
  'inspector:clear',
  'sandbox:status',
  'markets:providers',
  'markets:select',
  'markets:snapshot',
  'markets:symbol',
  'rotation:overview',
  'rotation:guide',
  'rotation:start',
  'rotation:submit',
  'rotation:cancel',
  'rotation:rollback',
  'rotation:finish',
  'rotation:abandon',
  'scan:pickFolders',
  'scan:run',
  'scan:cancel',
  'audit:list',
  'audit:verify',
] as const;

export type Channel = (typeof CHANNELS)[number];

/** Events pushed from main to the renderer. */
export const EVENTS = ['vault:statusChanged', 'vault:entriesChanged', 'inspector:recorded', 'markets:update', 'rotation:changed', 'rotation:reminded', 'scan:progress', 'audit:appended'] as const;
export type EventName = (typeof EVENTS)[number];

/** The channel Electron uses to carry an event (kept distinct from invoke channels). */
export const eventChannel = (name: EventName): string => `event:${name}`;

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}
