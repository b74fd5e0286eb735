/**
 * The selected key: its schedule (the policy and where it comes from, the due date, the last rotation), Rotate now,
 * the run in progress live, how the last run ended once it has, and its history.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { RotationKey, RotationRun } from '../../../src-main/contract/rotation';
import type { RotationStatus } from '../../../src-main/contract/rotation-policy';
import { rotationQueries } from '../../ipc/rotation-queries';
import { cx } from '../../shared/lib/cx';
import { formatDateTime, relativeTime } from '../../shared/lib/format';
import { useNow } from '../../shared/lib/use-now';
import { Badge, EnvironmentBadge, type BadgeTone } from '../../shared/ui/badge';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { EmptyState } from '../../shared/ui/empty-state';
import { ChevronDownIcon, RotateIcon } from '../../shared/ui/icons';
import { Kbd } from '../../shared/ui/kbd';
import { modeLabel, providerLabel } from './agenda-list';
import { dueRelative, formatDueDate, formatElapsed, formatMinutes, isLive, outcomeOf, statusAt } from './rotation-model';
import { RunProgress } from './run-progress';
import { StepList } from './run-steps';
import { useRotationStore } from './rotation-store';

const STATUS: Record<RotationStatus, { label: string; tone: BadgeTone; solid?: boolean }> = {
  ok: { label: 'On schedule', tone: 'success' },
  'due-soon': { label: 'Due soon', tone: 'warning' },
  overdue: { label: 'Overdue', tone: 'danger' },
  expired: { label: 'Expired', tone: 'danger', solid: true },
};

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

function Schedule({ keyView, now }: { keyView: RotationKey; now: number }) {
  const { policy, state } = keyView;
  const status = statusAt(state, now);
  const envName = { dev: 'development', test: 'test', prod: 'production' }[keyView.environment];
  return (
    <section className="rot-section" aria-labelledby="rot-schedule-title">
      <h3 id="rot-schedule-title" className="section-title">
        Schedule
      </h3>
      <p className={cx('rot-reason', status !== 'ok' && `rot-reason-${status}`)}>{state.reason}</p>
      <dl className="rot-grid">
        <Row label="Policy">
          Every {days(policy.everyDays)}, reminders {days(policy.warnDays)} before
          <span className="rot-grid-note">{keyView.policySource === 'own' ? 'This key’s own policy.' : `The ${envName} default from Settings › Key rotation.`} Edit the policy in the key’s detail on the Vault page.</span>
        </Row>
        <Row label="Next due">
          {formatDueDate(state.dueAt)} <span className={cx('rot-rel', status === 'overdue' || status === 'expired' ? 'rot-text-danger' : status === 'due-soon' ? 'rot-text-warning' : 'text-faint')}>· {dueRelative(state, now)}</span>
        </Row>
        <Row label="Reminders from">{formatDueDate(state.warnFrom)}</Row>
        <Row label="Hard expiry">{state.expiresAt ? formatDueDate(state.expiresAt) : <span className="text-faint">None</span>}</Row>
        <Row label="Last rotated">{keyView.lastRotatedAt ? `${formatDateTime(keyView.lastRotatedAt)} · ${relativeTime(keyView.lastRotatedAt, now)}` : <span className="text-faint">Never</span>}</Row>
      </dl>
    </section>
  );
}

function HistoryItem({ run, open, onToggle, now }: { run: RotationRun; open: boolean; onToggle: () => void; now: number }) {
  const outcome = outcomeOf(run);
  const ref = useRef<HTMLLIElement>(null);
  const ended = run.endedAt ?? run.updatedAt;
  const took = Date.parse(ended) - Date.parse(run.startedAt);
  const panelId = `rot-history-${run.id}`;
  return (
    <li ref={ref} className={cx('rot-history-item', open && 'is-open')} data-run-id={run.id}>
      <button type="button" className="rot-history-toggle" aria-expanded={open} aria-controls={panelId} onClick={onToggle}>
        <Badge tone={outcome.tone} className="rot-outcome">
          {outcome.label}
        </Badge>
        <span className="rot-history-when">
          {formatDateTime(ended)} <span className="text-faint">· {relativeTime(ended, now)}</span>
        </span>
        <span className="rot-history-meta text-faint">
          {modeLabel(run.mode)} · took {formatElapsed(took)}
        </span>
        <ChevronDownIcon className="icon rot-history-chevron" />
      </button>
      {open ? (
        <div id={panelId} className="rot-history-body">
          <p className="rot-history-keys text-muted">
            {run.oldPreview ? <span className="mono">{run.oldPreview}</span> : '—'} → {run.newPreview ? <span className="mono">{run.newPreview}</span> : <span className="text-faint">no new key</span>}
            {run.mode === 'automated' && run.overlapMinutes !== null ? ` · overlap ${run.overlapMinutes === 0 ? 'none' : formatMinutes(run.overlapMinutes)}` : null}
            {run.mode === 'guided' && run.archiveDays !== null ? ` · old key kept ${days(run.archiveDays)}` : null}
          </p>
          {run.error && run.state === 'failed' ? (
            <Callout tone="danger" title="Why it failed">
              {run.error.message}
            </Callout>
          ) : null}
          <StepList steps={run.steps} />
        </div>
      ) : null}
    </li>
  );
}

function History({ keyView, now }: { keyView: RotationKey; now: number }) {
  const selectedRunId = useRotationStore((s) => s.rotationSelectedRunId);
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(selectedRunId ? [selectedRunId] : []));
  // A past run picked in the agenda opens here and comes into view.
  const [seen, setSeen] = useState(selectedRunId);
  if (selectedRunId !== seen) {
    setSeen(selectedRunId);
    if (selectedRunId && !open.has(selectedRunId)) setOpen(new Set([...open, selectedRunId]));
  }
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (!selectedRunId) return;
    listRef.current?.querySelector(`[data-run-id="${CSS.escape(selectedRunId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedRunId]);
  const toggle = (id: string) =>
    setOpen((o) => {
      const next = new Set(o);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <section className="rot-section" aria-labelledby="rot-history-title">
      <h3 id="rot-history-title" className="section-title">
        History <span className="rot-count">{keyView.history.length || ''}</span>
      </h3>
      {keyView.history.length === 0 ? (
        <p className="text-faint">Not rotated with Signet yet.</p>
      ) : (
        <ol ref={listRef} className="rot-history">
          {keyView.history.map((run) => (
            <HistoryItem key={run.id} run={run} open={open.has(run.id)} onToggle={() => toggle(run.id)} now={now} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** How the run that was in progress here ended, once it has (the progress panel has gone; this says why). */
function Finished({ run, onDismiss }: { run: RotationRun; onDismiss: () => void }) {
  const outcome = outcomeOf(run);
  const last = run.steps[run.steps.length - 1];
  const tone = outcome.tone === 'success' ? 'success' : outcome.tone === 'danger' ? 'danger' : 'warning';
  return (
    <div role="status" className="rot-finished">
      <Callout tone={tone} title={outcome.label === 'Done' ? 'Rotated' : `Rotation ${outcome.label.toLowerCase()}`}>
        <p>{run.state === 'failed' ? (run.error?.message ?? last?.detail) : last?.detail}</p>
        <div className="rot-callout-actions">
          <Button size="s" variant="ghost" onClick={onDismiss}>
            Dismiss
          </Button>
        </div>
      </Callout>
    </div>
  );
}

function Pane({ keyView }: { keyView: RotationKey }) {
  const now = useNow(30_000);
  const opened = useRotationStore((s) => s.rotationDialogOpened);
  const run = isLive(keyView.run) ? keyView.run : null;
  // The run seen in progress here: once it ends, its outcome is shown until dismissed or another starts.
  const [watched, setWatched] = useState<string | null>(run?.id ?? null);
  const [ended, setEnded] = useState<string | null>(null);
  if ((run?.id ?? null) !== watched) {
    if (run) setEnded(null);
    else if (watched) setEnded(watched);
    setWatched(run?.id ?? null);
  }
  const finished = ended ? (keyView.history.find((h) => h.id === ended) ?? null) : null;
  const status = STATUS[statusAt(keyView.state, now)];
  return (
    <div className="rot-pane" data-entry-id={keyView.entryId}>
      <header className="rot-pane-header">
        <div className="rot-pane-titles">
          <h2 id="rot-pane-title" className="rot-pane-title" tabIndex={-1}>
            {keyView.label}
          </h2>
          <p className="rot-pane-sub">
            {providerLabel(keyView.provider)} · {keyView.mode === 'automated' ? 'Automated: Signet makes the new key through the provider’s key API' : 'Guided: you make the new key on the exchange, Signet verifies and switches'}
          </p>
        </div>
      </header>
      <div className="rot-pane-actions">
        <EnvironmentBadge environment={keyView.environment} />
        <Badge tone={status.tone} solid={status.solid}>
          {status.label}
        </Badge>
        <Badge tone={keyView.mode === 'automated' ? 'accent' : 'purple'}>{modeLabel(keyView.mode)}</Badge>
        <div className="toolbar-spacer" />
        <Button variant="primary" icon={<RotateIcon />} disabled={run !== null} onClick={() => opened('rotate', keyView.entryId)} title={run ? 'A rotation is in progress: finish, roll back or cancel it first' : 'Rotate this key now'}>
          Rotate now
        </Button>
      </div>
      {finished ? <Finished run={finished} onDismiss={() => setEnded(null)} /> : null}
      {run ? <RunProgress keyView={keyView} run={run} /> : null}
      <Schedule keyView={keyView} now={now} />
      <History keyView={keyView} now={now} />
    </div>
  );
}

export function KeyPane() {
  const selectedId = useRotationStore((s) => s.rotationSelectedId);
  const overview = useQuery(rotationQueries.overview());
  if (!selectedId) {
    return (
      <EmptyState icon={<RotateIcon size={20} />} title="No key selected" className="rot-pane-empty">
        Pick a key to see its schedule, rotate it, or follow a rotation as it runs. <Kbd>↑</Kbd> <Kbd>↓</Kbd> move through the agenda, <Kbd>/</Kbd> searches.
      </EmptyState>
    );
  }
  if (!overview.data) return <div className="rot-pane" aria-busy="true" />;
  const keyView = overview.data.keys.find((k) => k.entryId === selectedId);
  if (!keyView) {
    return (
      <EmptyState title="This key no longer exists" className="rot-pane-empty">
        It was deleted from the vault. Pick another key in the agenda.
      </EmptyState>
    );
  }
  return <Pane key={keyView.entryId} keyView={keyView} />;
}
