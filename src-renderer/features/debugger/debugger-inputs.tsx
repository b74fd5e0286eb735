/**
 * What to debug and with what: the source (raw HTTP, curl, HAR — typed, pasted, dropped or picked as a file and read
 * here with File.text(), never over the network — or a request the Inspector recorded), the scheme (Auto or one of
 * main's), the key (a vault key, or credentials pasted for this session), the server's answer, and whether to ask
 * the exchange's clock. Each input shows the one-line problem that concerns it.
 */
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { EntrySummary, SchemeInfo } from '../../../src-main/contract/schemas';
import { providerInfo } from '../../../src-main/contract/providers';
import { inspectorQueries } from '../../ipc/inspector-queries';
import { cx } from '../../shared/lib/cx';
import { Button } from '../../shared/ui/button';
import { Checkbox, Field, Input, Select, Textarea } from '../../shared/ui/field';
import { FileIcon, KeyIcon, LockIcon } from '../../shared/ui/icons';
import { Kbd } from '../../shared/ui/kbd';
import { Segmented } from '../../shared/ui/segmented';
import { maxFileBytes, sourceOfFile, type InputProblem } from './debugger-model';
import type { KeyMode, PastedKind, SourceKind } from './debugger-slice';
import { useDebuggerStore } from './debugger-store';
import { SessionCredentials } from './session-credentials';

const SOURCES: { value: SourceKind; label: string }[] = [
  { value: 'http', label: 'Raw HTTP' },
  { value: 'curl', label: 'curl' },
  { value: 'har', label: 'HAR' },
  { value: 'record', label: 'Inspector record' },
];

const PLACEHOLDER: Record<PastedKind, string> = {
  http: 'POST /v1/orders?symbol=BTC-USD HTTP/1.1\nHost: 127.0.0.1:8443\nContent-Type: application/json\nAuthorization: HMAC apiKey="…", signature="…", timestamp="…", nonce="…"\n\n{"side":"buy","qty":1}',
  curl: "curl -X POST 'https://api.example.com/v1/orders' \\\n  -H 'Content-Type: application/json' \\\n  -H 'X-Signature: …' \\\n  --data-raw '{\"side\":\"buy\"}'",
  har: '{"log": {"version": "1.2", "entries": [ … ]}}  — or drop a .har file exported from the browser’s network panel',
};

const SOURCE_LABEL: Record<PastedKind, string> = { http: 'Raw HTTP request', curl: 'curl command', har: 'HAR file' };

function Section({ title, aside, children }: { title: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <section className="dbg-input-section" aria-label={title}>
      <div className="dbg-section-head">
        <h2 className="section-title">{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

function ErrorLine({ problem, field, id }: { problem: InputProblem | null; field: InputProblem['field']; id?: string }) {
  if (!problem || problem.field !== field) return null;
  return (
    <p className="field-error dbg-input-error" id={id} role="alert">
      {problem.message}
    </p>
  );
}

function PastedSource({ kind, problem }: { kind: PastedKind; problem: InputProblem | null }) {
  const text = useDebuggerStore((s) => s.inputs.texts[kind]);
  const fileName = useDebuggerStore((s) => s.inputs.fileNames[kind]);
  const textChanged = useDebuggerStore((s) => s.textChanged);
  const fileRead = useDebuggerStore((s) => s.fileRead);
  const harEntry = useDebuggerStore((s) => s.inputs.harEntry);
  const harEntryChanged = useDebuggerStore((s) => s.harEntryChanged);
  const fileInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);

  const read = async (file: File) => {
    setFileError(null);
    const into = /\.har$/i.test(file.name) ? 'har' : kind;
    if (file.size > maxFileBytes(into)) {
      setFileError(`${file.name} is larger than ${into === 'har' ? '16 MiB' : '1 MiB'}; export only the request to debug.`);
      return;
    }
    try {
      const content = await file.text();
      fileRead(sourceOfFile(file.name, content), file.name, content);
    } catch {
      setFileError(`${file.name} could not be read.`);
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void read(file);
  };
  const invalid = problem?.field === 'source' || fileError !== null;
  return (
    <>
      <Field label={SOURCE_LABEL[kind]} aside={fileName ? <span className="mono">{fileName}</span> : 'paste, or drop a file'} error={fileError ?? (problem?.field === 'source' ? problem.message : null)}>
        {({ id, describedBy }) => (
          <div
            className={cx('dbg-drop', dragging && 'is-dragging')}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <Textarea
              id={id}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              className="input-mono dbg-source-text"
              spellCheck={false}
              autoComplete="off"
              placeholder={PLACEHOLDER[kind]}
              value={text}
              onChange={(e) => {
                setFileError(null);
                textChanged(kind, e.target.value);
              }}
              rows={kind === 'har' ? 8 : 10}
            />
            {dragging ? <div className="dbg-drop-hint">Drop to read the file here (it is not uploaded anywhere)</div> : null}
          </div>
        )}
      </Field>
      <div className="dbg-source-tools">
        <Button size="s" variant="ghost" icon={<FileIcon />} onClick={() => fileInput.current?.click()}>
          Open a file…
        </Button>
        <input
          ref={fileInput}
          type="file"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Request file"
          accept=".har,.json,.http,.txt,.sh,.curl,text/plain,application/json"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void read(file);
            e.target.value = '';
          }}
        />
        {kind === 'har' ? (
          <Field label="Entry" aside="optional" className="dbg-har-entry" error={problem?.field === 'entry' ? problem.message : null}>
            {({ id, describedBy, invalid: bad }) => <Input id={id} aria-describedby={describedBy} aria-invalid={bad || undefined} inputMode="numeric" className="input-mono" placeholder="last signed" value={harEntry} onChange={(e) => harEntryChanged(e.target.value)} />}
          </Field>
        ) : null}
      </div>
    </>
  );
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

function RecordSource({ problem }: { problem: InputProblem | null }) {
  const recordId = useDebuggerStore((s) => s.inputs.recordId);
  const recordChosen = useDebuggerStore((s) => s.recordChosen);
  const list = useQuery(inspectorQueries.list({ limit: 100 }));
  const records = list.data?.records ?? [];
  const pathOf = (url: string) => {
    try {
      const u = new URL(url);
      return `${u.pathname}${u.search}`;
    } catch {
      return url;
    }
  };
  const options = [
    { value: '', label: records.length ? 'Choose a sent request…' : 'Nothing sent yet' },
    ...(recordId && !records.some((r) => r.id === recordId) ? [{ value: recordId, label: `Record ${recordId}` }] : []),
    ...records.map((r) => ({ value: r.id, label: `${r.status ?? r.errorCode ?? 'failed'} · ${r.method} ${pathOf(r.url)} · ${r.entryLabel ?? providerInfo(r.provider)?.name ?? r.provider} · ${clock.format(new Date(r.at))}` })),
  ];
  return (
    <Field label="Sent request" aside="from the Inspector, with its response" error={problem?.field === 'record' ? problem.message : null}>
      {({ id, describedBy, invalid }) => <Select id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} options={options} value={recordId ?? ''} onChange={(e) => recordChosen(e.target.value || null)} />}
    </Field>
  );
}

const ENV_LABEL = { dev: 'dev', test: 'test', prod: 'PROD' } as const;

function KeyChoice({ entries, entry, scheme, problem }: { entries: readonly EntrySummary[]; entry: EntrySummary | null; scheme: SchemeInfo | null; problem: InputProblem | null }) {
  const keyMode = useDebuggerStore((s) => s.inputs.keyMode);
  const keyModeChosen = useDebuggerStore((s) => s.keyModeChosen);
  const keyChosen = useDebuggerStore((s) => s.keyChosen);
  const keyError = problem?.field === 'key' ? problem.message : null;
  return (
    <Section
      title="Key"
      aside={
        <Segmented<KeyMode>
          label="Which credentials"
          size="s"
          value={keyMode}
          onChange={keyModeChosen}
          options={[
            { value: 'vault', label: 'Vault key' },
            { value: 'session', label: 'Credentials for this session' },
          ]}
        />
      }
    >
      {keyMode === 'vault' ? (
        entries.length ? (
          <Field label="Vault key" aside={entry ? <span className="mono">{entry.preview}</span> : null} error={keyError}>
            {({ id, describedBy, invalid }) => (
              <Select
                id={id}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                value={entry?.id ?? ''}
                onChange={(e) => keyChosen(e.target.value)}
                options={entries.map((e) => ({ value: e.id, label: `${e.label} — ${providerInfo(e.provider)?.name ?? e.provider} · ${ENV_LABEL[e.environment]}` }))}
              />
            )}
          </Field>
        ) : (
          <p className="dbg-muted">
            <KeyIcon size={12} /> The vault has no keys: paste credentials for this session instead.
          </p>
        )
      ) : (
        <SessionCredentials scheme={scheme} error={keyError} />
      )}
      {keyMode === 'vault' && entries.length ? (
        <p className="dbg-muted">
          <LockIcon size={12} /> Main opens the key for this one diagnosis; this page never sees its secret.
        </p>
      ) : null}
    </Section>
  );
}

export function DebuggerInputsPanel({ head, schemes, entries, entry, problem, busy, onDiagnose }: { head: ReactNode; schemes: readonly SchemeInfo[]; entries: readonly EntrySummary[]; entry: EntrySummary | null; problem: InputProblem | null; busy: boolean; onDiagnose: () => void }) {
  const source = useDebuggerStore((s) => s.inputs.source);
  const sourceChosen = useDebuggerStore((s) => s.sourceChosen);
  const schemeId = useDebuggerStore((s) => s.inputs.scheme);
  const schemeChosen = useDebuggerStore((s) => s.schemeChosen);
  const status = useDebuggerStore((s) => s.inputs.responseStatus);
  const body = useDebuggerStore((s) => s.inputs.responseBody);
  const statusChanged = useDebuggerStore((s) => s.responseStatusChanged);
  const bodyChanged = useDebuggerStore((s) => s.responseBodyChanged);
  const serverTime = useDebuggerStore((s) => s.inputs.serverTime);
  const serverTimeToggled = useDebuggerStore((s) => s.serverTimeToggled);
  const scheme = schemes.find((s) => s.id === schemeId) ?? null;
  const responseError = problem?.field === 'response' ? problem.message : null;
  return (
    // Not a form: the session credentials are a form of their own, and forms do not nest.
    <div className="dbg-inputs" role="group" aria-label="What to debug">
      <div className="dbg-inputs-scroll">
        {head}
        <Section title="Request">
          <Segmented<SourceKind> label="Where the request comes from" value={source} onChange={sourceChosen} options={SOURCES} className="dbg-source-switch" />
          {source === 'record' ? <RecordSource problem={problem} /> : <PastedSource key={source} kind={source} problem={problem} />}
        </Section>

        <Section title="Scheme">
          <Field label="Scheme" error={problem?.field === 'scheme' ? problem.message : null} hint={scheme ? scheme.description : 'Auto reads it from the headers, the host and the parameters (the report says how it chose).'}>
            {({ id, describedBy, invalid }) => (
              <Select id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} value={schemeId} onChange={(e) => schemeChosen(e.target.value)} options={[{ value: 'auto', label: 'Auto — detect from the request' }, ...schemes.map((s) => ({ value: s.id, label: s.title }))]} />
            )}
          </Field>
        </Section>

        <KeyChoice entries={entries} entry={entry} scheme={scheme} problem={problem} />

        <Section title="Server’s answer" aside={<span className="field-aside">optional{source === 'record' ? ': the record’s own is used' : ''}</span>}>
          <div className="dbg-answer">
            <Field label="Status" className="dbg-answer-status" error={null}>
              {({ id }) => <Input id={id} inputMode="numeric" className="input-mono" placeholder="401" value={status} aria-invalid={responseError ? true : undefined} onChange={(e) => statusChanged(e.target.value)} />}
            </Field>
            <Field label="Body" className="dbg-answer-body">
              {({ id }) => <Textarea id={id} className="input-mono dbg-answer-text" rows={2} spellCheck={false} placeholder={'{"code":"invalid_signature","message":"…"}'} value={body} aria-invalid={responseError ? true : undefined} onChange={(e) => bodyChanged(e.target.value)} />}
            </Field>
          </div>
          <ErrorLine problem={problem} field="response" />
          <p className="dbg-muted">Its documented error code ranks the causes.</p>
        </Section>

        <Checkbox label="Compare with the exchange’s clock" description="One unsigned request to the exchange’s public time endpoint (or its Date header), sent by main." checked={serverTime} onChange={(e) => serverTimeToggled(e.target.checked)} />

        <ErrorLine problem={problem} field="general" />
      </div>
      <div className="dbg-diagnose">
        <Button variant="primary" busy={busy} block onClick={onDiagnose} title="Diagnose (Ctrl+Enter)">
          Diagnose
        </Button>
        <span className="dbg-shortcut text-faint">
          <Kbd>Ctrl</Kbd> <Kbd>Enter</Kbd>
        </span>
      </div>
    </div>
  );
}
