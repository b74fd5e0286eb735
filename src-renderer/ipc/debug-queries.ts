/**
 * The signature debugger's server state: which credential fields main holds for this session (never their values),
 * and the mutations that diagnose, keep pasted credentials in main's memory, and forget them. A report carries the
 * request as pasted and the corrected one (secrets masked by main); it lives in the mutation, not in the cache.
 */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import type { DebugRunInput } from '../../src-main/contract/debug';
import type { Credentials } from '../../src-main/contract/schemas';
import { signet, unwrap } from './signet-client';

export const debugKeys = {
  session: () => ['debug', 'session'] as const,
};

export const debugQueries = {
  /** Asked again on every mount: main forgets the session on lock and after 30 idle minutes. */
  session: () => queryOptions({ queryKey: debugKeys.session(), queryFn: () => unwrap(signet().debug.session()), staleTime: 0 }),
};

export const debugMutations = {
  run: () =>
    mutationOptions({
      mutationKey: ['debug', 'run'],
      mutationFn: (input: DebugRunInput) => unwrap(signet().debug.run(input)),
    }),
  setSession: () =>
    mutationOptions({
      mutationKey: ['debug', 'setSession'],
      mutationFn: (credentials: Credentials) => unwrap(signet().debug.setSession({ credentials, provider: null })),
      onSuccess: (session, _c, _r, ctx) => ctx.client.setQueryData(debugKeys.session(), session),
    }),
  forgetSession: () =>
    mutationOptions({
      mutationKey: ['debug', 'forgetSession'],
      mutationFn: () => unwrap(signet().debug.forgetSession()),
      onSuccess: (session, _i, _r, ctx) => ctx.client.setQueryData(debugKeys.session(), session),
    }),
};
