/**
 * "Apply fix": the corrected request (report.fixed) with a copy button per part; "Send fixed request" has main sign
 * the fixed draft afresh with the vault key and send it through the egress (request:send), then shows the status and
 * a link to its Inspector record; "Open in Request page" puts the draft in the composer. Session credentials never
 * send: main keeps them for diagnosis only.
 */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { DebugRun } from '../../../src-main/contract/debug';
import type { InspectorRecord } from '../../../src-main/contract/inspector';
import { inspectorMutations } from '../../ipc/inspector-queries';
import { errorMessage } from '../../ipc/signet-client';
import { copyText } from '../../shared/lib/copy-text';
import { useNavigationStore } from '../../shared/navigation/navigation-store';
import { Button, IconButton } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { CopyIcon, ExternalLinkIcon, RequestIcon, SendIcon } from '../../shared/ui/icons';
import { MethodLabel, StatusBadge } from '../../shared/ui/http-record';
import { showToast } from '../../shared/ui/toast-store';
import { fixText } from './debugger-model';

export async function copy(text: string, what: string): Promise<void> {
  try {
    await copyText(text);
    showToast({ tone: 'success', title: `${what} copied`, key: 'debugger-copy' });
  } catch {
    showToast({ tone: 'danger', title: `Could not copy the ${what.toLowerCase()}`, body: 'The system refused clipboard access. Select the text and copy it instead.' });
  }
}

type Fixed = NonNullable<DebugRun['fixed']>;

export function asHttp(r: Fixed): string {
  return [`${r.method} ${r.url}`, ...Object.entries(r.headers).map(([n, v]) => `${n}: ${v}`), ...(r.body !== null ? ['', r.body] : [])].join('\n');
}

function SentResult({ record }: { record: InspectorRecord }) {
  const openRecord = useNavigationStore((s) => s.openRecord);
  return (
    <div className="dbg-sent" role="status" aria-label="Fixed request sent" data-outcome={record.outcome}>
      <StatusBadge status={record.status} outcome={record.outcome} errorCode={record.error?.code} />
      <span className="dbg-sent-text">{record.outcome === 'ok' ? 'The API accepted the fixed request.' : record.error ? `${record.error.code}: ${record.error.message}` : 'The API refused it.'}</span>
      <Button size="s" variant="ghost" icon={<ExternalLinkIcon />} onClick={() => openRecord(record.id)}>
        Open in Inspector
      </Button>
    </div>
  );
}

export function FixedRequest({ run }: { run: DebugRun }) {
  const fixed = run.fixed;
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState<InspectorRecord | null>(null);
  const send = useMutation(inspectorMutations.send());
  const loadDraft = useNavigationStore((s) => s.loadDraft);
  if (!fixed || !run.draft) return null;
  const draft = run.draft;
  const sendBlocked = run.entryId === null ? 'Session credentials are for diagnosis only: choose a vault key to send.' : null;
  const doSend = () => {
    if (run.entryId === null) return;
    send.mutate(
      { entryId: run.entryId, schemeId: run.scheme, method: draft.method, url: draft.url, headers: draft.headers, body: draft.body },
      {
        onSuccess: setSent,
        onError: (e) => showToast({ tone: 'danger', title: 'Not sent', body: errorMessage(e), durationMs: 6000 }),
      },
    );
  };
  return (
    <section className="dbg-block dbg-fix" aria-label="Fixed request">
      <div className="dbg-block-head">
        <h3 className="section-title">Fixed request</h3>
        <div className="dbg-block-actions">
          <Button size="s" variant={open ? 'ghost' : 'primary'} onClick={() => setOpen((v) => !v)} aria-expanded={open}>
            {open ? 'Hide the fix' : 'Apply fix'}
          </Button>
        </div>
      </div>
      {!open ? (
        <p className="dbg-fix-summary">
          <MethodLabel method={fixed.method} /> <span className="mono break-all">{fixed.url}</span>
          {run.diagnosis[0] ? <span className="text-muted"> — {fixText(run.diagnosis[0].fix)}</span> : null}
        </p>
      ) : (
        <>
          <div className="dbg-http">
            <div className="dbg-http-line mono">
              <MethodLabel method={fixed.method} />
              <span className="break-all">{fixed.url}</span>
              <IconButton size="s" icon={<CopyIcon />} label="Copy the URL" onClick={() => void copy(fixed.url, 'URL')} />
            </div>
            <dl className="dbg-http-headers">
              {Object.entries(fixed.headers).map(([name, value]) => (
                <div key={name} className="dbg-http-header">
                  <dt className="mono">{name}</dt>
                  <dd className="mono break-all">{value}</dd>
                  <IconButton size="s" icon={<CopyIcon />} label={`Copy the ${name} header`} onClick={() => void copy(value, `${name} header`)} />
                </div>
              ))}
            </dl>
            {fixed.body !== null ? (
              <div className="dbg-http-body">
                <pre className="mono">{fixed.body}</pre>
                <IconButton size="s" icon={<CopyIcon />} label="Copy the body" onClick={() => void copy(fixed.body ?? '', 'Body')} />
              </div>
            ) : (
              <p className="dbg-http-nobody text-faint">No body</p>
            )}
          </div>
          <div className="dbg-fix-actions">
            <Button size="s" icon={<CopyIcon />} onClick={() => void copy(asHttp(fixed), 'Fixed request')}>
              Copy all
            </Button>
            <Button size="s" variant="primary" icon={<SendIcon />} busy={send.isPending} disabled={sendBlocked !== null} onClick={doSend} title={sendBlocked ?? 'Main signs it afresh (a new timestamp and nonce) with the vault key and sends it'}>
              Send fixed request
            </Button>
            <Button size="s" icon={<RequestIcon />} disabled={run.entryId === null} onClick={() => loadDraft({ entryId: run.entryId, schemeId: run.scheme, method: draft.method, url: draft.url, headers: draft.headers, body: draft.body })} title={run.entryId === null ? 'The Request page signs with a vault key' : 'Put the fixed request in the Request page'}>
              Open in Request page
            </Button>
          </div>
          {sendBlocked ? <p className="dbg-muted">{sendBlocked}</p> : <p className="dbg-muted">Sending signs it again in main with a fresh timestamp and nonce, so it is accepted now, not only when it was made.</p>}
          {sent ? <SentResult record={sent} /> : null}
          {send.isError ? (
            <Callout tone="danger" title="Not sent" role="alert">
              {errorMessage(send.error)}
            </Callout>
          ) : null}
        </>
      )}
    </section>
  );
}
