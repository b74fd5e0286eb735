/** Renders the toast queue, bottom right, announced politely to screen readers. */
import { useEffect, useState } from 'react';
import { cx } from '../lib/cx';
import { AlertIcon, CheckIcon, ClockIcon, InfoIcon, XIcon } from './icons';
import { useToasts, type Toast } from './toast-store';

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useToasts((s) => s.toastDismissed);
  const [now, setNow] = useState(() => Date.now());
  const countdown = toast.countdown;
  const secondsLeft = countdown ? Math.max(0, Math.ceil((countdown.until - now) / 1000)) : 0;
  const counting = Boolean(countdown && secondsLeft > 0);

  useEffect(() => {
    if (!counting) return;
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [counting]);

  useEffect(() => {
    if (counting) return;
    const t = setTimeout(() => dismiss(toast.id), toast.durationMs);
    return () => clearTimeout(t);
  }, [counting, dismiss, toast.id, toast.durationMs]);

  const title = countdown ? (counting ? countdown.running(secondsLeft) : countdown.done) : toast.title;
  const total = countdown ? Math.max(1, Math.round((countdown.until - countdown.from) / 1000)) : 0;
  const Icon = toast.tone === 'danger' ? AlertIcon : counting ? ClockIcon : toast.tone === 'neutral' ? InfoIcon : CheckIcon;
  return (
    <div className={cx('toast', `toast-${toast.tone}`)} role={toast.tone === 'danger' ? 'alert' : 'status'}>
      <Icon className="icon toast-icon" />
      <div className="toast-content">
        <p className="toast-title">{title}</p>
        {toast.body ? <p className="toast-body">{toast.body}</p> : null}
        {toast.action ? (
          <button
            type="button"
            className="toast-action"
            onClick={() => {
              toast.action?.run();
              dismiss(toast.id);
            }}
          >
            {toast.action.label}
          </button>
        ) : null}
        {counting ? (
          <div className="toast-progress" aria-hidden="true">
            <progress max={total} value={secondsLeft} />
          </div>
        ) : null}
      </div>
      <button type="button" className="toast-close" onClick={() => dismiss(toast.id)} aria-label="Dismiss notification">
        <XIcon size={14} />
      </button>
    </div>
  );
}

export function Toaster() {
  const toasts = useToasts((s) => s.toasts);
  return (
    <div className="toaster" aria-live="polite">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}
