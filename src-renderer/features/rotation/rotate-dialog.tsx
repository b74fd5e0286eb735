/**
 * Rotate now: how long the old key is kept after the switch. Automated: the overlap, during which the old key still
 * works at the provider (0 revokes it at once; at most 30 days). Guided: the days the old key is kept in the vault for
 * rollback. A production key says so, in red.
 */
import { useEffect, useRef, useState } from 'react';
import { DEFAULT_ARCHIVE_DAYS, DEFAULT_OVERLAP_MINUTES, type RotationKey } from '../../../src-main/contract/rotation';
import { errorMessage } from '../../ipc/signet-client';
import { EnvironmentBadge } from '../../shared/ui/badge';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { Field, Input, Select } from '../../shared/ui/field';
import { Dialog } from '../../shared/ui/dialog';
import { RotateIcon } from '../../shared/ui/icons';
import { Segmented } from '../../shared/ui/segmented';
import { providerLabel } from './agenda-list';
import { ARCHIVE_PRESETS, formatMinutes, OVERLAP_PRESETS, parseArchiveDays, parseOverlap, type DurationUnit } from './rotation-model';
import { focusRunState, useRunMutation } from './use-run-mutation';

const UNITS: { value: DurationUnit; label: string }[] = [
  { value: 'min', label: 'minutes' },
  { value: 'h', label: 'hours' },
  { value: 'd', label: 'days' },
];

function OverlapChoice({ choice, onChoice, custom, onCustom, unit, onUnit, error }: { choice: string; onChoice: (v: string) => void; custom: string; onCustom: (v: string) => void; unit: DurationUnit; onUnit: (u: DurationUnit) => void; error: string | null }) {
  return (
    <div className="rot-choice">
      <Segmented
        label="Overlap: how long the old key stays valid"
        hideLabel={false}
        value={choice}
        onChange={onChoice}
        options={[...OVERLAP_PRESETS.map((p) => ({ value: String(p.minutes), label: p.minutes === DEFAULT_OVERLAP_MINUTES ? `${p.label} (default)` : p.label })), { value: 'custom', label: 'Custom' }]}
      />
      {choice === 'custom' ? (
        <Field label="Custom overlap" error={error} hint="Up to 30 days.">
          {({ id, describedBy, invalid }) => (
            <div className="rot-custom">
              <Input id={id} inputMode="numeric" className="rot-custom-number" value={custom} onChange={(e) => onCustom(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} autoComplete="off" />
              <Select aria-label="Unit" className="rot-custom-unit" value={unit} options={UNITS} onChange={(e) => onUnit(e.target.value as DurationUnit)} />
            </div>
          )}
        </Field>
      ) : null}
    </div>
  );
}

function ArchiveChoice({ choice, onChoice, custom, onCustom, error }: { choice: string; onChoice: (v: string) => void; custom: string; onCustom: (v: string) => void; error: string | null }) {
  return (
    <div className="rot-choice">
      <Segmented
        label="Keep the old key for rollback"
        hideLabel={false}
        value={choice}
        onChange={onChoice}
        options={[...ARCHIVE_PRESETS.map((p) => ({ value: String(p.days), label: p.days === DEFAULT_ARCHIVE_DAYS ? `${p.label} (default)` : p.label })), { value: 'custom', label: 'Custom' }]}
      />
      {choice === 'custom' ? (
        <Field label="Days to keep the old key" error={error} hint="0 to 365 days.">
          {({ id, describedBy, invalid }) => <Input id={id} inputMode="numeric" className="rot-custom-number" value={custom} onChange={(e) => onCustom(e.target.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} autoComplete="off" />}
        </Field>
      ) : null}
    </div>
  );
}

export function RotateDialog({ keyView, onClose }: { keyView: RotationKey; onClose: () => void }) {
  const automated = keyView.mode === 'automated';
  const prod = keyView.environment === 'prod';
  const provider = providerLabel(keyView.provider);
  const [choice, setChoice] = useState(String(automated ? DEFAULT_OVERLAP_MINUTES : DEFAULT_ARCHIVE_DAYS));
  const [custom, setCustom] = useState('');
  const [unit, setUnit] = useState<DurationUnit>('h');
  const [showErrors, setShowErrors] = useState(false);
  // Focus starts on the chosen overlap (arrow keys change it, Tab goes on to the buttons). This runs after the Dialog's
  // own first focus (a child's effect runs first).
  const choiceRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    choiceRef.current?.querySelector<HTMLInputElement>('input:checked')?.focus();
  }, []);
  const start = useRunMutation('start', {
    onSuccess: () => {
      onClose();
      focusRunState();
    },
  });

  const parsed = automated
    ? choice === 'custom'
      ? parseOverlap(custom, unit)
      : { minutes: Number(choice) }
    : choice === 'custom'
      ? parseArchiveDays(custom)
      : { days: Number(choice) };
  const error = 'error' in parsed ? parsed.error : null;
  const minutes = 'minutes' in parsed ? parsed.minutes : null;
  const days = 'days' in parsed ? parsed.days : null;

  const submit = () => {
    if (start.isPending) return;
    if (error) {
      setShowErrors(true);
      return;
    }
    start.mutate(automated ? { entryId: keyView.entryId, overlapMinutes: minutes! } : { entryId: keyView.entryId, archiveDays: days! });
  };

  const summary = automated
    ? minutes === null
      ? null
      : minutes === 0
        ? `Signet creates a new key with the same scopes through ${provider}’s key API, verifies it with a signed read-only call, switches to it, and revokes the old key at once: a client still using the old key fails from then on.`
        : `Signet creates a new key with the same scopes through ${provider}’s key API, verifies it with a signed read-only call and switches to it. The old key stays valid for ${formatMinutes(minutes)}, so clients still using it can finish, then Signet revokes it.`
    : days === null
      ? null
      : `You create the new key on ${provider}’s API key page and paste it here; Signet verifies it and switches to it. ${days === 0 ? 'The old key is erased from the vault right after the switch: no rollback.' : `The old key is kept in the vault for rollback for ${days === 1 ? '1 day' : `${days} days`}, then erased.`} Until the switch, the current key keeps working.`;

  return (
    <Dialog
      title={
        <span className="rot-dialog-title">
          Rotate “{keyView.label}” <EnvironmentBadge environment={keyView.environment} />
        </span>
      }
      description={`${provider} · ${automated ? 'automated: Signet makes the new key itself' : 'guided: you make the new key on the exchange'}`}
      tone={prod ? 'danger' : 'default'}
      onClose={onClose}
      onSubmit={submit}
      footer={
        <>
          <Button onClick={onClose} disabled={start.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant={prod ? 'danger' : 'primary'} icon={<RotateIcon />} busy={start.isPending}>
            {prod ? 'Rotate production key' : 'Rotate now'}
          </Button>
        </>
      }
    >
      {prod ? (
        <Callout tone="danger" title="Production key">
          It signs for real accounts and real funds.{' '}
          {automated ? 'Every client that uses it must pick up the new key before the old one is revoked.' : 'Create the new key with exactly the permissions listed, no more.'}
        </Callout>
      ) : null}
      <div ref={choiceRef}>
        {automated ? (
          <OverlapChoice choice={choice} onChoice={setChoice} custom={custom} onCustom={setCustom} unit={unit} onUnit={setUnit} error={showErrors ? error : null} />
        ) : (
          <ArchiveChoice choice={choice} onChoice={setChoice} custom={custom} onCustom={setCustom} error={showErrors ? error : null} />
        )}
      </div>
      {summary ? <p className="text-muted rot-dialog-summary">{summary}</p> : <p className="text-faint rot-dialog-summary">{showErrors ? '' : 'Enter how long to keep the old key.'}</p>}
      {start.isError ? (
        <Callout tone="danger" title="Not started" role="alert">
          {errorMessage(start.error)}
        </Callout>
      ) : null}
    </Dialog>
  );
}
