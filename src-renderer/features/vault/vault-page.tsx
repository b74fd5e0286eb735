/** The Vault page: toolbar, the key list, the selected key's details, and the dialogs. */
import { DeleteKeyDialog } from './delete-key-dialog';
import { AddKeyDialog, EditKeyDialog } from './key-form-dialog';
import { KeyDetail } from './key-detail';
import { KeyList } from './key-list';
import { useVaultStore } from './vault-store';
import { VaultToolbar } from './vault-toolbar';
import '../../shared/ui/page-layout.css';
import './vault.css';

function VaultDialogs() {
  const dialog = useVaultStore((s) => s.dialog);
  const dialogClosed = useVaultStore((s) => s.dialogClosed);
  if (!dialog) return null;
  if (dialog.kind === 'add') return <AddKeyDialog onClose={dialogClosed} />;
  if (dialog.kind === 'edit') return <EditKeyDialog key={dialog.id} id={dialog.id} onClose={dialogClosed} />;
  return <DeleteKeyDialog key={dialog.id} id={dialog.id} onClose={dialogClosed} />;
}

export function VaultPage() {
  return (
    <div className="page">
      <VaultToolbar />
      <div className="page-body">
        <section className="page-list-pane" aria-label="Keys">
          <KeyList />
        </section>
        <aside className="page-detail-pane vault-detail-pane" aria-label="Key details">
          <KeyDetail />
        </aside>
      </div>
      <VaultDialogs />
    </div>
  );
}
