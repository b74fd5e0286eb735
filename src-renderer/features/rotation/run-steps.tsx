/**
 * A run drawn two ways: the stepper (where it stands in its sequence) and the step list (what was done, when, and
 * with what outcome, in main's own words). Shared by the run in progress and the key's history.
 */
import type { RotationRun, RunStep } from '../../../src-main/contract/rotation';
import { cx } from '../../shared/lib/cx';
import { CheckIcon, ClockIcon, RotateIcon, XIcon } from '../../shared/ui/icons';
import { runStages, stepLabel, type StageStatus } from './rotation-model';

const STAGE_WORDS: Record<StageStatus, string> = {
  done: 'done',
  active: 'in progress',
  waiting: 'waiting',
  todo: 'to do',
  skipped: 'skipped',
  failed: 'failed',
  back: 'in progress',
};

function StageMark({ status }: { status: StageStatus }) {
  switch (status) {
    case 'done':
      return <CheckIcon size={12} />;
    case 'failed':
      return <XIcon size={12} />;
    case 'waiting':
      return <ClockIcon size={12} />;
    case 'active':
      return <span className="spinner rot-stage-spinner" aria-hidden="true" />;
    case 'back':
      return <RotateIcon size={12} className="icon rot-stage-back-icon" />;
    default:
      return <span className="rot-stage-dot" />;
  }
}

/** The run's sequence, the current stage marked; a rollback ends on its own stage. */
export function RunStepper({ run }: { run: RotationRun }) {
  const stages = runStages(run);
  return (
    <ol className="rot-stepper" aria-label="Rotation stages">
      {stages.map((s) => (
        <li key={s.id} className={cx('rot-stage', `is-${s.status}`)} aria-current={s.status === 'active' || s.status === 'waiting' || s.status === 'back' || s.status === 'failed' ? 'step' : undefined} data-stage={s.id} data-status={s.status}>
          <span className="rot-stage-mark">
            <StageMark status={s.status} />
          </span>
          <span className="rot-stage-label">
            {s.label}
            <span className="visually-hidden">: {STAGE_WORDS[s.status]}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const dateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

function StepIcon({ outcome }: { outcome: RunStep['outcome'] }) {
  if (outcome === 'ok') return <CheckIcon size={14} className="icon rot-icon-success" />;
  if (outcome === 'failed') return <XIcon size={14} className="icon rot-icon-danger" />;
  return <span className="rot-step-skip" aria-hidden="true" />;
}

/** The steps as recorded, oldest first; times of day, or with the date when the run spans days. */
export function StepList({ steps, label = 'Steps' }: { steps: readonly RunStep[]; label?: string }) {
  const first = steps[0] ? new Date(steps[0].at).toDateString() : '';
  const spansDays = steps.some((s) => new Date(s.at).toDateString() !== first);
  return (
    <ol className="rot-steps" aria-label={label}>
      {steps.map((s, i) => (
        <li key={`${i}-${s.step}`} className={cx('rot-step', `is-${s.outcome}`)} data-step={s.step} data-outcome={s.outcome}>
          <span className="rot-step-icon">
            <StepIcon outcome={s.outcome} />
            <span className="visually-hidden">{s.outcome === 'ok' ? 'Done' : s.outcome === 'failed' ? 'Failed' : 'Skipped'}: </span>
          </span>
          <div className="rot-step-text">
            <div className="rot-step-head">
              <span className="rot-step-name">{stepLabel(s.step)}</span>
              <time className="rot-step-time" dateTime={s.at} title={s.at}>
                {(spansDays ? dateTime : time).format(new Date(s.at))}
              </time>
            </div>
            {s.detail ? <p className="rot-step-detail">{s.detail}</p> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}
