/**
 * Key rotation: the overview (every key's schedule, the run in progress, past runs), a guided run's checklist, the
 * mutations that drive a run, and the flag every key carries wherever it appears.
 *
 * A run changes in main (its steps run there, a timer ends an overlap): `rotation:changed` puts the run in the
 * cached overview at once, so the progress shows live without asking main again, and refreshes what the run's end
 * changed (the key's schedule, the history, the key itself). Each mutation answers the run as it then stands.
 *
 * The flag comes from the entry summary the page already has (its dates and own policy) and the Settings defaults,
 * through the very function main's scheduler uses (contract/rotation-policy.ts), so a 10,000-key list needs no
 * extra call and the renderer never disagrees with a reminder.
 */
import { mutationOptions, queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { rotationFlag, type RotationFlag } from '../../src-main/contract/rotation-policy';
import type { RotationOverview, RotationReminderView, RotationRun } from '../../src-main/contract/rotation';
import type { CredentialField } from '../../src-main/contract/providers';
import type { EntrySummary } from '../../src-main/contract/schemas';
import { DEFAULT_ROTATION_DEFAULTS } from '../../src-main/contract/rotation';
import { signet, unwrap } from './signet-client';
import { settingsQueries } from './settings-queries';
import { invalidateEntries } from './vault-queries';

export const rotationKeys = {
  all: ['rotation'] as const,
  overview: () => ['rotation', 'overview'] as const,
  guide: (entryId: string, runId: string) => ['rotation', 'guide', entryId, runId] as const,
};

export const rotationQueries = {
  overview: () => queryOptions({ queryKey: rotationKeys.overview(), queryFn: () => unwrap(signet().rotation.overview()), staleTime: 10_000 }),
  /**
   * The checklist never changes while a run lasts, but the next run's may (a key pair rotates to a fresh pair, whose
   * fingerprint the checklist names): one per run.
   */
  guide: (entryId: string, runId: string) => queryOptions({ queryKey: rotationKeys.guide(entryId, runId), queryFn: () => unwrap(signet().rotation.guide({ entryId })), staleTime: Infinity }),
};

/** Runs seen to end here: an answer that arrives after its run's end (a start's first state) does not bring it back. */
const endedRuns = new Set<string>();

/**
 * Puts a run into the cached overview, in the key it belongs to, unless what is cached is newer (a later revision of
 * the same run, or the run already ended); an ended run asks main for the new schedule and the history.
 */
function applyRun(client: QueryClient, entryId: string, run: RotationRun | null): Promise<void> {
  const cached = client.getQueryData<RotationOverview>(rotationKeys.overview())?.keys.find((k) => k.entryId === entryId)?.run ?? null;
  const ended = run === null || run.endedAt !== null;
  if (run && !ended && (endedRuns.has(run.id) || (cached?.id === run.id && cached.rev > run.rev))) return Promise.resolve();
  if (ended) for (const id of [cached?.id, run?.id]) if (id) endedRuns.add(id);
  client.setQueryData<RotationOverview>(rotationKeys.overview(), (o) => (o ? { ...o, keys: o.keys.map((k) => (k.entryId === entryId ? { ...k, run: ended ? null : run } : k)) } : o));
  if (!ended) return Promise.resolve();
  return Promise.all([client.invalidateQueries({ queryKey: rotationKeys.overview() }), invalidateEntries(client)]).then(() => undefined);
}

const runMutation = <I extends { entryId: string }>(key: string, fn: (input: I) => Promise<RotationRun>) =>
  mutationOptions({
    mutationKey: ['rotation', key],
    mutationFn: fn,
    onSuccess: (run: RotationRun, input: I, _r: unknown, ctx) => applyRun(ctx.client, input.entryId, run),
  });

export const rotationMutations = {
  start: () => runMutation('start', (i: { entryId: string; overlapMinutes?: number; archiveDays?: number }) => unwrap(signet().rotation.start(i))),
  submit: () => runMutation('submit', (i: { entryId: string; credentials: Partial<Record<CredentialField, string>> }) => unwrap(signet().rotation.submit(i))),
  cancel: () => runMutation('cancel', (i: { entryId: string }) => unwrap(signet().rotation.cancel(i))),
  rollback: () => runMutation('rollback', (i: { entryId: string }) => unwrap(signet().rotation.rollback(i))),
  finish: () => runMutation('finish', (i: { entryId: string }) => unwrap(signet().rotation.finish(i))),
  abandon: () => runMutation('abandon', (i: { entryId: string }) => unwrap(signet().rotation.abandon(i))),
};

/**
 * Main → renderer: a run's every step, and the reminders the scheduler sends. A step changes the key's metadata
 * too (the vault's own event refreshes the lists); a reminder is handed to `onReminder` (the shell shows it) and
 * refreshes the overview, whose counts the navigation shows. The overview follows the vault: a key added, edited
 * (its policy) or deleted anywhere (the Vault page, the CLI) refreshes it, and a lock drops it with the rest of
 * the entries' data (it names every key).
 */
export function subscribeRotationEvents(client: QueryClient, onReminder: (r: RotationReminderView) => void): () => void {
  const api = signet();
  const offChanged = api.rotation.onChanged(({ entryId, run }) => void applyRun(client, entryId, run));
  const offReminded = api.rotation.onReminded((reminder) => {
    void client.invalidateQueries({ queryKey: rotationKeys.overview() });
    onReminder(reminder);
  });
  const offEntries = api.vault.onEntriesChanged(() => void client.invalidateQueries({ queryKey: rotationKeys.overview() }));
  const offStatus = api.vault.onStatusChanged((status) => {
    if (status.locked || !status.exists) client.removeQueries({ queryKey: rotationKeys.all });
  });
  return () => {
    offChanged();
    offReminded();
    offEntries();
    offStatus();
  };
}


/**
 * The rotation flag of a key, from its summary: its schedule state (ok, due-soon, overdue, expired) and the run in
 * progress. Until the settings load, the built-in defaults apply (the same ones main falls back to).
 */
export function useRotationFlags(): (entry: EntrySummary, now: number) => RotationFlag {
  const defaults = useQuery({ ...settingsQueries.get(), select: (s) => s.rotationDefaults }).data ?? DEFAULT_ROTATION_DEFAULTS;
  return (entry, now) => rotationFlag(entry, defaults, now);
}
