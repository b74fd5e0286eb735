/**
 * The lock screen's card for a refused older vault file: what happened (main's message, word for word), and the
 * user's two choices. Cancel is the safe default and opens nothing; the other button unlocks again, accepting.
 */
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { AlertIcon } from '../../shared/ui/icons';
import type { RollbackChoice } from './rollback-choice';

export function OlderVaultCard({
  choice,
  message,
  busy,
  error,
  onOpen,
  onCancel,
}: {
  choice: RollbackChoice;
  message: string;
  busy: boolean;
  error: string | null;
  onOpen: () => void;
  onCancel: () => void;
}) {
  return (
    <section className="auth-card auth-card-wide" role="alertdialog" aria-labelledby="older-vault-title" aria-describedby="older-vault-message">
      <div className="lock-badge lock-badge-warning" aria-hidden="true">
        <AlertIcon size={22} />
      </div>
      <div className="auth-heading auth-heading-center">
        <h1 className="auth-title" id="older-vault-title">
          {choice.title}
        </h1>
        <p className="auth-lede">{choice.lede}</p>
      </div>
      <Callout tone="warning">
        <span id="older-vault-message">{message}</span>
      </Callout>
      {error ? (
        <Callout tone="danger" role="alert">
          {error}
        </Callout>
      ) : null}
      <div className="auth-actions">
        <Button variant="secondary" onClick={onCancel} disabled={busy} autoFocus>
          Cancel
        </Button>
        <Button variant="danger" onClick={onOpen} busy={busy}>
          {choice.accept}
        </Button>
      </div>
    </section>
  );
}
