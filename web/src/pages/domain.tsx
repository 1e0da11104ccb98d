import type { DomainResponse, Principal } from '../api.ts';
import { api } from '../api.ts';
import { RunStatusBadge, SeverityBadge } from '../components/badges.tsx';
import { FindingList } from '../components/finding-list.tsx';
import { IncidentList } from '../components/incidents.tsx';
import { People } from '../components/people.tsx';
import { ProductCard } from '../components/product-card.tsx';
import { Await, Empty } from '../components/states.tsx';
import { TrendChart } from '../components/trend-chart.tsx';
import { FollowButton } from '../components/follow-button.tsx';
import { useI18n } from '../i18n.ts';
import { Link, productPath, runPath, useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';
import { CheckTable } from './run.tsx';

const percent = (share: number) => Math.round(share * 100);

function Scorecard({ domain }: { domain: DomainResponse }) {
  const { t, locale } = useI18n();
  const line = domain.scorecard;
  const trend = domain.scorecardTrend;
  if (!line && trend.length === 0) return <Empty>{t('noScorecard')}</Empty>;
  return (
    <>
      {line ? (
        <p className="big-score">
          <span className="stat-value">{percent(line.share)} %</span>{' '}
          <span className="muted">
            {t('policyShare')} ({line.passed}/{line.total})
          </span>
        </p>
      ) : null}
      {line ? (
        <ul className="severity-tally">
          {Object.entries(line.bySeverity).map(([severity, tally]) => (
            <li key={severity}>
              <SeverityBadge severity={severity} /> {tally.passed}/{tally.total}
            </li>
          ))}
        </ul>
      ) : null}
      {trend.length > 0 ? (
        <TrendChart
          title={t('scoreTrend')}
          max={100}
          labels={trend.map((e) => {
            // Scorecards of one day are told apart by their time.
            const sameDay = trend[0]?.at.slice(0, 10) === trend.at(-1)?.at.slice(0, 10);
            return new Date(e.at).toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB', {
              ...(sameDay
                ? { hour: '2-digit', minute: '2-digit' }
                : { day: 'numeric', month: 'short' }),
            });
          })}
          series={[{ label: t('score'), tone: 'info', values: trend.map((e) => percent(e.share)) }]}
        />
      ) : null}
    </>
  );
}

/** The latest run of each contract of the domain that has failed checks or errors. */
function FailingChecks({ name }: { name: string }) {
  const { t, locale } = useI18n();
  const [loaded, retry] = useLoad(`failing:${name}`, () => api.failingChecks(name));
  return (
    <Await loaded={loaded} retry={retry}>
      {(failing) =>
        failing.items.length === 0 ? (
          <Empty>{t('noFailingChecks')}</Empty>
        ) : (
          <>
            {failing.items.map((entry) => (
              <article key={entry.runId} className="failing-run" data-testid="failing-run">
                <header className="port-head">
                  <h3>
                    {entry.productId ? (
                      <Link to={productPath(entry.productId)} translate="no">
                        {entry.productId}
                      </Link>
                    ) : null}{' '}
                    <code className="small">{entry.contractId}</code>
                  </h3>
                  <RunStatusBadge status={entry.status} />
                  <span className="muted small">
                    {entry.trigger ? t(`trigger_${entry.trigger}`) : t('notRecorded')} ·{' '}
                    <Link to={runPath(entry.runId)}>
                      {new Date(entry.at).toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB')}
                    </Link>
                  </span>
                </header>
                <CheckTable checks={entry.checks} />
              </article>
            ))}
          </>
        )
      }
    </Await>
  );
}

/**
 * Products proposed in the portal (status proposed, issue 12): listed for everyone, and
 * marked for the domain's owners, who decide whether a proposal becomes a product.
 */
function Proposals({ data, user }: { data: DomainResponse; user: Principal }) {
  const { t } = useI18n();
  const proposals = data.products.filter((p) => p.status === 'proposed');
  const owner = user.domains[data.domain.name] === 'owner';
  return (
    <section
      className={owner && proposals.length > 0 ? 'panel proposals for-owner' : 'panel proposals'}
      aria-labelledby="domain-proposals"
      data-testid="proposals"
      data-owner={owner ? 'true' : 'false'}
    >
      <h2 id="domain-proposals">
        {t('proposals')} <span className="count">{proposals.length}</span>
      </h2>
      {owner && proposals.length > 0 ? (
        <p className="proposals-note" role="note">
          {t('proposalsForOwner')}
        </p>
      ) : null}
      {proposals.length === 0 ? <Empty>{t('noProposals')}</Empty> : null}
      <ul className="proposal-list">
        {proposals.map((p) => (
          <li key={p.id} data-testid="proposal">
            <Link to={productPath(p.id)} translate="no">
              {p.name}
            </Link>{' '}
            <code className="small" translate="no">
              {p.id}
            </code>
            {p.purpose ? (
              <span className="muted" translate="no">
                {' '}
                — {p.purpose}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <p>
        <Link to={`/new-product?domain=${encodeURIComponent(data.domain.name)}`} className="button">
          {t('proposeProduct')}
        </Link>
      </p>
    </section>
  );
}

function Detail({ data, user }: { data: DomainResponse; user: Principal }) {
  const { t } = useI18n();
  const domain = data.domain;
  useTitle(domain.title);
  return (
    <>
      <h1>
        {t('domainTitle', { name: '' })}
        <span translate="no">{domain.title}</span>
      </h1>
      <p>
        <FollowButton user={user} scope={{ kind: 'domain', domain: domain.name }} />
      </p>
      {domain.description ? (
        <p className="lead" translate="no">
          {domain.description}
        </p>
      ) : null}
      <div className="grid-2">
        <section className="panel" aria-labelledby="team-title">
          <h2 id="team-title">{t('team')}</h2>
          {data.teams.length === 0 ? <Empty>{t('noTeam')}</Empty> : null}
          {data.teams.map((team) => (
            <div key={team.name}>
              <h3 translate="no">{team.name}</h3>
              {team.description ? (
                <p className="muted" translate="no">
                  {team.description}
                </p>
              ) : null}
              <People members={team.members} />
            </div>
          ))}
        </section>
        <section className="panel" aria-labelledby="score-title">
          <h2 id="score-title">{t('scorecard')}</h2>
          <Scorecard domain={data} />
        </section>
      </div>
      <Proposals data={data} user={user} />
      <section className="panel" aria-labelledby="domain-incidents" id="incidents">
        <h2 id="domain-incidents">
          {t('incidentsTitle')} <span className="count">{data.incidents?.length ?? 0}</span>
        </h2>
        <IncidentList incidents={data.incidents ?? []} />
      </section>
      <section aria-labelledby="domain-products">
        <h2 id="domain-products">
          {t('products')} <span className="count">{data.products.length}</span>
        </h2>
        {data.products.length === 0 ? <Empty>{t('noResults')}</Empty> : null}
        <div className="card-grid">
          {data.products.map((p) => (
            <ProductCard key={p.id} product={p} />
          ))}
        </div>
      </section>
      <section className="panel" aria-labelledby="domain-failing" id="failing-checks">
        <h2 id="domain-failing">{t('failingChecks')}</h2>
        <p className="muted">{t('failingChecksIntro')}</p>
        <FailingChecks name={domain.name} />
      </section>
      <section className="panel" aria-labelledby="domain-findings">
        <h2 id="domain-findings">
          {t('findings')} <span className="count">{data.findings.length}</span>
        </h2>
        <FindingList findings={data.findings} empty={t('noFindings')} />
      </section>
    </>
  );
}

export function DomainPage({ name, user }: { name: string; user: Principal }) {
  const [loaded, retry] = useLoad(`domain:${name}`, () => api.domain(name));
  return (
    <div className="page">
      <Await loaded={loaded} retry={retry}>
        {(data) => <Detail data={data} user={user} />}
      </Await>
    </div>
  );
}
