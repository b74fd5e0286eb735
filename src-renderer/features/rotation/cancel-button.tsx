/** Cancel, before the switch: the run rolls back (a key made for it is revoked) and the current key stays in use. */
import type { RotationKey } from '../../../src-main/contract/rotation';
import { errorMessage } from '../../ipc/signet-client';
import { Button } from '../../shared/ui/button';
import { XIcon } from '../../shared/ui/icons';
import { showToast } from '../../shared/ui/toast-store';
import { focusRunState, useRunMutation } from './use-run-mutation';

export function CancelButton({ keyView }: { keyView: RotationKey }) {
  const cancel = useRunMutation('cancel', {
    onSuccess: () => {
      showToast({ tone: 'neutral', title: 'Rotation cancelled', body: `“${keyView.label}” keeps its current key.` });
      focusRunState();
    },
    onError: (e) => showToast({ tone: 'danger', title: 'Not cancelled', body: errorMessage(e), durationMs: 8000 }),
  });
  return (
    <Button icon={<XIcon />} busy={cancel.isPending} onClick={() => cancel.mutate({ entryId: keyView.entryId })} title="Stop before the switch: the current key stays in use">
      Cancel rotation
    </Button>
  );
}
