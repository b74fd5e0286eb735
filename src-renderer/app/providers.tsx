/**
 * App-wide providers: one QueryClient (IPC errors are not transient, so no retries; main pushes changes, so no
 * refetch on focus), the subscriptions to main's events (vault, inspector, rotation, audit), the theme, and the toaster.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { subscribeAuditEvents } from '../ipc/audit-queries';
import { subscribeInspectorEvents } from '../ipc/inspector-queries';
import { subscribeRotationEvents } from '../ipc/rotation-queries';
import { subscribeVaultEvents } from '../ipc/vault-events';
import { Toaster } from '../shared/ui/toaster';
import { showToast } from '../shared/ui/toast-store';
import { useNavigationStore } from '../shared/navigation/navigation-store';
import { onVaultLocked } from './on-vault-locked';
import { useTheme } from './use-theme';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}

function VaultEvents() {
  const client = useQueryClient();
  useEffect(
    () =>
      subscribeVaultEvents(client, (status) => {
        if (status.locked || !status.exists) onVaultLocked();
      }),
    [client],
  );
  return null;
}

function InspectorEvents() {
  const client = useQueryClient();
  useEffect(() => subscribeInspectorEvents(client), [client]);
  return null;
}

/**
 * A run's progress updates the cached overview; a reminder (also an OS notification in the app) shows as a toast
 * that opens the key on the Rotation page. One toast per key: a second reminder replaces the first.
 */
function RotationEvents() {
  const client = useQueryClient();
  useEffect(
    () =>
      subscribeRotationEvents(client, (r) =>
        showToast({
          key: `rotation-${r.entryId}`,
          tone: r.status === 'due-soon' ? 'neutral' : 'danger',
          title: r.status === 'expired' ? `${r.label} has expired` : r.status === 'overdue' ? `${r.label} is overdue for rotation` : `${r.label} is due for rotation`,
          body: r.reason,
          durationMs: 15_000,
          action: { label: 'Open in Rotation', run: () => useNavigationStore.getState().openRotation(r.entryId) },
        }),
      ),
    [client],
  );
  return null;
}

/** Each append to the audit log refreshes the Audit page's timeline and verification, if they are shown. */
function AuditEvents() {
  const client = useQueryClient();
  useEffect(() => subscribeAuditEvents(client), [client]);
  return null;
}

function Theme() {
  useTheme();
  return null;
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient);
  return (
    <QueryClientProvider client={client}>
      <VaultEvents />
      <InspectorEvents />
      <RotationEvents />
      <AuditEvents />
      <Theme />
      {children}
      <Toaster />
    </QueryClientProvider>
  );
}
