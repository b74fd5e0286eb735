/** The unlocked app: a header with the pages that exist and the Lock button, then the page. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { vaultMutations } from '../ipc/vault-queries';
import { settingsQueries } from '../ipc/settings-queries';
import { errorMessage } from '../ipc/signet-client';
import { AuditPage } from '../features/audit/audit-page';
import { DebuggerPage } from '../features/debugger/debugger-page';
import { InspectorPage } from '../features/inspector/inspector-page';
import { MarketsPage } from '../features/markets/markets-page';
import { RequestPage } from '../features/request/request-page';
import { SettingsPage } from '../features/settings/settings-page';
import { RotationPage } from '../features/rotation/rotation-page';
import { ScanPage } from '../features/scan/scan-page';
import { VaultPage } from '../features/vault/vault-page';
import { useRotationFlags } from '../ipc/rotation-queries';
import { vaultQueries } from '../ipc/vault-queries';
import { useNow } from '../shared/lib/use-now';
import { cx } from '../shared/lib/cx';
import { useNavigationStore, type Page } from '../shared/navigation/navigation-store';
import { BrandMark } from '../shared/ui/brand-mark';
import { Button } from '../shared/ui/button';
import { AuditIcon, ChartIcon, DebuggerIcon, InspectorIcon, LockIcon, RequestIcon, RotateIcon, ScanIcon, SettingsIcon, VaultIcon } from '../shared/ui/icons';
import { showToast } from '../shared/ui/toast-store';
import { onVaultLocked } from './on-vault-locked';

const PAGES: { id: Page; label: string; Icon: typeof VaultIcon }[] = [
  { id: 'vault', label: 'Vault', Icon: VaultIcon },
  { id: 'request', label: 'Request', Icon: RequestIcon },
  { id: 'debugger', label: 'Debugger', Icon: DebuggerIcon },
  { id: 'markets', label: 'Markets', Icon: ChartIcon },
  { id: 'inspector', label: 'Inspector', Icon: InspectorIcon },
  { id: 'rotation', label: 'Rotation', Icon: RotateIcon },
  { id: 'audit', label: 'Audit', Icon: AuditIcon },
  { id: 'scan', label: 'Scan', Icon: ScanIcon },
  { id: 'settings', label: 'Settings', Icon: SettingsIcon },
];

/**
 * How many keys need the person: overdue, expired or due soon, a guided rotation waiting for the new key, or a
 * rotation whose step keeps failing. From
 * the vault's list and the Settings defaults, with the scheduler's own function, so it agrees with the reminders.
 */
function useRotationAttention(): { count: number; urgent: boolean } {
  const now = useNow(60_000);
  const flagOf = useRotationFlags();
  const entries = useQuery(vaultQueries.list({})).data;
  let count = 0;
  let urgent = false;
  for (const e of entries ?? []) {
    const flag = flagOf(e, now);
    const waiting = flag.rotating?.state === 'awaiting-credentials';
    const failing = flag.rotating?.failing === true;
    if (flag.status === 'ok' && !waiting && !failing) continue;
    count++;
    if (flag.status === 'overdue' || flag.status === 'expired' || failing) urgent = true;
  }
  return { count, urgent };
}

function RotationCount() {
  const { count, urgent } = useRotationAttention();
  if (count === 0) return null;
  return (
    <span className={cx('nav-count', urgent ? 'nav-count-danger' : 'nav-count-warning')} title={`${count} ${count === 1 ? 'key needs' : 'keys need'} rotating`}>
      <span className="visually-hidden">, </span>
      {count}
      <span className="visually-hidden">{count === 1 ? ' key needs rotating' : ' keys need rotating'}</span>
    </span>
  );
}

function Nav() {
  const page = useNavigationStore((s) => s.page);
  const pageOpened = useNavigationStore((s) => s.pageOpened);
  return (
    <nav className="shell-nav" aria-label="Pages">
      {PAGES.map(({ id, label, Icon }) => (
        <button key={id} type="button" className={cx('nav-item', page === id && 'is-active')} aria-current={page === id ? 'page' : undefined} onClick={() => pageOpened(id)}>
          <Icon />
          {label}
          {id === 'rotation' ? <RotationCount /> : null}
        </button>
      ))}
    </nav>
  );
}

function HostBadge() {
  const host = useQuery({ ...settingsQueries.appInfo(), select: (i) => i.host }).data;
  if (host !== 'browser') return null;
  return (
    <span className="host-badge" title="Served by npm run dev:browser: for development only">
      Browser host
    </span>
  );
}

function LockButton() {
  const lock = useMutation({
    ...vaultMutations.lock(),
    onError: (e) => showToast({ tone: 'danger', title: 'Could not lock', body: errorMessage(e) }),
  });
  return (
    <Button
      icon={<LockIcon />}
      busy={lock.isPending}
      onClick={() => {
        onVaultLocked();
        lock.mutate(undefined);
      }}
      title="Lock the vault and clear the clipboard"
    >
      Lock
    </Button>
  );
}

export function Shell() {
  const page = useNavigationStore((s) => s.page);
  return (
    <div className="shell">
      <header className="shell-header">
        <div className="shell-brand">
          <BrandMark size={22} />
          <span className="shell-brand-name">Signet</span>
        </div>
        <Nav />
        <div className="shell-header-end">
          <HostBadge />
          <LockButton />
        </div>
      </header>
      <main className="shell-main">{page === 'vault' ? <VaultPage /> : page === 'request' ? <RequestPage /> : page === 'debugger' ? <DebuggerPage /> : page === 'markets' ? <MarketsPage /> : page === 'inspector' ? <InspectorPage /> : page === 'rotation' ? <RotationPage /> : page === 'audit' ? <AuditPage /> : page === 'scan' ? <ScanPage /> : <SettingsPage />}</main>
    </div>
  );
}
