import type { Incident, ProductSlas, SlaEvaluation } from '../api.ts';
import { api } from '../api.ts';
import { relativeTime, useI18n, valueLabel } from '../i18n.ts';
import { Link, productPath } from '../router.tsx';
import { useLoad } from '../use-load.ts';
import { formatDateTime } from './access-bits.tsx';
import { Empty } from './states.tsx';

const STATE_TONE: Record<SlaEvaluation['state'], string> = {
  met: 'good',
  breached: 'bad',
  unknown: 'muted',
};

const STATE_ICON: Record<SlaEvaluation['state'], string> = {
  met: '✓',
  breached: '✕',
  unknown: '?',
};

/**
 * Incidents as a list: the product (unless shown on its own page), the broken SLA in the
 * reader's language, what was promised and measured, since when. The server's message is
 * English and technical: it stays the tooltip and the "measured" line carries the facts.
 */
export function IncidentList({
  incidents,
  showProduct = true,
}: {
  incidents: readonly Incident[];
  showProduct?: boolean;
}) {
  const { t, locale } = useI18n();
  if (incidents.length === 0) return <Empty>{t('noIncidents')}</Empty>;
  return (
    <ul className="incident-list" data-testid="incident-list">
      {incidents.map((incident) => (
        <li key={incident.id} className="incident" title={incident.message}>
          <span className="badge tone-bad">
            <span aria-hidden="true">✕</span> {valueLabel(t, 'slaKind', incident.kind)}
          </span>{' '}
          {showProduct ? (
            <Link to={productPath(incident.productId)} translate="no">
              {incident.productId}
            </Link>
          ) : null}
          <span className="muted">
            {' '}
            · {t('incidentPort')} <code translate="no">{incident.port}</code> ·{' '}
            {incident.state === 'open'
              ? t('incidentOpenedAt', { time: relativeTime(incident.openedAt, t, locale) })
              : t('incidentResolvedAt', {
                  time: relativeTime(incident.resolvedAt ?? incident.openedAt, t, locale),
                })}
          </span>
          <div className="small">
            {t('incidentPromised')}: <code translate="no">{incident.promised}</code>
            {incident.observed ? (
              <>
                {' '}
                · {t('incidentObserved')}: <code translate="no">{incident.observed}</code>
              </>
            ) : null}
            <span className="muted"> · {formatDateTime(incident.openedAt, locale)}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}

function EvaluationRow({ evaluation }: { evaluation: SlaEvaluation }) {
  const { t } = useI18n();
  const reason =
    evaluation.state === 'unknown' && evaluation.reason
      ? valueLabel(t, 'slaReason', evaluation.reason)
      : null;
  return (
    <tr data-sla-state={evaluation.state}>
      <td>{valueLabel(t, 'slaKind', evaluation.kind)}</td>
      <td>
        <code translate="no">{evaluation.port}</code>
      </td>
      <td>
        <code translate="no">{evaluation.promised}</code>
      </td>
      <td>
        <span className={`badge tone-${STATE_TONE[evaluation.state]}`} title={evaluation.message}>
          <span aria-hidden="true">{STATE_ICON[evaluation.state]}</span>{' '}
          {t(`slaState_${evaluation.state}`)}
        </span>
        {reason ? <div className="small muted">{reason}</div> : null}
      </td>
      <td>{evaluation.observed ? <code translate="no">{evaluation.observed}</code> : '–'}</td>
    </tr>
  );
}

/**
 * The product's monitored SLAs as the server evaluates them now, and its open incidents.
 * An SLA that cannot be evaluated is shown as such with the reason, never as met.
 */
export function SlaMonitoring({
  productId,
  incidents,
}: {
  productId: string;
  incidents: readonly Incident[];
}) {
  const { t } = useI18n();
  const [loaded] = useLoad(`slas:${productId}`, () => api.productSlas(productId));
  return (
    <section className="panel" aria-labelledby="sla-monitoring-title">
      <h2 id="sla-monitoring-title">{t('slaMonitoringTitle')}</h2>
      {loaded.state === 'loading' ? (
        <p className="muted">{t('loading')}</p>
      ) : loaded.state === 'error' ? (
        <p className="muted">{t('slaMonitoringFailed')}</p>
      ) : (
        <Evaluations slas={loaded.data} />
      )}
      <h3>{t('incidentsOfProduct')}</h3>
      <IncidentList incidents={incidents} showProduct={false} />
    </section>
  );
}

function Evaluations({ slas }: { slas: ProductSlas }) {
  const { t } = useI18n();
  if (slas.evaluations.length === 0) return <Empty>{t('slaMonitoringNone')}</Empty>;
  return (
    <>
      <p className="muted small">{t('slaMonitoringIntro', { zone: slas.timeZone })}</p>
      <div className="table-wrap">
        <table data-testid="sla-evaluations">
          <tbody>
            {slas.evaluations.map((evaluation) => (
              <EvaluationRow
                key={`${evaluation.contractId}/${evaluation.sla}`}
                evaluation={evaluation}
              />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
