/**
 * A rotation mutation with the page's own reaction added to the data layer's (which puts the run in the cached
 * overview). Added at the options level, not per `mutate` call: a run that ends unmounts the component that started
 * it (the progress panel goes), and per-call callbacks of an unmounted component never run.
 */
import { useMutation } from '@tanstack/react-query';
import type { RotationRun } from '../../../src-main/contract/rotation';
import { rotationMutations } from '../../ipc/rotation-queries';

type Kind = keyof typeof rotationMutations;
type InputOf<K extends Kind> = Parameters<NonNullable<ReturnType<(typeof rotationMutations)[K]>['mutationFn']>>[0];

export function useRunMutation<K extends Kind>(kind: K, react: { onSuccess?: (run: RotationRun, input: InputOf<K>) => void; onError?: (error: unknown) => void } = {}) {
  const base = rotationMutations[kind]() as unknown as ReturnType<typeof rotationMutations.cancel>;
  return useMutation<RotationRun, Error, InputOf<K>>({
    mutationKey: base.mutationKey,
    // A submit's variables are pasted credentials: nothing keeps the mutation once no component watches it.
    gcTime: 0,
    mutationFn: base.mutationFn as unknown as (input: InputOf<K>) => Promise<RotationRun>,
    onSuccess: async (run, input, result, ctx) => {
      await base.onSuccess?.(run, input as { entryId: string }, result, ctx);
      react.onSuccess?.(run, input);
    },
    onError: (error) => react.onError?.(error),
  });
}

/**
 * After a step that removes the button that asked for it (Rotate now is disabled while a run lasts, Finish now goes
 * with the overlap), keyboard focus goes to where the run now stands, else to the key's title, not to the page's body.
 * Tried again shortly after: the dialog that asked returns focus to its opener when React removes it, which may be
 * after the first try, and that opener may be the disabled button.
 */
export function focusRunState(): void {
  for (const ms of [0, 60, 250]) {
    setTimeout(() => {
      if (document.activeElement && document.activeElement !== document.body) return;
      (document.getElementById('rot-run-state') ?? document.getElementById('rot-pane-title'))?.focus();
    }, ms);
  }
}
