/**
 * The verification state at the top of the Audit page: the chain verified (green), nothing recorded yet, or the log
 * altered (red, naming the first bad line, what it means and what to do), with what a crash or a lock left behind,
 * Verify again, and main's full report (the sentences `signet audit verify` prints) behind a disclosure.
 */
import { Fragment } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { auditKeys, auditQueries } from '../../ipc/audit-queries';
import { errorMessage } from '../../ipc/signet-client';
import { cx } from '../../shared/lib/cx';
import { Badge } from '../../shared/ui/badge';
import { Button } from '../../shared/ui/button';
import { AlertIcon, InfoIcon, RefreshIcon, ShieldIcon } from '../../shared/ui/icons';
import { verificationView } from './audit-model';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** A sentence with `commands` in backticks, the commands set in mono (as text: never markup). */
function WithCode({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className="mono audit-code">
            {part}
          </code>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

export function VerificationBanner() {
  const client = useQueryClient();
  const verification = useQuery(auditQueries.verification());
  // The log is read again too: what the timeline shows is the file as it now is.
  const again = (
    <Button size="s" icon={<RefreshIcon />} busy={verification.isFetching} onClick={() => void client.invalidateQueries({ queryKey: auditKeys.all })}>
      Verify again
    </Button>
  );

  if (verification.isPending) {
    return (
      <div className="audit-banner callout" aria-busy="true">
        <span className="spinner audit-banner-spinner" aria-hidden="true" />
        <div className="callout-content">
          <p className="callout-title">Verifying the audit log…</p>
        </div>
      </div>
    );
  }
  if (verification.isError) {
    return (
      <div className="audit-banner callout callout-warning" role="alert">
        <AlertIcon className="icon callout-icon" />
        <div className="callout-content">
          <p className="callout-title">The audit log could not be verified</p>
          <p className="callout-body">{errorMessage(verification.error)}</p>
        </div>
        <div className="audit-banner-actions">{again}</div>
      </div>
    );
  }

  const v = verification.data;
  const view = verificationView(v);
  const Icon = view.tone === 'success' ? ShieldIcon : view.tone === 'danger' ? AlertIcon : InfoIcon;
  return (
    <section className={cx('audit-banner callout', `callout-${view.tone}`, view.tone === 'danger' && 'is-tampered')} aria-label="Audit log verification" data-status={v.status}>
      <Icon className="icon callout-icon" />
      <div className="callout-content">
        <div role={view.tone === 'danger' ? 'alert' : 'status'}>
          <p className="callout-title">
            {view.title}
            {view.kind ? (
              <Badge tone="danger" solid className="audit-problem-kind" title="What verification found, as `signet audit verify --json` names it">
                {view.kind}
              </Badge>
            ) : null}
          </p>
          <p className="audit-banner-text">{view.text}</p>
        </div>
        {view.advice ? (
          <p className="audit-banner-advice">
            <strong>What to do: </strong>
            <WithCode text={view.advice} />
          </p>
        ) : null}
        {view.notes.length ? (
          <ul className="audit-banner-notes">
            {view.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        ) : null}
        <details className="audit-report">
          <summary>Full report</summary>
          <ul>
            {v.summary.map((s) => (
              <li key={s}>
                <WithCode text={s} />
              </li>
            ))}
          </ul>
          <dl className="audit-report-facts">
            <dt>Log file</dt>
            <dd className="mono">{v.path}</dd>
            <dt>Lines</dt>
            <dd>
              {v.lines.toLocaleString()} in the file · {v.verifiedLines.toLocaleString()} checked · {v.sealedLines.toLocaleString()} vouched for by the sealed head
            </dd>
            <dt>Export</dt>
            <dd>
              From a terminal: <span className="mono">signet audit export --out FILE</span> (JSON Lines, MACs included; <span className="mono">--format csv</span> for a spreadsheet).
            </dd>
          </dl>
        </details>
      </div>
      <div className="audit-banner-actions">
        <span className="audit-banner-checked" title={v.checkedAt}>
          Checked {clock.format(new Date(v.checkedAt))}
        </span>
        {again}
      </div>
    </section>
  );
}
