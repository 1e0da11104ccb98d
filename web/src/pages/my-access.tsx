import { useState } from 'react';
import type { AccessRequest, GrantView, Principal, Purpose, PurposeCatalogue } from '../api.ts';
import { api } from '../api.ts';
import {
  AccessFindings,
  AccessStateBadge,
  ApprovalSummary,
  formatDate,
  formatDateTime,
  purposeTitle,
} from '../components/access-bits.tsx';
import { GrantConnection } from '../components/grant-connection.tsx';
import { RowFilterNote } from '../components/row-filter.tsx';
import type { RequestPrefill } from '../components/request-access-form.tsx';
import { RequestAccessForm } from '../components/request-access-form.tsx';
import { Await, Empty } from '../components/states.tsx';
import type { Translate } from '../i18n.ts';
import { useI18n } from '../i18n.ts';
import { Link, productPath, useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';
import { loadMyTeams } from '../use-teams.ts';

const DAY = 24 * 60 * 60 * 1000;

function remaining(endsAt: string, t: Translate): string | null {
  const days = Math.floor((Date.parse(endsAt) - Date.now()) / DAY);
  if (Number.isNaN(days) || days < 0) return null;
  return days === 0 ? t('expiresToday') : t('expiresIn', { n: days });
}

/** Everything the page shows, loaded at once: requests, my teams' grants, the purposes. */
async function loadMyAccess(user: Principal): Promise<{
  requests: readonly AccessRequest[];
  grants: readonly GrantView[];
  catalogue: PurposeCatalogue;
}> {
  const [requests, teams, catalogue] = await Promise.all([
    api.accessRequests('mine'),
    loadMyTeams(user),
    api.purposes(),
  ]);
  const names = [...new Set(teams.map((team) => team.name))];
  const pages = await Promise.all(names.map((team) => api.grants({ team })));
  const byId = new Map<string, GrantView>();
  for (const page of pages) for (const grant of page.items) byId.set(grant.id, grant);
  const grants = [...byId.values()].sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  return { requests: requests.items, grants, catalogue };
}

/** A new request prefilled from an old one (`renewalOf`), for the product's current contract. */
function Renewal({
  user,
  prefill,
  productId,
  port,
  catalogue,
  onRequested,
}: {
  user: Principal;
  prefill: RequestPrefill;
  productId: string;
  port: string;
  catalogue: PurposeCatalogue;
  onRequested: () => void;
}) {
  const { t } = useI18n();
  const [loaded, retry] = useLoad(`renew-product:${productId}`, () => api.product(productId));
  return (
    <section
      className="renewal"
      aria-label={t('renewing', { team: prefill.consumerTeam, product: productId })}
    >
      <Await loaded={loaded} retry={retry}>
        {(data) => (
          <RequestAccessForm
            user={user}
            productId={productId}
            port={port}
            contract={data.product.outputPorts.find((o) => o.name === port)?.contract ?? null}
            catalogue={catalogue}
            prefill={prefill}
            onRequested={onRequested}
          />
        )}
      </Await>
    </section>
  );
}

function RequestRow({
  request,
  purposes,
}: {
  request: AccessRequest;
  purposes: readonly Purpose[];
}) {
  const { locale } = useI18n();
  return (
    <tr data-request={request.id} data-state={request.state}>
      <th scope="row">
        <Link to={productPath(request.productId)} translate="no">
          {request.productId}
        </Link>
        <div className="muted small" translate="no">
          {request.port}
        </div>
      </th>
      <td translate="no">{request.consumerTeam}</td>
      <td translate="no">{purposeTitle(purposes, request.purpose, locale)}</td>
      <td>{formatDateTime(request.createdAt, locale)}</td>
      <td>{formatDate(request.endsAt, locale)}</td>
      <td>
        <AccessStateBadge state={request.state} /> <ApprovalSummary request={request} />
        <AccessFindings findings={request.findings} />
      </td>
    </tr>
  );
}

function GrantRow({
  user,
  grant,
  request,
  catalogue,
  onChanged,
}: {
  user: Principal;
  grant: GrantView;
  request: AccessRequest | undefined;
  catalogue: PurposeCatalogue;
  onChanged: () => void;
}) {
  const { t, locale } = useI18n();
  const [renewing, setRenewing] = useState(false);
  const left = grant.state === 'active' ? remaining(grant.endsAt, t) : null;
  return (
    <li className="panel grant" data-grant={grant.id} data-state={grant.state}>
      <header className="grant-head">
        <h3>
          <Link to={productPath(grant.productId)} translate="no">
            {grant.productId}
          </Link>{' '}
          <span className="muted" translate="no">
            · {grant.port}
          </span>
        </h3>
        <AccessStateBadge state={grant.state} />
      </header>
      <dl className="facts">
        <dt>{t('team')}</dt>
        <dd translate="no">{grant.consumerTeam}</dd>
        <dt>{t('accessPurpose')}</dt>
        <dd translate="no">{purposeTitle(catalogue.items, grant.purpose, locale)}</dd>
        <dt>{t('endsAt')}</dt>
        <dd data-testid="grant-ends">
          {formatDate(grant.endsAt, locale)}
          {left ? <span className="muted small"> ({left})</span> : null}
        </dd>
        <dt>{t('columnsToRequest')}</dt>
        <dd>
          {grant.columns === null ? (
            t('columnsAll')
          ) : (
            <code className="small">{grant.columns.join(', ')}</code>
          )}
          <div className="muted small">
            {grant.personalInClear ? t('personalInClear') : t('personalPseudonymised')}
          </div>
          <RowFilterNote filter={grant.rowFilter} />
        </dd>
      </dl>
      {grant.state === 'active' ? (
        <>
          <h4>{t('howToConnect')}</h4>
          <GrantConnection grant={grant} />
        </>
      ) : null}
      {renewable(grant) ? (
        <p>
          <button
            type="button"
            className="button small"
            aria-expanded={renewing}
            onClick={() => setRenewing((v) => !v)}
          >
            {t('renew')}
          </button>
        </p>
      ) : null}
      {renewing && renewable(grant) ? (
        <Renewal
          user={user}
          productId={grant.productId}
          port={grant.port}
          catalogue={catalogue}
          prefill={{
            consumerTeam: grant.consumerTeam,
            purpose: grant.purpose,
            columns: grant.columns,
            justification: request?.justification ?? '',
            renewalOf: grant.requestId,
          }}
          onRequested={onChanged}
        />
      ) : null}
    </li>
  );
}

/** Days before its end from which an active grant offers renewal. */
const RENEW_WITHIN_DAYS = 30;

/**
 * Renewal is for access that ran out or is about to: an expired grant, or an active one
 * near its end. A revoked grant was ended on purpose by an owner — offering to "renew" it
 * would suggest the decision can be undone with a click; that takes a new request.
 */
function renewable(grant: GrantView): boolean {
  if (grant.state === 'expired') return true;
  if (grant.state !== 'active') return false;
  const left = Date.parse(grant.endsAt) - Date.now();
  return Number.isFinite(left) && left <= RENEW_WITHIN_DAYS * 86_400_000;
}

/** "My access": my requests with their approvals, my teams' grants, how to read them, renewal. */
export function MyAccessPage({ user }: { user: Principal }) {
  const { t } = useI18n();
  useTitle(t('myAccessTitle'));
  const [version, setVersion] = useState(0);
  const [loaded, retry] = useLoad(`my-access:${user.username}:${version}`, () =>
    loadMyAccess(user),
  );
  return (
    <div className="page">
      <h1>{t('myAccessTitle')}</h1>
      <p className="lead">{t('myAccessIntro')}</p>
      <Await loaded={loaded} retry={retry}>
        {({ requests, grants, catalogue }) => (
          <>
            <section className="panel" aria-labelledby="my-requests">
              <h2 id="my-requests">{t('myRequests')}</h2>
              {requests.length === 0 ? (
                <Empty>{t('noMyRequests')}</Empty>
              ) : (
                <div className="table-wrap">
                  <table data-testid="my-requests">
                    <thead>
                      <tr>
                        <th scope="col">{t('product_')}</th>
                        <th scope="col">{t('team')}</th>
                        <th scope="col">{t('accessPurpose')}</th>
                        <th scope="col">{t('requestedAt')}</th>
                        <th scope="col">{t('endsAt')}</th>
                        <th scope="col">{t('status')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {requests.map((request) => (
                        <RequestRow key={request.id} request={request} purposes={catalogue.items} />
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
            <section aria-labelledby="my-grants">
              <h2 id="my-grants">{t('myGrants')}</h2>
              {grants.length === 0 ? (
                <Empty>{t('noMyGrants')}</Empty>
              ) : (
                <ul className="grants" data-testid="my-grants">
                  {grants.map((grant) => (
                    <GrantRow
                      key={grant.id}
                      user={user}
                      grant={grant}
                      request={requests.find((r) => r.id === grant.requestId)}
                      catalogue={catalogue}
                      onChanged={() => setVersion((n) => n + 1)}
                    />
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </Await>
    </div>
  );
}
