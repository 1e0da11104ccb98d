import type { FormEvent } from 'react';
import type { ReactNode } from 'react';
import { useRef, useState } from 'react';
import type { AdoptionDay, AdoptionFigures, DashboardResponse } from '../api.ts';
import { dashboardApi } from '../api.ts';
import { exportChartsPdf, exportChartsPng } from '../adoption-export.ts';
import type { ChartSeries } from '../components/adoption-chart.tsx';
import { BarChart, LineChart, PALETTE } from '../components/adoption-chart.tsx';
import { Await } from '../components/states.tsx';
import type { MessageKey, Translate } from '../i18n.ts';
import { isMessageKey, useI18n } from '../i18n.ts';
import { useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';

const percent = (part: number | null | undefined, whole: number | null | undefined) =>
  part === null || part === undefined || whole === null || whole === undefined || whole === 0
    ? null
    : Math.round((part / whole) * 1000) / 10;

/** The share of products with an SLA whose SLAs were all met at the latest evaluation, in %. */
function slaShare(f: AdoptionFigures): number | null {
  if (f.sla === null) return null;
  return percent(f.sla.productsMet, f.sla.productsWithSla);
}

/** How many products and SLAs the latest evaluation could not judge; null when none. */
function slaUnknownText(t: Translate, f: AdoptionFigures): string | null {
  if (f.sla === null || f.sla.slasUnknown === 0) return null;
  return t('figSlaUnknown', {
    products: f.sla.productsUnknown,
    total: f.sla.productsWithSla,
    slas: f.sla.slasUnknown,
    allSlas: f.sla.slasMet + f.sla.slasBreached + f.sla.slasUnknown,
  });
}

/** The stored days of the span plus today measured live (replacing today's stored one). */
function daysOf(data: DashboardResponse): AdoptionDay[] {
  const inSpan = data.current.day >= data.from && data.current.day <= data.to;
  return [
    ...data.history.filter((d) => !inSpan || d.day !== data.current.day),
    ...(inSpan ? [data.current] : []),
  ].sort((a, b) => (a.day < b.day ? -1 : 1));
}

function sourcesText(t: Translate, sources: readonly string[] | undefined): string {
  const names = (sources ?? []).map((s) => {
    const key = `src_${s.replace(/-/g, '_')}`;
    return isMessageKey(key) ? t(key) : s;
  });
  return t('figSource', { sources: names.join(', ') });
}

function Panel({
  id,
  title,
  source,
  note,
  children,
}: {
  id: string;
  title: string;
  source: string;
  /** Said under the chart: what its latest point does not cover. */
  note?: string | null | undefined;
  children: ReactNode;
}) {
  return (
    <figure className="panel adoption-chart" data-chart={id}>
      <h2>{title}</h2>
      {children}
      {note === null || note === undefined ? null : (
        <p className="muted small" data-testid={`${id}-note`}>
          {note}
        </p>
      )}
      <figcaption className="muted small">{source}</figcaption>
    </figure>
  );
}

function Charts({ data }: { data: DashboardResponse }) {
  const { t, locale } = useI18n();
  const rootRef = useRef<HTMLDivElement>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const days = daysOf(data);
  const labels = days.map((d) => d.day);
  const formatDay = (day: string) =>
    new Date(`${day}T00:00:00Z`).toLocaleDateString(locale === 'de' ? 'de-DE' : 'en-GB', {
      day: 'numeric',
      month: 'short',
      year: '2-digit',
      timeZone: 'UTC',
    });
  const now = data.current.figures;
  const line = (
    id: string,
    titleKey: MessageKey,
    sourceKeys: string | readonly string[],
    series: ChartSeries[],
    max?: number,
    note?: string | null,
  ) => (
    <Panel
      id={id}
      title={t(titleKey)}
      note={note}
      source={sourcesText(t, [
        ...new Set(
          (typeof sourceKeys === 'string' ? [sourceKeys] : sourceKeys).flatMap(
            (k) => data.sources[k] ?? [],
          ),
        ),
      ])}
    >
      <LineChart
        id={id}
        title={t(titleKey)}
        from={data.from}
        to={data.to}
        days={labels}
        series={series}
        formatDay={formatDay}
        {...(max === undefined ? {} : { max })}
      />
    </Panel>
  );
  const series = (label: string, i: number, value: (f: AdoptionFigures) => number | null) => ({
    label,
    color: PALETTE[i % PALETTE.length]!,
    values: days.map((d) => value(d.figures)),
  });
  const domains = [...new Set(days.flatMap((d) => Object.keys(d.figures.productsByDomain)))].sort();
  const consumers = Object.entries(now.consumers?.perProduct ?? {})
    .map(([label, value]) => ({ label, value }))
    .sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : 1))
    .slice(0, 10);
  const gitDays = data.history.filter((d) => d.source === 'git').length;
  const sla = slaShare(now);
  const slaUnknown = slaUnknownText(t, now);
  const baseName = `${locale === 'de' ? 'akzeptanz' : 'adoption'}-${data.from}-${data.to}`;

  async function exportAs(kind: 'png' | 'pdf') {
    if (rootRef.current === null) return;
    setExporting(t('dashboardExporting'));
    const fileName = `${baseName}.${kind}`;
    try {
      const header = {
        title: t('dashboardTitle'),
        lines: [
          t('dashboardSpan', { from: formatDay(data.from), to: formatDay(data.to) }),
          `${t('figProducts')}: ${now.products} · ${t('figActiveGrants')}: ${
            now.consumers?.activeGrants ?? t('figNotAvailable')
          } · ${t('figSlaShare')}: ${sla === null ? t('figNotAvailable') : `${sla} %`}`,
          ...(slaUnknown === null ? [] : [slaUnknown]),
        ],
      };
      if (kind === 'png') await exportChartsPng(rootRef.current, header, fileName);
      else await exportChartsPdf(rootRef.current, header, fileName, locale);
      setExporting(t('dashboardExported', { name: fileName }));
    } catch (error) {
      setExporting(
        t('dashboardExportFailed', {
          reason: error instanceof Error ? error.message : String(error),
        }),
      );
    }
  }

  return (
    <>
      <section aria-label={t('dashboardTitle')} className="stats" data-testid="adoption-stats">
        <div className="stat">
          <span className="stat-value">{now.products}</span>
          <span className="stat-label">{t('figProducts')}</span>
        </div>
        <div className="stat">
          <span className="stat-value">{Object.keys(now.productsByDomain).length}</span>
          <span className="stat-label">{t('figDomains')}</span>
        </div>
        <div className="stat">
          <span className="stat-value">{now.consumers?.activeGrants ?? '–'}</span>
          <span className="stat-label">{t('figActiveGrants')}</span>
        </div>
        <div className="stat">
          <span className="stat-value">{now.requests?.medianHoursToApproval ?? '–'}</span>
          <span className="stat-label">{t('figMedianApprovalHours')}</span>
        </div>
        <div className="stat" data-testid="sla-stat">
          <span className={`stat-value${sla === null ? ' warn' : ''}`}>
            {sla === null ? t('figNotAvailable') : `${sla} %`}
          </span>
          <span className="stat-label">{t('figSlaShare')}</span>
          {slaUnknown === null ? null : (
            <span className="stat-label warn" data-testid="sla-unknown">
              {slaUnknown}
            </span>
          )}
        </div>
      </section>
      <p className="muted">
        {data.history.length === 0
          ? t('dashboardNoHistory')
          : t('dashboardHistory', { days: data.history.length, git: gitDays })}{' '}
        {t('dashboardGapsNote')}
      </p>
      {sla === null ? (
        <p className="badge tone-warn adoption-notice" data-testid="sla-unavailable">
          {t('figSlaUnavailable')}{' '}
          <span className="muted small" translate="no">
            ({data.current.gaps.sla ?? ''})
          </span>
        </p>
      ) : null}
      <div className="adoption-tools">
        <button type="button" onClick={() => void exportAs('png')} data-testid="export-png">
          {t('dashboardExportPng')}
        </button>
        <button type="button" onClick={() => void exportAs('pdf')} data-testid="export-pdf">
          {t('dashboardExportPdf')}
        </button>
        <span role="status" className="muted">
          {exporting ?? ''}
        </span>
      </div>
      <div className="adoption-grid" ref={rootRef} aria-label={t('dashboardChartsLabel')}>
        {line('products', 'figProductsByDomain', 'productsByDomain', [
          series(t('figTotal'), 7, (f) => f.products),
          ...domains.map((d, i) => series(d, i, (f) => f.productsByDomain[d] ?? 0)),
        ])}
        {line(
          'shares',
          'figShares',
          'withPassingContracts',
          [
            series(t('figWithOwner'), 0, (f) => percent(f.withOwner, f.products)),
            series(t('figWithDescription'), 1, (f) => percent(f.withDescription, f.products)),
            series(t('figWithPassing'), 2, (f) => percent(f.withPassingContracts, f.products)),
          ],
          100,
        )}
        {line('consumers', 'figConsumers', 'consumers', [
          series(t('figActiveGrants'), 0, (f) => f.consumers?.activeGrants ?? null),
        ])}
        <Panel
          id="consumers-per-product"
          title={t('figConsumersPerProduct')}
          source={sourcesText(t, data.sources.consumers)}
        >
          {consumers.length === 0 ? (
            <p className="muted">{t('figNoConsumers')}</p>
          ) : (
            <BarChart
              id="consumers-per-product"
              title={t('figConsumersPerProduct')}
              bars={consumers}
            />
          )}
        </Panel>
        {line('requests', 'figRequests', 'requests', [
          series(t('figSubmitted'), 0, (f) => f.requests?.submitted ?? null),
          series(t('figApproved'), 2, (f) => f.requests?.approved ?? null),
          series(t('figPending'), 1, (f) => f.requests?.pending ?? null),
        ])}
        {line('approval', 'figMedianApproval', 'requests', [
          series(t('figMedianApprovalHours'), 5, (f) => f.requests?.medianHoursToApproval ?? null),
        ])}
        {line(
          'quality',
          'figQuality',
          ['quality', 'sla'],
          [
            series(t('figQualityShare'), 2, (f) =>
              percent(f.quality?.passing, f.quality?.contracts),
            ),
            series(t('figSlaShare'), 0, slaShare),
          ],
          100,
          slaUnknown,
        )}
        {line(
          'policy',
          'figPolicyScore',
          'policyShare',
          [
            series(t('figPolicyShare'), 3, (f) =>
              f.policyShare === null ? null : Math.round(f.policyShare * 1000) / 10,
            ),
          ],
          100,
        )}
        {line('proposal', 'figProposalToActive', 'proposalToActive', [
          series(t('figProposalDays'), 4, (f) => f.proposalToActive.medianDays),
        ])}
      </div>
    </>
  );
}

export function DashboardPage() {
  const { t } = useI18n();
  useTitle(t('dashboardTitle'));
  const [span, setSpan] = useState<{ from?: string; to?: string }>({});
  const [draft, setDraft] = useState<{ from: string; to: string }>({ from: '', to: '' });
  const [loaded, retry] = useLoad(`dashboard:${span.from ?? ''}:${span.to ?? ''}`, () =>
    dashboardApi.dashboard(span),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    setSpan({
      ...(draft.from === '' ? {} : { from: draft.from }),
      ...(draft.to === '' ? {} : { to: draft.to }),
    });
  }
  return (
    <div className="page">
      <h1>{t('dashboardTitle')}</h1>
      <p className="lead">{t('dashboardIntro')}</p>
      <form className="adoption-tools" onSubmit={submit}>
        <label>
          {t('dashboardFrom')}{' '}
          <input
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label>
          {t('dashboardTo')}{' '}
          <input
            type="date"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </label>
        <button type="submit">{t('dashboardShow')}</button>
      </form>
      <Await loaded={loaded} retry={retry}>
        {(data) => <Charts data={data} />}
      </Await>
    </div>
  );
}
