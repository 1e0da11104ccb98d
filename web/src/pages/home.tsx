import type { FormEvent } from 'react';
import { useEffect, useState } from 'react';
import type {
  DomainSummary,
  GovernanceResponse,
  Incident,
  Principal,
  ProductPage,
  QualityStatus,
  TrinoAccessStatus,
} from '../api.ts';
import { api } from '../api.ts';
import { SeverityBadge } from '../components/badges.tsx';
import { useFindingText } from '../components/finding-list.tsx';
import { IncidentList } from '../components/incidents.tsx';
import { ProductCard } from '../components/product-card.tsx';
import { Await, Empty } from '../components/states.tsx';
import { useI18n } from '../i18n.ts';
import { Link, domainPath, navigate, productPath, useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';

/** Open incidents shown on the overview; more are on the domain pages. */
const HOME_INCIDENTS = 20;

const SEVERITY_TONE = { error: 'bad', warning: 'warn', info: 'muted' } as const;

interface Overview {
  readonly domains: readonly DomainSummary[];
  readonly products: ProductPage;
  readonly governance: GovernanceResponse;
  /** Null when the server could not say (an older server): the panel says so, never "none". */
  readonly incidents: readonly Incident[] | null;
}

async function loadOverview(): Promise<Overview> {
  const [domains, products, governance, incidents] = await Promise.all([
    api.domains(),
    api.products({ limit: '200' }),
    api.governance(),
    api.incidents({ state: 'open', limit: String(HOME_INCIDENTS) }).then(
      (page) => page.items,
      () => null,
    ),
  ]);
  return { domains: domains.items, products, governance, incidents };
}

function Meter({
  label,
  parts,
}: {
  label: string;
  parts: { tone: string; value: number; label: string }[];
}) {
  const total = parts.reduce((sum, p) => sum + p.value, 0) || 1;
  return (
    <div className="meter">
      <div className="meter-label">{label}</div>
      <div
        className="meter-bar"
        role="img"
        aria-label={`${label}: ${parts.map((p) => `${p.label} ${p.value}`).join(', ')}`}
      >
        {parts.map((p) =>
          p.value > 0 ? (
            <span
              key={p.label}
              className={`tone-${p.tone}`}
              style={{ width: `${(p.value / total) * 100}%` }}
            />
          ) : null,
        )}
      </div>
      <ul className="meter-legend">
        {parts.map((p) => (
          <li key={p.label} className={`tone-${p.tone}`}>
            <span className="legend-swatch" aria-hidden="true" />
            {p.label} <strong>{p.value}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Dashboard({ data }: { data: Overview }) {
  const { t } = useI18n();
  const textOf = useFindingText();
  const items = data.products.items;
  // Mesh-wide figures come from the domain summaries, which count every product; the
  // product list below is only the first page.
  const count = (status: QualityStatus) =>
    data.domains.reduce((sum, d) => sum + (d.quality[status] ?? 0), 0);
  const consumers = data.domains.reduce((sum, d) => sum + d.consumers, 0);
  const productCount = data.domains.reduce((sum, d) => sum + d.products, 0);
  const findings = data.governance.findings;
  const mesh = data.governance.scorecard?.mesh ?? null;
  const bySeverity = (s: string) => findings.filter((f) => f.severity === s).length;
  const topUsed = [...items].sort((a, b) => b.consumers - a.consumers).slice(0, 6);
  return (
    <>
      <section aria-label={t('homeTitle')} className="stats">
        <div className="stat">
          <span className="stat-value">{data.domains.length}</span>
          <span className="stat-label">{t('statDomains')}</span>
        </div>
        <div className="stat">
          <span className="stat-value">{data.products.total}</span>
          <span className="stat-label">{t('statProducts')}</span>
        </div>
        <div className="stat">
          <span className="stat-value">{consumers}</span>
          <span className="stat-label">{t('statConsumers')}</span>
        </div>
        <div className="stat">
          <span className="stat-value">
            {productCount === 0 ? '–' : `${Math.round((count('passed') / productCount) * 100)} %`}
          </span>
          <span className="stat-label">{t('statQuality')}</span>
        </div>
        <div className="stat">
          <span className={`stat-value${findings.length > 0 ? ' warn' : ''}`}>
            {findings.length}
          </span>
          <span className="stat-label">{t('statFindings')}</span>
        </div>
      </section>

      <div className="grid-2">
        <section className="panel" aria-labelledby="health-title">
          <h2 id="health-title">{t('qualityHealth')}</h2>
          <Meter
            label={t('statProducts')}
            parts={[
              { tone: 'good', value: count('passed'), label: t('quality_passed') },
              { tone: 'warn', value: count('warning'), label: t('quality_warning') },
              { tone: 'bad', value: count('failed'), label: t('quality_failed') },
              { tone: 'error', value: count('error'), label: t('quality_error') },
              { tone: 'muted', value: count('unknown'), label: t('quality_unknown') },
            ]}
          />
          <h2>{t('policyHealth')}</h2>
          {mesh ? (
            <Meter
              label={`${t('meshPolicyShare')}: ${Math.round(mesh.share * 100)} %`}
              parts={[
                { tone: 'good', value: mesh.passed, label: t('passed') },
                ...(['error', 'warning', 'info'] as const).map((severity) => {
                  const tally = mesh.bySeverity[severity];
                  return {
                    tone: SEVERITY_TONE[severity],
                    value: tally ? tally.total - tally.passed : 0,
                    label: `${t('failed')} (${t(`severity_${severity}`)})`,
                  };
                }),
              ]}
            />
          ) : null}
          {findings.length === 0 ? (
            <Empty>{t('noFindings')}</Empty>
          ) : (
            <ul className="finding-list compact">
              {findings.slice(0, 4).map((f, i) => (
                <li key={i}>
                  <SeverityBadge severity={f.severity} /> {textOf(f).message}
                  <div className="muted small">
                    <code>{f.policy ?? f.code}</code> · <code>{f.file}</code>
                  </div>
                </li>
              ))}
              {findings.length > 4 ? (
                <li>
                  <Link to="/governance">
                    {t('navGovernance')} → (
                    {t('findingTally', {
                      error: bySeverity('error'),
                      warning: bySeverity('warning'),
                    })}
                    )
                  </Link>
                </li>
              ) : null}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="used-title">
          <h2 id="used-title">{t('mostUsed')}</h2>
          <ul className="ranked">
            {topUsed.map((p) => (
              <li key={p.id}>
                <Link to={productPath(p.id)} translate="no">
                  {p.name}
                </Link>
                <span className="muted">
                  <span translate="no">{p.domain}</span> · {t('consumers')}: {p.consumers}
                </span>
              </li>
            ))}
          </ul>
        </section>
      </div>

      <section className="panel" aria-labelledby="incidents-title" id="incidents">
        <h2 id="incidents-title">
          {t('incidentsTitle')}{' '}
          {data.incidents ? (
            <span className="count">
              {data.incidents.length >= HOME_INCIDENTS
                ? `${HOME_INCIDENTS}+`
                : data.incidents.length}
            </span>
          ) : null}
        </h2>
        <p className="muted small">{t('incidentsIntro')}</p>
        {data.incidents ? (
          <IncidentList incidents={data.incidents} />
        ) : (
          <p className="muted">{t('incidentsUnavailable')}</p>
        )}
      </section>

      <section aria-labelledby="domains-title">
        <h2 id="domains-title">{t('domains')}</h2>
        <div className="domain-grid">
          {data.domains.map((d) => {
            return (
              <article key={d.name} className="card domain-card">
                <h3>
                  <Link to={domainPath(d.name)} translate="no">
                    {d.title}
                  </Link>
                </h3>
                {d.description ? (
                  <p className="muted clamp" translate="no">
                    {d.description}
                  </p>
                ) : null}
                <p className="domain-card-foot">
                  <span>{t('productsCount', { n: d.products })}</span>
                  {d.products > 0 ? (
                    <span className="muted" title={t('quality_passed')}>
                      ✓ {d.quality.passed ?? 0}/{d.products}
                    </span>
                  ) : null}
                  <span className="score-pill" title={t('policyShare')}>
                    {t('policyShare')} {Math.round(d.policyShare * 100)} %
                  </span>
                  {d.findings > 0 ? (
                    <span className="badge small tone-warn">
                      {d.findings === 1 ? t('findingsOne') : t('findingsCount', { n: d.findings })}
                    </span>
                  ) : null}
                </p>
              </article>
            );
          })}
        </div>
      </section>

      <section aria-labelledby="products-title">
        <h2 id="products-title">{t('statProducts')}</h2>
        <div className="card-grid">
          {items.slice(0, 6).map((p) => (
            <ProductCard key={p.id} product={p} />
          ))}
        </div>
        <p>
          <Link to="/products" className="button">
            {t('navMarketplace')} →
          </Link>
        </p>
      </section>
    </>
  );
}

/**
 * For admins: a plain warning when the last publish of the Trino access rules failed, so
 * Trino still enforces older rules than the grants say. Nothing when the status cannot be
 * read (no Trino set up, an older server): the overview is not the place to diagnose that.
 */
function TrinoRulesWarning() {
  const { t, locale } = useI18n();
  const [status, setStatus] = useState<TrinoAccessStatus | null>(null);
  useEffect(() => {
    let live = true;
    api.trinoAccessStatus().then(
      (found) => live && setStatus(found),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  if (status === null || !status.failing || status.lastFailure === null) return null;
  return (
    <p className="form-error" role="alert" data-testid="trino-rules-failing">
      {t('trinoRulesFailing', {
        at: new Date(status.lastFailure.at).toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB'),
        reason: status.lastFailure.reason,
      })}
    </p>
  );
}

export function HomePage({ user }: { user: Principal }) {
  const { t } = useI18n();
  useTitle(t('navHome'));
  const [loaded, retry] = useLoad('overview', loadOverview);
  const [q, setQ] = useState('');
  function search(event: FormEvent): void {
    event.preventDefault();
    navigate(q.trim() ? `/products?q=${encodeURIComponent(q.trim())}` : '/products');
  }
  return (
    <div className="page">
      <section className="hero">
        <h1>{t('homeTitle')}</h1>
        <p className="lead">{t('homeIntro')}</p>
        <form role="search" className="search-box" onSubmit={search}>
          <label htmlFor="home-search" className="visually-hidden">
            {t('search')}
          </label>
          <input
            id="home-search"
            type="search"
            placeholder={t('searchPlaceholder')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <button type="submit" className="button primary">
            {t('search')}
          </button>
        </form>
      </section>
      {user.roles.includes('admin') ? <TrinoRulesWarning /> : null}
      <Await loaded={loaded} retry={retry}>
        {(data) => <Dashboard data={data} />}
      </Await>
    </div>
  );
}
