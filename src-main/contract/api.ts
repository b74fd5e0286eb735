/**
 * The shape of `window.signet`: one function per channel, grouped by namespace, plus named event subscriptions.
 * Implemented by the preload (Electron) and by the browser host's bridge; consumed by src-renderer/ipc only.
 */
import type { Channel } from './channels';
import type { Result } from './errors';
import type { EventPayload, InputOf, OutputOf } from './schemas';

/** One contract function: resolves to a Result, never rejects for an application error. */
export type Call<C extends Channel> = undefined extends InputOf<C>
  ? (input?: InputOf<C>) => Promise<Result<OutputOf<C>>>
  : (input: InputOf<C>) => Promise<Result<OutputOf<C>>>;

export type Unsubscribe = () => void;

export interface SignetApi {
  readonly app: { info: Call<'app:info'> };
  readonly settings: { get: Call<'settings:get'>; set: Call<'settings:set'> };
  readonly vault: {
    status: Call<'vault:status'>;
    create: Call<'vault:create'>;
    unlock: Call<'vault:unlock'>;
    lock: Call<'vault:lock'>;
    list: Call<'vault:list'>;
    get: Call<'vault:get'>;
    add: Call<'vault:add'>;
    update: Call<'vault:update'>;
    remove: Call<'vault:remove'>;
    copySecret: Call<'vault:copySecret'>;
    changePassphrase: Call<'vault:changePassphrase'>;
    addOsSlot: Call<'vault:addOsSlot'>;
    removeOsSlot: Call<'vault:removeOsSlot'>;
    export: Call<'vault:export'>;
    importPreview: Call<'vault:importPreview'>;
    import: Call<'vault:import'>;
    onStatusChanged(listener: (status: EventPayload<'vault:statusChanged'>) => void): Unsubscribe;
    onEntriesChanged(listener: (change: EventPayload<'vault:entriesChanged'>) => void): Unsubscribe;
  };
  readonly signing: { schemes: Call<'signing:schemes'>; suggest: Call<'signing:suggest'> };
  readonly request: { preview: Call<'request:preview'>; export: Call<'request:export'>; send: Call<'request:send'> };
  readonly inspector: {
    list: Call<'inspector:list'>;
    get: Call<'inspector:get'>;
    reveal: Call<'inspector:reveal'>;
    resend: Call<'inspector:resend'>;
    clear: Call<'inspector:clear'>;
    onRecorded(listener: (summary: EventPayload<'inspector:recorded'>) => void): Unsubscribe;
  };
  readonly sandbox: { status: Call<'sandbox:status'> };
  readonly markets: {
    providers: Call<'markets:providers'>;
    select: Call<'markets:select'>;
    snapshot: Call<'markets:snapshot'>;
    symbol: Call<'markets:symbol'>;
    onUpdate(listener: (update: EventPayload<'markets:update'>) => void): Unsubscribe;
  };
}
