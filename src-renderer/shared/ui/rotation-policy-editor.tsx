/**
 * Edits one rotation policy: rotate every N days, warn M days before, an optional hard expiry. Used for a key's own
 * policy (the Vault detail) and for each environment's default (Settings). Nothing is saved until Save; errors are
 * per field, in words, and a failed save keeps what was typed.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { RotationPolicy } from '../../../src-main/contract/rotation';
import { draftOf, parsePolicyDraft, type PolicyDraft, type PolicyErrors } from '../lib/rotation-policy-form';
import { Button } from './button';
import { TextField } from './field';

export interface RotationPolicyEditorProps {
  /** The policy the form starts from. */
  initial: RotationPolicy;
  /** An accessible name for the form ("Rotation policy for Binance main", "Production default"). */
  label: string;
  busy?: boolean;
  /** Main's refusal of the last save, if any. */
  saveError?: string | null;
  onSave: (policy: RotationPolicy) => void;
  onCancel?: () => void;
  /** Extra actions beside Save (Use the environment default). */
  extra?: ReactNode;
  /** Whether a hard expiry can be set (the environment defaults have none: an expiry belongs to a key). */
  withExpiry?: boolean;
}

export function RotationPolicyEditor({ initial, label, busy, saveError, onSave, onCancel, extra, withExpiry = true }: RotationPolicyEditorProps) {
  const [draft, setDraft] = useState<PolicyDraft>(() => draftOf(initial));
  const [errors, setErrors] = useState<PolicyErrors>({});
  const set = (field: keyof PolicyDraft) => (e: { target: { value: string } }) => {
    setDraft((d) => ({ ...d, [field]: e.target.value }));
    setErrors((x) => ({ ...x, [field]: undefined }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parsePolicyDraft(withExpiry ? draft : { ...draft, expires: '' }, Date.now());
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    onSave(parsed.policy);
  };
  return (
    <form className="policy-editor" aria-label={label} onSubmit={submit} noValidate>
      <div className="policy-editor-fields">
        <TextField label="Rotate every" aside="days" inputMode="numeric" value={draft.every} onChange={set('every')} error={errors.every ?? null} fieldClassName="policy-field-days" />
        <TextField label="Warn before" aside="days" inputMode="numeric" value={draft.warn} onChange={set('warn')} error={errors.warn ?? null} fieldClassName="policy-field-days" />
        {withExpiry ? (
          <TextField label="Hard expiry" aside="optional" type="date" value={draft.expires} onChange={set('expires')} error={errors.expires ?? null} fieldClassName="policy-field-date" />
        ) : null}
      </div>
      {saveError ? (
        <p className="field-error" role="alert">
          {saveError}
        </p>
      ) : null}
      <div className="policy-editor-actions">
        {extra}
        <div className="toolbar-spacer" />
        {onCancel ? (
          <Button size="s" variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
        <Button size="s" variant="primary" type="submit" busy={busy}>
          Save
        </Button>
      </div>
    </form>
  );
}
