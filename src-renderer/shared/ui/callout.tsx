/** An inline message block: information, a warning, or an error with what to do next. */
import type { ReactNode } from 'react';
import { cx } from '../lib/cx';
import { AlertIcon, InfoIcon, ShieldIcon } from './icons';

export function Callout({ tone = 'info', title, children, className, role }: { tone?: 'info' | 'warning' | 'danger' | 'success'; title?: ReactNode; children?: ReactNode; className?: string; role?: 'alert' | 'status' }) {
  const Icon = tone === 'info' ? InfoIcon : tone === 'success' ? ShieldIcon : AlertIcon;
  return (
    <div className={cx('callout', `callout-${tone}`, className)} role={role}>
      <Icon className="icon callout-icon" />
      <div className="callout-content">
        {title ? <p className="callout-title">{title}</p> : null}
        {children ? <div className="callout-body">{children}</div> : null}
      </div>
    </div>
  );
}
