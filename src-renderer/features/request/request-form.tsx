/**
 * The request as the user types it: method and URL, the key and scheme, headers, body, and (folded away) a fixed
 * timestamp, nonce and scheme options. Every field can carry the error main names for it.
 */
import { useId, useState, type ReactNode } from 'react';
import type { EntrySummary } from '../../../src-main/contract/schemas';
import { cx } from '../../shared/lib/cx';
import { Button } from '../../shared/ui/button';
import { ChevronDownIcon } from '../../shared/ui/icons';
import { KeyValueRows } from './key-value-rows';
import { RecipeEditor } from './recipe-editor';
import { completeUrl, type ErrorTarget, type PlacedError } from './request-model';
import { useRequestStore } from './request-store';
import { KeyPicker, SchemePicker } from './signing-choice';
import type { RequestSigningState } from './use-request-signing';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** The error's message when it points at `kind`. */
function errorAt(error: PlacedError | null, kind: ErrorTarget['kind']): string | null {
  return error?.target?.kind === kind ? error.message : null;
}

function MethodAndUrl({ error }: { error: PlacedError | null }) {
  const method = useRequestStore((s) => s.draft.method);
  const url = useRequestStore((s) => s.draft.url);
  const methodChanged = useRequestStore((s) => s.methodChanged);
  const urlChanged = useRequestStore((s) => s.urlChanged);
  const id = useId();
  const methodError = errorAt(error, 'method');
  const urlError = errorAt(error, 'url');
  const shown = urlError ?? methodError;
  const completed = urlError ? completeUrl(url) : null;
  return (
    <div className={cx('field', shown && 'field-invalid')}>
      <div className="field-label">
        <label htmlFor={`${id}-url`}>URL</label>
      </div>
      <div className="url-row">
        <select
          className={cx('input select method-select', `method-${method.toLowerCase()}`)}
          aria-label="Method"
          value={method}
          onChange={(e) => methodChanged(e.target.value)}
          aria-invalid={methodError ? true : undefined}
        >
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <input
          id={`${id}-url`}
          className="input input-mono url-input"
          value={url}
          placeholder="https://api.example.com/v1/… or /v1/account (the key’s base URL)"
          onChange={(e) => urlChanged(e.target.value)}
          aria-invalid={urlError ? true : undefined}
          aria-describedby={shown ? `${id}-error` : undefined}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
        />
      </div>
      {shown ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {shown}
        </p>
      ) : null}
      {urlError && completed ? (
        <p className="field-hint">
          <button type="button" className="link-button" onClick={() => urlChanged(completed)}>
            Use {completed}
          </button>
        </p>
      ) : null}
    </div>
  );
}

function Section({ title, aside, children, error }: { title: string; aside?: ReactNode; children: ReactNode; error?: string | null }) {
  const id = useId();
  return (
    <section className={cx('compose-section', error && 'has-error')} aria-labelledby={id}>
      <div className="compose-section-head">
        <h2 id={id} className="section-title">
          {title}
        </h2>
        {aside}
      </div>
      {children}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function looksLikeJson(text: string): boolean {
  const t = text.trim();
  if (!/^[[{]/.test(t)) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

function Body({ error }: { error: string | null }) {
  const body = useRequestStore((s) => s.draft.body);
  const headers = useRequestStore((s) => s.draft.headers);
  const bodyChanged = useRequestStore((s) => s.bodyChanged);
  const rowAdded = useRequestStore((s) => s.rowAdded);
  const rowChanged = useRequestStore((s) => s.rowChanged);
  const id = useId();
  const json = looksLikeJson(body);
  const pretty = json ? JSON.stringify(JSON.parse(body), null, 2) : body;
  const hasContentType = headers.some((h) => h.name.trim().toLowerCase() === 'content-type');
  const bytes = new TextEncoder().encode(body).length;
  return (
    <Section
      title="Body"
      aside={
        <span className="section-aside">
          {json && pretty !== body ? (
            <Button size="s" variant="ghost" onClick={() => bodyChanged(pretty)} title="Indent with 2 spaces (this changes the bytes that are signed)">
              Format JSON
            </Button>
          ) : null}
          <span className="text-faint">{bytes ? `${new Intl.NumberFormat().format(bytes)} bytes` : 'empty'}</span>
        </span>
      }
    >
      <div className={cx('field', error && 'field-invalid')}>
        <label htmlFor={id} className="visually-hidden">
          Body
        </label>
        <textarea
          id={id}
          className="input textarea input-mono body-input"
          value={body}
          rows={8}
          placeholder={'{"symbol": "BTC-USD", "side": "buy", "qty": "0.5"}'}
          onChange={(e) => bodyChanged(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          spellCheck={false}
        />
        {error ? (
          <p className="field-error" id={`${id}-error`} role="alert">
            {error}
          </p>
        ) : json && !hasContentType ? (
          <p className="field-hint" id={`${id}-hint`}>
            This body is JSON.{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                const row = rowAdded('headers');
                rowChanged('headers', row, { name: 'Content-Type', value: 'application/json' });
              }}
            >
              Add Content-Type: application/json
            </button>
          </p>
        ) : (
          <p className="field-hint" id={`${id}-hint`}>
            Signed byte for byte, as typed.
          </p>
        )}
      </div>
    </Section>
  );
}

function Advanced({ error, timestampProblem }: { error: PlacedError | null; timestampProblem: string | null }) {
  const timestamp = useRequestStore((s) => s.draft.timestamp);
  const nonce = useRequestStore((s) => s.draft.nonce);
  const options = useRequestStore((s) => s.draft.options);
  const timestampChanged = useRequestStore((s) => s.timestampChanged);
  const nonceChanged = useRequestStore((s) => s.nonceChanged);
  const target = error?.target?.kind;
  const wanted = target === 'timestamp' || target === 'nonce' || target === 'options' || Boolean(timestampProblem);
  // Folded until asked for; open on its own when it holds values or the error is in it.
  const [open, setOpen] = useState<boolean | null>(null);
  const shown = wanted || (open ?? Boolean(timestamp || nonce || options.length));
  const id = useId();
  const tsError = timestampProblem ?? errorAt(error, 'timestamp');
  const nonceError = errorAt(error, 'nonce');
  return (
    <section className="compose-section" aria-labelledby={`${id}-title`}>
      <button type="button" className="disclosure" aria-expanded={shown} aria-controls={`${id}-body`} onClick={() => setOpen(!shown)}>
        <ChevronDownIcon className={cx('icon disclosure-icon', shown && 'is-open')} />
        <span id={`${id}-title`} className="section-title">
          Timestamp, nonce and options
        </span>
        {!shown ? <span className="text-faint disclosure-hint">Now and a random nonce at each signing</span> : null}
      </button>
      {shown ? (
        <div className="advanced" id={`${id}-body`}>
          <div className="advanced-grid">
            <div className={cx('field', tsError && 'field-invalid')}>
              <div className="field-label">
                <label htmlFor={`${id}-ts`}>Timestamp</label>
                <span className="field-aside">epoch ms</span>
              </div>
              <input id={`${id}-ts`} className="input input-mono" value={timestamp} placeholder="Now" inputMode="numeric" onChange={(e) => timestampChanged(e.target.value)} aria-invalid={tsError ? true : undefined} autoComplete="off" />
              {tsError ? (
                <p className="field-error" role="alert">
                  {tsError}
                </p>
              ) : null}
            </div>
            <div className={cx('field', nonceError && 'field-invalid')}>
              <div className="field-label">
                <label htmlFor={`${id}-nonce`}>Nonce</label>
              </div>
              <input id={`${id}-nonce`} className="input input-mono" value={nonce} placeholder="Random" onChange={(e) => nonceChanged(e.target.value)} aria-invalid={nonceError ? true : undefined} spellCheck={false} autoComplete="off" />
              {nonceError ? (
                <p className="field-error" role="alert">
                  {nonceError}
                </p>
              ) : null}
            </div>
          </div>
          <p className="field-hint">Fix both to get the same signature every time, e.g. to compare with another implementation.</p>
          <div className="field">
            <div className="field-label">
              <span>Scheme options</span>
              <span className="field-aside">e.g. algorithm = hmac-sha512</span>
            </div>
            <KeyValueRows list="options" rows={options} noun="option" namePlaceholder="name" valuePlaceholder="value" />
            {errorAt(error, 'options') ? (
              <p className="field-error" role="alert">
                {errorAt(error, 'options')}
              </p>
            ) : null}
          </div>
        </div>
      ) : null}
    </section>
  );
}

/** Headers the scheme sets itself; a typed one is replaced when signing. */
function replacedBy(preview: RequestSigningState['preview']['data']): (name: string) => boolean {
  const signed = new Set((preview?.request.headers ?? []).filter((h) => h.signed).map((h) => h.name.toLowerCase()));
  return (name) => signed.has(name.toLowerCase());
}

export function RequestForm({ signing, entries }: { signing: RequestSigningState; entries: readonly EntrySummary[] }) {
  const headers = useRequestStore((s) => s.draft.headers);
  const { error } = signing;
  const headerError = error?.target?.kind === 'header' ? { index: error.target.index, part: error.target.part, message: error.message } : null;
  const filled = headers.filter((h) => h.name.trim()).length;
  return (
    <form className="compose" onSubmit={(e) => e.preventDefault()} aria-label="Request">
      <MethodAndUrl error={error} />
      <div className="signing-grid">
        <KeyPicker entries={entries} entry={signing.entry} error={errorAt(error, 'key')} />
        <SchemePicker signing={signing} error={errorAt(error, 'scheme')} />
      </div>
      {signing.scheme?.id === 'recipe' && signing.entry ? <RecipeEditor entryId={signing.entry.id} mainError={errorAt(error, 'recipe')} /> : null}
      <Section title="Headers" aside={<span className="section-aside text-faint">{filled ? filled : 'none'}</span>} error={errorAt(error, 'headers')}>
        <KeyValueRows
          list="headers"
          rows={headers}
          noun="header"
          namePlaceholder="Header"
          valuePlaceholder="Value"
          error={headerError}
          replaced={replacedBy(signing.preview.data)}
          replacedNote="The scheme sets this header when signing; the value typed here is replaced."
        />
      </Section>
      <Body error={errorAt(error, 'body')} />
      <Advanced error={error} timestampProblem={signing.timestampProblem} />
    </form>
  );
}
