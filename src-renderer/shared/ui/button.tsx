/** Buttons: one component, a few variants. Icon-only buttons must pass `label` (used as aria-label and tooltip). */
import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';
import { cx } from '../lib/cx';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger' | 'danger-ghost';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'm' | 's';
  icon?: ReactNode;
  /** Shows a spinner and disables the button. */
  busy?: boolean;
  block?: boolean;
  ref?: Ref<HTMLButtonElement>;
}

export function Button({ variant = 'secondary', size = 'm', icon, busy, block, className, children, disabled, type = 'button', ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      className={cx('btn', `btn-${variant}`, size === 's' && 'btn-s', block && 'btn-block', !children && 'btn-icon-only', className)}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : icon}
      {children ? <span className="btn-label">{children}</span> : null}
    </button>
  );
}

export interface IconButtonProps extends Omit<ButtonProps, 'children' | 'icon'> {
  label: string;
  icon: ReactNode;
}

export function IconButton({ label, icon, variant = 'ghost', ...rest }: IconButtonProps) {
  return <Button variant={variant} icon={icon} aria-label={label} title={label} {...rest} />;
}
