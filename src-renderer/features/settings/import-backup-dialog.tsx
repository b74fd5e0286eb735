/**
 * Import a backup in three steps: its passphrase → a dry run listing what would be added and what conflicts →
 * a choice for conflicts (skip, replace, keep both) → import. Nothing changes before the last step.
 */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { ImportPreview, ImportResult } from '../../../src-main/contract/schemas';
import { vaultMutations } from '../../ipc/vault-queries';
import { errorMessage } from '../../ipc/signet-client';
import { Badge, DestinationBadge, EnvironmentBadge } from '../../shared/ui/badge';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { Dialog } from '../../shared/ui/dialog';
import { SecretField } from '../../shared/ui/field';
import { Segmented } from '../../shared/ui/segmented';
import { showToast } from '../../shared/ui/toast-store';

type OnConflict = 'skip' | 'replace' | 'keep-both';

const CONFLICT_HELP: Record<OnConflict, string> = {
  skip: 'Keep what is in the vault; conflicting keys from the backup are left out.',
  replace: 'The backup’s version replaces the key in the vault.',
  'keep-both': 'Both are kept; the imported key gets a new label.',
};

function PreviewList({ preview }: { preview: ImportPreview }) {
  return (
    <div className="import-preview">
      <p className="text-muted">
        <span className="mono break-all">{preview.path}</span> · {preview.entryCount} {preview.entryCount === 1 ? 'key' : 'keys'}
      </p>
      <div className="import-group">
        <h3 className="section-title">
          Will be added <Badge tone="success">{preview.added.length}</Badge>
        </h3>
        {preview.added.length ? (
          <ul className="import-list">
            {preview.added.map((a) => (
              <li key={a.id}>
                <EnvironmentBadge environment={a.environment} />
                <span className="import-label">{a.label}</span>
                <span className="text-faint">{a.provider}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-faint">Nothing new in this backup.</p>
        )}
      </div>
      {preview.conflicts.length ? (
        <div className="import-group">
          <h3 className="section-title">
            Conflicts <Badge tone="warning">{preview.conflicts.length}</Badge>
          </h3>
          <ul className="import-list">
            {preview.conflicts.map((c) => (
              <li key={c.id}>
                <span className="import-label">{c.label}</span>
                <span className="text-faint">{c.reason === 'same-id' ? 'same key already in the vault' : 'a key with this label exists'}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview.destinations.length ? (
        <div className="import-group">
          <h3 className="section-title">
            Send to their own address <Badge tone="warning">{preview.destinations.length}</Badge>
          </h3>
          <ul className="import-list">
            {preview.destinations.map((d) => (
              <li key={`${d.label}-${d.baseUrl}`}>
                <span className="import-label">{d.label}</span>
                <DestinationBadge baseUrl={d.baseUrl} />
              </li>
            ))}
          </ul>
          <p className="text-faint">Signet asks you in its own dialog before it imports a key that sends outside its provider’s API.</p>
        </div>
      ) : null}
    </div>
  );
}

function ResultSummary({ result }: { result: ImportResult }) {
  const parts = [
    [result.added.length, 'added'],
    [result.replaced.length, 'replaced'],
    [result.renamed.length, 'kept as copies'],
    [result.skipped.length, 'skipped'],
  ] as const;
  return (
    <Callout tone="success" title="Import finished" role="status">
      {parts
        .filter(([n]) => n > 0)
        .map(([n, what]) => `${n} ${what}`)
        .join(' · ') || 'Nothing to import.'}
    </Callout>
  );
}

export function ImportBackupDialog({ onClose }: { onClose: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [onConflict, setOnConflict] = useState<OnConflict>('skip');
  const preview = useMutation(vaultMutations.previewImport());
  const apply = useMutation(vaultMutations.applyImport());
  const ready = preview.data && 'importId' in preview.data ? preview.data : null;
  const cancelled = preview.data && 'cancelled' in preview.data;
  const importCount = ready ? ready.added.length + (onConflict === 'skip' ? 0 : ready.conflicts.length) : 0;

  const submit = () => {
    if (apply.data) return onClose();
    if (ready) {
      if (importCount === 0) return;
      apply.mutate(
        { importId: ready.importId, onConflict },
        { onSuccess: (r) => showToast({ tone: 'success', title: `Imported ${r.added.length + r.replaced.length + r.renamed.length} keys` }) },
      );
    } else if (passphrase) preview.mutate(passphrase);
  };

  const footer = apply.data ? (
    <Button type="submit" variant="primary">
      Done
    </Button>
  ) : ready ? (
    <>
      <Button onClick={() => preview.reset()}>Back</Button>
      <Button type="submit" variant="primary" busy={apply.isPending} disabled={importCount === 0}>
        {importCount === 0 ? 'Nothing to import' : `Import ${importCount} ${importCount === 1 ? 'key' : 'keys'}`}
      </Button>
    </>
  ) : (
    <>
      <Button onClick={onClose}>Cancel</Button>
      <Button type="submit" variant="primary" disabled={!passphrase} busy={preview.isPending}>
        Choose file and preview
      </Button>
    </>
  );

  return (
    <Dialog
      title="Import a backup"
      description={ready ? 'Nothing has changed yet. Review, then import.' : 'Enter the passphrase the backup was exported with. You will see what it contains before anything is imported.'}
      size="m"
      onClose={onClose}
      onSubmit={submit}
      footer={footer}
    >
      {apply.data ? (
        <ResultSummary result={apply.data} />
      ) : ready ? (
        <>
          <PreviewList preview={ready} />
          {ready.conflicts.length ? (
            <div className="field">
              <Segmented
                label="When a key already exists"
                hideLabel={false}
                value={onConflict}
                onChange={setOnConflict}
                options={[
                  { value: 'skip', label: 'Skip' },
                  { value: 'replace', label: 'Replace' },
                  { value: 'keep-both', label: 'Keep both' },
                ]}
              />
              <p className="field-hint">{CONFLICT_HELP[onConflict]}</p>
            </div>
          ) : null}
          {apply.isError ? (
            <Callout tone="danger" title="Nothing was imported" role="alert">
              {errorMessage(apply.error)}
            </Callout>
          ) : null}
        </>
      ) : (
        <>
          <SecretField label="Backup passphrase" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoFocus autoComplete="off" />
          {cancelled ? <Callout>No backup file was chosen.</Callout> : null}
          {preview.isError ? (
            <Callout tone="danger" title="Cannot read this backup" role="alert">
              {errorMessage(preview.error)}
            </Callout>
          ) : null}
        </>
      )}
    </Dialog>
  );
}
