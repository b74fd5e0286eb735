/** Small status labels. The environment badge lives here because every feature shows it the same way. */
import type { ReactNode } from 'react';
import type { Environment } from '../../../src-main/contract/providers';
import { cx } from '../lib/cx';
import { destinationLabel } from '../../../src-main/contract/destination';

export type BadgeTone = 'neutral' | 'accent' | 'danger' | 'warning' | 'success' | 'purple';

export function Badge({ tone = 'neutral', solid, icon, children, className, title }: { tone?: BadgeTone; solid?: boolean; icon?: ReactNode; children: ReactNode; className?: string; title?: string }) {
  return (
    <span className={cx('badge', `badge-${tone}`, solid && 'badge-solid', className)} title={title}>
      {icon}
      {children}
    </span>
  );
}

const ENV: Record<Environment, { tone: BadgeTone; label: string; title: string }> = {
  dev: { tone: 'neutral', label: 'DEV', title: 'Development key' },
  test: { tone: 'purple', label: 'TEST', title: 'Test / testnet key' },
  prod: { tone: 'danger', label: 'PROD', title: 'Production key: real accounts, real funds' },
};

/** PROD is solid red and bold, so a production key is never mistaken for another. */
export function EnvironmentBadge({ environment, className }: { environment: Environment; className?: string }) {
  const e = ENV[environment];
  return (
    <Badge tone={e.tone} solid={environment === 'prod'} className={cx('badge-env', `badge-env-${environment}`, className)} title={e.title}>
      {e.label}
    </Badge>
  );
}

/**
 * A key whose base URL is its own (not its provider's default) sends its credentials there: shown on the key
 * everywhere it appears (the Vault list and detail, the Request page), so a changed destination is never silent.
 * Main asked the person before it stored one outside the provider's documented hosts.
 */
export function DestinationBadge({ baseUrl, className }: { baseUrl: string | null; className?: string }) {
  if (!baseUrl) return null;
  const host = destinationLabel(baseUrl);
  return (
    <Badge tone="warning" className={cx('badge-destination', className)} title={`Requests signed with this key go to ${baseUrl} (its own base URL), not the provider's default API`}>
      → {host}
    </Badge>
  );
}
