/**
 * The Debugger: paste a request that an API refused (raw HTTP, curl, HAR) or pick one the Inspector recorded, and
 * main explains why its signature is refused — the causes ranked, the string to sign it implies against the one the
 * API expects, the timing — and writes the corrected request, which can be sent from here with the vault key.
 * Everything is computed in main with the key opened there; this page sees only masked reports.
 */
import { useCallback, useEffect, useRef } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { debugMutations } from '../../ipc/debug-queries';
import { requestQueries } from '../../ipc/request-queries';
import { errorMessage, isSignetError } from '../../ipc/signet-client';
import { vaultQueries } from '../../ipc/vault-queries';
import { Button } from '../../shared/ui/button';
import { Badge } from '../../shared/ui/badge';
import { EmptyState } from '../../shared/ui/empty-state';
import { DebuggerIcon, XIcon } from '../../shared/ui/icons';
import { problemOf, runInput, type InputProblem } from './debugger-model';
import { DebugReportView } from './debugger-report';
import { DebuggerInputsPanel } from './debugger-inputs';
import { useDebuggerStore } from './debugger-store';
import '../../shared/ui/page-layout.css';
import './debugger.css';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Ctrl+Enter (⌘+Enter) diagnoses from anywhere on the page. */
function useDiagnoseShortcut(run: () => void) {
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function Empty() {
  return (
    <EmptyState icon={<DebuggerIcon size={20} />} title="Paste a refused request, then Diagnose" className="dbg-empty">
      Signet recomputes the signature in main with the key, finds the string the request’s signature was made from, and ranks why it differs: method case, query order, encodings, the body, the secret’s encoding, the hash, the timestamp’s units and skew, a replayed nonce, a missing header, or another secret.
    </EmptyState>
  );
}

export function DebuggerPage() {
  const schemes = useQuery(requestQueries.schemes()).data ?? [];
  const entries = useQuery(vaultQueries.list({})).data;
  const entryId = useDebuggerStore((s) => s.inputs.entryId);
  const result = useDebuggerStore((s) => s.result);
  const runPending = useDebuggerStore((s) => s.runPending);
  const diagnosed = useDebuggerStore((s) => s.diagnosed);
  const diagnosisFailed = useDebuggerStore((s) => s.diagnosisFailed);
  const pendingRunStarted = useDebuggerStore((s) => s.pendingRunStarted);
  const resultDismissed = useDebuggerStore((s) => s.resultDismissed);
  const debug = useMutation(debugMutations.run());
  const list = entries ?? [];
  const entry = list.find((e) => e.id === entryId) ?? list.find((e) => e.provider === 'sandbox') ?? list[0] ?? null;
  const entryForRun = entry?.id ?? null;

  const diagnose = useCallback(() => {
    const inputs = useDebuggerStore.getState().inputs;
    const built = runInput(inputs, entryForRun);
    if ('problem' in built) {
      diagnosisFailed(built.problem.field, built.problem.message);
      return;
    }
    debug.mutate(built.input, {
      onSuccess: (run) => diagnosed(run, Date.now()),
      onError: (e) => {
        const p = isSignetError(e) ? problemOf(e.code, e.message, inputs.source) : { field: 'general' as const, message: errorMessage(e) };
        diagnosisFailed(p.field, p.message);
      },
    });
  }, [entryForRun, debug, diagnosed, diagnosisFailed]);

  useDiagnoseShortcut(diagnose);
  // "Open in Debugger" asked for a diagnosis: run it once the keys are known (the record's key is chosen).
  useEffect(() => {
    if (!runPending || entries === undefined) return;
    pendingRunStarted();
    diagnose();
  }, [runPending, entries, pendingRunStarted, diagnose]);

  const problem: InputProblem | null = result?.kind === 'error' ? { field: result.field, message: result.message } : null;
  const run = result?.kind === 'report' ? result.run : null;
  const scheme = run ? (schemes.find((s) => s.id === run.scheme) ?? null) : null;

  return (
    <div className="dbg-page">
      <div className="dbg-compose">
        <DebuggerInputsPanel
          head={
            <div className="dbg-compose-head">
              <h1 className="page-title">Debugger</h1>
              <p className="dbg-subtitle">Why an API refuses a signature, and the corrected request. The key is opened in Signet’s main process; this page never sees a secret.</p>
            </div>
          }
          schemes={schemes} entries={list} entry={entry} problem={problem} busy={debug.isPending} onDiagnose={diagnose} />
      </div>
      <section className="dbg-results" aria-label="Diagnosis">
        <header className="dbg-results-head">
          <div className="dbg-results-title">
            <h2 className="dbg-heading">Diagnosis</h2>
            {run ? <Badge tone={run.valid ? 'success' : 'danger'}>{run.valid ? 'Accepted' : 'Refused'}</Badge> : null}
          </div>
          <p className="dbg-results-status" aria-live="polite" data-result-at={result?.at ?? 0}>
            {debug.isPending ? 'Diagnosing in main…' : result?.kind === 'report' ? `Diagnosed ${timeFormat.format(result.at)}` : 'Nothing diagnosed yet'}
          </p>
          <span className="toolbar-spacer" />
          {run ? (
            <Button size="s" variant="ghost" icon={<XIcon />} onClick={resultDismissed}>
              Clear
            </Button>
          ) : null}
        </header>
        <div className="dbg-results-scroll">{run ? <DebugReportView key={result?.kind === 'report' ? result.at : 0} run={run} scheme={scheme} /> : <Empty />}</div>
      </section>
    </div>
  );
}
