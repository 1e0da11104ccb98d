import { useEffect, useState } from 'react';
import type { FacetName, ProductPage } from '../api.ts';
import { api } from '../api.ts';
import { ProductCard } from '../components/product-card.tsx';
import { Await, Empty } from '../components/states.tsx';
import { useI18n, valueLabel } from '../i18n.ts';
import { Link, navigate, useLocation, useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';

const FACETS: readonly FacetName[] = ['domain', 'status', 'classification', 'tag'];
const PAGE = 48;

/** The search lives in the address (`?q=&domain=…`), so a result list can be shared. */
function withParam(search: URLSearchParams, name: string, values: readonly string[]): string {
  const next = new URLSearchParams(search);
  next.delete(name);
  for (const v of values) next.append(name, v);
  const text = next.toString();
  return text ? `/products?${text}` : '/products';
}

function Facets({ page, search }: { page: ProductPage; search: URLSearchParams }) {
  const { t } = useI18n();
  const active = FACETS.some((f) => search.getAll(f).length > 0);
  return (
    <aside className="facets" aria-label={t('filters')}>
      <div className="facets-head">
        <h2>{t('filters')}</h2>
        {active ? (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              const q = search.get('q');
              navigate(q ? `/products?q=${encodeURIComponent(q)}` : '/products');
            }}
          >
            {t('clearFilters')}
          </button>
        ) : null}
      </div>
      {FACETS.map((facet) => {
        const values = page.facets[facet] ?? [];
        if (values.length === 0) return null;
        const chosen = search.getAll(facet);
        return (
          <fieldset key={facet} className="facet">
            <legend>{t(`facet_${facet}`)}</legend>
            {values.map((v) => {
              const on = chosen.includes(v.value);
              return (
                <label key={v.value} className="facet-option">
                  <input
                    type="checkbox"
                    checked={on}
                    data-facet={facet}
                    value={v.value}
                    onChange={() =>
                      navigate(
                        withParam(
                          search,
                          facet,
                          on ? chosen.filter((c) => c !== v.value) : [...chosen, v.value],
                        ),
                        { replace: true },
                      )
                    }
                  />
                  {facet === 'status' || facet === 'classification' ? (
                    <span className="facet-value">
                      {valueLabel(
                        t,
                        facet === 'status' ? 'status' : 'class',
                        facet === 'status' ? v.value : v.value.toLowerCase(),
                      )}
                    </span>
                  ) : (
                    <span className="facet-value" translate="no">
                      {v.value}
                    </span>
                  )}
                  <span className="facet-count">{v.count}</span>
                </label>
              );
            })}
          </fieldset>
        );
      })}
    </aside>
  );
}

export function MarketplacePage() {
  const { t } = useI18n();
  useTitle(t('marketplaceTitle'));
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const [text, setText] = useState(q);
  const [limit, setLimit] = useState(PAGE);
  useEffect(() => setText(q), [q]);
  // Typing searches after a short pause, replacing the history entry rather than adding one per key.
  useEffect(() => {
    if (text === q) return undefined;
    const timer = window.setTimeout(
      () => navigate(withParam(search, 'q', text.trim() ? [text] : []), { replace: true }),
      250,
    );
    return () => window.clearTimeout(timer);
  }, [text, q, search]);

  const params: Record<string, string | readonly string[]> = { q, limit: String(limit) };
  for (const f of FACETS) params[f] = search.getAll(f);
  const key = `${search.toString()}|${limit}`;
  const [loaded, retry] = useLoad(key, () => api.products(params));
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('marketplaceTitle')}</h1>
        <Link to="/new-product" className="button" data-testid="new-product">
          {t('navNewProduct')}
        </Link>
      </div>
      <form role="search" className="search-box" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="market-search" className="visually-hidden">
          {t('search')}
        </label>
        <input
          id="market-search"
          type="search"
          placeholder={t('searchPlaceholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="search"
        />
      </form>
      <Await loaded={loaded} retry={retry}>
        {(page) => (
          <div className="market">
            <Facets page={page} search={search} />
            <section aria-live="polite" aria-labelledby="results-title" className="results">
              <h2 id="results-title" className="results-count" data-testid="results-count">
                {t('results', { n: page.total })}
              </h2>
              {page.items.length === 0 ? (
                <Empty>{t('noResults')}</Empty>
              ) : (
                <div className="card-grid">
                  {page.items.map((p) => (
                    <ProductCard key={p.id} product={p} />
                  ))}
                </div>
              )}
              {page.next && page.items.length < page.total ? (
                <p className="center">
                  <button
                    type="button"
                    className="button"
                    onClick={() => setLimit((n) => n + PAGE)}
                  >
                    {t('loadMore')}
                  </button>
                </p>
              ) : null}
            </section>
          </div>
        )}
      </Await>
    </div>
  );
}
