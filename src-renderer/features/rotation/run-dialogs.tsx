/**
 * The page's dialogs: Rotate now, and the confirmations of the three steps that cannot be taken back: Finish now (the
 * old key is revoked or erased now), Roll back (the new key is revoked or dropped), Abandon (the run ends as it
 * stands, leaving a key at the provider to delete by hand). Each names the keys it acts on, by their masked previews.
 */
import { useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { RotationKey, RotationRun } from '../../../src-main/contract/rotation';
import { rotationQueries } from '../../ipc/rotation-queries';
import { errorMessage } from '../../ipc/signet-client';
import { EnvironmentBadge } from '../../shared/ui/badge';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { Dialog } from '../../shared/ui/dialog';
import { showToast } from '../../shared/ui/toast-store';
import { providerLabel } from './agenda-list';
import { RotateDialog } from './rotate-dialog';
import { canAbandon, isKeepingOld, isSwitched, outcomeOf } from './rotation-model';
import type { RotationDialogKind } from './rotation-slice';
import { useRotationStore } from './rotation-store';
import { focusRunState, useRunMutation } from './use-run-mutation';

type ConfirmKind = Exclude<RotationDialogKind, 'rotate'>;

interface Wording {
  title: string;
  body: string;
  confirm: string;
  /** What the run must be for this to apply. */
  applies: (run: RotationRun) => boolean;
}

const key = (preview: string | null, id?: string | null) => `${preview ?? 'the key'}${id ? ` (${id})` : ''}`;

function wordingOf(kind: ConfirmKind, k: RotationKey, run: RotationRun): Wording {
  const provider = providerLabel(k.provider);
  const automated = run.mode === 'automated';
  if (kind === 'finish') {
    return automated
      ? {
          title: 'Revoke the old key now?',
          body: `The overlap ends now: Signet revokes the old key ${key(run.oldPreview, run.remote.oldKeyId)} at ${provider} and erases it from the vault. A client still signing with it is refused from then on. Signet already signs with the new key ${run.newPreview ?? ''}.`,
          confirm: 'Revoke old key',
          applies: isKeepingOld,
        }
      : {
          title: 'Erase the old key now?',
          body: `Signet erases the old key ${key(run.oldPreview)} from the vault now, so this rotation can no longer be rolled back. Delete the old key on ${provider} too.`,
          confirm: 'Erase old key',
          applies: isKeepingOld,
        };
  }
  if (kind === 'rollback') {
    return {
      title: 'Roll back to the old key?',
      body: automated
        ? `Requests sign with the old key ${key(run.oldPreview)} again, and the new key ${key(run.newPreview, run.remote.newKeyId)} is revoked at ${provider}. The key’s last-rotated date goes back to what it was.`
        : `Requests sign with the old key ${key(run.oldPreview)} again, and the new key ${key(run.newPreview)} is removed from the vault. It is still active on ${provider}: delete it there.`,
      confirm: 'Roll back',
      applies: isKeepingOld,
    };
  }
  const switched = isSwitched(run);
  const left = switched ? (automated ? run.remote.oldKeyId : null) : run.remote.newKeyId;
  return {
    title: 'Abandon this rotation?',
    body: switched
      ? `The rotation ends now and the new key ${key(run.newPreview)} stays in use. The old key ${key(run.oldPreview)} is erased from the vault${left ? `, but it may still be active at ${provider} as ${left}: delete it there` : `: delete it on ${provider} too`}. Signet stops trying.`
      : `The rotation ends now and the current key ${key(run.oldPreview)} stays in use.${left ? ` The new key ${key(run.newPreview, left)} made for this run may still be active at ${provider}: delete it there.` : ''} Signet stops trying.`,
    confirm: 'Abandon rotation',
    applies: canAbandon,
  };
}

function ConfirmRunDialog({ kind, keyView, onClose }: { kind: ConfirmKind; keyView: RotationKey; onClose: () => void }) {
  const mutation = useRunMutation(kind, {
    onSuccess: (run) => {
      onClose();
      focusRunState();
      // A step that failed and waits to retry (a revoke the provider refused) is in the pane, with what Signet does next.
      if (run.error && run.endedAt === null) return;
      const last = run.steps[run.steps.length - 1];
      const ended = run.endedAt !== null;
      showToast({
        tone: ended && outcomeOf(run).tone === 'success' ? 'success' : 'neutral',
        title: kind === 'rollback' ? `“${keyView.label}” rolled back` : kind === 'abandon' ? 'Rotation abandoned' : ended ? `“${keyView.label}” rotated` : `Finishing “${keyView.label}”`,
        body: last?.detail,
        durationMs: kind === 'abandon' ? 15_000 : 6000,
      });
    },
  });
  // The wording of the run as it was when the dialog opened: the run moves on while the step runs (and ends).
  const [asked] = useState(() => (keyView.run ? wordingOf(kind, keyView, keyView.run) : null));
  // None of these can be taken back: focus starts on the way out.
  const keepRef = useRef<HTMLButtonElement>(null);
  const run = keyView.run;
  // It may also have moved on before the person confirmed (the overlap ended by itself, the CLI finished it).
  if (!asked || (!mutation.isPending && !mutation.isSuccess && !(run && asked.applies(run)))) {
    return (
      <Dialog title="Nothing to do" size="s" onClose={onClose} footer={<Button onClick={onClose}>Close</Button>}>
        <p className="text-muted">{run ? `The rotation of “${keyView.label}” has moved on (${run.state}).` : `The rotation of “${keyView.label}” has already ended: its history has the outcome.`}</p>
      </Dialog>
    );
  }
  const wording = asked;
  return (
    <Dialog
      title={
        <span className="rot-dialog-title">
          {wording.title} <EnvironmentBadge environment={keyView.environment} />
        </span>
      }
      description={`${keyView.label} · ${providerLabel(keyView.provider)}`}
      tone="danger"
      size="s"
      onClose={onClose}
      initialFocus={keepRef}
      onSubmit={() => {
        if (!mutation.isPending) mutation.mutate({ entryId: keyView.entryId });
      }}
      footer={
        <>
          <Button ref={keepRef} onClick={onClose} disabled={mutation.isPending}>
            Keep as is
          </Button>
          <Button type="submit" variant="danger" busy={mutation.isPending}>
            {wording.confirm}
          </Button>
        </>
      }
    >
      <p className="text-muted">{wording.body}</p>
      {mutation.isError ? (
        <Callout tone="danger" title="Not done" role="alert">
          {errorMessage(mutation.error)}
        </Callout>
      ) : null}
    </Dialog>
  );
}

/** The open dialog, for a key of the overview (none once the key is gone). */
export function RotationDialogs() {
  const dialog = useRotationStore((s) => s.rotationDialog);
  const closed = useRotationStore((s) => s.rotationDialogClosed);
  const keyView = useQuery({ ...rotationQueries.overview(), select: (o) => o.keys.find((k) => k.entryId === dialog?.entryId) ?? null }).data;
  if (!dialog || !keyView) return null;
  if (dialog.kind === 'rotate') return <RotateDialog key={keyView.entryId} keyView={keyView} onClose={closed} />;
  return <ConfirmRunDialog key={`${dialog.kind}-${keyView.entryId}`} kind={dialog.kind} keyView={keyView} onClose={closed} />;
}
