/**
 * The Scan page: pick folders (main's dialog), scan them for the vault's secrets and the known key formats, and see
 * what was found grouped by key — with "Rotate this key" opening the key's rotation — or by rule. Every excerpt is
 * masked by main; the page never sees a secret and never names a path to scan.
 */
import { useEffect } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { ScanGroup, ScanRunResult } from '../../../src-main/contract/scan';
import { scanMutations, subscribeScanProgress } from '../../ipc/scan-queries';
import { errorMessage } from '../../ipc/signet-client';
import { useNavigationStore } from '../../shared/navigation/navigation-store';
import { Badge } from '../../shared/ui/badge';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { EmptyState } from '../../shared/ui/empty-state';
import { Checkbox } from '../../shared/ui/field';
import { CheckIcon, FileIcon, KeyIcon, PlusIcon, RotateIcon, SearchIcon, ShieldIcon, XIcon } from '../../shared/ui/icons';
import { showToast } from '../../shared/ui/toast-store';
import { describeVaultMatch, formatBytes, SKIP_LABELS, skippedSentence, summarySentence } from './scan-model';
import { useScanStore } from './scan-store';
import './scan.css';

function Folders({ disabled }: { disabled: boolean }) {
  const folders = useScanStore((s) => s.folders);
  const picked = useScanStore((s) => s.foldersPicked);
  const removed = useScanStore((s) => s.folderRemoved);
  const pick = useMutation({
    ...scanMutations.pickFolders(),
    onSuccess: (answer) => {
      if ('folders' in answer) picked(answer.folders);
    },
    onError: (e) => showToast({ tone: 'danger', title: 'Could not pick folders', body: errorMessage(e) }),
  });
  return (
    <div className="scan-folders">
      {folders.length === 0 ? <p className="text-muted scan-folders-empty">No folder picked yet.</p> : null}
      <ul className="scan-folder-list" aria-label="Folders to scan">
        {folders.map((f) => (
          <li key={f.id} className="scan-folder" title={f.path}>
            <span className="scan-folder-name">{f.name}</span>
            <span className="scan-folder-path mono">{f.path}</span>
            <button type="button" className="scan-folder-remove" onClick={() => removed(f.id)} disabled={disabled} aria-label={`Remove ${f.name}`} title="Remove">
              <XIcon size={12} />
            </button>
          </li>
        ))}
      </ul>
      <Button icon={<PlusIcon />} busy={pick.isPending} disabled={disabled} onClick={() => pick.mutate()}>
        {folders.length ? 'Add folders…' : 'Pick folders…'}
      </Button>
    </div>
  );
}

function Controls() {
  const folders = useScanStore((s) => s.folders);
  const gitignore = useScanStore((s) => s.gitignore);
  const toggled = useScanStore((s) => s.gitignoreToggled);
  const progress = useScanStore((s) => s.progress);
  const started = useScanStore((s) => s.scanStarted);
  const finished = useScanStore((s) => s.scanFinished);
  const failed = useScanStore((s) => s.scanFailed);
  const run = useMutation({
    ...scanMutations.run(),
    onSuccess: finished,
    onError: (e) => {
      failed();
      showToast({ tone: 'danger', title: 'The scan did not run', body: errorMessage(e), durationMs: 8000 });
    },
  });
  const cancel = useMutation(scanMutations.cancel());
  const running = progress !== null;
  return (
    <section className="scan-controls" aria-label="What to scan">
      <Folders disabled={running} />
      <div className="scan-actions">
        <Checkbox label="Skip what .gitignore excludes" description="As git would: ignored build output and dependencies are not scanned." checked={gitignore} disabled={running} onChange={(e) => toggled(e.target.checked)} />
        <div className="toolbar-spacer" />
        {running ? (
          <>
            <span className="scan-progress" role="status" aria-live="polite">
              <span className="spinner" aria-hidden="true" />
              {progress.files.toLocaleString()} files · {formatBytes(progress.bytes)} · {progress.findings.toLocaleString()} found
            </span>
            <Button busy={cancel.isPending} onClick={() => cancel.mutate()}>
              Cancel
            </Button>
          </>
        ) : (
          <Button
            variant="primary"
            icon={<SearchIcon />}
            disabled={folders.length === 0}
            title={folders.length === 0 ? 'Pick a folder first' : undefined}
            onClick={() => {
              started();
              run.mutate({ folderIds: folders.map((f) => f.id), gitignore });
            }}
          >
            Scan
          </Button>
        )}
      </div>
    </section>
  );
}

function GroupCard({ group, folderName }: { group: ScanGroup; folderName: (id: string) => string }) {
  const openRotation = useNavigationStore((s) => s.openRotation);
  const vault = group.kind === 'vault';
  return (
    <section className={vault ? 'scan-group scan-group-vault' : 'scan-group'} aria-label={vault ? `Key ${group.label}` : `Rule ${group.title}`}>
      <header className="scan-group-head">
        {vault ? <KeyIcon className="icon scan-group-icon is-key" /> : <ShieldIcon className="icon scan-group-icon" />}
        <div className="scan-group-titles">
          <h3 className="scan-group-title">{vault ? group.label : group.title}</h3>
          <p className="scan-group-sub">{vault ? 'A secret of this vault key, found in plain sight: rotate it, then remove it from these files.' : `A known key format (${group.ruleId}): not one of your vault's keys, but a key all the same.`}</p>
        </div>
        <Badge tone={vault ? 'danger' : 'warning'}>{group.findings.length}</Badge>
        {vault ? (
          <Button size="s" variant="danger" icon={<RotateIcon />} onClick={() => openRotation(group.entryId)}>
            Rotate this key
          </Button>
        ) : null}
      </header>
      <ul className="scan-findings">
        {group.findings.map((f, i) => (
          <li key={`${f.folderId}:${f.path}:${f.line}:${f.column}:${i}`} className="scan-finding">
            <div className="scan-finding-place">
              <FileIcon className="icon" size={14} />
              <span className="mono scan-finding-path">
                <span className="text-faint">{folderName(f.folderId)}/</span>
                {f.path}
                <span className="text-muted">
                  :{f.line}:{f.column}
                </span>
              </span>
              <span className="scan-finding-what">{f.kind === 'vault' ? describeVaultMatch(f) : f.match}</span>
            </div>
            <pre className="scan-excerpt mono">{f.excerpt}</pre>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Results({ result }: { result: ScanRunResult }) {
  const folders = useScanStore((s) => s.folders);
  const folderName = (id: string) => folders.find((f) => f.id === id)?.name ?? 'folder';
  const skipped = skippedSentence(result);
  const clean = result.summary.findings === 0;
  return (
    <div className="scan-results">
      <p className={clean ? 'scan-summary is-clean' : 'scan-summary is-found'} role="status">
        {clean ? <CheckIcon className="icon" /> : null}
        {summarySentence(result)}
        {result.summary.secrets > 0 ? <span className="text-muted"> {result.summary.secrets.toLocaleString()} vault secrets looked for in every encoding.</span> : null}
      </p>
      {result.summary.cancelled ? <Callout tone="warning">The scan was cancelled: files it had not reached were not looked at.</Callout> : null}
      {clean && !result.summary.cancelled ? (
        <EmptyState icon={<CheckIcon size={20} />} title="No secrets found" className="scan-clean">
          None of the vault’s secrets, in any encoding, and no known key format in these folders.
        </EmptyState>
      ) : null}
      {result.groups.map((g) => (
        <GroupCard key={g.kind === 'vault' ? `v:${g.entryId}` : `r:${g.ruleId}`} group={g} folderName={folderName} />
      ))}
      {skipped ? (
        <details className="scan-skipped">
          <summary>{skipped}</summary>
          <ul>
            {result.skipped.map((s) => (
              <li key={`${s.folderId}:${s.path}`}>
                <span className="mono">
                  {folderName(s.folderId)}/{s.path}
                </span>{' '}
                <span className="text-muted">
                  — {SKIP_LABELS[s.reason]}
                  {s.detail ? `: ${s.detail}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

export function ScanPage() {
  const result = useScanStore((s) => s.result);
  const progressed = useScanStore((s) => s.progressed);
  useEffect(() => subscribeScanProgress(progressed), [progressed]);
  return (
    <div className="scan-page">
      <div className="scan-column">
        <h1 className="page-title">Secrets scan</h1>
        <p className="scan-intro">
          Looks through folders on this computer for the vault’s own secrets — as text, base64, base64url, URL-encoded, hex, or split across a <span className="mono">KEY=</span> value —
          and for known key formats (exchange keys, AWS access keys, private keys, Coinbase key files). The scan runs in Signet’s main process; findings show masked excerpts only. Same as{' '}
          <span className="mono">signet scan DIR</span>.
        </p>
        <Controls />
        {result ? <Results result={result} /> : null}
      </div>
    </div>
  );
}
