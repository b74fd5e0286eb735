/**
 * Credentials pasted for this session: a small form with the fields the chosen scheme needs, sent once to main
 * (`debug:setSession`), where they stay in memory only and are dropped on lock. The form's fields are cleared as
 * soon as main has them; from then on the page shows only which fields main holds, and Forget.
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Credentials, SchemeInfo } from '../../../src-main/contract/schemas';
import { CREDENTIAL_LABELS, type CredentialField } from '../../../src-main/contract/providers';
import { debugMutations, debugQueries } from '../../ipc/debug-queries';
import { errorMessage } from '../../ipc/signet-client';
import { Badge } from '../../shared/ui/badge';
import { Button } from '../../shared/ui/button';
import { Field, SecretInput, SecretTextarea } from '../../shared/ui/field';
import { CheckIcon, LockIcon, TrashIcon } from '../../shared/ui/icons';
import { showToast } from '../../shared/ui/toast-store';

export const fieldLabel = (f: string) => CREDENTIAL_LABELS[f as CredentialField] ?? f;

interface FormField {
  readonly field: CredentialField;
  readonly required: boolean;
  /** The other fields that would do instead ("or a private key"). */
  readonly or: readonly CredentialField[];
}

/** The fields to ask for: the scheme's requirements, or, for Auto, an API key, a secret and an optional passphrase. */
export function formFields(scheme: SchemeInfo | null): FormField[] {
  if (!scheme) return [{ field: 'apiKey', required: true, or: [] }, { field: 'secret', required: true, or: [] }, { field: 'passphrase', required: false, or: [] }];
  const out: FormField[] = [];
  for (const group of scheme.credentials) {
    const fields = group as CredentialField[];
    for (const f of fields) if (!out.some((o) => o.field === f)) out.push({ field: f, required: fields.length === 1, or: fields.filter((o) => o !== f) });
  }
  return out;
}

function SessionForm({ scheme, error, onKept }: { scheme: SchemeInfo | null; error: string | null; onKept: () => void }) {
  const fields = formFields(scheme);
  const [values, setValues] = useState<Partial<Record<CredentialField, string>>>({});
  const set = useMutation(debugMutations.setSession());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const credentials = Object.fromEntries(fields.map((f) => [f.field, values[f.field] ?? '']).filter(([, v]) => v !== '')) as Credentials;
    set.mutate(credentials, {
      // Main has them now: the page keeps nothing.
      onSuccess: () => {
        setValues({});
        onKept();
      },
    });
  };
  const shown = set.isError ? errorMessage(set.error) : error;
  return (
    <form className="dbg-session-form" onSubmit={submit} aria-label="Credentials for this session" autoComplete="off">
      {fields.map((f) => {
        const hint = f.or.length ? `Or the ${f.or.map(fieldLabel).join(' or ')}: fill one.` : undefined;
        const aside = f.required ? undefined : 'optional';
        const onChange = (v: string) => setValues((s) => ({ ...s, [f.field]: v }));
        return (
          <Field key={f.field} label={fieldLabel(f.field)} aside={aside} hint={hint}>
            {({ id, describedBy }) =>
              f.field === 'privateKeyPem' ? (
                <SecretTextarea id={id} aria-describedby={describedBy} rows={4} value={values[f.field] ?? ''} onChange={(e) => onChange(e.target.value)} />
              ) : (
                <SecretInput id={id} aria-describedby={describedBy} value={values[f.field] ?? ''} onChange={(e) => onChange(e.target.value)} />
              )
            }
          </Field>
        );
      })}
      {shown ? (
        <p className="field-error" role="alert">
          {shown}
        </p>
      ) : null}
      <div className="dbg-session-actions">
        <Button type="submit" size="s" icon={<LockIcon />} busy={set.isPending} disabled={!fields.some((f) => (values[f.field] ?? '') !== '')}>
          Keep for this session
        </Button>
      </div>
    </form>
  );
}

export function SessionCredentials({ scheme, error }: { scheme: SchemeInfo | null; error: string | null }) {
  const session = useQuery(debugQueries.session());
  const forget = useMutation(debugMutations.forgetSession());
  const doForget = () =>
    forget.mutate(undefined, {
      onSuccess: () => showToast({ tone: 'success', title: 'Session credentials forgotten', key: 'debug-session' }),
      onError: (e) => showToast({ tone: 'danger', title: 'Could not forget them', body: errorMessage(e) }),
    });
  const [replacing, setReplacing] = useState(false);
  const held = session.data?.fields ?? [];
  return (
    <div className="dbg-session">
      <p className="dbg-session-note">
        <LockIcon size={12} /> Kept in Signet’s main process, in memory only: never written to disk, never shown here again, and forgotten when the vault locks (or after 30 idle minutes).
      </p>
      {held.length > 0 && !replacing ? (
        <div className="dbg-session-held" role="status" aria-label="Session credentials held">
          <span className="dbg-session-held-label">
            <CheckIcon className="icon dbg-ok" /> Held for this session:
          </span>
          {held.map((f) => (
            <Badge key={f} tone="success">
              {fieldLabel(f)}
            </Badge>
          ))}
        </div>
      ) : (
        <SessionForm key={scheme?.id ?? 'auto'} scheme={scheme} error={error} onKept={() => setReplacing(false)} />
      )}
      {held.length > 0 && !replacing ? (
        <div className="dbg-session-actions">
          <Button size="s" variant="ghost" onClick={() => setReplacing(true)}>
            Replace
          </Button>
          <Button size="s" variant="danger-ghost" icon={<TrashIcon />} busy={forget.isPending} onClick={doForget}>
            Forget
          </Button>
        </div>
      ) : null}
      {held.length > 0 && !replacing && error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {replacing ? (
        <button type="button" className="dbg-link" onClick={() => setReplacing(false)}>
          Keep the credentials held now
        </button>
      ) : null}
    </div>
  );
}
