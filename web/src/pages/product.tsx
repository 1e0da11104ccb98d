import { useState } from 'react';
import type { ContractSummary, Principal, ProductResponse, PurposeCatalogue } from '../api.ts';
import { api } from '../api.ts';
import {
  ClassificationBadge,
  FreshnessBadge,
  QualityBadge,
  RunStatusBadge,
  StatusBadge,
} from '../components/badges.tsx';
import { PortUsagePanel } from '../components/port-usage.tsx';
import { ProductConsumers } from '../components/product-consumers.tsx';
import { RequestAccessForm } from '../components/request-access-form.tsx';
import { FindingList } from '../components/finding-list.tsx';
import { People } from '../components/people.tsx';
import { LineageGraph } from '../components/lineage-graph.tsx';
import { Await, Empty } from '../components/states.tsx';
import type { Loaded } from '../use-load.ts';
import { RunBars } from '../components/run-bars.tsx';
import { relativeTime, useI18n, valueLabel } from '../i18n.ts';
import { Link, domainPath, productPath, runPath, useTitle } from '../router.tsx';
import { SlaMonitoring } from '../components/incidents.tsx';
import { useLoad } from '../use-load.ts';
import { ExportLinks } from '../components/export-links.tsx';
import { ProductJobsPanel } from '../components/product-jobs.tsx';

import { FollowButton } from '../components/follow-button.tsx';

/** A text field of a free-form ODPS object, or null when it is absent or not text. */
function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

const DESCRIPTION_FIELDS = [
  ['usage', 'usage'],
  ['limitations', 'limitations'],
] as const;

const SLA_TONE = { fresh: 'good', stale: 'warn', unknown: 'muted', declared: 'info' } as const;

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
            {object.description ? (
              <span className="muted" translate="no">
                {' '}
                — {object.description}
              </span>
            ) : null}
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
                    <td className="desc" translate="no">
                      {p.description ?? ''}
                    </td>
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
              <dd translate="no">{contract.terms.usage}</dd>
            </>
          ) : null}
          {contract.terms.limitations ? (
            <>
              <dt>{t('limitations')}</dt>
              <dd translate="no">{contract.terms.limitations}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </>
  );
}

const LATEST_RUNS = 8;

function Quality({ data }: { data: ProductResponse }) {
  const { t, locale } = useI18n();
  if (data.qualityTrend.length === 0) return <Empty>{t('noRuns')}</Empty>;
  const latest = [...data.qualityTrend].reverse().slice(0, LATEST_RUNS);
  return (
    <>
      <RunBars runs={data.qualityTrend} />
      <h3>{t('latestRuns')}</h3>
      <ul className="run-list" data-testid="latest-runs">
        {latest.map((run) => (
          <li key={run.runId}>
            <RunStatusBadge status={run.status} />{' '}
            <Link to={runPath(run.runId)}>
              {new Date(run.at).toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB')}
            </Link>{' '}
            <code className="small">{run.contractId}</code>{' '}
            <span className="muted small">
              {t('passed')} {run.passed} · {t('warnings')} {run.warnings} · {t('failed')}{' '}
              {run.failed}
              {run.errors > 0 ? ` · ${t('run_error')} ${run.errors}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </>
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

/** "Request access" of one output port: a button that opens the form in place. */
function RequestAccess({
  user,
  productId,
  port,
  contract,
  purposes,
  onRequested,
}: {
  user: Principal;
  productId: string;
  port: string;
  contract: ContractSummary | null;
  purposes: Loaded<PurposeCatalogue>;
  onRequested: () => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const formId = `request-${port}`;
  return (
    <div className="request-access" data-port={port}>
      <button
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={formId}
        onClick={() => setOpen((v) => !v)}
      >
        {t('requestAccess')}
      </button>
      {open ? (
        <section id={formId} aria-label={t('requestAccessTo', { port })}>
          <Await loaded={purposes}>
            {(catalogue) => (
              <RequestAccessForm
                user={user}
                productId={productId}
                port={port}
                contract={contract}
                catalogue={catalogue}
                onRequested={onRequested}
              />
            )}
          </Await>
        </section>
      ) : null}
    </div>
  );
}

function Detail({ data, user }: { data: ProductResponse; user: Principal }) {
  const { t, locale } = useI18n();
  const p = data.product;
  useTitle(p.name);
  const [purposes] = useLoad('purposes', () => api.purposes());
  const [requests, setRequests] = useState(0);
  const sections = [
    ['about', t('purpose')],
    ['ports', t('outputPorts')],
    ['usage', t('howToUse')],
    ['consumers', t('consumersTitle')],
    ['quality', t('quality')],
    ['lineage', t('lineage')],
    ['inputs', t('inputPorts')],
    ['findings', t('findings')],
  ] as const;
  return (
    <>
      <header className="product-head">
        <p className="crumbs">
          <Link to={domainPath(p.domain)} className="chip" translate="no">
            {p.domain}
          </Link>
          {p.kind ? <span className="muted">{valueLabel(t, 'kind', p.kind)}</span> : null}
        </p>
        <h1 translate="no">{p.name}</h1>
        <p className="product-badges">
          <StatusBadge status={p.status} />
          <QualityBadge quality={p.quality} />
          <FreshnessBadge freshness={p.freshness} />
          <span className="badge tone-muted">
            {t('consumers')}: {p.consumers}
          </span>
          <FollowButton user={user} scope={{ kind: 'product', productId: p.id }} />
        </p>
        {p.tags.length > 0 ? (
          <ul className="tags" aria-label={t('facet_tag')} translate="no">
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
          <p className="lead" translate="no">
            {p.purpose ?? text(p.description['purpose']) ?? '–'}
          </p>
          <dl className="facts">
            {DESCRIPTION_FIELDS.map(([field, label]) => {
              const value = text(p.description[field]);
              return value ? (
                <div key={field} className="fact-row">
                  <dt>{t(label)}</dt>
                  <dd translate="no">{value}</dd>
                </div>
              ) : null;
            })}
          </dl>
        </section>
        <section className="panel" aria-labelledby="owner-title">
          <h2 id="owner-title">{t('ownerTeam')}</h2>
          <p translate="no">
            <strong>{p.team?.name ?? p.owner.team ?? '–'}</strong>
          </p>
          {p.team?.description ? (
            <p className="muted" translate="no">
              {p.team.description}
            </p>
          ) : null}
          <People members={p.team?.members ?? p.owner.members} />
          <h3>{t('support')}</h3>
          {p.support.length === 0 ? (
            <Empty>{t('noSupport')}</Empty>
          ) : (
            <ul className="support" translate="no">
              {p.support.map((entry, i) => {
                const channel = text(entry['channel']) ?? text(entry['tool']) ?? '–';
                const tool = text(entry['tool']);
                const url = text(entry['url']);
                const description = text(entry['description']);
                return (
                  <li key={i}>
                    <strong>{channel}</strong>
                    {tool && tool !== channel ? <span className="muted"> ({tool})</span> : null}
                    {url && /^(https?:|mailto:)/.test(url) ? (
                      <>
                        {' '}
                        <a href={url} rel="noreferrer noopener">
                          {url}
                        </a>
                      </>
                    ) : null}
                    {description ? <div className="muted small">{description}</div> : null}
                  </li>
                );
              })}
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
              <h3 translate="no">{port.name}</h3>
              {port.version ? (
                <span className="badge small tone-muted">
                  {t('version')} {port.version}
                </span>
              ) : null}
              {port.contract ? (
                <span className="muted small">
                  {t('contract')}: <code>{port.contract.id}</code> · {port.contract.version}
                  {port.contract.status
                    ? ` · ${valueLabel(t, 'status', port.contract.status)}`
                    : null}
                </span>
              ) : null}
            </header>
            {port.contract ? <SchemaTable contract={port.contract} /> : null}
            {port.contract ? <ExportLinks contractId={port.contract.id} /> : null}
            <RequestAccess
              user={user}
              productId={p.id}
              port={port.name}
              contract={port.contract}
              purposes={purposes}
              onRequested={() => setRequests((n) => n + 1)}
            />
          </article>
        ))}
      </section>

      <section id="usage" className="panel" aria-labelledby="usage-title">
        <h2 id="usage-title">{t('howToUse')}</h2>
        <p className="muted">{t('usageIntro')}</p>
        <PortUsagePanel productId={p.id} />
      </section>

      <section id="consumers" className="panel" aria-labelledby="consumers-title">
        <h2 id="consumers-title">{t('consumersTitle')}</h2>
        <p className="muted">{t('consumersIntro')}</p>
        <ProductConsumers
          user={user}
          productId={p.id}
          domain={p.domain}
          ownerTeam={(p.team?.members ?? p.owner.members).map((m) => m.username)}
          purposes={purposes.state === 'ready' ? purposes.data.items : []}
          version={requests}
        />
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
                <div className="muted small">
                  {t('latencyGoal', {
                    value: p.freshness.latency.value,
                    unit: valueLabel(t, 'unit', p.freshness.latency.unit),
                  })}
                </div>
              ) : null}
            </dd>
            <dt>{t('lastBuilt')}</dt>
            <dd>
              {p.freshness.lastBuiltAt
                ? relativeTime(p.freshness.lastBuiltAt, t, locale)
                : t('neverBuilt')}
            </dd>
            {data.sla.map((s) => (
              <div key={`${s.port}:${s.property}`} className="fact-row">
                <dt>
                  {valueLabel(t, 'sla', s.property)}{' '}
                  <span className="muted small" translate="no">
                    ({s.port})
                  </span>
                </dt>
                <dd>
                  {formatValue(s.value)}
                  {s.unit ? ` ${valueLabel(t, 'unit', s.unit)}` : ''}{' '}
                  <span className={`badge small tone-${SLA_TONE[s.status]}`}>
                    {s.status === 'declared' ? t('declared') : t(`fresh_${s.status}`)}
                  </span>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      </div>

      <ProductJobsPanel id={p.id} />
      <SlaMonitoring productId={p.id} incidents={data.incidents ?? []} />

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
                <strong translate="no">{input.name}</strong>
                {input.from ? (
                  <>
                    {' '}
                    <span className="muted">{t('from')}</span>{' '}
                    {input.from.kind === 'product' ? (
                      <Link to={productPath(input.from.id)} translate="no">
                        {input.from.name}
                      </Link>
                    ) : (
                      <span translate="no">{input.from.name}</span>
                    )}{' '}
                    <span className="badge small tone-muted">{t(input.from.kind)}</span>
                    {input.from.domain ? (
                      <span className="muted small" translate="no">
                        {' '}
                        · {input.from.domain}
                      </span>
                    ) : null}
                  </>
                ) : null}
                {input.contractId ? <code className="small"> {input.contractId}</code> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section id="findings" className="panel" aria-labelledby="findings-title">
        <h2 id="findings-title">{t('findings')}</h2>
        <FindingList findings={data.findings} empty={t('noProductFindings')} />
      </section>
    </>
  );
}

export function ProductPage({ id, user }: { id: string; user: Principal }) {
  const [loaded, retry] = useLoad(`product:${id}`, () => api.product(id));
  return (
    <div className="page">
      <Await loaded={loaded} retry={retry}>
        {(data) => <Detail data={data} user={user} />}
      </Await>
    </div>
  );
}
