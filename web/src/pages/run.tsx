import type { CheckResult, StoredRun } from '../api.ts';
import { api } from '../api.ts';
import { RunStatusBadge } from '../components/badges.tsx';
import { Await, Empty } from '../components/states.tsx';
import type { Translate } from '../i18n.ts';
import { useI18n } from '../i18n.ts';
import { Link, productPath, useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';

const OPERATOR: Readonly<Record<string, string>> = {
  mustBe: '=',
  mustNotBe: '≠',
  mustBeGreaterThan: '>',
  mustBeGreaterOrEqualTo: '≥',
  mustBeLessThan: '<',
  mustBeLessOrEqualTo: '≤',
};

export function thresholdText(threshold: CheckResult['threshold'], t: Translate): string {
  if (!threshold) return '–';
  const { operator, value } = threshold;
  if (Array.isArray(value)) {
    const [a, b] = value as readonly [number, number];
    return t(operator === 'mustNotBeBetween' ? 'notBetween' : 'between', { a, b });
  }
  return `${OPERATOR[operator] ?? operator} ${String(value)}`;
}

export function measuredText(value: CheckResult['value']): string {
  return value === null ? '–' : String(value);
}

/** The failing rows exactly as the API sent them: personal data arrives reduced to keys. */
function Samples({ check }: { check: CheckResult }) {
  const { t } = useI18n();
  if (check.samples.length === 0) return null;
  const columns = [...new Set(check.samples.flatMap((row) => Object.keys(row)))];
  return (
    <details className="samples" data-testid="samples">
      <summary>{t('showSamples', { n: check.samples.length })}</summary>
      <p className="muted small">{t('samplesIntro')}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col">
                  <code>{c}</code>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {check.samples.map((row, i) => (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c} translate="no">
                    {c in row ? String(row[c]) : ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export function CheckTable({ checks }: { checks: readonly CheckResult[] }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className="checks" data-testid="checks">
        <thead>
          <tr>
            <th scope="col">{t('check')}</th>
            <th scope="col">{t('checkKind')}</th>
            <th scope="col">{t('measured')}</th>
            <th scope="col">{t('threshold')}</th>
            <th scope="col">{t('status')}</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((check) => (
            <tr key={check.id} data-check={check.id} className={`check-${check.status}`}>
              <th scope="row">
                <code>{check.id}</code>
                {check.message ? (
                  <div className="muted small" translate="no">
                    {check.message}
                  </div>
                ) : null}
                <Samples check={check} />
              </th>
              <td>{t(`check_${check.kind}`)}</td>
              <td className="num" data-testid="measured">
                {measuredText(check.value)}
              </td>
              <td className="num">{thresholdText(check.threshold, t)}</td>
              <td>
                <RunStatusBadge status={check.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Evidence({ run }: { run: StoredRun['run'] }) {
  const { t } = useI18n();
  const evidence = run.evidence;
  if (!evidence)
    return (
      <p className="muted" data-testid="evidence-unknown">
        {t('notRecorded')}
      </p>
    );
  return (
    <>
      <h3>{t('serverRead')}</h3>
      {evidence.server ? (
        <dl className="facts" data-testid="server-read">
          <dt>{t('name')}</dt>
          <dd>
            <code>{evidence.server.name}</code>
          </dd>
          <dt>{t('type')}</dt>
          <dd>
            <code>{evidence.server.type}</code>
          </dd>
          <dt>{t('location')}</dt>
          <dd>
            <code>{evidence.server.location}</code>
          </dd>
        </dl>
      ) : (
        <p className="muted">–</p>
      )}
      <h3>{t('passedOver')}</h3>
      {evidence.passedOver.length === 0 ? (
        <Empty>{t('noPassedOver')}</Empty>
      ) : (
        <div className="table-wrap">
          <table data-testid="passed-over">
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('type')}</th>
                <th scope="col">{t('location')}</th>
                <th scope="col">{t('reason')}</th>
              </tr>
            </thead>
            <tbody>
              {evidence.passedOver.map((server) => (
                <tr key={server.name}>
                  <th scope="row">
                    <code>{server.name}</code>
                  </th>
                  <td>
                    <code>{server.type}</code>
                  </td>
                  <td>
                    <code>{server.location}</code>
                  </td>
                  <td translate="no">{server.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Detail({ stored }: { stored: StoredRun }) {
  const { t, locale } = useI18n();
  useTitle(`${t('runTitle')} ${stored.contractId}`);
  const run = stored.run;
  const started = new Date(run.startedAt).toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB');
  return (
    <>
      <h1>
        {t('runTitle')} <code>{stored.contractId}</code>
      </h1>
      <p className="product-badges">
        <RunStatusBadge status={run.status} />
      </p>
      {run.status === 'error' ? (
        <p className="state state-error" data-testid="run-error">
          {t('runErrorExplained')}
        </p>
      ) : null}
      <div className="grid-2">
        <section className="panel" aria-labelledby="run-facts">
          <h2 id="run-facts">{t('aboutRun')}</h2>
          <dl className="facts">
            <dt>{t('trigger')}</dt>
            <dd data-testid="trigger">
              {run.trigger ? t(`trigger_${run.trigger}`) : t('notRecorded')}
            </dd>
            <dt>{t('startedAt')}</dt>
            <dd>
              <time dateTime={run.startedAt}>{started}</time>
            </dd>
            <dt>{t('duration')}</dt>
            <dd>{(run.durationMs / 1000).toFixed(1)} s</dd>
            {stored.productId ? (
              <>
                <dt>{t('product_')}</dt>
                <dd>
                  <Link to={productPath(stored.productId)} translate="no">
                    {stored.productId}
                  </Link>
                  {stored.port ? (
                    <span className="muted">
                      {' '}
                      · {t('port')} <code>{stored.port}</code>
                    </span>
                  ) : null}
                </dd>
              </>
            ) : null}
            <dt>{t('reportedBy')}</dt>
            <dd>
              <code>{stored.reportedBy}</code>
            </dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="run-evidence">
          <h2 id="run-evidence">{t('evidence')}</h2>
          <Evidence run={run} />
        </section>
      </div>
      <section className="panel" aria-labelledby="run-checks">
        <h2 id="run-checks">
          {t('checks')} <span className="count">{run.checks.length}</span>
        </h2>
        <CheckTable checks={run.checks} />
      </section>
    </>
  );
}

export function RunPage({ id }: { id: string }) {
  const [loaded, retry] = useLoad(`run:${id}`, () => api.run(id));
  return (
    <div className="page">
      <Await loaded={loaded} retry={retry}>
        {(stored) => <Detail stored={stored} />}
      </Await>
    </div>
  );
}
