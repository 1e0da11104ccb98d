import type { ProductSummary } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { Link, domainPath, productPath } from '../router.tsx';
import { FreshnessBadge, QualityBadge, StatusBadge } from './badges.tsx';

export function ProductCard({ product }: { product: ProductSummary }) {
  const { t } = useI18n();
  return (
    <article className="card product-card" data-testid="product-card">
      <header className="product-card-head">
        <h3>
          <Link to={productPath(product.id)} translate="no">
            {product.name}
          </Link>
        </h3>
        <StatusBadge status={product.status} />
      </header>
      <p className="product-card-meta">
        <Link to={domainPath(product.domain)} className="chip" translate="no">
          {product.domain}
        </Link>
        {product.owner.team ? (
          <span>
            {t('owner')}: <span translate="no">{product.owner.team}</span>
          </span>
        ) : null}
        <span>
          {t('consumers')}: {product.consumers}
        </span>
      </p>
      {product.purpose ? (
        <p className="product-card-purpose" translate="no">
          {product.purpose}
        </p>
      ) : null}
      <p className="product-card-badges">
        <QualityBadge quality={product.quality} />
        <FreshnessBadge freshness={product.freshness} />
      </p>
      {product.tags.length > 0 ? (
        <ul className="tags" aria-label={t('facet_tag')} translate="no">
          {product.tags.map((tag) => (
            <li key={tag}>#{tag}</li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
