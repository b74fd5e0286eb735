/**
 * The key detail's Rotation section: where the key stands (on schedule, due soon, overdue, expired, mid-rotation),
 * the policy that applies (its own, or its environment's default from Settings), an editor for its own policy, and
 * the way to the Rotation page to rotate it.
 */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { RotationPolicy } from '../../../src-main/contract/rotation';
import type { EntryDetail } from '../../../src-main/contract/schemas';
import { useRotationFlags } from '../../ipc/rotation-queries';
import { errorMessage } from '../../ipc/signet-client';
import { vaultMutations } from '../../ipc/vault-queries';
import { formatDate, formatDateTime } from '../../shared/lib/format';
import { policySentence } from '../../shared/lib/rotation-policy-form';
import { useNavigationStore } from '../../shared/navigation/navigation-store';
import { Button } from '../../shared/ui/button';
import { EditIcon, RotateIcon } from '../../shared/ui/icons';
import { RotationBadge } from '../../shared/ui/rotation-badge';
import { RotationPolicyEditor } from '../../shared/ui/rotation-policy-editor';
import { showToast } from '../../shared/ui/toast-store';

const ENV_NAMES = { dev: 'development', test: 'test', prod: 'production' } as const;

export function KeyRotationSection({ entry, now }: { entry: EntryDetail; now: number }) {
  const [editing, setEditing] = useState(false);
  const flag = useRotationFlags()(entry, now);
  const policy = flag.policy;
  const openRotation = useNavigationStore((s) => s.openRotation);
  const update = useMutation(vaultMutations.update());
  const save = (rotationPolicy: RotationPolicy | null) =>
    update.mutate(
      { id: entry.id, meta: { rotationPolicy } },
      {
        onSuccess: () => {
          setEditing(false);
          showToast({ tone: 'success', title: rotationPolicy ? 'Rotation policy saved' : `Uses the ${ENV_NAMES[entry.environment]} default again` });
        },
      },
    );
  const own = entry.rotationPolicy !== undefined;

  return (
    <section className="detail-section" aria-labelledby="detail-rotation">
      <h3 id="detail-rotation" className="section-title">
        Rotation
      </h3>
      <div className="rotation-summary">
        <RotationBadge flag={flag} now={now} showOk />
        <p className="rotation-reason">{flag.rotating ? `A ${flag.rotating.mode} rotation is in progress.` : flag.reason}</p>
      </div>
      {editing ? (
        <RotationPolicyEditor
          initial={policy}
          label={`Rotation policy for ${entry.label}`}
          busy={update.isPending}
          saveError={update.error ? errorMessage(update.error) : null}
          onSave={save}
          onCancel={() => {
            update.reset();
            setEditing(false);
          }}
          extra={
            own ? (
              <Button size="s" variant="ghost" disabled={update.isPending} onClick={() => save(null)}>
                Use the {ENV_NAMES[entry.environment]} default
              </Button>
            ) : null
          }
        />
      ) : (
        <dl className="detail-grid">
          <dt>Policy</dt>
          <dd>
            <span data-testid="rotation-policy">{policySentence(policy, formatDate)}</span>{' '}
            <span className="text-faint">{own ? '(this key’s own)' : `(${ENV_NAMES[entry.environment]} default, from Settings)`}</span>
          </dd>
          <dt>{flag.status === 'expired' ? 'Expired' : flag.status === 'overdue' ? 'Was due' : 'Next due'}</dt>
          <dd>{formatDate(flag.dueAt)}</dd>
          <dt>Last rotated</dt>
          <dd>{entry.lastRotatedAt ? formatDateTime(entry.lastRotatedAt) : <span className="text-faint">Never (counted from when it was added)</span>}</dd>
        </dl>
      )}
      {editing ? null : (
        <div className="detail-section-actions">
          <Button size="s" icon={<EditIcon />} onClick={() => setEditing(true)}>
            Edit policy
          </Button>
          <Button size="s" icon={<RotateIcon />} onClick={() => openRotation(entry.id)}>
            {flag.rotating ? 'Follow the rotation' : 'Rotate…'}
          </Button>
        </div>
      )}
    </section>
  );
}
