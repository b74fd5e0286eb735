/**
 * App-wide providers: one QueryClient (IPC errors are not transient, so no retries; main pushes changes, so no
 * refetch on focus), the vault event subscription, the theme, and the toaster.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { subscribeInspectorEvents } from '../ipc/inspector-queries';
import { subscribeVaultEvents } from '../ipc/vault-events';
import { Toaster } from '../shared/ui/toaster';
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
      <Theme />
      {children}
      <Toaster />
    </QueryClientProvider>
  );
}
