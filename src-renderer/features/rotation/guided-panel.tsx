/**
 * A guided rotation waiting for the new key: the exchange's key page, the checklist and the permissions to tick (main's
 * rotation:guide), the call that verifies the key, and the form to paste it into. For a key pair made in the vault,
 * the fresh public key to register first; only the API key the exchange gives for it is pasted.
 *
 * The pasted values live in the inputs only (uncontrolled, no `value` attribute, so they are not in the DOM's markup
 * and not in React state): read once on submit, sent to main, and gone with the form once the run moves past the
 * paste (switched) or ends (cancelled). A refused key leaves them as they were, to correct.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { CREDENTIAL_LABELS, type CredentialField } from '../../../src-main/contract/providers';
import { KEY_PAIR_TYPE_NAMES } from '../../../src-main/contract/key-pairs';
import type { RotationGuide, RotationKey, RotationRun } from '../../../src-main/contract/rotation';
import { rotationQueries } from '../../ipc/rotation-queries';
import { errorMessage } from '../../ipc/signet-client';
import { copyText } from '../../shared/lib/copy-text';
import { formatDateTime } from '../../shared/lib/format';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { Checkbox, Field, SecretInput, SecretTextarea } from '../../shared/ui/field';
import { CheckIcon, CopyIcon, ExternalLinkIcon } from '../../shared/ui/icons';
import { showToast } from '../../shared/ui/toast-store';
import { CancelButton } from './cancel-button';
import { useRunMutation } from './use-run-mutation';

/** Fields a key may lack (an AWS key without a session token); every other field the guide names must be pasted. */
const OPTIONAL_FIELDS: readonly string[] = ['sessionToken'];

function NewPublicKey({ pair, providerName }: { pair: NonNullable<RotationRun['nextKeyPair']>; providerName: string }) {
  const copy = async () => {
    try {
      await copyText(pair.publicKeyPem);
      showToast({ tone: 'success', title: 'Public key copied', durationMs: 2500 });
    } catch {
      showToast({ tone: 'danger', title: 'Could not copy', body: 'Select the public key and copy it yourself.', durationMs: 6000 });
    }
  };
  return (
    <div className="rot-pubkey">
      <Callout tone="info" title={`First, register this new public key on ${providerName}`}>
        Signet generated a fresh {KEY_PAIR_TYPE_NAMES[pair.type]} key pair for this rotation; its private key never leaves the vault. Register the public key on {providerName} as a self-generated key, then paste the API key {providerName} gives for it below.
      </Callout>
      <div className="rot-pubkey-head">
        <span className="rot-sub-title">New public key · {KEY_PAIR_TYPE_NAMES[pair.type]}</span>
        <Button size="s" icon={<CopyIcon />} onClick={() => void copy()} aria-label="Copy new public key">
          Copy
        </Button>
      </div>
      <pre className="pem-block" aria-label="New public key">
        {pair.publicKeyPem.trimEnd()}
      </pre>
      <p className="rot-pubkey-fp">
        <span className="text-faint">Fingerprint </span>
        <span className="mono" title="SHA-256 of the public key (SPKI DER)">
          {pair.fingerprint}
        </span>
      </p>
    </div>
  );
}

function Checklist({ guide }: { guide: RotationGuide }) {
  const [done, setDone] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (id: string) =>
    setDone((d) => {
      const next = new Set(d);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <>
      <div className="rot-guide-block">
        <p className="rot-sub-title">Checklist</p>
        <ol className="rot-checklist">
          {guide.steps.map((step, i) => (
            <li key={i}>
              <Checkbox label={step} checked={done.has(`s${i}`)} onChange={() => toggle(`s${i}`)} />
            </li>
          ))}
        </ol>
      </div>
      {guide.permissions.length ? (
        <fieldset className="rot-guide-block rot-perms">
          <legend className="rot-sub-title">Permissions to tick on {guide.providerName}</legend>
          {guide.permissions.map((p) => (
            <Checkbox key={p} label={p} checked={done.has(`p:${p}`)} onChange={() => toggle(`p:${p}`)} />
          ))}
        </fieldset>
      ) : null}
    </>
  );
}

function PasteForm({ keyView, run, guide }: { keyView: RotationKey; run: RotationRun; guide: RotationGuide }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [missing, setMissing] = useState<Partial<Record<string, string>>>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const submit = useRunMutation('submit', {
    onSuccess: (after) => {
      setRefusal(null);
      if (after.state === 'awaiting-credentials') return; // refused: run.error says why, the fields stay
      formRef.current?.reset();
      showToast({ tone: 'success', title: `“${keyView.label}” switched to the new key`, body: after.keepOldUntil ? `The old key is kept for rollback until ${formatDateTime(after.keepOldUntil)}.` : undefined });
    },
    onError: (e) => setRefusal(errorMessage(e)),
  });
  // The pasted credentials are the mutation's variables: dropped once it has answered.
  const { reset, isSuccess, isError } = submit;
  useEffect(() => {
    if (isSuccess || isError) reset();
  }, [isSuccess, isError, reset]);

  const verifying = submit.isPending || run.state === 'verifying';
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (verifying) return;
    const data = new FormData(e.currentTarget);
    const credentials: Partial<Record<CredentialField, string>> = {};
    const absent: Partial<Record<string, string>> = {};
    for (const f of guide.fields) {
      const value = data.get(f);
      const text = typeof value === 'string' ? value : '';
      if (text.trim() !== '') credentials[f as CredentialField] = text;
      else if (!OPTIONAL_FIELDS.includes(f)) absent[f] = `Paste the ${inSentence(labelOf(f))} ${guide.providerName} gave you.`;
    }
    setMissing(absent);
    const first = Object.keys(absent)[0];
    if (first) {
      formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setRefusal(null);
    submit.mutate({ entryId: keyView.entryId, credentials });
  };

  const problem = refusal ?? (run.state === 'awaiting-credentials' ? (run.error?.message ?? null) : null);
  return (
    <form ref={formRef} className="rot-paste" onSubmit={onSubmit} noValidate aria-labelledby="rot-paste-title" autoComplete="off">
      <p id="rot-paste-title" className="rot-sub-title">
        {run.nextKeyPair ? `Paste the API key ${guide.providerName} gave for the new public key` : `Paste the new key from ${guide.providerName}`}
      </p>
      {problem ? (
        <Callout tone="danger" title={refusal ? 'Not switched' : 'The new key was refused'} role="alert" className="rot-refusal">
          {problem}
        </Callout>
      ) : null}
      {guide.fields.map((f) => (
        <Field key={f} label={labelOf(f)} aside={OPTIONAL_FIELDS.includes(f) ? 'optional' : undefined} error={missing[f] ?? null}>
          {({ id, describedBy, invalid }) =>
            f === 'privateKeyPem' ? (
              <SecretTextarea id={id} name={f} rows={4} aria-describedby={describedBy} aria-invalid={invalid || undefined} disabled={verifying} autoComplete="off" spellCheck={false} placeholder="-----BEGIN PRIVATE KEY-----" onChange={() => setMissing((m) => ({ ...m, [f]: undefined }))} />
            ) : (
              <SecretInput id={id} name={f} aria-describedby={describedBy} aria-invalid={invalid || undefined} disabled={verifying} autoComplete="off" spellCheck={false} onChange={() => setMissing((m) => ({ ...m, [f]: undefined }))} />
            )
          }
        </Field>
      ))}
      <div className="rot-paste-actions">
        <Button type="submit" variant="primary" icon={<CheckIcon />} busy={verifying}>
          {verifying ? 'Verifying…' : 'Verify & switch'}
        </Button>
        <CancelButton keyView={keyView} />
        <span className="rot-paste-note text-faint">{guide.verifyCall ? 'The current key stays in use until the new one answers.' : 'No read-only call is known for this API: the new key is switched to unverified.'}</span>
      </div>
    </form>
  );
}

const labelOf = (f: string) => CREDENTIAL_LABELS[f as CredentialField] ?? f;
/** "Secret" → "secret", "API key" stays. */
const inSentence = (label: string) => (/^[A-Z]{2}/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1));

export function GuidedPanel({ keyView, run }: { keyView: RotationKey; run: RotationRun }) {
  const guide = useQuery(rotationQueries.guide(keyView.entryId, run.id));
  if (guide.isPending) return <div className="rot-guide rot-guide-loading" aria-busy="true" />;
  if (guide.isError) {
    return (
      <Callout tone="danger" title="The checklist could not be loaded" role="alert">
        {errorMessage(guide.error)}
      </Callout>
    );
  }
  const g = guide.data;
  return (
    <div className="rot-guide">
      <div className="rot-guide-head">
        <p className="rot-guide-title">On {g.providerName}</p>
        {g.keyPageUrl ? (
          <a className="rot-link" href={g.keyPageUrl} target="_blank" rel="noreferrer">
            Open {g.providerName}’s API key page <ExternalLinkIcon size={12} />
          </a>
        ) : null}
      </div>
      {g.keyPageUrl ? <p className="rot-url mono">{g.keyPageUrl}</p> : null}
      {run.nextKeyPair ? <NewPublicKey pair={run.nextKeyPair} providerName={g.providerName} /> : null}
      <Checklist guide={g} />
      <p className="rot-verify">
        {g.verifyCall ? (
          <>
            Signet verifies the new key with <code className="rot-code">{g.verifyCall}</code> before switching to it.
          </>
        ) : (
          <>No read-only call is known for this API: Signet cannot verify the new key. Send a request with it afterwards.</>
        )}
      </p>
      <PasteForm keyView={keyView} run={run} guide={g} />
    </div>
  );
}
