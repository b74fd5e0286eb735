/**
 * The shape of `window.signet`, derived from the channel table (channels.ts) so a new channel needs no edit here,
 * in the preload or in the browser host's bridge: channel `ns:verb` is the function `signet.ns.verb`, event
 * `ns:name` is the subscription `signet.ns.onName(listener)`.
 *
 * `buildSignetApi` is the one builder both hosts use. Each function it makes is bound to its own channel when the
 * object is built, so the page still gets one named function per channel and nothing generic: no function that
 * takes a channel name, no invoke/send/on. Zod-free and without value imports beyond channels.ts, because the
 * preload and the bridge script bundle this file.
 */
import { CHANNELS, EVENTS, type Channel, type EventName } from './channels';
import type { Result } from './errors';
import type { EventPayload, InputOf, OutputOf } from './schemas';

/** One contract function: resolves to a Result, never rejects for an application error. */
export type Call<C extends Channel> = undefined extends InputOf<C>
  ? (input?: InputOf<C>) => Promise<Result<OutputOf<C>>>
  : (input: InputOf<C>) => Promise<Result<OutputOf<C>>>;

export type Unsubscribe = () => void;
export type Subscribe<E extends EventName> = (listener: (payload: EventPayload<E>) => void) => Unsubscribe;

type NamespaceOf<N extends string> = N extends `${infer Ns}:${string}` ? Ns : never;
type VerbOf<N extends string> = N extends `${string}:${infer Verb}` ? Verb : never;
type ListenerOf<E extends string> = `on${Capitalize<VerbOf<E>>}`;
type Namespace = NamespaceOf<Channel | EventName>;

export type SignetApi = {
  readonly [Ns in Namespace]: { readonly [C in Extract<Channel, `${Ns}:${string}`> as VerbOf<C>]: Call<C> } & {
    readonly [E in Extract<EventName, `${Ns}:${string}`> as ListenerOf<E>]: Subscribe<E>;
  };
};

/** `vault:copySecret` → ['vault', 'copySecret']; `vault:statusChanged` (an event) → ['vault', 'onStatusChanged']. */
export function apiPath(name: Channel | EventName, kind: 'channel' | 'event'): [namespace: string, member: string] {
  const [ns = '', verb = ''] = name.split(':');
  return [ns, kind === 'channel' ? verb : `on${verb.charAt(0).toUpperCase()}${verb.slice(1)}`];
}

/**
 * Builds `window.signet` from the table. `call(channel)` and `subscribe(event)` are asked once per entry, here,
 * and must return a function for that entry only; the result is frozen.
 */
export function buildSignetApi(
  call: <C extends Channel>(channel: C) => Call<C>,
  subscribe: <E extends EventName>(event: E) => Subscribe<E>,
): SignetApi {
  const groups = new Map<string, Record<string, unknown>>();
  const put = ([ns, member]: [string, string], fn: unknown): void => {
    const group = groups.get(ns) ?? {};
    group[member] = fn;
    groups.set(ns, group);
  };
  for (const channel of CHANNELS) put(apiPath(channel, 'channel'), call(channel));
  for (const event of EVENTS) put(apiPath(event, 'event'), subscribe(event));
  return Object.freeze(Object.fromEntries([...groups].map(([ns, group]) => [ns, Object.freeze(group)]))) as SignetApi;
}
