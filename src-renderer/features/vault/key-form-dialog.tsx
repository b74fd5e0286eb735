/**
 * Add or edit a key. The provider decides which credential inputs appear (exactly the fields it needs; a choice
 * where it accepts more than one kind, like Binance's HMAC secret or private key). On edit, credential inputs
 * start blank and blank means unchanged: the current value is never sent to this process. For a provider with
 * asymmetric keys a new key may instead be generated in main (vault:generateKeyPair): this process then gets the
 * public key to register, never the private key.
 */
import { useMemo, useRef, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { keepsRule, SCOPE_RULE, TAG_RULE } from '../../../src-main/contract/field-rules';
import type { EntryDetail, EntrySummary, PublicKeyView } from '../../../src-main/contract/schemas';
import { keyPairChoices, type KeyPairType } from '../../../src-main/contract/key-pairs';
import { ENVIRONMENTS, PROVIDERS, providerInfo, type CredentialField, type Environment } from '../../../src-main/contract/providers';
import { vaultMutations, vaultQueries } from '../../ipc/vault-queries';
import { errorMessage, isSignetError } from '../../ipc/signet-client';
import { cx } from '../../shared/lib/cx';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { Dialog } from '../../shared/ui/dialog';
import { Checkbox, Field, Input, SecretInput, SecretTextarea, Select, Textarea, TextField } from '../../shared/ui/field';
import { Segmented } from '../../shared/ui/segmented';
import { TagInput } from '../../shared/ui/tag-input';
import { showToast } from '../../shared/ui/toast-store';
import {
  CREDENTIAL_LABELS,
  CREDENTIAL_PLACEHOLDERS,
  authSetLabel,
  credentialSlots,
  emptyKeyForm,
  keyFormFromEntry,
  toEntryInput,
  toEntryPatch,
  toKeyPairInput,
  validateKeyForm,
  withProvider,
  type KeyFormErrors,
  type KeyFormState,
} from './key-form-model';
import { useVaultStore } from './vault-store';
import { PublicKeyPanel } from './public-key-panel';
import { providerName } from './provider-avatar';

const ENV_LABELS: Record<Environment, string> = { dev: 'Dev', test: 'Test', prod: 'Prod' };
const PROVIDER_OPTIONS = [{ value: '', label: 'Choose a provider…' }, ...PROVIDERS.map((p) => ({ value: p.id, label: p.name }))];

function KeyForm({ original, onClose }: { original: EntryDetail | null; onClose: () => void }) {
  const [form, setForm] = useState<KeyFormState>(() => (original ? keyFormFromEntry(original) : emptyKeyForm()));
  const [touched, setTouched] = useState(false);
  const [chipError, setChipError] = useState<{ tags?: string | null; scopes?: string | null }>({});
  const labelRef = useRef<HTMLInputElement>(null);
  const keySaved = useVaultStore((s) => s.keySaved);
  const add = useMutation(vaultMutations.add());
  const update = useMutation(vaultMutations.update());
  const generate = useMutation(vaultMutations.generateKeyPair());
  const [generated, setGenerated] = useState<{ entry: EntrySummary; publicKey: PublicKeyView } | null>(null);
  const saving = add.isPending || update.isPending || generate.isPending;
  const serverError = add.error ?? update.error ?? generate.error;
  const pairChoices = original ? [] : keyPairChoices(form.provider);
  const generating = form.keyPairType !== null;

  const existing = useMemo(() => original?.credentialFields ?? [], [original]);
  const errors: KeyFormErrors = useMemo(() => (touched ? validateKeyForm(form, existing) : {}), [touched, form, existing]);
  const provider = providerInfo(form.provider);
  const slots = credentialSlots(form.provider, form.authSet);
  const customScopes = form.scopes.filter((s) => !(provider?.scopes ?? []).includes(s));
  const previews = new Map(original?.credentials.map((c) => [c.field, c.preview]));

  const patch = (p: Partial<KeyFormState>) => setForm((f) => ({ ...f, ...p }));
  const setCredential = (field: CredentialField, value: string) => setForm((f) => ({ ...f, credentials: { ...f.credentials, [field]: value } }));

  const submit = () => {
    setTouched(true);
    const found = validateKeyForm(form, existing);
    if (Object.keys(found).length) {
      const first = document.querySelector<HTMLElement>('.key-form [aria-invalid="true"]');
      first?.focus();
      return;
    }
    const done = (id: string, verb: string) => {
      keySaved(id);
      showToast({ tone: 'success', title: `${verb} “${form.label.trim()}”` });
    };
    if (original) update.mutate(toEntryPatch(form, original), { onSuccess: (s) => done(s.id, 'Saved changes to') });
    else if (generating) generate.mutate(toKeyPairInput(form), { onSuccess: setGenerated });
    else add.mutate(toEntryInput(form), { onSuccess: (s) => done(s.id, 'Added') });
  };

  if (generated) return <GeneratedKeyDialog {...generated} onDone={(id) => keySaved(id)} />;

  const labelError = errors.label ?? (isSignetError(serverError, 'ERR_DUPLICATE_LABEL') ? serverError.message : undefined);

  return (
    <Dialog
      title={original ? `Edit “${original.label}”` : 'Add a key'}
      description={original ? 'Leave a credential blank to keep its current value.' : 'Credentials are encrypted on this computer. Signet shows them masked from now on.'}
      onClose={onClose}
      size="l"
      initialFocus={labelRef}
      onSubmit={submit}
      className="key-form"
      footer={
        <>
          <span className="dialog-footer-note">Esc to cancel</span>
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={saving}>
            {original ? 'Save changes' : generating ? 'Generate key pair' : 'Add key'}
          </Button>
        </>
      }
    >
      {serverError && !isSignetError(serverError, 'ERR_DUPLICATE_LABEL') ? (
        <Callout tone="danger" title={isSignetError(serverError, 'ERR_VALIDATION') ? 'Signet could not accept this key' : 'Could not save'} role="alert">
          {errorMessage(serverError)}
        </Callout>
      ) : null}

      <div className="form-grid">
        <TextField
          ref={labelRef}
          label="Label"
          placeholder="e.g. Binance prod market-maker"
          value={form.label}
          onChange={(e) => patch({ label: e.target.value })}
          error={labelError}
          maxLength={120}
          autoComplete="off"
        />
        <Field label="Provider" error={errors.provider}>
          {({ id, describedBy, invalid }) => (
            <Select
              id={id}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              value={form.provider}
              options={PROVIDER_OPTIONS}
              onChange={(e) => setForm((f) => withProvider(f, e.target.value))}
            />
          )}
        </Field>
      </div>

      <div className="form-grid">
        <Field label="Environment" hint={form.environment === 'prod' ? 'Real accounts, real funds: Signet marks this key in red everywhere.' : 'Production keys are marked in red everywhere.'}>
          {() => (
            <Segmented
              label="Environment"
              value={form.environment}
              onChange={(environment) => patch({ environment })}
              options={ENVIRONMENTS.map((e) => ({ value: e, label: ENV_LABELS[e], className: e === 'prod' ? 'segmented-prod' : undefined }))}
              className="segmented-fill"
            />
          )}
        </Field>
        <TextField
          label="Base URL"
          aside="optional"
          placeholder={provider?.defaultBaseUrl ?? 'https://api.example.com'}
          value={form.baseUrl}
          onChange={(e) => patch({ baseUrl: e.target.value })}
          error={errors.baseUrl}
          hint={provider?.defaultBaseUrl ? 'Leave empty for the provider’s default. Signet asks you, in its own dialog, before a key may send anywhere else.' : 'Signet asks you, in its own dialog, before a key may send to a new address.'}
          className="input-mono"
          spellCheck={false}
          autoComplete="off"
        />
      </div>

      <fieldset className="form-section">
        <legend className="section-title">Credentials</legend>
        {!provider ? (
          <p className="form-placeholder">Choose a provider to see which credentials it needs.</p>
        ) : (
          <>
            {pairChoices.length ? (
              <Segmented
                label="Where the key comes from"
                hideLabel={false}
                value={generating ? 'generate' : 'paste'}
                onChange={(v) => patch({ keyPairType: v === 'generate' ? (pairChoices.find((c) => c.recommended) ?? pairChoices[0])!.type : null })}
                options={[
                  { value: 'paste', label: `Paste what ${provider.name} issued` },
                  { value: 'generate', label: 'Generate key pair' },
                ]}
                size="s"
                className="key-source-choice"
              />
            ) : null}
            {generating ? (
              <KeyPairChoice provider={form.provider} value={form.keyPairType as KeyPairType} onChange={(keyPairType) => patch({ keyPairType })} />
            ) : (
              <>
                {provider.required.length > 1 ? (
                  <Segmented
                    label="Credential type"
                    hideLabel={false}
                    value={String(form.authSet)}
                    onChange={(v) => patch({ authSet: Number(v) })}
                    options={provider.required.map((set, i) => ({ value: String(i), label: authSetLabel(set) }))}
                    size="s"
                    className="auth-choice"
                  />
                ) : null}
                <div className="credential-inputs">
                  {slots.map((slot) => {
                    const current = previews.get(slot.field);
                    const placeholder = current ? `Unchanged (${current})` : (CREDENTIAL_PLACEHOLDERS[slot.field] ?? '');
                    return (
                      <Field
                        key={slot.field}
                        label={CREDENTIAL_LABELS[slot.field]}
                        aside={slot.required ? (current ? 'blank keeps current' : 'required') : 'optional'}
                        error={errors[slot.field]}
                      >
                        {({ id, describedBy, invalid }) =>
                          slot.multiline ? (
                            <SecretTextarea
                              id={id}
                              aria-describedby={describedBy}
                              aria-invalid={invalid || undefined}
                              rows={4}
                              placeholder={placeholder}
                              value={form.credentials[slot.field] ?? ''}
                              onChange={(e) => setCredential(slot.field, e.target.value)}
                            />
                          ) : slot.secret ? (
                            <SecretInput
                              id={id}
                              aria-describedby={describedBy}
                              aria-invalid={invalid || undefined}
                              placeholder={placeholder}
                              value={form.credentials[slot.field] ?? ''}
                              onChange={(e) => setCredential(slot.field, e.target.value)}
                            />
                          ) : (
                            <Input
                              id={id}
                              aria-describedby={describedBy}
                              aria-invalid={invalid || undefined}
                              className="input-mono"
                              placeholder={placeholder}
                              value={form.credentials[slot.field] ?? ''}
                              onChange={(e) => setCredential(slot.field, e.target.value)}
                              autoComplete="off"
                              spellCheck={false}
                            />
                          )
                        }
                      </Field>
                    );
                  })}
                </div>
              </>
            )}
          </>
        )}
      </fieldset>

      <fieldset className="form-section">
        <legend className="section-title">Access</legend>
        {provider ? (
          <div className="scope-checks" role="group" aria-label="Scopes">
            {provider.scopes.map((scope) => (
              <Checkbox
                key={scope}
                label={<span className={cx(['withdraw', 'transfer', 'keys:manage', 'fundmanager'].includes(scope) && 'scope-risky-text')}>{scope}</span>}
                checked={form.scopes.includes(scope)}
                onChange={(e) => patch({ scopes: e.target.checked ? [...form.scopes, scope] : form.scopes.filter((s) => s !== scope) })}
              />
            ))}
          </div>
        ) : null}
        <Field label="Other scopes" aside="optional" error={chipError.scopes ?? errors.scopes} hint="Press Enter after each one.">
          {({ id, describedBy, invalid }) => (
            <TagInput
              id={id}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              value={customScopes}
              onChange={(next) => patch({ scopes: [...form.scopes.filter((s) => (provider?.scopes ?? []).includes(s)), ...next] })}
              validate={(w) => (keepsRule(SCOPE_RULE, w) ? null : SCOPE_RULE.message)}
              onInvalid={(m) => setChipError((c) => ({ ...c, scopes: m }))}
              placeholder="e.g. margin:read"
            />
          )}
        </Field>
      </fieldset>

      <fieldset className="form-section">
        <legend className="section-title">Organize</legend>
        <div className="form-grid">
          <Field label="Tags" aside="optional" error={chipError.tags ?? errors.tags}>
            {({ id, describedBy, invalid }) => (
              <TagInput
                id={id}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                value={form.tags}
                onChange={(tags) => patch({ tags })}
                validate={(w) => (keepsRule(TAG_RULE, w) ? null : TAG_RULE.message)}
                onInvalid={(m) => setChipError((c) => ({ ...c, tags: m }))}
                prefix="#"
                placeholder="bot, team:alpha"
              />
            )}
          </Field>
          <TextField label="Expires" aside="optional" type="date" value={form.expires} onChange={(e) => patch({ expires: e.target.value })} error={errors.expires} hint="Signet warns 14 days before." />
        </div>
        <Field label="Notes" aside="optional" error={errors.notes}>
          {({ id, describedBy, invalid }) => (
            <Textarea
              id={id}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              rows={3}
              value={form.notes}
              onChange={(e) => patch({ notes: e.target.value })}
              placeholder="Where it is used, who owns it, IP allow-list…"
              maxLength={10_000}
            />
          )}
        </Field>
      </fieldset>
    </Dialog>
  );
}

/** The pair's type, as the exchange's key page names it, and what generating means. */
function KeyPairChoice({ provider, value, onChange }: { provider: string; value: KeyPairType; onChange: (type: KeyPairType) => void }) {
  const choices = keyPairChoices(provider);
  const name = providerName(provider);
  return (
    <>
      <Segmented
        label="Key type"
        hideLabel={false}
        value={value}
        onChange={onChange}
        options={choices.map((c) => ({ value: c.type, label: c.recommended ? `${c.label} (recommended)` : c.label }))}
        size="s"
        className="key-type-choice"
      />
      <Callout tone={provider === 'coinbase' ? 'warning' : 'info'} title="Made and sealed on this computer">
        Signet generates the pair and seals the private key in the vault at once: it is never shown, copied or exported. You get the public key to register on {name}, then paste the API key {name} gives you.
        {provider === 'coinbase' ? ' Coinbase’s CDP portal normally creates its keys itself: generate one here only if your Coinbase product lets you register a public key.' : null}
      </Callout>
    </>
  );
}

/** After generating: the public key to register, and the API key to paste now or later. */
function GeneratedKeyDialog({ entry, publicKey, onDone }: { entry: EntrySummary; publicKey: PublicKeyView; onDone: (id: string) => void }) {
  return (
    <Dialog
      title={`Key pair generated for “${entry.label}”`}
      description="The private key is sealed in the vault. Register this public key, then paste the API key you get back — now, or later from the key’s details."
      onClose={() => onDone(entry.id)}
      size="l"
      className="key-generated"
      footer={
        <>
          <span className="dialog-footer-note">The key cannot sign until its API key is added.</span>
          <Button onClick={() => onDone(entry.id)}>Later</Button>
        </>
      }
    >
      <PublicKeyPanel view={publicKey} entry={entry} onRegistered={onDone} />
    </Dialog>
  );
}

export function AddKeyDialog({ onClose }: { onClose: () => void }) {
  return <KeyForm original={null} onClose={onClose} />;
}

export function EditKeyDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const detail = useQuery(vaultQueries.detail(id));
  if (detail.isPending) return null;
  if (detail.isError) {
    return (
      <Dialog title="Cannot edit this key" onClose={onClose} size="s" footer={<Button onClick={onClose}>Close</Button>}>
        <Callout tone="danger">{errorMessage(detail.error)}</Callout>
      </Dialog>
    );
  }
  return <KeyForm original={detail.data} onClose={onClose} />;
}
