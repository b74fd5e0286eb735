/**
 * One diagnosis as main reported it (secrets masked there): the verdict, the ranked causes (the first is the most
 * likely), the two strings to sign side by side with their character diff, the expected and received signatures,
 * the derivation steps, the timing checks, what the reader assumed, and the fixed request.
 */
import type { ReactNode } from 'react';
import { CAUSE_TITLES, type DebugRun, type Diagnosis } from '../../../src-main/contract/debug';
import type { SchemeInfo } from '../../../src-main/contract/schemas';
import { cx } from '../../shared/lib/cx';
import { Badge } from '../../shared/ui/badge';
import { IconButton } from '../../shared/ui/button';
import { AlertIcon, CheckIcon, ClockIcon, CopyIcon, InfoIcon, XIcon } from '../../shared/ui/icons';
import { MethodLabel } from '../../shared/ui/http-record';
import { CanonicalDiff } from './canonical-diff';
import { fixText, formatOffset, formatSpan } from './debugger-model';
import { copy, FixedRequest } from './fixed-request';

function Block({ title, actions, children, className }: { title: string; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={cx('dbg-block', className)} aria-label={title}>
      <div className="dbg-block-head">
        <h3 className="section-title">{title}</h3>
        {actions ? <div className="dbg-block-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}

function Verdict({ run, scheme }: { run: DebugRun; scheme: SchemeInfo | null }) {
  const first = run.diagnosis[0];
  return (
    <div className={cx('dbg-verdict', run.valid ? 'is-accepted' : 'is-refused')} role="status" aria-label="Verdict">
      <div className="dbg-verdict-icon" aria-hidden="true">
        {run.valid ? <CheckIcon size={20} /> : <XIcon size={20} />}
      </div>
      <div className="dbg-verdict-body">
        <p className="dbg-verdict-title">
          {run.valid ? 'Accepted' : 'Refused'}
          <span className="dbg-verdict-sub">{run.valid ? 'the signature matches and nothing else would be refused' : first ? CAUSE_TITLES[first.cause] : 'the signature does not match'}</span>
        </p>
        <p className="dbg-verdict-scheme">
          <Badge tone="accent">{scheme?.title ?? run.scheme}</Badge> <span className="text-muted">{run.schemeReason === 'given' ? 'the scheme you chose' : run.schemeReason}</span>
        </p>
        {run.serverError ? (
          <p className="dbg-verdict-server">
            <span className="text-muted">The server answered</span> <code className="dbg-code">{run.serverError.code}</code> {run.serverError.meaning}
          </p>
        ) : null}
      </div>
    </div>
  );
}

function CauseCard({ d, index }: { d: Diagnosis; index: number }) {
  return (
    <li className={cx('dbg-cause', index === 0 && 'is-first')} aria-label={CAUSE_TITLES[d.cause]}>
      <div className="dbg-cause-head">
        <span className="dbg-cause-rank" aria-hidden="true">
          {index + 1}
        </span>
        <p className="dbg-cause-title">{CAUSE_TITLES[d.cause]}</p>
        {index === 0 ? (
          <Badge tone="danger" solid>
            Most likely
          </Badge>
        ) : null}
      </div>
      <div className="dbg-cause-tags">
        <code className="dbg-cause-code">{d.cause}</code>
        {d.reproduced ? (
          <Badge tone="success" icon={<CheckIcon />} title="The received signature was recomputed from this mistake">
            reproduced
          </Badge>
        ) : (
          <Badge tone="warning" title="Consistent with what was sent, but the signature could not be recomputed from it">
            suspected
          </Badge>
        )}
        {d.fromServer ? (
          <Badge tone="accent" title="The server's documented error code points at this cause">
            the server’s error says so
          </Badge>
        ) : null}
      </div>
      <p className="dbg-cause-text">{d.explanation}</p>
      <p className="dbg-cause-fix">
        <strong>Fix:</strong> {fixText(d.fix)}
      </p>
    </li>
  );
}

function Causes({ run }: { run: DebugRun }) {
  if (run.diagnosis.length === 0) {
    return run.valid ? null : (
      <p className="dbg-muted">
        <InfoIcon size={12} /> No single cause was found.
      </p>
    );
  }
  return (
    <Block title={run.diagnosis.length === 1 ? 'Cause' : `Causes, most likely first (${run.diagnosis.length})`}>
      <ol className="dbg-causes">
        {run.diagnosis.map((d, i) => (
          <CauseCard key={`${d.cause}-${i}`} d={d} index={i} />
        ))}
      </ol>
    </Block>
  );
}

function Signatures({ run }: { run: DebugRun }) {
  const received = run.received.signature;
  const same = received !== null && received === run.expected.signature;
  return (
    <Block title="Signature">
      <div className="dbg-sigs">
        <div className="dbg-sig">
          <div className="dbg-sig-head">
            <span className="dbg-sig-label">Expected</span>
            {run.expected.signature ? <IconButton size="s" icon={<CopyIcon />} label="Copy the expected signature" onClick={() => void copy(run.expected.signature, 'Expected signature')} /> : null}
          </div>
          <pre className={cx('dbg-sig-value', run.expected.signature === '' && 'is-missing')}>{run.expected.signature || 'Not computed: the request lacks what the scheme signs.'}</pre>
        </div>
        <div className="dbg-sig">
          <div className="dbg-sig-head">
            <span className="dbg-sig-label">Received</span>
            {received === null ? <Badge tone="danger">none</Badge> : same ? <Badge tone="success" icon={<CheckIcon />}>matches</Badge> : <Badge tone="danger">differs</Badge>}
          </div>
          <pre className={cx('dbg-sig-value', received === null ? 'is-missing' : same ? 'is-same' : 'is-different')}>{received ?? 'The request carries no signature.'}</pre>
        </div>
      </div>
    </Block>
  );
}

function Steps({ run }: { run: DebugRun }) {
  if (run.steps.length === 0) return null;
  return (
    <Block title="How the expected signature is derived">
      <ol className="dbg-steps">
        {run.steps.map((s, i) => (
          <li key={i} className="dbg-step">
            <span className="dbg-step-number" aria-hidden="true">
              {i + 1}
            </span>
            <div className="dbg-step-body">
              <div className="dbg-step-head">
                <span className="dbg-step-label">{s.label}</span>
                <Badge className="dbg-step-encoding">{s.encoding}</Badge>
                <span className="toolbar-spacer" />
                <IconButton size="s" icon={<CopyIcon />} label={`Copy step ${i + 1}: ${s.label}`} onClick={() => void copy(s.value, `Step ${i + 1}`)} />
              </div>
              {s.note ? <p className="dbg-step-note">{s.note}</p> : null}
              <pre className="dbg-step-value">{s.value}</pre>
            </div>
          </li>
        ))}
      </ol>
    </Block>
  );
}

const UNITS: Record<DebugRun['timing']['units'], string> = { s: 'seconds', ms: 'milliseconds', us: 'microseconds', iso: 'ISO 8601 time', none: 'none' };
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

function Skew({ ms, windowMs, against }: { ms: number | null; windowMs: number | null; against: string }) {
  if (ms === null) return <span className="text-faint">{against === 'the exchange' ? 'not asked (tick “Compare with the exchange’s clock”)' : 'unknown'}</span>;
  const outside = windowMs !== null && Math.abs(ms) > windowMs;
  return (
    <span className={cx('dbg-skew', outside ? 'is-outside' : 'is-inside')}>
      {outside ? <AlertIcon size={12} /> : <CheckIcon size={12} />} {formatOffset(ms)} {ms === 0 ? '' : ms > 0 ? `ahead of ${against}` : `behind ${against}`}
      {windowMs !== null ? <span className="text-faint"> · {outside ? 'outside' : 'inside'} the window</span> : null}
    </span>
  );
}

function Timing({ run }: { run: DebugRun }) {
  const t = run.timing;
  const rows: [string, ReactNode][] = [
    ['Timestamp', t.raw === null ? <span className="text-faint">none the scheme reads</span> : <span className="mono">{t.raw}</span>],
    ['Read as', t.atMs === null ? '—' : when.format(new Date(t.atMs))],
    ['Units', UNITS[t.units]],
    ['vs this computer', <Skew key="l" ms={t.localSkewMs} windowMs={t.windowMs} against="this computer" />],
    ['vs the exchange', <Skew key="s" ms={t.serverSkewMs} windowMs={t.windowMs} against="the exchange" />],
    ['Window', t.windowMs === null ? <span className="text-faint">none</span> : `± ${formatSpan(t.windowMs)}`],
    ['Nonce', t.nonce === null ? <span className="text-faint">none</span> : <span className="mono break-all">{t.nonce}</span>],
    [
      'Nonce seen before',
      t.nonce === null ? (
        '—'
      ) : t.nonceSeenBefore === 0 ? (
        <span className="dbg-skew is-inside">
          <CheckIcon size={12} /> never, in the Inspector’s history
        </span>
      ) : (
        <span className="dbg-skew is-outside">
          <AlertIcon size={12} /> {t.nonceSeenBefore === 1 ? 'once' : `${t.nonceSeenBefore} times`}, by earlier requests of this key
        </span>
      ),
    ],
  ];
  return (
    <Block title="Timing" actions={<ClockIcon className="icon text-faint" />}>
      <dl className="dbg-facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
        {t.serverTime !== null ? (
          <div>
            <dt>The exchange’s clock</dt>
            <dd>{when.format(new Date(t.serverTime))}</dd>
          </div>
        ) : null}
      </dl>
    </Block>
  );
}

function AsRead({ run }: { run: DebugRun }) {
  const r = run.request;
  return (
    <Block title="The request as read">
      {run.notes.length ? (
        <ul className="dbg-notes" aria-label="Reader’s notes">
          {run.notes.map((n, i) => (
            <li key={i}>
              <InfoIcon size={12} /> {n}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="dbg-http">
        <div className="dbg-http-line mono">
          <MethodLabel method={r.method} />
          <span className="break-all">{r.url}</span>
        </div>
        <dl className="dbg-http-headers">
          {Object.entries(r.headers).map(([name, value]) => (
            <div key={name} className="dbg-http-header">
              <dt className="mono">{name}</dt>
              <dd className="mono break-all">{value}</dd>
            </div>
          ))}
        </dl>
        {r.body !== null ? <pre className="dbg-http-body mono">{r.body}</pre> : <p className="dbg-http-nobody text-faint">No body</p>}
      </div>
    </Block>
  );
}

export function DebugReportView({ run, scheme }: { run: DebugRun; scheme: SchemeInfo | null }) {
  const first = run.diagnosis[0] ?? null;
  return (
    <div className="dbg-report">
      <Verdict run={run} scheme={scheme} />
      <Causes run={run} />
      <FixedRequest key={`${run.expected.signature}-${run.received.signature ?? ''}`} run={run} />
      <Block title="String to sign" actions={<IconButton size="s" icon={<CopyIcon />} label="Copy the expected string to sign" onClick={() => void copy(run.expected.canonical, 'Expected string to sign')} />}>
        <CanonicalDiff diff={run.diff} match={run.received.signature === run.expected.signature} found={first?.signedCanonical != null} valid={run.valid} />
      </Block>
      <Signatures run={run} />
      <div className="dbg-report-columns">
        <Timing run={run} />
        <AsRead run={run} />
      </div>
      <Steps run={run} />
    </div>
  );
}
