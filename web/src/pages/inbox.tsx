import { useId, useState } from 'react';
import type { AccessRequest, Purpose } from '../api.ts';
import { ApiError, api } from '../api.ts';
import {
  AccessFindings,
  AccessStateBadge,
  ApprovalSummary,
  formatDate,
  formatDateTime,
  legalBasisLabel,
  missingApprovals,
  purposeTitle,
} from '../components/access-bits.tsx';
import { RequestedColumns } from '../components/requested-columns.tsx';
import {
  MAX_FILTER_VALUES,
  RowFilterFields,
  RowFilterNote,
  filterColumns,
  parseFilterValues,
} from '../components/row-filter.tsx';
import { Await, Empty } from '../components/states.tsx';
import { useI18n } from '../i18n.ts';
import { notifyInboxChanged } from '../inbox-count.ts';
import { Link, productPath, useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';

const MAX_COMMENT = 1000;

/** One request to decide: what is asked, why, the policies' findings, approve or reject. */
function Decision({
  request,
  purposes,
  onDecided,
}: {
  request: AccessRequest;
  purposes: readonly Purpose[];
  onDecided: (request: AccessRequest) => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A renewal comes with the rows of the grant it renews: shown, and kept unless changed.
  const [filterColumn, setFilterColumn] = useState(request.rowFilter?.column ?? '');
  const [filterValues, setFilterValues] = useState(
    request.rowFilter?.values.map((v) => String(v)).join('\n') ?? '',
  );
  const purpose = purposes.find((p) => p.id === request.purpose);
  const missing = missingApprovals(request);
  // The owners set a row filter with their approval; once it is given, the filter is fixed.
  const [product] = useLoad(`product:${request.productId}`, () => api.product(request.productId));
  const contract =
    product.state === 'ready'
      ? (product.data.product.outputPorts.find((o) => o.name === request.port)?.contract ?? null)
      : null;
  const columns = missing.includes('owner') ? filterColumns(contract, request.columns) : [];

  async function decide(decision: 'approve' | 'reject'): Promise<void> {
    const chosen = columns.find((c) => c.id === filterColumn);
    const values = chosen ? parseFilterValues(filterValues, chosen.logicalType) : [];
    if (decision === 'approve' && chosen && values.length === 0) {
      setError(t('rowFilterNoValues'));
      return;
    }
    if (decision === 'approve' && values.length > MAX_FILTER_VALUES) {
      setError(t('rowFilterTooMany', { max: MAX_FILTER_VALUES }));
      return;
    }
    // The owners' choice is sent as it is, "every row" too. Without the fields, or with a
    // carried-over column they do not offer, nothing: the server keeps (and checks) the
    // request's own filter rather than the portal widening it to every row.
    const rowFilter =
      decision !== 'approve' || columns.length === 0
        ? undefined
        : filterColumn === ''
          ? request.rowFilter
            ? null
            : undefined
          : chosen
            ? { column: chosen.id, values }
            : undefined;
    setBusy(true);
    setError(null);
    try {
      onDecided(await api.decide(request.id, decision, comment.trim() || null, rowFilter));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409) setError(t('alreadyDecided'));
      else setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="panel decision" data-request={request.id} aria-labelledby={`${id}-title`}>
      <header className="grant-head">
        <h2 id={`${id}-title`} className="h3">
          <Link to={productPath(request.productId)} translate="no">
            {t('requestFor', { product: request.productId, port: request.port })}
          </Link>
        </h2>
        <AccessStateBadge state={request.state} />
      </header>
      <dl className="facts">
        <dt>{t('requester')}</dt>
        <dd translate="no">
          {request.requester} · {request.consumerTeam} ({request.consumerDomain})
        </dd>
        <dt>{t('accessPurpose')}</dt>
        <dd>
          <span translate="no">{purposeTitle(purposes, request.purpose, locale)}</span>
          <div className="muted small" data-testid="legal-basis">
            {t('legalBasis')}: {legalBasisLabel(t, purpose?.legalBasis ?? null)}
          </div>
        </dd>
        <dt>{t('endsAt')}</dt>
        <dd>{formatDate(request.endsAt, locale)}</dd>
        <dt>{t('columnsToRequest')}</dt>
        <dd>
          <RequestedColumns
            productId={request.productId}
            port={request.port}
            columns={request.columns}
          />
        </dd>
        {request.rowFilter ? (
          <>
            <dt>{t('rowFilterLabel')}</dt>
            <dd>
              <RowFilterNote filter={request.rowFilter} />
            </dd>
          </>
        ) : null}
        <dt>{t('justification')}</dt>
        <dd translate="no">{request.justification}</dd>
        <dt>{t('requestedAt')}</dt>
        <dd>{formatDateTime(request.createdAt, locale)}</dd>
        <dt>{t('stillNeeded')}</dt>
        <dd data-testid="still-needed">
          {missing.map((role) => t(`approver_${role}`)).join(', ') || '–'}
          {request.approvals.length > 0 ? (
            <div>
              <ApprovalSummary request={request} waiting={false} />
            </div>
          ) : null}
        </dd>
      </dl>
      {request.findings.length > 0 ? (
        <>
          <h3>{t('policyFindings')}</h3>
          <AccessFindings findings={request.findings} />
        </>
      ) : null}
      <form className="form decision-form" onSubmit={(e) => e.preventDefault()}>
        <RowFilterFields
          columns={columns}
          column={filterColumn}
          values={filterValues}
          onColumn={setFilterColumn}
          onValues={setFilterValues}
        />
        <label>
          <span>{t('comment')}</span>
          <textarea
            name="comment"
            rows={2}
            maxLength={MAX_COMMENT}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </label>
        <div className="actions-row">
          <button
            type="button"
            className="button primary"
            disabled={busy}
            onClick={() => void decide('approve')}
          >
            {t('approve')}
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void decide('reject')}
          >
            {t('reject')}
          </button>
        </div>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </li>
  );
}

/** "To decide": the requests waiting for the user as producing owner or as the DPO. */
export function InboxPage() {
  const { t } = useI18n();
  useTitle(t('inboxTitle'));
  const [version, setVersion] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const [loaded, retry] = useLoad(`inbox:${version}`, async () => {
    const [requests, catalogue] = await Promise.all([
      api.accessRequests('to-decide', { state: 'pending' }),
      api.purposes(),
    ]);
    return { requests: requests.items, purposes: catalogue.items };
  });

  function decided(request: AccessRequest): void {
    const missing = missingApprovals(request);
    setNote(
      request.state === 'pending' && missing.length > 0
        ? t('approvedWaiting', { who: missing.map((r) => t(`approver_${r}`)).join(', ') })
        : t('decided', { state: t(`state_${request.state}`) }),
    );
    setVersion((n) => n + 1);
    notifyInboxChanged();
  }

  return (
    <div className="page">
      <h1>{t('inboxTitle')}</h1>
      <p className="lead">{t('inboxIntro')}</p>
      {note ? (
        <p className="state" role="status" data-testid="inbox-note">
          {note}
        </p>
      ) : null}
      <Await loaded={loaded} retry={retry}>
        {({ requests, purposes }) =>
          requests.length === 0 ? (
            <Empty>{t('noInbox')}</Empty>
          ) : (
            <ul className="decisions" data-testid="inbox">
              {requests.map((request) => (
                <Decision
                  key={request.id}
                  request={request}
                  purposes={purposes}
                  onDecided={decided}
                />
              ))}
            </ul>
          )
        }
      </Await>
    </div>
  );
}
