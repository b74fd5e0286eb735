/**
 * What main signed: the string to sign in its parts, the signature, the request as it would go out, and the
 * derivation step by step; plus "Copy as" curl / fetch / Python, and Send. Everything here came from main with
 * secret credentials masked, so copying happens in the page. Send asks main to sign afresh and send through the
 * egress (the page never touches the network); the response shows above the preview.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { InspectorRecord } from '../../../src-main/contract/inspector';
import { inspectorMutations, inspectorQueries } from '../../ipc/inspector-queries';
import type { ExportFormat, RequestPreview } from '../../../src-main/contract/schemas';
import { exportRequest } from '../../ipc/request-queries';
import { errorMessage } from '../../ipc/signet-client';
import { copyText } from '../../shared/lib/copy-text';
import { cx } from '../../shared/lib/cx';
import { Badge } from '../../shared/ui/badge';
import { Button, IconButton } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { EmptyState } from '../../shared/ui/empty-state';
import { CodeIcon, CopyIcon, EyeIcon, EyeOffIcon, LockIcon, PlayIcon, RefreshIcon, RequestIcon, SendIcon } from '../../shared/ui/icons';
import { showToast } from '../../shared/ui/toast-store';
import { CanonicalView } from './canonical-view';
import { useRequestStore } from './request-store';
import { ResponsePanel } from './response-panel';
import { sampleFor } from './request-model';
import type { RequestSigningState } from './use-request-signing';

async function copy(text: string, what: string, body?: string): Promise<void> {
  try {
    await copyText(text);
    showToast({ tone: 'success', title: `${what} copied`, ...(body ? { body, durationMs: 6000 } : {}), key: 'request-copy' });
  } catch {
    showToast({ tone: 'danger', title: `Could not copy the ${what.toLowerCase()}`, body: 'The system refused clipboard access. Select the text and copy it instead.' });
  }
}

function CopyButton({ text, what, label = 'Copy' }: { text: string; what: string; label?: string }) {
  return (
    <Button size="s" variant="ghost" icon={<CopyIcon />} onClick={() => void copy(text, what)} aria-label={`Copy ${what.toLowerCase()}`}>
      {label}
    </Button>
  );
}

function Block({ title, actions, children, className }: { title: string; actions?: ReactNode; children: ReactNode; className?: string }) {
  const id = `preview-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className={cx('preview-block', className)} aria-labelledby={id}>
      <div className="preview-block-head">
        <h3 id={id} className="section-title">
          {title}
        </h3>
        <div className="preview-block-actions">{actions}</div>
      </div>
      {children}
    </section>
  );
}

const FORMATS: { format: ExportFormat; label: string; what: string }[] = [
  { format: 'curl', label: 'curl', what: 'curl command' },
  { format: 'fetch', label: 'fetch', what: 'TypeScript fetch code' },
  { format: 'python', label: 'Python', what: 'Python requests code' },
];

function CopyAs({ signing }: { signing: RequestSigningState }) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const draft = signing.draft;
  const run = async (format: ExportFormat, what: string) => {
    if (!draft) return;
    setBusy(format);
    try {
      const out = await exportRequest(draft, format);
      const env = out.env.length ? `Set ${out.env.join(' and ')} before running it.` : '';
      const note = out.kind === 'snapshot' ? `It carries this signature, valid only briefly. ${env}` : `It signs each time it runs. ${env}`;
      await copy(out.code, what, note.trim());
    } catch (e) {
      showToast({ tone: 'danger', title: 'Could not write the code', body: errorMessage(e), durationMs: 6000 });
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="copy-as" role="group" aria-label="Copy as code">
      <span className="copy-as-label">
        <CodeIcon /> Copy as
      </span>
      {FORMATS.map((f) => (
        <Button key={f.format} size="s" busy={busy === f.format} disabled={!draft || signing.preview.isError} onClick={() => void run(f.format, f.what)} title={`Copy as ${f.what} (the secret is read from an environment variable)`}>
          {f.label}
        </Button>
      ))}
    </div>
  );
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const shorten = (s: string) => (s.length > 18 ? `${s.slice(0, 8)}…${s.slice(-6)}` : s);

/** Shows or hides the key's API key, which main masks as ••••3f9a until asked. */
function KeyRevealToggle({ p }: { p: RequestPreview }) {
  const revealed = useRequestStore((s) => s.keyRevealed);
  const toggled = useRequestStore((s) => s.keyRevealToggled);
  if (!p.keyMasked && !revealed) return null;
  return (
    <Button size="s" variant="ghost" icon={revealed ? <EyeOffIcon /> : <EyeIcon />} onClick={toggled} aria-pressed={revealed} title="The API key identifies the key (it is not its secret); Signet shows it as the vault does until you ask">
      {revealed ? 'Hide API key' : 'Show API key'}
    </Button>
  );
}

function SignedRequest({ p, typedUrl }: { p: RequestPreview; typedUrl: string }) {
  const urlSigned = p.request.url !== typedUrl;
  const text = [`${p.request.method} ${p.request.url}`, ...p.request.headers.map((h) => `${h.name}: ${h.value}`), ...(p.request.body !== null ? ['', p.request.body] : [])].join('\n');
  return (
    <Block
      title="Signed request"
      actions={
        <>
          <KeyRevealToggle p={p} />
          <CopyButton text={text} what="Signed request" />
        </>
      }
    >
      <div className="http">
        <div className={cx('http-line mono', urlSigned && 'is-signed')}>
          <p>
            <span className={cx('http-method', `method-${p.request.method.toLowerCase()}`)}>{p.request.method}</span> <span className="break-all">{p.request.url}</span>
          </p>
          {urlSigned ? (
            <Badge tone="accent" className="http-signed" title="The scheme added to the URL (a timestamp, the signature…)">
              signed
            </Badge>
          ) : null}
        </div>
        <dl className="http-headers">
          {p.request.headers.map((h) => (
            <div key={h.name} className={cx('http-header', h.signed && 'is-signed', h.masked && 'is-masked')}>
              <dt className="mono">{h.name}</dt>
              <dd className="mono break-all">
                {h.masked ? (
                  <span className="masked" title="A secret credential: Signet never shows it. Exported code reads it from the environment.">
                    <LockIcon size={12} /> {h.value}
                  </span>
                ) : (
                  h.value
                )}
              </dd>
              {h.signed ? (
                <Badge tone="accent" className="http-signed">
                  signed
                </Badge>
              ) : null}
            </div>
          ))}
        </dl>
        {p.request.body !== null ? <pre className="http-body">{p.request.body}</pre> : <p className="http-nobody text-faint">No body</p>}
      </div>
    </Block>
  );
}

function Steps({ p }: { p: RequestPreview }) {
  return (
    <Block title="How it was derived">
      <ol className="steps">
        {p.steps.map((s, i) => (
          <li key={i} className="step">
            <span className="step-number" aria-hidden="true">
              {i + 1}
            </span>
            <div className="step-body">
              <div className="step-head">
                <span className="step-label">{s.label}</span>
                <Badge className="step-encoding">{s.encoding}</Badge>
                <span className="toolbar-spacer" />
                <IconButton size="s" icon={<CopyIcon />} label={`Copy step ${i + 1}: ${s.label}`} onClick={() => void copy(s.value, `Step ${i + 1}`)} />
              </div>
              {s.note ? <p className="step-note">{s.note}</p> : null}
              <pre className="step-value">{s.value}</pre>
            </div>
          </li>
        ))}
      </ol>
    </Block>
  );
}

function Preview({ p, typedUrl }: { p: RequestPreview; typedUrl: string }) {
  return (
    <div className="preview-columns">
      <div className="preview-col">
        {p.masked.length ? (
          <Callout tone="info" className="preview-masked">
            This scheme sends the key’s {p.masked.join(' and ')} as it is. It is masked here (••••) and never leaves main; exported code reads it from the environment.
          </Callout>
        ) : null}
        <Block title="String to sign" actions={<CopyButton text={p.canonical} what="String to sign" />}>
          <CanonicalView canonical={p.canonical} parts={p.canonicalParts} />
        </Block>
        <Block title="Signature" actions={<CopyButton text={p.signature} what="Signature" />}>
          <pre className="signature">{p.signature}</pre>
        </Block>
        <SignedRequest p={p} typedUrl={typedUrl} />
      </div>
      <div className="preview-col preview-col-steps">
        <Steps p={p} />
      </div>
    </div>
  );
}

/** Ctrl+Enter (⌘+Enter) sends from anywhere on the page, as in other API clients. */
function useSendShortcut(send: () => void, enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      send();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [send, enabled]);
}

export function RequestPreviewPane({ signing, url }: { signing: RequestSigningState; url: string }) {
  const sampleApplied = useRequestStore((s) => s.sampleApplied);
  const sandboxUrl = useQuery(inspectorQueries.sandbox()).data?.url ?? null;
  const { preview, error, scheme, suggestion, draft } = signing;
  const [response, setResponse] = useState<InspectorRecord | null>(null);
  const send = useMutation(inspectorMutations.send());
  const sendDraft = signing.sendDraft;
  const canSend = sendDraft !== null && !error && !send.isPending;
  const doSend = useCallback(() => {
    if (!sendDraft) return;
    send.mutate(sendDraft, {
      onSuccess: setResponse,
      onError: (e) => showToast({ tone: 'danger', title: 'Not sent', body: errorMessage(e), durationMs: 6000 }),
    });
  }, [sendDraft, send]);
  useSendShortcut(doSend, canSend);
  const data = preview.data;
  const signedWith = data ? signing.schemes.find((s) => s.id === data.schemeId) : null;

  let content: ReactNode;
  if (!url.trim()) {
    const start = signing.entry ? sampleFor(signing.entry, sandboxUrl) : null;
    content = (
      <EmptyState
        icon={<RequestIcon size={20} />}
        title="Type a URL to see what gets signed"
        className="preview-empty"
        action={
          start ? (
            <Button icon={<PlayIcon />} onClick={() => sampleApplied(start.sample)}>
              {start.label}
            </Button>
          ) : null
        }
      >
        Signet signs in the main process with the key from the vault. This page only sees the result: the string that was signed, the signature and the request, never the secret.
      </EmptyState>
    );
  } else if (error) {
    content = (
      <Callout tone="danger" title="Cannot sign this request" role="alert" className="preview-error">
        {error.field ? <code className="error-field">{error.field}</code> : null} {error.field ? error.message : error.full}
      </Callout>
    );
  } else if (suggestion && suggestion.schemeId === null && !scheme) {
    content = (
      <EmptyState icon={<LockIcon size={20} />} title="This key does not sign requests" className="preview-empty">
        {suggestion.reason} Choose a scheme to sign with anyway.
      </EmptyState>
    );
  } else if (data) {
    content = <Preview p={data} typedUrl={draft?.url ?? url.trim()} />;
  } else {
    content = <div className="preview-loading" aria-busy="true" />;
  }

  return (
    <section className="preview" aria-label="Signed preview">
      <header className="preview-head">
        <div className="preview-title">
          <div className="preview-title-row">
            <h2 className="preview-heading">Preview</h2>
            {signedWith && !error ? <Badge tone="accent">{signedWith.title}</Badge> : null}
          </div>
          <p className="preview-status" aria-live="polite">
            {signing.stale && draft !== null ? 'Signing…' : data && !error ? `Signed ${timeFormat.format(data.timestamp)} · nonce ${shorten(data.nonce)}` : 'Signed in main as you type'}
          </p>
        </div>
        <div className="preview-actions">
          <Button size="s" variant="ghost" icon={<RefreshIcon />} disabled={!draft || preview.isFetching} onClick={() => void preview.refetch()} title="Sign again (a new timestamp and nonce unless fixed)">
            Re-sign
          </Button>
          <CopyAs signing={signing} />
          <Button variant="primary" icon={<SendIcon />} busy={send.isPending} disabled={!canSend} onClick={doSend} title="Sign afresh in main and send it (Ctrl+Enter)">
            Send
          </Button>
        </div>
      </header>
      <div className="preview-scroll">
        {response ? (
          <div className="preview-response">
            <ResponsePanel record={response} onDismiss={() => setResponse(null)} />
          </div>
        ) : null}
        <div className={cx('preview-body', signing.stale && draft !== null && 'is-stale')}>{content}</div>
      </div>
    </section>
  );
}
