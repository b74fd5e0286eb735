/**
 * The Markets page: live prices and signals from one provider, a virtualized streaming table, and the open
 * symbol's chart on the right. Empty and error states say what is wrong and what to do (no key → the Vault).
 */
import { useNavigationStore } from '../../shared/navigation/navigation-store';
import { Button } from '../../shared/ui/button';
import { Callout } from '../../shared/ui/callout';
import { EmptyState } from '../../shared/ui/empty-state';
import { ChartIcon, FilterXIcon, KeyIcon, VaultIcon } from '../../shared/ui/icons';
import { useMarketsMeta } from './markets-store';
import { MarketsTable, useOrderedSymbols } from './markets-table';
import { MarketsToolbar } from './markets-toolbar';
import { useMarketsUiStore } from './markets-ui-store';
import { SymbolView } from './symbol-view';
import { useMarketsFeed } from './use-markets-feed';
import '../../shared/ui/page-layout.css';
import './markets.css';

function NeedsKey({ message }: { message: string | null }) {
  const pageOpened = useNavigationStore((s) => s.pageOpened);
  return (
    <EmptyState
      className="mkt-empty"
      icon={<KeyIcon size={20} />}
      title="This provider needs an API key"
      action={
        <Button variant="primary" icon={<VaultIcon />} onClick={() => pageOpened('vault')}>
          Open the Vault
        </Button>
      }
    >
      {message}
    </EmptyState>
  );
}

function Body({ symbols, total }: { symbols: readonly string[]; total: number }) {
  const loaded = useMarketsMeta((m) => m.loaded);
  const error = useMarketsMeta((m) => m.error);
  const status = useMarketsMeta((m) => m.status);
  const filtersChanged = useMarketsUiStore((s) => s.marketsFilterChanged);
  const searchChanged = useMarketsUiStore((s) => s.marketsSearchChanged);
  const open = useMarketsUiStore((s) => s.marketsSymbol);
  if (error) {
    return (
      <Callout tone="danger" title="The markets feed could not be read" role="alert" className="mkt-callout">
        {error}
      </Callout>
    );
  }
  if (status?.state === 'needs-key') return <NeedsKey message={status.message} />;
  return (
    <>
      {status && (status.state === 'error' || status.state === 'reconnecting' || status.state === 'stale') && status.message ? (
        <Callout tone={status.state === 'error' ? 'danger' : 'warning'} className="mkt-callout" role="status">
          {status.message}
        </Callout>
      ) : null}
      <div className="page-body mkt-body">
        <section className="page-list-pane" aria-label="Market list">
          {symbols.length > 0 ? (
            <MarketsTable symbols={symbols} />
          ) : !loaded || status?.state === 'connecting' ? (
            <EmptyState className="mkt-empty" icon={<ChartIcon size={20} />} title="Connecting to the feed…" />
          ) : total === 0 ? (
            // Nothing has arrived yet (a feed that failed or is reconnecting): no filter is hiding anything.
            <EmptyState className="mkt-empty" icon={<ChartIcon size={20} />} title="No prices yet">
              {status?.state === 'reconnecting' || status?.state === 'error' ? 'They show here as soon as the provider answers.' : 'The provider has not sent any symbol.'}
            </EmptyState>
          ) : (
            <EmptyState
              className="mkt-empty"
              icon={<FilterXIcon size={20} />}
              title="No symbol matches"
              action={
                <Button
                  onClick={() => {
                    filtersChanged('all');
                    searchChanged('');
                  }}
                >
                  Show all symbols
                </Button>
              }
            >
              Star symbols to build a watchlist, or clear the search and filter.
            </EmptyState>
          )}
        </section>
        {open ? (
          <aside className="page-detail-pane mkt-detail-pane" aria-label="Symbol">
            <SymbolView key={open} symbol={open} />
          </aside>
        ) : null}
      </div>
    </>
  );
}

export function MarketsPage() {
  useMarketsFeed();
  const symbols = useOrderedSymbols();
  const total = useMarketsMeta((m) => m.count);
  return (
    <div className="page">
      <MarketsToolbar shown={symbols.length} total={total} />
      <Body symbols={symbols} total={total} />
    </div>
  );
}
