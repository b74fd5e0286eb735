/**
 * One recorded request in full: where it went and what came back, where the time went, the headers as sent
 * (signature values masked until the user reveals them; secrets are never here), the string that was signed, and
 * both bodies. Re-send signs the recorded draft again with a fresh timestamp and nonce; "Open in Request page" puts
 * the draft back in the composer.
 */
import { useState, type ReactNode } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { InspectorRecord, InspectorRecordView } from '../../../src-main/contract/inspector';
import { providerInfo } from '../../../src-main/contract/providers';
import { inspectorMutations, inspectorQueries } from '../../ipc/inspector-queries';
import { errorMessage } from '../../ipc/signet-client';
import { copyText } from '../../shared/lib/copy-text';
import { useNavigationStore } from '../../shared/navigation/navigation-store';
import { Badge } from '../../shared/ui/badge';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { EmptyState } from '../../shared/ui/empty-state';
import { CopyIcon, DebuggerIcon, EyeIcon, EyeOffIcon, LockIcon, RefreshIcon, RequestIcon } from '../../shared/ui/icons';
import { BodyView, KvTable, MethodLabel, StatusBadge, TimingsView } from '../../shared/ui/http-record';
import { showToast } from '../../shared/ui/toast-store';
import { withRevealed } from './inspector-model';
import { useInspectorStore } from './inspector-store';

function Section({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  const id = `record-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="record-section" aria-labelledby={id}>
      <div className="record-section-head">
        <h3 id={id} className="section-title">
          {title}
        </h3>
        <div className="record-section-actions">{actions}</div>
      </div>
      {children}
    </section>
  );
}

async function copy(text: string, what: string): Promise<void> {
  try {
    await copyText(text);
    showToast({ tone: 'success', title: `${what} copied`, key: 'inspector-copy' });
  } catch {
    showToast({ tone: 'danger', title: `Could not copy the ${what.toLowerCase()}`, body: 'The system refused clipboard access.' });
  }
}

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

function Facts({ r }: { r: InspectorRecord }) {
  const facts: [string, ReactNode][] = [
    ['Sent', when.format(new Date(r.at))],
    ['Provider', providerInfo(r.provider)?.name ?? r.provider],
    ['Key', r.entryLabel ?? 'none'],
    ['Scheme', r.schemeId ?? 'not signed'],
    ['Attempts', r.attempts === 1 ? '1' : `${r.attempts} (retried after 429/503 or a dropped connection)`],
    ['Response', r.status === null ? 'none' : `${r.responseBytes.toLocaleString()} bytes`],
  ];
  return (
    <dl className="record-facts">
      {facts.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Detail({ record }: { record: InspectorRecordView }) {
  const [revealing, setRevealing] = useState(false);
  const revealed = useQuery({ ...inspectorQueries.revealed(record.id), enabled: revealing });
  const r = withRevealed(record, revealing ? revealed.data : undefined);
  const resend = useMutation(inspectorMutations.resend());
  const recordSelected = useInspectorStore((s) => s.recordSelected);
  const loadDraft = useNavigationStore((s) => s.loadDraft);
  const openDebugger = useNavigationStore((s) => s.openDebugger);
  // A refused request offers the Debugger where the refusal is shown; any other record, among its actions.
  const refused = r.status !== null && r.status >= 400 && r.error !== null;

  const doResend = () =>
    resend.mutate(record.id, {
      onSuccess: (next) => {
        recordSelected(next.id);
        showToast({ tone: next.outcome === 'ok' ? 'success' : 'danger', title: next.status !== null ? `Re-sent: ${next.status}` : 'Re-sent: no response', body: next.error?.message, key: 'inspector-resend' });
      },
      onError: (e) => showToast({ tone: 'danger', title: 'Could not re-send', body: errorMessage(e), durationMs: 6000 }),
    });

  const revealToggle = record.revealable ? (
    <Button size="s" variant="ghost" icon={revealing ? <EyeOffIcon /> : <EyeIcon />} busy={revealing && revealed.isFetching} onClick={() => setRevealing((v) => !v)} aria-pressed={revealing}>
      {revealing ? 'Mask key and signatures' : 'Reveal key and signatures'}
    </Button>
  ) : null;

  return (
    <div className="record-detail">
      <header className="record-head">
        <div className="record-title">
          <StatusBadge status={r.status} outcome={r.outcome} errorCode={r.error?.code} />
          <MethodLabel method={r.method} />
          <span className="record-url mono">{r.url}</span>
        </div>
        <div className="record-actions">
          <Button variant={refused ? 'secondary' : 'primary'} size="s" icon={<RefreshIcon />} busy={resend.isPending} onClick={doResend} disabled={r.draft.entryId === null} title="Sign the same request again (fresh timestamp and nonce) and send it">
            Re-send
          </Button>
          {refused ? null : (
            <Button size="s" icon={<DebuggerIcon />} onClick={() => openDebugger({ recordId: r.id, entryId: r.entryId })} title="Check the signature of this request in the Debugger">
              Open in Debugger
            </Button>
          )}
          <Button
            size="s"
            icon={<RequestIcon />}
            onClick={() => loadDraft(r.draft)}
            title="Put this request, as it was typed, in the Request page"
          >
            Open in Request page
          </Button>
          <Button size="s" variant="ghost" icon={<CopyIcon />} onClick={() => void copy(r.url, 'URL')}>
            Copy URL
          </Button>
        </div>
      </header>
      {r.error ? (
        <Callout tone={r.status === null ? 'danger' : 'warning'} title={r.status === null ? 'No response' : `The API answered ${r.status}`} role="status">
          <code className="record-error-code">{r.error.code}</code> {r.error.message}
          {refused ? (
            <div className="record-debug">
              <Button size="s" variant="primary" icon={<DebuggerIcon />} onClick={() => openDebugger({ recordId: r.id, entryId: r.entryId })} title="Find out why the API refused it: the Debugger checks the signature with this key and reads this answer">
                Open in Debugger
              </Button>
              <span className="text-muted">to see why, with this response attached</span>
            </div>
          ) : null}
        </Callout>
      ) : null}
      {revealing && revealed.isError ? (
        <Callout tone="warning" title="Signatures not available">
          {errorMessage(revealed.error)}
        </Callout>
      ) : null}
      <Facts r={r} />
      <Section title="Timing">
        <TimingsView timings={r.timings} />
      </Section>
      <Section title="Request headers" actions={revealToggle}>
        <KvTable
          label="Request headers"
          empty="No headers"
          rows={r.requestHeaders.map((h) => ({
            name: h.name,
            signed: h.signed,
            value:
              h.masking === 'secret' ? (
                <span className="masked" title="A secret credential: Signet never records it.">
                  <LockIcon size={12} /> {h.value}
                </span>
              ) : (
                h.value
              ),
            aside: h.signed ? <Badge tone="accent">signed</Badge> : null,
          }))}
        />
      </Section>
      {r.canonical !== null ? (
        <Section title="String that was signed" actions={<Button size="s" variant="ghost" icon={<CopyIcon />} onClick={() => void copy(r.canonical ?? '', 'String to sign')}>Copy</Button>}>
          <pre className="body-view record-canonical">{r.canonical}</pre>
        </Section>
      ) : null}
      {r.requestBody !== null ? (
        <Section title="Request body">
          <BodyView body={r.requestBody} label="Request body" />
        </Section>
      ) : null}
      <Section title="Response headers">
        <KvTable label="Response headers" empty={r.status === null ? 'No response' : 'No headers'} rows={r.responseHeaders.map((h) => ({ name: h.name, value: h.value }))} />
      </Section>
      <Section title="Response body" actions={r.responseBody ? <Button size="s" variant="ghost" icon={<CopyIcon />} onClick={() => void copy(r.responseBody ?? '', 'Response body')}>Copy</Button> : null}>
        <BodyView body={r.responseBody} label="Response body" truncated={r.responseTruncated} bytes={r.responseBytes} empty={r.status === null ? 'No response' : 'Empty body'} />
      </Section>
    </div>
  );
}

export function RecordDetail() {
  const id = useInspectorStore((s) => s.inspectorSelectedId);
  const record = useQuery({ ...inspectorQueries.record(id ?? ''), enabled: id !== null });
  if (id === null) {
    return (
      <EmptyState icon={<RequestIcon size={20} />} title="Select a request" className="record-empty">
        Its headers, the string that was signed, the response and the timing show here.
      </EmptyState>
    );
  }
  if (record.isError) return <EmptyState title="This request is no longer recorded">{errorMessage(record.error)}</EmptyState>;
  if (!record.data) return <div className="record-detail" aria-busy="true" />;
  return <Detail key={record.data.id} record={record.data} />;
}
