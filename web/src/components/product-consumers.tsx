import { useState } from 'react';
import type { GrantView, Principal, Purpose } from '../api.ts';
import { ApiError, api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { useLoad } from '../use-load.ts';
import { AccessStateBadge, formatDate, mayRevoke, purposeTitle } from './access-bits.tsx';
import { RowFilterNote } from './row-filter.tsx';
import { Await, Empty } from './states.tsx';

/**
 * The consumers of a product: its active grants (team, port, purpose, columns, end date),
 * each with "Revoke" for those the server lets revoke it. A 403 on the list is said, not
 * shown as an empty list: "nobody uses it" and "you may not see it" differ.
 */
export function ProductConsumers({
  user,
  productId,
  domain,
  ownerTeam,
  purposes,
  version,
}: {
  user: Principal;
  productId: string;
  domain: string;
  /** Usernames of the owning team, who see every consumer like the domain's owners. */
  ownerTeam: readonly string[];
  purposes: readonly Purpose[];
  /** Bumped by the page when something changed (a request made), to load again. */
  version: number;
}) {
  const { t, locale } = useI18n();
  const [changed, setChanged] = useState(0);
  // The server lists every grant of the product only to its producers, admin and
  // governance; anyone else sees their own teams' grants, and the page says so.
  const seesAll =
    user.roles.includes('admin') ||
    user.roles.includes('governance') ||
    user.domains[domain] === 'owner' ||
    ownerTeam.includes(user.username);
  const [error, setError] = useState<string | null>(null);
  const [loaded, retry] = useLoad(`consumers:${productId}:${version}:${changed}`, () =>
    api.grants({ productId, state: 'active' }).catch((failure: unknown) => {
      if (failure instanceof ApiError && failure.status === 403) return null;
      throw failure;
    }),
  );

  // Recertifying is the producing owners' (and an admin's) confirmation that a grant is
  // still needed; without it a recertification policy lets the grant lapse.
  const mayRecertify = user.roles.includes('admin') || user.domains[domain] === 'owner';

  async function recertify(grant: GrantView): Promise<void> {
    setError(null);
    try {
      await api.recertifyGrant(grant.id);
      setChanged((n) => n + 1);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  async function revoke(grant: GrantView): Promise<void> {
    if (!window.confirm(t('confirmRevokeGrant', { team: grant.consumerTeam, port: grant.port })))
      return;
    setError(null);
    try {
      await api.revokeGrant(grant.id);
      setChanged((n) => n + 1);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  return (
    <Await loaded={loaded} retry={retry}>
      {(answer) => {
        if (answer === null) return <Empty>{t('consumersHidden')}</Empty>;
        if (answer.items.length === 0)
          return <Empty>{seesAll ? t('noConsumers') : t('noConsumersOfMine')}</Empty>;
        return (
          <>
            {seesAll ? null : <p className="muted small">{t('consumersOnlyMine')}</p>}
            {error ? (
              <p className="form-error" role="alert">
                {error}
              </p>
            ) : null}
            <div className="table-wrap">
              <table data-testid="consumers">
                <thead>
                  <tr>
                    <th scope="col">{t('team')}</th>
                    <th scope="col">{t('port')}</th>
                    <th scope="col">{t('accessPurpose')}</th>
                    <th scope="col">{t('columnsToRequest')}</th>
                    <th scope="col">{t('endsAt')}</th>
                    <th scope="col">{t('status')}</th>
                    <th scope="col">{t('actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.items.map((grant) => (
                    <tr key={grant.id} data-grant={grant.id} data-team={grant.consumerTeam}>
                      <th scope="row" translate="no">
                        {grant.consumerTeam}
                        <div className="muted small">{grant.consumerDomain}</div>
                      </th>
                      <td translate="no">{grant.port}</td>
                      <td translate="no">{purposeTitle(purposes, grant.purpose, locale)}</td>
                      <td>
                        {grant.columns === null ? (
                          t('columnsAll')
                        ) : (
                          <code className="small">{grant.columns.join(', ')}</code>
                        )}
                        <RowFilterNote filter={grant.rowFilter} />
                      </td>
                      <td>
                        {formatDate(grant.endsAt, locale)}
                        <div className="muted small" data-testid="certified">
                          {t('certifiedOn', { date: formatDate(grant.certifiedAt, locale) })}
                        </div>
                      </td>
                      <td>
                        <AccessStateBadge state={grant.state} />
                      </td>
                      <td>
                        <div className="actions-row">
                          {grant.state === 'active' && mayRecertify ? (
                            <button
                              type="button"
                              className="button small"
                              onClick={() => void recertify(grant)}
                            >
                              {t('recertify')}
                            </button>
                          ) : null}
                          {grant.state === 'active' &&
                          mayRevoke(user, domain, grant.consumerDomain) ? (
                            <button
                              type="button"
                              className="button small"
                              onClick={() => void revoke(grant)}
                            >
                              {t('revokeGrant')}
                            </button>
                          ) : null}
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        );
      }}
    </Await>
  );
}
