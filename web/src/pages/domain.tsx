import type { DomainResponse, ScorecardEntry } from '../api.ts';
import { api } from '../api.ts';
import { ProductCard } from '../components/product-card.tsx';
import { Await, Empty } from '../components/states.tsx';
import { TrendChart } from '../components/trend-chart.tsx';
import { useI18n } from '../i18n.ts';
import { useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';

/** A scorecard's score, whichever of the plan's shapes the entry carries. */
function scoreOf(
  entry: ScorecardEntry | Record<string, unknown> | null | undefined,
): number | null {
  if (!entry) return null;
  const direct = (entry as { score?: unknown }).score;
  if (typeof direct === 'number') return direct;
  const nested = (entry as { scorecard?: { score?: unknown } }).scorecard?.score;
  return typeof nested === 'number' ? nested : null;
}

function Scorecard({ domain }: { domain: DomainResponse }) {
  const { t, locale } = useI18n();
  const trend = (domain.scorecardTrend ?? []).filter((e) => scoreOf(e) !== null);
  const current = scoreOf(domain.scorecard) ?? scoreOf(trend.at(-1));
  if (current === null && trend.length === 0) return <Empty>{t('noScorecard')}</Empty>;
  return (
    <>
      {current !== null ? (
        <p className="big-score">
          <span className="stat-value">{Math.round(current)}</span>
          <span className="muted"> / 100 {t('score')}</span>
        </p>
      ) : null}
      {trend.length > 0 ? (
        <TrendChart
          title={t('scoreTrend')}
          max={100}
          labels={trend.map((e) =>
            new Date(e.recordedAt).toLocaleDateString(locale === 'de' ? 'de-DE' : 'en-GB', {
              day: 'numeric',
              month: 'short',
            }),
          )}
          series={[{ label: t('score'), tone: 'info', values: trend.map((e) => scoreOf(e) ?? 0) }]}
        />
      ) : null}
    </>
  );
}

function Detail({ domain }: { domain: DomainResponse }) {
  const { t } = useI18n();
  useTitle(domain.title ?? domain.name);
  const teams = domain.teams ?? (domain.team ? [domain.team] : []);
  return (
    <>
      <h1>{t('domainTitle', { name: domain.title ?? domain.name })}</h1>
      {domain.description ? <p className="lead">{domain.description}</p> : null}
      <div className="grid-2">
        <section className="panel" aria-labelledby="team-title">
          <h2 id="team-title">{t('team')}</h2>
          {teams.length === 0 ? <Empty>{t('noTeam')}</Empty> : null}
          {teams.map((team) => (
            <div key={team.name}>
              <h3>{team.name}</h3>
              <ul className="people">
                {team.members.map((m, i) => (
                  <li key={m.username ?? i}>
                    <span className="avatar small" aria-hidden="true">
                      {(m.name ?? m.username ?? '?').slice(0, 1).toUpperCase()}
                    </span>
                    {m.name ?? m.username}
                    {m.role ? <span className="muted small"> · {m.role}</span> : null}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>
        <section className="panel" aria-labelledby="score-title">
          <h2 id="score-title">{t('scorecard')}</h2>
          <Scorecard domain={domain} />
        </section>
      </div>
      <section aria-labelledby="domain-products">
        <h2 id="domain-products">{t('products')}</h2>
        {domain.products.length === 0 ? <Empty>{t('noResults')}</Empty> : null}
        <div className="card-grid">
          {domain.products.map((p) => (
            <ProductCard key={p.id} product={p} />
          ))}
        </div>
      </section>
    </>
  );
}

export function DomainPage({ name }: { name: string }) {
  const [loaded, retry] = useLoad(`domain:${name}`, () => api.domain(name));
  return (
    <div className="page">
      <Await loaded={loaded} retry={retry}>
        {(domain) => <Detail domain={domain} />}
      </Await>
    </div>
  );
}
