/**
 * Form fields: a label, the control, then either an error (announced) or a hint. Every control gets an id
 * so its label is clickable and screen readers read label, hint and error together.
 */
import { useId, useState, type InputHTMLAttributes, type ReactNode, type Ref, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { cx } from '../lib/cx';
import { EyeIcon, EyeOffIcon } from './icons';

export interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** Shown after the label, muted: "optional", "recommended". */
  aside?: ReactNode;
  className?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

export function Field({ label, hint, error, aside, className, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const describedBy = error || hint ? hintId : undefined;
  return (
    <div className={cx('field', error && 'field-invalid', className)}>
      <div className="field-label">
        <label htmlFor={id}>{label}</label>
        {aside ? <span className="field-aside">{aside}</span> : null}
      </div>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {error ? (
        <p className="field-error" id={hintId} role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

type InputBase = Omit<InputHTMLAttributes<HTMLInputElement>, 'children'> & { ref?: Ref<HTMLInputElement> };

export function Input({ className, ...rest }: InputBase) {
  return <input className={cx('input', className)} {...rest} />;
}

export interface TextFieldProps extends InputBase {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  aside?: ReactNode;
  fieldClassName?: string;
}

export function TextField({ label, hint, error, aside, fieldClassName, ...input }: TextFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} aside={aside} className={fieldClassName}>
      {({ id, describedBy, invalid }) => <Input id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...input} />}
    </Field>
  );
}

/** A secret input: masked, with a show/hide toggle; never autocompleted or spell-checked. */
export function SecretInput({ className, ...rest }: Omit<InputBase, 'type'>) {
  const [shown, setShown] = useState(false);
  return (
    <div className={cx('input-group', className)}>
      <input
        className="input input-mono"
        type={shown ? 'text' : 'password'}
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="off"
        {...rest}
      />
      <button
        type="button"
        className="input-addon"
        onClick={() => setShown((v) => !v)}
        aria-label={shown ? 'Hide' : 'Show'}
        title={shown ? 'Hide' : 'Show'}
        aria-pressed={shown}
        disabled={rest.disabled}
      >
        {shown ? <EyeOffIcon /> : <EyeIcon />}
      </button>
    </div>
  );
}

export interface SecretFieldProps extends Omit<InputBase, 'type'> {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  aside?: ReactNode;
  fieldClassName?: string;
}

export function SecretField({ label, hint, error, aside, fieldClassName, ...input }: SecretFieldProps) {
  return (
    <Field label={label} hint={hint} error={error} aside={aside} className={fieldClassName}>
      {({ id, describedBy, invalid }) => <SecretInput id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...input} />}
    </Field>
  );
}

/** A multi-line secret (a PEM key): masked with text-security until shown. */
export function SecretTextarea({ className, ...rest }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const [shown, setShown] = useState(false);
  return (
    <div className={cx('input-group input-group-area', className)}>
      <textarea className={cx('input textarea input-mono', !shown && 'text-masked')} spellCheck={false} autoComplete="off" {...rest} />
      <button type="button" className="input-addon" onClick={() => setShown((v) => !v)} aria-label={shown ? 'Hide' : 'Show'} title={shown ? 'Hide' : 'Show'} aria-pressed={shown}>
        {shown ? <EyeOffIcon /> : <EyeIcon />}
      </button>
    </div>
  );
}

export function Textarea({ className, ...rest }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={cx('input textarea', className)} {...rest} />;
}

export interface SelectOption {
  value: string;
  label: string;
}

export function Select({ className, options, ...rest }: SelectHTMLAttributes<HTMLSelectElement> & { options: readonly SelectOption[] }) {
  return (
    <select className={cx('input select', className)} {...rest}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

export function Checkbox({ label, description, className, ...rest }: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { label: ReactNode; description?: ReactNode }) {
  return (
    <label className={cx('checkbox', rest.disabled && 'is-disabled', className)}>
      <input type="checkbox" {...rest} />
      <span className="checkbox-box" aria-hidden="true" />
      <span className="checkbox-text">
        <span className="checkbox-label">{label}</span>
        {description ? <span className="checkbox-description">{description}</span> : null}
      </span>
    </label>
  );
}
