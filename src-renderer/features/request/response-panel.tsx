/**
 * What came back from the last Send: the status, where the time went, the response body and headers, and a way to
 * the full record in the Inspector. It belongs to the request that was sent, not to the draft being edited, so it
 * says when it was sent and stays until the next send or until dismissed.
 */
import { useState } from 'react';
import type { InspectorRecord } from '../../../src-main/contract/inspector';
import { useNavigationStore } from '../../shared/navigation/navigation-store';
import { Button, IconButton } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { DebuggerIcon, ExternalLinkIcon, XIcon } from '../../shared/ui/icons';
import { BodyView, formatMs, KvTable, StatusBadge, TimingsView } from '../../shared/ui/http-record';

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function ResponsePanel({ record, onDismiss }: { record: InspectorRecord; onDismiss: () => void }) {
  const openRecord = useNavigationStore((s) => s.openRecord);
  const openDebugger = useNavigationStore((s) => s.openDebugger);
  const [showHeaders, setShowHeaders] = useState(false);
  return (
    <section className="response-panel" aria-label="Response" data-outcome={record.outcome}>
      <div className="response-head">
        <div className="response-title">
          <h3 className="section-title">Response</h3>
          <StatusBadge status={record.status} outcome={record.outcome} errorCode={record.error?.code} />
          <span className="response-meta">
            {formatMs(record.timings.totalMs)} · sent {clock.format(new Date(record.at))}
            {record.attempts > 1 ? ` · ${record.attempts} attempts` : ''}
          </span>
        </div>
        <div className="response-actions">
          <Button size="s" variant={record.outcome === 'client-error' ? 'secondary' : 'ghost'} icon={<DebuggerIcon />} onClick={() => openDebugger({ recordId: record.id, entryId: record.entryId })} title="Check this request’s signature in the Debugger, with its response attached">
            Open in Debugger
          </Button>
          <Button size="s" variant="ghost" icon={<ExternalLinkIcon />} onClick={() => openRecord(record.id)}>
            Open in Inspector
          </Button>
          <IconButton size="s" icon={<XIcon />} label="Dismiss the response" onClick={onDismiss} />
        </div>
      </div>
      {record.error ? (
        <Callout tone={record.status === null ? 'danger' : 'warning'} title={record.status === null ? 'Not sent, or no answer' : `The API answered ${record.status}`} role="alert">
          <code className="error-field">{record.error.code}</code> {record.error.message}
        </Callout>
      ) : null}
      <TimingsView timings={record.timings} />
      <BodyView body={record.responseBody} label="Response body" truncated={record.responseTruncated} bytes={record.responseBytes} empty={record.status === null ? 'No response' : 'Empty body'} />
      {record.responseHeaders.length ? (
        <div>
          <Button size="s" variant="ghost" onClick={() => setShowHeaders((v) => !v)} aria-expanded={showHeaders}>
            {showHeaders ? 'Hide' : 'Show'} {record.responseHeaders.length} response headers
          </Button>
          {showHeaders ? <KvTable label="Response headers" empty="No headers" rows={record.responseHeaders.map((h) => ({ name: h.name, value: h.value }))} /> : null}
        </div>
      ) : null}
    </section>
  );
}
