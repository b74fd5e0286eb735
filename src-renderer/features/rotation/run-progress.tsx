/**
 * The run in progress, live (every step main takes arrives as rotation:changed): the stepper, the old key's countdown
 * with Finish now and Roll back while it is kept, a failure with what Signet does about it and Abandon, Cancel before
 * the switch, the guided checklist while the run waits for the new key, and the steps so far.
 */
import { useLayoutEffect, useRef } from 'react';
import type { RotationKey, RotationRun } from '../../../src-main/contract/rotation';
import { cx } from '../../shared/lib/cx';
import { formatDateTime, relativeTime } from '../../shared/lib/format';
import { useNow } from '../../shared/lib/use-now';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { ClockIcon, RotateIcon, XIcon } from '../../shared/ui/icons';
import { CancelButton } from './cancel-button';
import { GuidedPanel } from './guided-panel';
import { canAbandon, canCancel, formatCountdown, isKeepingOld, runStateText } from './rotation-model';
import { RunStepper, StepList } from './run-steps';
import { useRotationStore } from './rotation-store';
import { focusRunState } from './use-run-mutation';

/** While the old key is kept: how long, a bar for the time gone, and the two ways to end it early. */
function KeepOld({ keyView, run }: { keyView: RotationKey; run: RotationRun }) {
  const now = useNow(1000);
  const opened = useRotationStore((s) => s.rotationDialogOpened);
  const until = Date.parse(run.keepOldUntil ?? run.updatedAt);
  const switchedAt = Date.parse([...run.steps].reverse().find((s) => s.step === 'switched')?.at ?? run.updatedAt);
  const left = until - now;
  const share = until > switchedAt ? Math.min(1, Math.max(0, (now - switchedAt) / (until - switchedAt))) : 1;
  const automated = run.mode === 'automated';
  return (
    <div className="rot-keep">
      <div className="rot-keep-head">
        <ClockIcon className="icon rot-icon-accent" />
        <div className="rot-keep-text">
          <p className="rot-keep-title">
            {automated ? 'Old key still valid' : 'Old key kept for rollback'} <span className="mono">{run.oldPreview}</span>
          </p>
          <p className="rot-keep-sub">
            {left > 0 ? (
              <>
                <span className="rot-countdown" role="timer" aria-label={`${formatCountdown(left)} left`}>
                  {formatCountdown(left)}
                </span>{' '}
                left · {automated ? 'then Signet revokes it at ' : 'then Signet erases it from the vault on '}
                {formatDateTime(run.keepOldUntil)}
              </>
            ) : (
              <span>{automated ? 'The overlap has ended: revoking the old key…' : 'The archive has ended: erasing the old key…'}</span>
            )}
          </p>
        </div>
      </div>
      <div className="rot-keep-bar" aria-hidden="true">
        <span style={{ width: `${share * 100}%` }} />
      </div>
      <div className="rot-keep-actions">
        <Button size="s" variant="primary" onClick={() => opened('finish', keyView.entryId)} title={automated ? 'Revoke the old key now instead of at the end of the overlap' : 'Erase the old key from the vault now'}>
          Finish now
        </Button>
        <Button size="s" icon={<RotateIcon />} onClick={() => opened('rollback', keyView.entryId)} title="Go back to the old key">
          Roll back
        </Button>
      </div>
    </div>
  );
}

function RunError({ keyView, run }: { keyView: RotationKey; run: RotationRun }) {
  const opened = useRotationStore((s) => s.rotationDialogOpened);
  if (!run.error) return null;
  return (
    <Callout tone="danger" title={runStateText(run)} role="alert" className="rot-run-error">
      <p>{run.error.message}</p>
      {canAbandon(run) ? (
        <div className="rot-callout-actions">
          <Button size="s" variant="danger-ghost" icon={<XIcon />} onClick={() => opened('abandon', keyView.entryId)}>
            Abandon rotation
          </Button>
          <span className="text-faint">Ends it now, keeping the key in use.</span>
        </div>
      ) : null}
    </Callout>
  );
}

export function RunProgress({ keyView, run }: { keyView: RotationKey; run: RotationRun }) {
  const now = useNow(30_000);
  const ref = useRef<HTMLElement>(null);
  // The run ends by itself (an overlap of 0, the timer): focus inside the panel is not dropped on the page's body.
  useLayoutEffect(() => {
    const panel = ref.current;
    return () => {
      if (panel?.contains(document.activeElement)) focusRunState();
    };
  }, []);
  const guidedForm = run.mode === 'guided' && (run.state === 'awaiting-credentials' || run.state === 'verifying');
  return (
    <section ref={ref} className={cx('rot-run', run.error && run.state !== 'awaiting-credentials' && 'has-error')} aria-labelledby="rot-run-title" data-state={run.state}>
      <div className="rot-run-head">
        <h3 id="rot-run-title" className="section-title">
          Rotation in progress
        </h3>
        <span className="rot-run-started text-faint" title={formatDateTime(run.startedAt)}>
          started {relativeTime(run.startedAt, now)}
        </span>
      </div>
      <p id="rot-run-state" className="rot-run-state" aria-live="polite" tabIndex={-1}>
        {runStateText(run)}
      </p>
      <RunStepper run={run} />
      {run.state === 'awaiting-credentials' ? null : <RunError keyView={keyView} run={run} />}
      {isKeepingOld(run) ? <KeepOld keyView={keyView} run={run} /> : null}
      {guidedForm ? <GuidedPanel key={run.id} keyView={keyView} run={run} /> : null}
      {canCancel(run) && !guidedForm ? (
        <div className="rot-run-actions">
          <CancelButton keyView={keyView} />
          <span className="text-faint">Before the switch, cancelling keeps the current key.</span>
        </div>
      ) : null}
      <StepList steps={run.steps} label="Steps so far" />
    </section>
  );
}
