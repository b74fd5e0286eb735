/**
 * The Request page: compose a request on the left, see what main signs on the right, live; Send has main sign it
 * afresh and send it through the egress, and the response shows on the right (and in the Inspector).
 */
import { useNavigationStore } from '../../shared/navigation/navigation-store';
import { Button } from '../../shared/ui/button';
import { EmptyState } from '../../shared/ui/empty-state';
import { KeyIcon, VaultIcon } from '../../shared/ui/icons';
import { RequestForm } from './request-form';
import { RequestPreviewPane } from './request-preview';
import { useRequestStore } from './request-store';
import { useRequestSigning } from './use-request-signing';
import './request.css';

function NoKeys() {
  const pageOpened = useNavigationStore((s) => s.pageOpened);
  return (
    <div className="request-page request-page-empty">
      <EmptyState
        icon={<KeyIcon size={20} />}
        title="No keys to sign with"
        action={
          <Button variant="primary" icon={<VaultIcon />} onClick={() => pageOpened('vault')}>
            Open the Vault
          </Button>
        }
      >
        Requests are signed with a key from the vault. Add one there (or restore the sandbox key from a backup), then come back.
      </EmptyState>
    </div>
  );
}

export function RequestPage() {
  const signing = useRequestSigning();
  const url = useRequestStore((s) => s.draft.url);
  if (signing.entries === undefined) return <div className="request-page" aria-busy="true" />;
  if (signing.entries.length === 0) return <NoKeys />;
  return (
    <div className="request-page">
      <div className="request-compose">
        <div className="compose-head">
          <h1 className="page-title">Request</h1>
          <p className="compose-subtitle">Signed in Signet’s main process with the vault key; this page never sees the secret. Nothing is sent until you press Send.</p>
        </div>
        <RequestForm signing={signing} entries={signing.entries} />
      </div>
      <RequestPreviewPane signing={signing} url={url} />
    </div>
  );
}
