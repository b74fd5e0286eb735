/**
 * Pieces that show one HTTP exchange the same way everywhere (the Request page's response, the Inspector): the
 * method, the status, where the time went, a header table and a body (JSON pretty-printed when it parses).
 */
import { useMemo, type ReactNode } from 'react';
import type { InspectorOutcome, RequestTimings } from '../../../src-main/contract/inspector';
import { cx } from '../lib/cx';
import { Badge, type BadgeTone } from './badge';
import './http-record.css';

export function MethodLabel({ method, className }: { method: string; className?: string }) {
  return <span className={cx('method-label', `method-${method.toLowerCase()}`, className)}>{method}</span>;
}

const OUTCOME_TONE: Record<InspectorOutcome, BadgeTone> = { ok: 'success', 'client-error': 'warning', 'server-error': 'danger', failed: 'danger' };

/** "200 OK"-style badge; a request that got no answer says why in one word. */
export function StatusBadge({ status, outcome, errorCode }: { status: number | null; outcome: InspectorOutcome; errorCode?: string | null }) {
  const text = status !== null ? String(status) : errorCode === 'ERR_HOST_NOT_ALLOWED' ? 'blocked' : errorCode === 'ERR_TIMEOUT' ? 'timeout' : 'failed';
  return (
    <Badge tone={OUTCOME_TONE[outcome]} className="status-badge" title={status !== null ? `HTTP ${status}` : (errorCode ?? 'No response')}>
      {text}
    </Badge>
  );
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

interface Phase {
  readonly label: string;
  readonly ms: number | null;
  readonly color: string;
  readonly title: string;
}

/** The phases in order; "download" is what is left of the total after the first byte. */
export function phasesOf(t: RequestTimings): Phase[] {
  const known = (t.dnsMs ?? 0) + (t.connectMs ?? 0) + (t.tlsMs ?? 0) + (t.firstByteMs ?? 0);
  const download = t.firstByteMs === null ? null : Math.max(0, t.totalMs - known);
  return [
    { label: 'DNS', ms: t.dnsMs, color: 'var(--timing-dns)', title: 'Resolving the host name (none for an IP address or a cached lookup)' },
    { label: 'Connect', ms: t.connectMs, color: 'var(--timing-connect)', title: 'Opening the TCP connection (none when a kept-alive connection was reused)' },
    { label: 'TLS', ms: t.tlsMs, color: 'var(--timing-tls)', title: 'The TLS handshake (none for plain http on loopback)' },
    { label: 'First byte', ms: t.firstByteMs, color: 'var(--timing-wait)', title: 'From sending the request to the first byte of the answer: the server’s time' },
    { label: 'Download', ms: download, color: 'var(--timing-download)', title: 'Reading the rest of the response' },
  ];
}

export function TimingsView({ timings }: { timings: RequestTimings }) {
  const phases = phasesOf(timings);
  const total = Math.max(timings.totalMs, 0.001);
  return (
    <div className="timings">
      <div className="timings-bar" role="img" aria-label={`Total ${formatMs(timings.totalMs)}`}>
        {phases
          .filter((p) => p.ms !== null && p.ms > 0)
          .map((p) => (
            <span key={p.label} style={{ width: `${((p.ms as number) / total) * 100}%`, ['--phase' as string]: p.color }} title={`${p.label}: ${formatMs(p.ms)}`} />
          ))}
      </div>
      <ul className="timings-legend">
        {phases.map((p) => (
          <li key={p.label} className={cx(p.ms === null && 'is-unknown')} title={p.title} style={{ ['--phase' as string]: p.color }}>
            <span className="swatch" aria-hidden="true" />
            {p.label} <span className="value">{formatMs(p.ms)}</span>
          </li>
        ))}
        <li>
          Total <span className="value">{formatMs(timings.totalMs)}</span>
        </li>
      </ul>
    </div>
  );
}

export interface KvRow {
  readonly name: string;
  readonly value: ReactNode;
  readonly signed?: boolean;
  readonly aside?: ReactNode;
}

export function KvTable({ rows, empty, label }: { rows: readonly KvRow[]; empty: string; label: string }) {
  if (rows.length === 0) return <p className="pair-empty">{empty}</p>;
  return (
    <dl className="pair-table" aria-label={label}>
      {rows.map((r, i) => (
        <div key={`${r.name}-${i}`} className={cx('pair-row', r.signed && 'is-signed')}>
          <dt>{r.name}</dt>
          <dd>{r.value}</dd>
          <span>{r.aside}</span>
        </div>
      ))}
    </dl>
  );
}

/** JSON is shown indented (what was received is unchanged: this is display only); anything else as it came. */
export function prettyBody(text: string): { text: string; json: boolean } {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return { text, json: false };
  try {
    return { text: JSON.stringify(JSON.parse(t), null, 2), json: true };
  } catch {
    return { text, json: false };
  }
}

export function BodyView({ body, label, truncated, bytes, empty = 'No body' }: { body: string | null; label: string; truncated?: boolean; bytes?: number; empty?: string }) {
  const shown = useMemo(() => (body === null || body === '' ? null : prettyBody(body)), [body]);
  if (shown === null) return <p className="pair-empty">{empty}</p>;
  return (
    <div>
      <pre className="body-view" aria-label={label}>
        {shown.text}
      </pre>
      {truncated ? <p className="body-note">Cut at {shown.text.length.toLocaleString()} characters of {bytes?.toLocaleString() ?? 'more'} bytes: Signet keeps the start of large responses.</p> : null}
    </div>
  );
}
