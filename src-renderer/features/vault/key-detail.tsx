/**
 * The selected key: everything about it except its secrets, with a Copy button per credential (none for a private key
 * generated in the vault: it never leaves main), the public key of a key that holds a private key, and the way to
 * its history on the Audit page.
 */
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { EntryDetail } from '../../../src-main/contract/schemas';
import { vaultQueries } from '../../ipc/vault-queries';
import { errorMessage, isSignetError } from '../../ipc/signet-client';
import { formatDateTime, relativeTime } from '../../shared/lib/format';
import { useNow } from '../../shared/lib/use-now';
import { EnvironmentBadge } from '../../shared/ui/badge';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { EmptyState } from '../../shared/ui/empty-state';
import { AuditIcon, CopyIcon, EditIcon, KeyIcon, TrashIcon } from '../../shared/ui/icons';
import { Kbd } from '../../shared/ui/kbd';
import { useNavigationStore } from '../../shared/navigation/navigation-store';
import { ExpiryBadge } from './expiry-badge';
import { CREDENTIAL_LABELS } from './key-form-model';
import { ProviderAvatar, providerName } from './provider-avatar';
import { ScopeList } from './scope-list';
import { useCopySecret } from './use-copy-secret';
import { useVaultStore } from './vault-store';
import { PublicKeyPanel } from './public-key-panel';
import { KeyRotationSection } from './key-rotation-section';
import { useRotationFlags } from '../../ipc/rotation-queries';
import { RotationBadge } from '../../shared/ui/rotation-badge';

function Credentials({ entry }: { entry: EntryDetail }) {
  const copy = useCopySecret();
  return (
    <ul className="credential-list">
      {entry.credentials.map((c) => {
        const busy = copy.isPending && copy.variables?.field === c.field;
        const sealed = c.field === 'privateKeyPem' && entry.keyPair !== undefined;
        return (
          <li key={c.field} className="credential">
            <div className="credential-text">
              <span className="credential-label">{CREDENTIAL_LABELS[c.field]}</span>
              <span className="credential-preview mono" data-field={c.field}>
                {c.preview}
              </span>
            </div>
            {sealed ? (
              <span className="credential-sealed" title="Generated in the vault: the private key is never shown, copied or exported">
                Never leaves the vault
              </span>
            ) : (
              <Button size="s" icon={<CopyIcon />} busy={busy} onClick={() => copy.mutate({ id: entry.id, field: c.field })} aria-label={`Copy ${CREDENTIAL_LABELS[c.field]}`}>
                Copy
              </Button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** Derived in main from the private key each time it is shown; an awaiting key also takes its API key here. */
function PublicKeySection({ entry }: { entry: EntryDetail }) {
  const view = useQuery(vaultQueries.publicKey(entry.id));
  return (
    <section className="detail-section" aria-labelledby="detail-public-key">
      <h3 id="detail-public-key" className="section-title">
        Public key
      </h3>
      {view.isPending ? (
        <p className="text-faint">Reading the public key…</p>
      ) : view.isError ? (
        <p className="text-faint">{errorMessage(view.error)}</p>
      ) : (
        <PublicKeyPanel view={view.data} entry={entry} />
      )}
    </section>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Detail({ entry }: { entry: EntryDetail }) {
  const now = useNow(30_000);
  const editKeyRequested = useVaultStore((s) => s.editKeyRequested);
  const deleteKeyRequested = useVaultStore((s) => s.deleteKeyRequested);
  const openAudit = useNavigationStore((s) => s.openAudit);
  const flag = useRotationFlags()(entry, now);
  return (
    <div className="detail">
      <header className="detail-header">
        <ProviderAvatar provider={entry.provider} size="l" />
        <div className="detail-titles">
          <h2 className="detail-title">{entry.label}</h2>
          <p className="detail-subtitle">
            {providerName(entry.provider)} · added {relativeTime(entry.createdAt, now)} ·{' '}
            <button type="button" className="detail-history" onClick={() => openAudit(entry.id)} title="This key’s events in the audit log: added, used, copied, rotated">
              <AuditIcon size={12} />
              History
            </button>
          </p>
        </div>
      </header>
      <div className="detail-actions">
        <EnvironmentBadge environment={entry.environment} />
        <ExpiryBadge expiresAt={entry.expiresAt} now={now} quietWhenFar={false} />
        <RotationBadge flag={flag} now={now} besideExpiry={entry.expiresAt} />
        <div className="toolbar-spacer" />
        <Button size="s" icon={<EditIcon />} onClick={() => editKeyRequested(entry.id)}>
          Edit
        </Button>
        <Button size="s" variant="danger-ghost" icon={<TrashIcon />} onClick={() => deleteKeyRequested(entry.id)}>
          Delete
        </Button>
      </div>

      {entry.baseUrl ? (
        <Callout tone="warning" title="Sends to its own address">
          Requests signed with this key go to <span className="mono">{entry.baseUrl}</span>, not {providerName(entry.provider)}’s default API. Edit the key to change it.
        </Callout>
      ) : null}
      {entry.awaitingApiKey ? (
        <Callout tone="warning" title="Awaiting API key">
          This key pair was generated in Signet and cannot sign yet. Register its public key on {providerName(entry.provider)}, then paste the API key below.
        </Callout>
      ) : null}
      {entry.environment === 'prod' ? (
        <Callout tone="danger" title="Production key">
          Requests signed with it act on real accounts and real funds.
        </Callout>
      ) : null}

      <section className="detail-section" aria-labelledby="detail-credentials">
        <h3 id="detail-credentials" className="section-title">
          Credentials
        </h3>
        <Credentials entry={entry} />
        <p className="detail-note">Copied values go to the system clipboard and are cleared after 30 seconds.</p>
      </section>

      {entry.credentialFields.includes('privateKeyPem') ? <PublicKeySection entry={entry} /> : null}

      <KeyRotationSection entry={entry} now={now} />

      <section className="detail-section" aria-labelledby="detail-details">
        <h3 id="detail-details" className="section-title">
          Details
        </h3>
        <dl className="detail-grid">
          <Row label="Provider">{providerName(entry.provider)}</Row>
          <Row label="Base URL">{entry.baseUrl ? <span className="mono">{entry.baseUrl}</span> : <span className="text-faint">Provider default</span>}</Row>
          <Row label="Scopes">
            <ScopeList scopes={entry.scopes} />
          </Row>
          <Row label="Tags">
            {entry.tags.length ? (
              <span className="tag-list">
                {entry.tags.map((t) => (
                  <span key={t} className="tag">
                    #{t}
                  </span>
                ))}
              </span>
            ) : (
              <span className="text-faint">—</span>
            )}
          </Row>
          <Row label="Fingerprint">
            <span className="mono" title="SHA-256 of the key id: compare with the provider's console">
              {entry.fingerprint}
            </span>
          </Row>
          <Row label="Expires">{entry.expiresAt ? formatDateTime(entry.expiresAt) : <span className="text-faint">Never</span>}</Row>
          <Row label="Last used">{entry.lastUsedAt ? `${relativeTime(entry.lastUsedAt, now)} · ${formatDateTime(entry.lastUsedAt)}` : <span className="text-faint">Never</span>}</Row>
          <Row label="Created">{formatDateTime(entry.createdAt)}</Row>
          <Row label="Updated">{formatDateTime(entry.updatedAt)}</Row>
        </dl>
      </section>

      <section className="detail-section" aria-labelledby="detail-notes">
        <h3 id="detail-notes" className="section-title">
          Notes
        </h3>
        {entry.notes ? <p className="detail-notes">{entry.notes}</p> : <p className="text-faint">No notes.</p>}
      </section>
    </div>
  );
}

export function KeyDetail() {
  const selectedId = useVaultStore((s) => s.selectedId);
  const detail = useQuery({ ...vaultQueries.detail(selectedId ?? ''), enabled: selectedId !== null });
  if (!selectedId) {
    return (
      <EmptyState icon={<KeyIcon size={20} />} title="No key selected" className="detail-empty">
        Pick a key to see its details and copy its credentials. <Kbd>↑</Kbd> <Kbd>↓</Kbd> move through the list, <Kbd>/</Kbd> searches.
      </EmptyState>
    );
  }
  if (detail.isPending) return <div className="detail detail-loading" aria-busy="true" />;
  if (detail.isError) {
    return (
      <EmptyState title={isSignetError(detail.error, 'ERR_ENTRY_NOT_FOUND') ? 'This key no longer exists' : 'Could not load this key'} className="detail-empty">
        {errorMessage(detail.error)}
      </EmptyState>
    );
  }
  return <Detail entry={detail.data} />;
}
