/**
 * Which key signs and with which scheme. The scheme follows main's suggestion until the user picks another, and the
 * page always says why: the suggestion's reason, a warning when the URL's host belongs to another API, and which
 * credentials the chosen scheme needs that the key does not have.
 */
import { useId } from 'react';
import type { EntrySummary, SchemeInfo } from '../../../src-main/contract/schemas';
import { providerInfo } from '../../../src-main/contract/providers';
import { cx } from '../../shared/lib/cx';
import { DestinationBadge, EnvironmentBadge } from '../../shared/ui/badge';
import { Callout } from '../../shared/ui/callout';
import { AlertIcon, CheckIcon, ExternalLinkIcon, InfoIcon } from '../../shared/ui/icons';
import { useRotationFlags } from '../../ipc/rotation-queries';
import { useNow } from '../../shared/lib/use-now';
import { useNavigationStore } from '../../shared/navigation/navigation-store';
import { RotationBadge } from '../../shared/ui/rotation-badge';
import { rotationFlagText } from '../../shared/lib/rotation-flag';
import { missingCredentials } from './request-model';
import { useRequestStore } from './request-store';
import type { RequestSigningState } from './use-request-signing';

const providerName = (id: string) => providerInfo(id)?.name ?? id;
const ENV_LABEL = { dev: 'dev', test: 'test', prod: 'PROD' } as const;

/** An option is plain text: a key flagged for rotation says so after its environment. */
function keyOption(e: EntrySummary, flag: string | null): string {
  return `${e.label} — ${providerName(e.provider)} · ${ENV_LABEL[e.environment]}${flag ? ` · ${flag.toLowerCase()}` : ''}`;
}

export function KeyPicker({ entries, entry, error }: { entries: readonly EntrySummary[]; entry: EntrySummary | null; error: string | null }) {
  const keyChosen = useRequestStore((s) => s.keyChosen);
  const openRotation = useNavigationStore((s) => s.openRotation);
  const flagOf = useRotationFlags();
  const now = useNow(60_000);
  const flag = entry ? flagOf(entry, now) : null;
  const id = useId();
  return (
    <div className={cx('field', error && 'field-invalid')}>
      <div className="field-label">
        <label htmlFor={id}>Key</label>
        {entry ? <span className="field-aside mono">{entry.preview}</span> : null}
      </div>
      <div className="picker-row">
        <select id={id} className="input select" value={entry?.id ?? ''} onChange={(e) => keyChosen(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
          {entries.map((e) => (
            <option key={e.id} value={e.id}>
              {keyOption(e, rotationFlagText(flagOf(e, now), now))}
            </option>
          ))}
        </select>
        {entry ? <EnvironmentBadge environment={entry.environment} /> : null}
      </div>
      {entry && flag && rotationFlagText(flag, now) ? (
        <p className="picker-rotation">
          <RotationBadge flag={flag} now={now} />
          <span className="text-muted">{flag.rotating ? 'Requests are signed with the key in use until the rotation switches.' : flag.reason}</span>
          <button type="button" className="link-button" onClick={() => openRotation(entry.id)}>
            {flag.rotating ? 'Follow it' : 'Rotate…'}
          </button>
        </p>
      ) : null}
      {entry?.baseUrl ? (
        <p className="picker-destination">
          <DestinationBadge baseUrl={entry.baseUrl} />
          its own base URL, not {providerName(entry.provider)}’s default API
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function DocsLink({ docs }: { docs: string }) {
  if (!/^https:\/\//.test(docs)) return <span className="mono text-faint">{docs}</span>;
  return (
    <a className="docs-link" href={docs} target="_blank" rel="noreferrer">
      API docs <ExternalLinkIcon size={12} />
    </a>
  );
}

export function SchemePicker({ signing, error }: { signing: RequestSigningState; error: string | null }) {
  const schemeId = useRequestStore((s) => s.draft.schemeId);
  const schemeChosen = useRequestStore((s) => s.schemeChosen);
  const id = useId();
  const { schemes, suggestion, scheme, entry, missing } = signing;
  const suggested = schemes.find((s) => s.id === suggestion?.schemeId) ?? null;
  const label = (s: SchemeInfo) => {
    const needs = entry ? missingCredentials(s, entry) : [];
    return `${s.title}${s.id === suggested?.id ? ' — suggested' : ''}${needs.length ? ` (needs ${needs.join(', ')})` : ''}`;
  };
  const overridden = schemeId !== null && schemeId !== suggestion?.schemeId;

  return (
    <div className={cx('field', error && 'field-invalid')}>
      <div className="field-label">
        <label htmlFor={id}>Scheme</label>
        {scheme ? <span className="field-aside mono">{scheme.id}</span> : null}
      </div>
      <select
        id={id}
        className="input select"
        value={schemeId ?? suggestion?.schemeId ?? ''}
        onChange={(e) => schemeChosen(e.target.value === suggestion?.schemeId ? null : e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-why`}
      >
        {scheme || schemeId ? null : <option value="">{suggestion ? 'No scheme: this key is not signed' : 'Choosing…'}</option>}
        {schemes.map((s) => (
          <option key={s.id} value={s.id}>
            {label(s)}
          </option>
        ))}
      </select>
      <div className="scheme-why" id={`${id}-why`} aria-live="polite">
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        {suggestion && !overridden ? (
          <p className="why-line">
            {suggestion.schemeId ? <CheckIcon className="icon why-icon why-ok" /> : <InfoIcon className="icon why-icon" />}
            <span>
              {suggestion.basis === 'default' ? null : <strong>{suggestion.schemeId ? 'Suggested. ' : 'Not signed. '}</strong>}
              {suggestion.reason}
            </span>
          </p>
        ) : null}
        {suggestion && overridden ? (
          <p className="why-line">
            <InfoIcon className="icon why-icon" />
            <span>
              Your choice. {suggested ? <>Suggested for this key: {suggested.title}. </> : null}
              <button type="button" className="link-button" onClick={() => schemeChosen(null)}>
                {suggested ? 'Use the suggestion' : 'Back to no scheme'}
              </button>
            </span>
          </p>
        ) : null}
        {missing.length && scheme ? (
          <p className="why-line why-missing">
            <AlertIcon className="icon why-icon" />
            <span>
              This key has no {missing.join(', ')}, which {scheme.title} needs.
            </span>
          </p>
        ) : null}
        {scheme ? (
          <p className="scheme-description">
            {scheme.description} <DocsLink docs={scheme.docs} />
          </p>
        ) : null}
      </div>
      {suggestion?.warning ? (
        <Callout tone="warning" className="scheme-warning">
          {suggestion.warning}
        </Callout>
      ) : null}
    </div>
  );
}
