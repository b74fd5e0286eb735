/**
 * The public half of a key pair: its forms (the one the exchange's key page takes first), its fingerprint, what to do
 * next, and — while the key waits for it — a field for the API key the exchange gives back. Everything here is
 * public: main derived it from the private key, which never comes to this process.
 */
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { PublicKeyView } from '../../../src-main/contract/schemas';
import { KEY_PAIR_TYPE_NAMES } from '../../../src-main/contract/key-pairs';
import { vaultMutations } from '../../ipc/vault-queries';
import { errorMessage } from '../../ipc/signet-client';
import { copyText } from '../../shared/lib/copy-text';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { Field, Input } from '../../shared/ui/field';
import { CheckIcon, CopyIcon } from '../../shared/ui/icons';
import { Segmented } from '../../shared/ui/segmented';
import { showToast } from '../../shared/ui/toast-store';
import { providerName } from './provider-avatar';

type FormId = PublicKeyView['primary'];

/** Short names for the switcher (it must fit the narrow detail pane); the full label is shown under the key. */
const SHORT: Record<FormId, string> = { pem: 'PEM', 'der-base64': 'Base64 DER', 'raw-base64': 'Raw key' };

const API_KEY_PLACEHOLDER: Record<string, string> = {
  binance: 'The API key Binance shows after you register the public key',
  coinbase: 'organizations/…/apiKeys/…',
};

export interface PublicKeyPanelProps {
  view: PublicKeyView;
  entry: { id: string; label: string; provider: string; awaitingApiKey?: boolean };
  /** After the API key was saved. */
  onRegistered?: (id: string) => void;
}

export function PublicKeyPanel({ view, entry, onRegistered }: PublicKeyPanelProps) {
  const [formId, setFormId] = useState<FormId>(view.primary);
  const form = view.forms.find((f) => f.id === formId) ?? view.forms[0]!;
  const name = providerName(entry.provider);
  const copy = async () => {
    try {
      await copyText(form.text);
      showToast({ tone: 'success', title: 'Public key copied', durationMs: 2500 });
    } catch {
      showToast({ tone: 'danger', title: 'Could not copy', body: 'Select the public key and copy it yourself.', durationMs: 6000 });
    }
  };
  return (
    <div className="public-key">
      <div className="public-key-head">
        <Segmented
          label="Public key format"
          value={formId}
          onChange={setFormId}
          options={view.forms.map((f) => ({ value: f.id, label: SHORT[f.id] }))}
          size="s"
        />
        <Button size="s" icon={<CopyIcon />} onClick={() => void copy()} aria-label="Copy public key">
          Copy
        </Button>
      </div>
      <pre className="pem-block public-key-text" aria-label="Public key" data-form={form.id}>
        {form.text.trimEnd()}
      </pre>
      <p className="detail-note public-key-form-note">
        {form.label}.{' '}
        {/* Only where the provider documents a page to paste it into (Coinbase documents none). */}
        {view.registerUrl ? (form.id === view.primary ? `${name}’s key page takes this form.` : `${name}’s key page takes the ${SHORT[view.primary]}.`) : null}
      </p>
      <dl className="detail-grid public-key-facts">
        <dt>Type</dt>
        <dd>{KEY_PAIR_TYPE_NAMES[view.type]}</dd>
        <dt>Fingerprint</dt>
        <dd>
          <span className="mono public-key-fingerprint" title="SHA-256 of the public key (SPKI DER)">
            {view.fingerprint}
          </span>
        </dd>
      </dl>
      {/* What to do next, while there is something to do: a registered key needs none of it. */}
      {entry.awaitingApiKey ? (
        <>
          <Callout tone={entry.provider === 'coinbase' ? 'warning' : 'info'} title={`Next, on ${name}`}>
            <p className="public-key-instruction">{view.instruction}</p>
            {view.registerUrl ? <p className="mono public-key-url">{view.registerUrl}</p> : null}
          </Callout>
          <ApiKeyField entry={entry} onRegistered={onRegistered} />
        </>
      ) : null}
    </div>
  );
}

function ApiKeyField({ entry, onRegistered }: { entry: PublicKeyPanelProps['entry']; onRegistered?: (id: string) => void }) {
  const [apiKey, setApiKey] = useState('');
  const [missing, setMissing] = useState(false);
  const update = useMutation(vaultMutations.update());
  const save = () => {
    const value = apiKey.trim();
    if (!value) {
      setMissing(true);
      return;
    }
    update.mutate(
      { id: entry.id, credentials: { apiKey: value } },
      {
        onSuccess: (s) => {
          showToast({ tone: 'success', title: `“${s.label}” can sign now`, body: 'Its API key is saved.' });
          onRegistered?.(s.id);
        },
      },
    );
  };
  const error = missing ? `Paste the API key ${providerName(entry.provider)} gave you.` : update.error ? errorMessage(update.error) : null;
  return (
    <Field label="API key" aside={`from ${providerName(entry.provider)}, once the public key is registered`} error={error} className="api-key-register">
      {({ id, describedBy, invalid }) => (
        <div className="api-key-register-row">
          <Input
            id={id}
            className="input-mono"
            placeholder={API_KEY_PLACEHOLDER[entry.provider] ?? 'API key'}
            value={apiKey}
            onChange={(e) => {
              setApiKey(e.target.value);
              setMissing(false);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                save();
              }
            }}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            autoComplete="off"
            spellCheck={false}
          />
          <Button variant="primary" icon={<CheckIcon />} busy={update.isPending} onClick={save}>
            Save API key
          </Button>
        </div>
      )}
    </Field>
  );
}
