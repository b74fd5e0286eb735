/**
 * A modal dialog on the native <dialog> element: showModal() makes the rest of the page inert (a real focus trap,
 * also for screen readers) and puts it in the top layer. We add: Esc closes through `onClose` (the parent owns
 * `open`), Tab wraps inside the dialog, focus goes to `initialFocus` (or the first field) and back to where it
 * was on close. Clicking the backdrop does nothing, so a half-filled form is never lost by a stray click.
 */
import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { cx } from '../lib/cx';
import { XIcon } from './icons';

export interface DialogProps {
  title: ReactNode;
  description?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  size?: 's' | 'm' | 'l';
  initialFocus?: RefObject<HTMLElement | null>;
  tone?: 'default' | 'danger';
  className?: string;
  /** Wrap body and footer in a form; Enter submits. */
  onSubmit?: () => void;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
/** FOCUSABLE inside one part of the dialog: every alternative of the list scoped, not only the first. */
const within = (part: string) =>
  FOCUSABLE.split(', ')
    .map((s) => `${part} ${s}`)
    .join(', ');

export function Dialog({ title, description, onClose, children, footer, size = 'm', initialFocus, tone = 'default', className, onSubmit }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    // The first field of the body, else the footer's first button (Cancel before the action), never the header's close.
    const target = initialFocus?.current ?? dialog.querySelector<HTMLElement>(within('.dialog-body')) ?? dialog.querySelector<HTMLElement>(within('.dialog-footer')) ?? dialog.querySelector<HTMLElement>(FOCUSABLE);
    target?.focus();
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Tab') return;
      const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
      const first = items[0];
      const last = items[items.length - 1];
      if (!first || !last) return;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    };
    dialog.addEventListener('cancel', onCancel);
    dialog.addEventListener('keydown', onKeyDown);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('keydown', onKeyDown);
      dialog.close();
      previous?.focus();
    };
    // Opening is tied to mounting; initialFocus is read once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const body = (
    <>
      <div className="dialog-body">{children}</div>
      {footer ? <div className="dialog-footer">{footer}</div> : null}
    </>
  );

  return createPortal(
    <dialog
      ref={ref}
      className={cx('dialog', `dialog-${size}`, tone === 'danger' && 'dialog-danger', className)}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
    >
      <div className="dialog-header">
        <div className="dialog-titles">
          <h2 id={titleId} className="dialog-title">
            {title}
          </h2>
          {description ? (
            <p id={descriptionId} className="dialog-description">
              {description}
            </p>
          ) : null}
        </div>
        <button type="button" className="btn btn-ghost btn-s btn-icon-only dialog-close" onClick={onClose} aria-label="Close" title="Close (Esc)">
          <XIcon />
        </button>
      </div>
      {onSubmit ? (
        <form
          className="dialog-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          {body}
        </form>
      ) : (
        body
      )}
    </dialog>,
    document.body,
  );
}
