import type { ContractSummary, ProductResponse } from '../api.ts';
import { api } from '../api.ts';
import {
  ClassificationBadge,
  FreshnessBadge,
  QualityBadge,
  StatusBadge,
} from '../components/badges.tsx';
import { FindingList } from '../components/finding-list.tsx';
import { LineageGraph } from '../components/lineage-graph.tsx';
import { Await, Empty } from '../components/states.tsx';
import { TrendChart } from '../components/trend-chart.tsx';
import { relativeTime, useI18n } from '../i18n.ts';
import { Link, domainPath, productPath, useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';

function formatValue(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function SchemaTable({ contract }: { contract: ContractSummary }) {
  const { t } = useI18n();
  return (
    <>
      {contract.schema.map((object) => (
        <div key={object.name} className="schema">
          <h4>
            <code>{object.physicalName ?? object.name}</code>
            {object.description ? <span className="muted"> — {object.description}</span> : null}
          </h4>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('column')}</th>
                  <th scope="col">{t('type')}</th>
                  <th scope="col">{t('constraints')}</th>
                  <th scope="col">{t('classification')}</th>
                  <th scope="col">{t('description')}</th>
                </tr>
              </thead>
              <tbody>
                {object.properties.map((p) => (
                  <tr key={p.name}>
                    <th scope="row">
                      <code>{p.name}</code>
                    </th>
                    <td>
                      <code className="type">{p.physicalType ?? p.logicalType ?? '–'}</code>
                      {p.physicalType && p.logicalType ? (
                        <span className="muted small"> {p.logicalType}</span>
                      ) : null}
                    </td>
                    <td className="constraints">
                      {p.primaryKey ? (
                        <span className="badge small tone-info">{t('primaryKey')}</span>
                      ) : null}
                      {p.required ? (
                        <span className="badge small tone-muted">{t('required')}</span>
                      ) : null}
                      {p.unique ? (
                        <span className="badge small tone-muted">{t('unique')}</span>
                      ) : null}
                    </td>
                    <td>
                      <ClassificationBadge value={p.classification} />
                      {p.pii ? <span className="badge small tone-bad">{t('pii')}</span> : null}
                    </td>
                    <td className="desc">{p.description ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
      {contract.terms && (contract.terms.usage || contract.terms.limitations) ? (
        <dl className="terms">
          {contract.terms.usage ? (
            <>
              <dt>{t('usage')}</dt>
              <dd>{contract.terms.usage}</dd>
            </>
          ) : null}
          {contract.terms.limitations ? (
            <>
              <dt>{t('limitations')}</dt>
              <dd>{contract.terms.limitations}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </>
  );
}

function Quality({ data }: { data: ProductResponse }) {
  const { t, locale } = useI18n();
  const trend = data.qualityTrend;
  if (trend.length === 0) return <Empty>{t('noRuns')}</Empty>;
  const labels = trend.map((p) =>
    new Date(p.at).toLocaleDateString(locale === 'de' ? 'de-DE' : 'en-GB', {
      day: 'numeric',
      month: 'short',
    }),
  );
  return (
    <TrendChart
      title={t('qualityTrend')}
      labels={labels}
      series={[
        { label: t('passed'), tone: 'good', values: trend.map((p) => p.passed) },
        { label: t('warnings'), tone: 'warn', values: trend.map((p) => p.warnings) },
        { label: t('failed'), tone: 'bad', values: trend.map((p) => p.failed) },
      ]}
    />
  );
}

function Lineage({ id }: { id: string }) {
  const { t } = useI18n();
  const [loaded, retry] = useLoad(`lineage:${id}`, () => api.lineage(id));
  return (
    <Await loaded={loaded} retry={retry}>
      {(lineage) =>
        lineage.nodes.length <= 1 ? (
          <Empty>{t('noLineage')}</Empty>
        ) : (
          <LineageGraph lineage={lineage} focus={id} />
        )
      }
    </Await>
  );
}

function Detail({ data }: { data: ProductResponse }) {
  const { t, locale } = useI18n();
  const p = data.product;
  useTitle(p.name);
  const sections = [
    ['about', t('purpose')],
    ['ports', t('outputPorts')],
    ['quality', t('quality')],
    ['lineage', t('lineage')],
    ['inputs', t('inputPorts')],
    ['findings', t('findings')],
  ] as const;
  const members = p.team?.members ?? [];
  return (
    <>
      <header className="product-head">
        <p className="crumbs">
          <Link to={domainPath(p.domain)} className="chip">
            {p.domain}
          </Link>
          <span className="muted">{p.kind}</span>
        </p>
        <h1>{p.name}</h1>
        <p className="product-badges">
          <StatusBadge status={p.status} />
          <QualityBadge quality={p.quality} />
          <FreshnessBadge freshness={p.freshness} />
          <span className="badge tone-muted">
            {t('consumers')}: {p.consumers}
          </span>
        </p>
        {p.tags.length > 0 ? (
          <ul className="tags" aria-label={t('facet_tag')}>
            {p.tags.map((tag) => (
              <li key={tag}>
                <Link to={`/products?tag=${encodeURIComponent(tag)}`}>#{tag}</Link>
              </li>
            ))}
          </ul>
        ) : null}
      </header>
      <nav className="section-nav" aria-label={t('sectionsNav')}>
        {sections.map(([anchor, label]) => (
          <a key={anchor} href={`#${anchor}`}>
            {label}
          </a>
        ))}
      </nav>

      <div className="grid-2 wide-left">
        <section id="about" className="panel" aria-labelledby="about-title">
          <h2 id="about-title">{t('purpose')}</h2>
          <p className="lead">{p.purpose ?? '–'}</p>
          {p.description && p.description !== p.purpose ? <p>{p.description}</p> : null}
        </section>
        <section className="panel" aria-labelledby="owner-title">
          <h2 id="owner-title">{t('ownerTeam')}</h2>
          <p>
            <strong>{p.team?.name ?? p.owner.team ?? '–'}</strong>
          </p>
          {members.length > 0 ? (
            <ul className="people">
              {members.map((m, i) => (
                <li key={m.username ?? i}>
                  <span className="avatar small" aria-hidden="true">
                    {(m.name ?? m.username ?? '?').slice(0, 1).toUpperCase()}
                  </span>
                  {m.name ?? m.username}
                  {m.role ? <span className="muted small"> · {m.role}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
          <h3>{t('support')}</h3>
          {p.support.length === 0 ? (
            <Empty>{t('noSupport')}</Empty>
          ) : (
            <ul className="support">
              {p.support.map((s, i) => (
                <li key={i}>
                  <strong>{s.channel ?? s.tool}</strong>
                  {s.tool && s.channel ? <span className="muted"> ({s.tool})</span> : null}
                  {s.url ? (
                    <>
                      {' '}
                      <a href={s.url} rel="noreferrer noopener">
                        {s.url}
                      </a>
                    </>
                  ) : null}
                  {s.description ? <div className="muted small">{s.description}</div> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section id="ports" aria-labelledby="ports-title">
        <h2 id="ports-title">{t('outputPorts')}</h2>
        {p.outputPorts.length === 0 ? <Empty>{t('noOutputPorts')}</Empty> : null}
        {p.outputPorts.map((port) => (
          <article key={port.name} className="panel port">
            <header className="port-head">
              <h3>{port.name}</h3>
              {port.version ? (
                <span className="badge small tone-muted">
                  {t('version')} {port.version}
                </span>
              ) : null}
              {port.contract ? (
                <span className="muted small">
                  {t('contract')}: <code>{port.contract.id}</code> · {port.contract.version} ·{' '}
                  {port.contract.status}
                </span>
              ) : null}
            </header>
            {port.contract ? <SchemaTable contract={port.contract} /> : null}
          </article>
        ))}
      </section>

      <div className="grid-2 wide-left">
        <section id="quality" className="panel" aria-labelledby="quality-title">
          <h2 id="quality-title">{t('qualityTrend')}</h2>
          <Quality data={data} />
        </section>
        <section className="panel" aria-labelledby="sla-title">
          <h2 id="sla-title">{t('sla')}</h2>
          <dl className="facts">
            <dt>{t('freshness')}</dt>
            <dd>
              <FreshnessBadge freshness={p.freshness} />
              {p.freshness.latency ? (
                <div className="muted small">{t('latencyGoal', p.freshness.latency)}</div>
              ) : null}
            </dd>
            <dt>{t('lastBuilt')}</dt>
            <dd>
              {p.freshness.lastBuiltAt
                ? relativeTime(p.freshness.lastBuiltAt, t, locale)
                : t('neverBuilt')}
            </dd>
            {data.sla.map((s, i) => (
              <div key={i} className="fact-row">
                <dt>{s.property ?? s.name}</dt>
                <dd>
                  {s.value !== undefined
                    ? `${formatValue(s.value)}${s.unit ? ` ${s.unit}` : ''}`
                    : ''}
                  {s.status ? <span className="badge small tone-muted"> {s.status}</span> : null}
                  {s.message ? <div className="muted small">{s.message}</div> : null}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      </div>

      <section id="lineage" className="panel" aria-labelledby="lineage-title">
        <h2 id="lineage-title">{t('lineage')}</h2>
        <p className="muted">{t('lineageIntro')}</p>
        <Lineage id={p.id} />
      </section>

      <section id="inputs" className="panel" aria-labelledby="inputs-title">
        <h2 id="inputs-title">{t('inputPorts')}</h2>
        {p.inputPorts.length === 0 ? (
          <Empty>{t('noInputPorts')}</Empty>
        ) : (
          <ul className="inputs">
            {p.inputPorts.map((input) => (
              <li key={input.name}>
                <strong>{input.name}</strong> <span className="muted">{t('from')}</span>{' '}
                {input.from.kind === 'product' ? (
                  <Link to={productPath(input.from.id)}>{input.from.name}</Link>
                ) : (
                  <span>{input.from.name}</span>
                )}{' '}
                <span className="badge small tone-muted">{t(input.from.kind)}</span>
                {input.from.domain ? (
                  <span className="muted small"> · {input.from.domain}</span>
                ) : null}
                {input.contractId ? <code className="small"> {input.contractId}</code> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section id="findings" className="panel" aria-labelledby="findings-title">
        <h2 id="findings-title">{t('findings')}</h2>
        {data.findings.length === 0 ? (
          <Empty>{t('noProductFindings')}</Empty>
        ) : (
          <FindingList findings={data.findings} />
        )}
      </section>
    </>
  );
}

export function ProductPage({ id }: { id: string }) {
  const [loaded, retry] = useLoad(`product:${id}`, () => api.product(id));
  return (
    <div className="page">
      <Await loaded={loaded} retry={retry}>
        {(data) => <Detail data={data} />}
      </Await>
    </div>
  );
}
