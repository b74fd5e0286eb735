/** Scopes as small chips; the dangerous ones (withdraw, transfer, keys:manage) stand out. */
import { cx } from '../../shared/lib/cx';

const RISKY = new Set(['withdraw', 'transfer', 'keys:manage', 'fundmanager']);

export function ScopeList({ scopes, max }: { scopes: readonly string[]; max?: number }) {
  if (!scopes.length) return <span className="text-faint">—</span>;
  const shown = max ? scopes.slice(0, max) : scopes;
  const rest = scopes.length - shown.length;
  return (
    <span className="scope-list">
      {shown.map((s) => (
        <span key={s} className={cx('scope', RISKY.has(s) && 'scope-risky')} title={RISKY.has(s) ? `${s}: can move funds or keys` : s}>
          {s}
        </span>
      ))}
      {rest > 0 ? <span className="scope scope-more" title={scopes.slice(shown.length).join(', ')}>+{rest}</span> : null}
    </span>
  );
}
